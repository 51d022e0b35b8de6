#include "epb/time/date.hpp"

#include <fmt/format.h>

#include <doctest/doctest.h>

using namespace epb;

namespace {
Date ymd(int y, int m, int d) { return *Date::from_ymd(y, m, d); }
} // namespace

TEST_CASE("dates: ISO and every ROC form parse to the same day") {
  const Date expected = ymd(2018, 3, 31);
  for (const char* text : {"2018-03-31", "107/03/31", "107.03.31", "1070331", "107年3月31日", "民國107年03月31日",
                           "107-03-31", "20180331", " 2018-03-31 "}) {
    CAPTURE(text);
    auto parsed = parse_date(text);
    REQUIRE(parsed);
    CHECK(*parsed == expected);
  }
  CHECK(parse_date("990101")->iso() == "2010-01-01");
}

TEST_CASE("dates: impossible days and garbage are rejected with the text quoted") {
  CHECK(parse_date("2023-02-29").error().message() == "date '2023-02-29': no such day");
  CHECK(parse_date("112/02/30").error().why == "no such day");
  CHECK(!parse_date("2018/13/01"));
  CHECK(!parse_date("tomorrow"));
  CHECK(!parse_date(""));
  CHECK(!parse_date("2018-3"));
  CHECK(parse_date("2024-02-29"));
}

TEST_CASE("dates: formatting, weekdays and arithmetic") {
  const Date d = ymd(2018, 3, 31);
  CHECK(d.iso() == "2018-03-31");
  CHECK(d.roc() == "107/03/31");
  CHECK(format_date(d, DateStyle::roc) == "107/03/31");
  CHECK(d.weekday() == 6);
  CHECK(ymd(1970, 1, 1).weekday() == 4);
  CHECK(ymd(1969, 12, 28).weekday() == 0);
  CHECK((d + 1).iso() == "2018-04-01");
  CHECK(ymd(2019, 1, 1) - ymd(2018, 1, 1) == 365);
}

TEST_CASE("instants: Taipei is UTC+8 and date-times parse with or without a zone") {
  auto at = parse_instant("2023-01-19 09:30");
  REQUIRE(at);
  CHECK(at->utc() == "2023-01-19T01:30:00Z");
  CHECK(at->iso() == "2023-01-19T09:30:00+08:00");
  CHECK(parse_instant("2023-01-19T01:30:00Z")->unix_seconds() == at->unix_seconds());
  CHECK(parse_instant("112/01/19 09:30:00")->unix_seconds() == at->unix_seconds());
  CHECK(parse_instant("2023-01-19T09:30+08:00")->unix_seconds() == at->unix_seconds());
  CHECK(parse_instant("2023-01-19")->iso() == "2023-01-19T00:00:00+08:00");
  // 23:30 UTC is already the next day in Taipei.
  CHECK(parse_instant("2023-01-19T23:30:00Z")->taipei_date().iso() == "2023-01-20");
  CHECK(!parse_instant("2023-01-19 25:00"));
  CHECK(!parse_instant("2023-01-19 9:30"));
}

TEST_CASE("instants: impossible zone offsets are refused rather than shifting the time") {
  CHECK(parse_instant("2023-01-19T09:30+14:00"));
  CHECK(parse_instant("2023-01-19T09:30-12:00"));
  CHECK(parse_instant("2023-01-19T09:30+05:45")->utc() == "2023-01-19T03:45:00Z");
  CHECK(parse_instant("2023-01-19T09:30-09:30")->utc() == "2023-01-19T19:00:00Z");
  for (const char* bad : {"2023-01-19T09:30+25:00", "2023-01-19T09:30+08:60", "2023-01-19T09:30+14:01",
                          "2023-01-19T09:30-12:30", "2023-01-19T09:30+99:99", "2023-01-19T09:30-13:00"}) {
    CAPTURE(bad);
    const auto parsed = parse_instant(bad);
    REQUIRE(!parsed);
    CHECK(parsed.error().why.find("is impossible") != std::string::npos);
  }
}

// Found by fuzz_date: a zone moved the last day into the year 10000, printed as "0000-01-01".
TEST_CASE("instants: a zone that moves the day past 0001..9999 is refused, not printed as another day") {
  for (const char* bad : {"9999-12-31T23:59-12:00", "0001-01-01T00:00+14:00", "0001-01-01"}) {
    CAPTURE(bad);
    const auto parsed = parse_instant(bad);
    REQUIRE(!parsed);
    CHECK(parsed.error().message() == fmt::format("time '{}': falls outside the years 0001 to 9999", bad));
  }
  CHECK(parse_instant("9999-12-31T15:59:59Z")->iso() == "9999-12-31T23:59:59+08:00");
  CHECK(parse_instant("0001-01-02")->utc() == "0001-01-01T16:00:00Z");
}
