#include "epb/core/suggest.hpp"
#include "epb/io/record_reader.hpp"

#include <doctest/doctest.h>

using namespace epb;

TEST_CASE("suggest: the closest name within a third of the word's length") {
  const std::vector<std::string> commands = {"init", "demo", "config", "case", "notify", "calendar", "db"};
  CHECK(closest_name("cas", commands) == "case");
  CHECK(closest_name("calender", commands) == "calendar");
  CHECK(closest_name("nofity", commands) == "notify"); // a swapped pair is one typo
  CHECK_FALSE(closest_name("frobnicate", commands));
  CHECK_FALSE(closest_name("", commands));
  CHECK(did_you_mean("closd", {"received", "closed"}) == ", did you mean 'closed'?");
  CHECK(did_you_mean("zzz", {"received", "closed"}).empty());
}

TEST_CASE("json lists: an array of flat objects, as a case's pauses are written") {
  auto list = parse_json_object_list(R"([{"from":"2024-01-02T09:00:00+08:00","to":""}, {"from":"x","to":null}])");
  REQUIRE(list);
  REQUIRE(list->size() == 2);
  CHECK((*list)[0] == JsonMembers{{"from", "2024-01-02T09:00:00+08:00"}, {"to", ""}});
  CHECK((*list)[1][1].second.empty()); // null reads as empty
  CHECK(parse_json_object_list("[]")->empty());
  CHECK(parse_json_object_list(R"([{"workdays":2,"notify_applicant":true}])")->at(0).at(1).second == "true");
  CHECK_FALSE(parse_json_object_list(R"({"from":"x"})"));
  CHECK_FALSE(parse_json_object_list(R"([{"from":["nested"]}])"));
  CHECK_FALSE(parse_json_object_list(R"([{"from":"x"}] tail)"));
  CHECK_FALSE(parse_json_object_list(R"([{"from":"x"},])"));
}
