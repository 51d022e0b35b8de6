// Ledger tests of the sample store: a sample, its strata and members written and read back.
#include "survey_test_support.hpp"

#include <fmt/format.h>

using namespace epb;
using namespace epb::test;

TEST_CASE("survey store: a sample is read back as written, members in stored order") {
  SurveyLedger l;
  std::vector<Case> cases;
  for (int day = 4; day <= 9; ++day)
    cases.push_back(l.closed_case("petition", "2024-03-0" + std::to_string(day), "0912345001",
                                  day % 2 ? "鹽埕區大勇路" : "前金區中正四路"));
  const Frame frame = build_frame(*l.ledger, petitions(), {"closed"}, at("2024-04-10 09:00").at);
  REQUIRE(frame.rows.size() == 6);

  StoredSample s;
  s.definition = petitions();
  s.definition.services = {"complaint", "petition"};
  s.definition.rate.reset();
  s.definition.size = 4;
  s.definition.strata = {StratumField::district, StratumField::unit};
  s.definition.min_per_stratum = 2;
  s.definition.spares = 1;
  s.definition.method = SampleMethod::simple;
  s.definition.seed = 18446744073709551615u;
  s.definition.exclude_days = 90;
  s.frame_size = 6;
  s.frame_sha256 = frame.sha256;
  s.frame_blob = encode_frame(frame.rows);
  s.sample_sha256 = std::string(64, 'a');
  s.drawn_at = at("2024-04-10 09:00").at;
  s.actor = "analyst";
  s.note = "上半年";
  SampleDraw draw;
  draw.strata = {StratumDraw{"district=前金區|unit=planning", 3, 2, 2, 1},
                 StratumDraw{"district=鹽埕區|unit=planning", 3, 2, 2, 1}};
  // Given out of stored order: the store reads them back stratum by stratum, chosen by
  // position, then spares.
  draw.members = {DrawnMember{5, draw.strata[1].stratum, true, 1},  DrawnMember{0, draw.strata[0].stratum, false, 2},
                  DrawnMember{2, draw.strata[0].stratum, false, 1}, DrawnMember{4, draw.strata[0].stratum, true, 1},
                  DrawnMember{1, draw.strata[1].stratum, false, 1}, DrawnMember{3, draw.strata[1].stratum, false, 2}};
  SampleStore store(*l.ledger);
  const std::int64_t id = store.insert(s, draw, frame.rows);
  CHECK(id == 1);

  const auto back = store.find(id);
  REQUIRE(back);
  CHECK(back->id == 1);
  CHECK(back->definition.questionnaire == "handling");
  CHECK(back->definition.services == std::vector<std::string>{"complaint", "petition"});
  CHECK(back->definition.from.iso() == "2024-03-01");
  CHECK(back->definition.to.iso() == "2024-03-31");
  CHECK(!back->definition.rate);
  CHECK(back->definition.size == 4);
  CHECK(back->definition.strata == std::vector<StratumField>{StratumField::district, StratumField::unit});
  CHECK(back->definition.min_per_stratum == 2);
  CHECK(back->definition.spares == 1);
  CHECK(back->definition.method == SampleMethod::simple);
  CHECK(back->definition.seed == 18446744073709551615u);
  CHECK(back->definition.generator == "epb-sample-1");
  CHECK(back->definition.exclude_days == 90);
  CHECK(back->frame_size == 6);
  CHECK(back->frame_sha256 == frame.sha256);
  CHECK(back->frame_blob == s.frame_blob);
  CHECK(back->sample_sha256 == s.sample_sha256);
  CHECK(back->drawn_at == s.drawn_at);
  CHECK(back->actor == "analyst");
  CHECK(back->note == "上半年");
  CHECK(back->strata == draw.strata);

  const auto members = store.members(id);
  REQUIRE(members.size() == 6);
  std::vector<std::string> order;
  for (const auto& m : members)
    order.push_back(fmt::format("{}:{}{}", m.ref, m.spare ? "spare" : "chosen", m.position));
  CHECK(order == std::vector<std::string>{frame.rows[2].ref + ":chosen1", frame.rows[0].ref + ":chosen2",
                                          frame.rows[4].ref + ":spare1", frame.rows[1].ref + ":chosen1",
                                          frame.rows[3].ref + ":chosen2", frame.rows[5].ref + ":spare1"});
  CHECK(members[0].case_id == frame.rows[2].case_id);
  CHECK(members[0].stratum == "district=前金區|unit=planning");
  CHECK(members[0].called);
  CHECK(!members[2].called); // a spare is not on the call list until it takes a place
  CHECK(members[0].status == MemberStatus::pending);
  CHECK(!members[0].replaces);
  CHECK(members[0].attempts == 0);

  const auto counts = store.member_counts(id);
  REQUIRE(counts.size() == 2);
  CHECK((!counts[0].spare && counts[0].called && counts[0].status == "pending" && counts[0].count == 4));
  CHECK((counts[1].spare && !counts[1].called && counts[1].count == 2));

  // A second sample takes the next ids, its members after the first's.
  s.definition.size.reset();
  s.definition.rate = SurveyRate{1, 3};
  s.definition.strata.clear();
  draw.strata = {StratumDraw{"", 6, 2, 2, 0}};
  draw.members = {DrawnMember{0, "", false, 1}, DrawnMember{3, "", false, 2}};
  CHECK(store.insert(s, draw, frame.rows) == 2);
  const auto second = store.members(2);
  REQUIRE(second.size() == 2);
  CHECK(second[0].id == 7);
  CHECK(store.find(2)->definition.rate == SurveyRate{1, 3});
  CHECK(store.find(2)->definition.strata.empty());

  const auto listed = store.list();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == 2); // newest first
  CHECK(listed[0].frame_blob.empty());
  CHECK(listed[1].strata.size() == 2);
  CHECK(!store.find(3));
  CHECK(store.members(3).empty());
  CHECK(store.case_ref(cases[0].id) == cases[0].ref);
  CHECK(!store.case_ref(999));
}

TEST_CASE("survey store: a stored value epb cannot read is a damaged ledger, not a default") {
  SurveyLedger l;
  const Case c = l.closed_case("petition", "2024-03-04", "0912345001");
  const Frame frame = build_frame(*l.ledger, petitions(), {"closed"}, at("2024-04-10 09:00").at);
  StoredSample s;
  s.definition = petitions();
  s.frame_size = 1;
  s.frame_sha256 = frame.sha256;
  s.frame_blob = encode_frame(frame.rows);
  s.sample_sha256 = "x";
  s.drawn_at = at("2024-04-10 09:00").at;
  SampleDraw draw;
  draw.strata = {StratumDraw{"", 1, 1, 1, 0}};
  draw.members = {DrawnMember{0, "", false, 1}};
  SampleStore store(*l.ledger);
  store.insert(s, draw, frame.rows);
  l.ledger->db().exec("UPDATE survey_sample SET seed = '12x'");
  CHECK_THROWS_WITH(store.find(1), "ledger: survey sample 1: bad seed '12x'; run 'epb db check'");
  l.ledger->db().exec("UPDATE survey_sample SET seed = '18446744073709551616'");
  CHECK_THROWS_WITH(store.find(1), "ledger: survey sample 1: bad seed '18446744073709551616'; run 'epb db check'");
  l.ledger->db().exec("UPDATE survey_sample SET seed = '7', strata = 'unit,colour'");
  CHECK_THROWS_WITH(store.find(1), "ledger: survey sample 1: bad strata 'unit,colour'; run 'epb db check'");
  CHECK(c.id == 1);
}
