// Ledger tests of the sample desk: options checked into a definition (each Problem names its
// option), a draw stored in one transaction with its event, and verify telling a changed ledger
// from an edited sample.
#include "epb/survey/sample_desk.hpp"
#include "epb/survey/sample_event.hpp"
#include "survey_test_support.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

using namespace epb;
using namespace epb::test;

namespace {

SampleRequest request(const char* services = "petition") {
  SampleRequest r;
  r.services = services;
  r.period = "2024-03";
  r.rate = "1/2";
  r.seed = "1";
  return r;
}

std::string refused(const SampleDesk& desk, const SampleRequest& r) {
  auto d = desk.define(r);
  if (d) return "accepted";
  CHECK(d.error().fault == Fault::invalid);
  return d.error().message();
}

std::int64_t count(Ledger& ledger, const char* table) {
  auto& s = ledger.db().prepare(fmt::format("SELECT count(*) FROM {}", table));
  s.step();
  const std::int64_t n = s.int64(0);
  s.reset();
  return n;
}

} // namespace

TEST_CASE("survey desk: the options of a sample become its definition") {
  SurveyLedger l;
  const SampleDesk desk(*l.ledger, l.cfg);
  SampleRequest r = request(" petition , complaint,petition");
  r.period = "113/03/01..113/03/31";
  r.rate = "";
  r.strata = "unit,district";
  r.min_per_stratum = 2;
  r.spares = 3;
  r.method = "simple";
  r.seed = "18446744073709551615";
  r.exclude_surveyed_within = "30d";
  const auto d = desk.define(r);
  REQUIRE_MESSAGE(d, (d ? "" : d.error().message()));
  CHECK(d->questionnaire == "handling");
  CHECK(d->services == std::vector<std::string>{"complaint", "petition"});
  CHECK(d->from.iso() == "2024-03-01");
  CHECK(d->to.iso() == "2024-03-31");
  CHECK(d->rate == SurveyRate{1, 10}); // the questionnaire's required rate
  CHECK(!d->size);
  CHECK(d->strata == std::vector<StratumField>{StratumField::unit, StratumField::district});
  CHECK(d->min_per_stratum == 2);
  CHECK(d->spares == 3);
  CHECK(d->method == SampleMethod::simple);
  CHECK(d->seed == 18446744073709551615u);
  CHECK(d->exclude_days == 30);
  CHECK(d->generator == "epb-sample-1");

  SampleRequest sized = request();
  sized.rate = "";
  sized.size = "200";
  const auto by_size = desk.define(sized);
  REQUIRE(by_size);
  CHECK(by_size->size == 200);
  CHECK(!by_size->rate);
  CHECK(by_size->exclude_days == 90); // the questionnaire's window
  CHECK(by_size->method == SampleMethod::systematic);
  CHECK(by_size->seed == 1);
  SampleRequest none = request();
  none.exclude_surveyed_within = "0d";
  CHECK(desk.define(none)->exclude_days == 0);
}

TEST_CASE("survey desk: every bad option is refused, naming it") {
  SurveyLedger l;
  Questionnaire water;
  water.code = "water";
  water.services = {"water_test"};
  l.cfg.survey.questionnaires.push_back(water);
  const SampleDesk desk(*l.ledger, l.cfg);
  const auto with = [](auto change) {
    SampleRequest r = request();
    change(r);
    return r;
  };
  CHECK(refused(desk, with([](SampleRequest& r) { r.services = ""; })) ==
        "--service: give the services to survey (--service subsidy)");
  CHECK(refused(desk, with([](SampleRequest& r) { r.services = "petiton"; })) ==
        "--service: unknown service 'petiton', did you mean 'petition'?");
  CHECK(refused(desk, with([](SampleRequest& r) { r.services = "petition,"; })) ==
        "--service: an empty service name in 'petition,'");
  CHECK(refused(desk, with([](SampleRequest& r) { r.services = "whistleblower"; })) ==
        "--service: service 'whistleblower' is not surveyed (surveyed = false in the config)");
  CHECK(refused(desk, with([](SampleRequest& r) { r.services = "subsidy"; })) ==
        "--service: no questionnaire in the config surveys 'subsidy'");
  CHECK(refused(desk, with([](SampleRequest& r) { r.services = "petition,water_test"; })) ==
        "--service: 'petition' is surveyed by questionnaire 'handling', 'water_test' by 'water': a sample has one "
        "questionnaire");
  CHECK(refused(desk, with([](SampleRequest& r) { r.period = ""; })) ==
        "--period: required: the days the cases were closed (FROM..TO, a year or a month)");
  CHECK(refused(desk, with([](SampleRequest& r) { r.period = "2024-03-31..2024-03-01"; })) ==
        "--period: ends (2024-03-01) before it starts (2024-03-31)");
  CHECK(refused(desk, with([](SampleRequest& r) { r.size = "10"; })) == "--rate: give --rate or --size, not both");
  CHECK(refused(desk, with([](SampleRequest& r) {
                  r.rate = "";
                  r.size = "0";
                })) == "--size: '0' is no whole number of at least 1");
  CHECK(refused(desk, with([](SampleRequest& r) {
                  r.rate = "";
                  r.size = "-5";
                })) == "--size: '-5' is no whole number of at least 1");
  CHECK(refused(desk, with([](SampleRequest& r) {
                  r.services = "water_test";
                  r.rate = "";
                })) == "--rate: give --rate or --size (questionnaire 'water' has no required rate)");
  CHECK(refused(desk, with([](SampleRequest& r) { r.rate = "ten"; })).starts_with("--rate: "));
  CHECK(refused(desk, with([](SampleRequest& r) { r.strata = "unit,colour"; })).starts_with("--strata: "));
  CHECK(refused(desk, with([](SampleRequest& r) { r.min_per_stratum = -1; })) ==
        "--min-per-stratum: must be at least 0");
  CHECK(refused(desk, with([](SampleRequest& r) { r.spares = -1; })) == "--spares: must be at least 0");
  CHECK(refused(desk, with([](SampleRequest& r) { r.method = "random"; })) ==
        "--method: 'random' is not one of systematic, simple");
  CHECK(refused(desk, with([](SampleRequest& r) { r.seed = ""; })) ==
        "--seed: required: a whole number 0..18446744073709551615 (keep it: it re-draws the sample)");
  for (const char* seed : {"-1", "+1", "1.5", "0x10", "007", "18446744073709551616", "1e3"})
    CHECK(refused(desk, with([&](SampleRequest& r) { r.seed = seed; })) ==
          fmt::format("--seed: '{}' is not a whole number 0..18446744073709551615 without leading zeros", seed));
  CHECK(refused(desk, with([](SampleRequest& r) { r.exclude_surveyed_within = "12h"; })) ==
        "--exclude-surveyed-within: '12h' is not whole days (90d)");
  CHECK(refused(desk, with([](SampleRequest& r) { r.exclude_surveyed_within = "ninety"; }))
            .starts_with("--exclude-surveyed-within: 'ninety' "));
  CHECK(refused(desk, with([](SampleRequest& r) { r.exclude_surveyed_within = "400d"; }))
            .starts_with("--exclude-surveyed-within: "));
  CHECK(refused(desk, with([](SampleRequest& r) { r.seed = "0"; })) == "accepted");
}

TEST_CASE("survey desk: a draw is stored with its event in one transaction, a dry run stores nothing") {
  SurveyLedger l;
  for (int day = 4; day <= 9; ++day)
    l.closed_case("petition", fmt::format("2024-03-{:02}", day), fmt::format("091234500{}", day).c_str());
  SampleDesk desk(*l.ledger, l.cfg);
  const SampleDefinition d = *desk.define(request());
  const auto events_before = count(*l.ledger, "event");

  const auto dry = desk.draw(at("2024-04-10 09:00"), d, true);
  REQUIRE(dry);
  CHECK(dry->sample.id == 0);
  CHECK(dry->frame.rows.size() == 6);
  CHECK(count(*l.ledger, "survey_sample") == 0);
  CHECK(count(*l.ledger, "survey_member") == 0);
  CHECK(count(*l.ledger, "event") == events_before);

  const auto drawn = desk.draw(at("2024-04-10 09:00"), d, false, "第一季");
  REQUIRE_MESSAGE(drawn, (drawn ? "" : drawn.error().message()));
  CHECK(drawn->sample.id == 1);
  CHECK(drawn->sample.sample_sha256 == dry->sample.sample_sha256);
  CHECK(drawn->sample.frame_sha256 == dry->frame.sha256);
  const auto stored = SampleStore(*l.ledger).find(1);
  REQUIRE(stored);
  CHECK(stored->frame_size == 6);
  CHECK(stored->note == "第一季");
  CHECK(stored->actor == "clerk01");
  CHECK(stored->frame_blob == encode_frame(drawn->frame.rows));
  CHECK(static_cast<std::size_t>(count(*l.ledger, "survey_member")) == drawn->draw.members.size());
  const auto events = l.ledger->events("survey:1");
  REQUIRE(events.size() == 1);
  CHECK(events[0].action == "sample");
  CHECK(events[0].detail == sample_event_detail(*stored, {"closed"}));
  CHECK(events[0].detail.find("\"seed\":\"1\"") != std::string::npos);
  CHECK(sample_event_states(events[0].detail) == std::vector<std::string>{"closed"});

  // An empty frame is refused (exit 4), storing nothing.
  SampleRequest empty = request();
  empty.period = "2019";
  const auto none = desk.draw(at("2024-04-10 09:00"), *desk.define(empty), false);
  REQUIRE(!none);
  CHECK(none.error().fault == Fault::not_found);
  CHECK(none.error().message() ==
        "sample frame: no case of petition closed 2019-01-01..2019-12-31 has a phone and may be called");
  CHECK(count(*l.ledger, "survey_sample") == 1);
}

TEST_CASE("survey desk: verify finds a stored sample identical, then names what changed in the ledger") {
  SurveyLedger l;
  std::vector<Case> cases;
  for (int day = 4; day <= 9; ++day)
    cases.push_back(
        l.closed_case("petition", fmt::format("2024-03-{:02}", day), fmt::format("091234500{}", day).c_str()));
  SampleDesk desk(*l.ledger, l.cfg);
  REQUIRE(desk.draw(at("2024-04-10 09:00"), *desk.define(request()), false));

  auto r = desk.verify(1);
  REQUIRE(r);
  CHECK_MESSAGE(r->identical(), fmt::format("{}", fmt::join(r->differences, "\n")));
  CHECK(r->differences.empty());
  CHECK(r->frame_size_now == 6);
  CHECK(r->frame_sha256_now == r->sample.frame_sha256);
  CHECK(desk.verify(2).error().fault == Fault::not_found);

  // Later samples, opt-outs after the draw and spares promoted later change nothing.
  l.opt_out(cases[0].applicant.phone, "2024-04-11 09:00");
  REQUIRE(desk.draw(at("2024-04-12 09:00"), *desk.define(request()), false));
  CHECK(desk.verify(1)->identical());

  // A case closed in the period since the draw, one reopened, one moved to another district.
  const Case added = l.closed_case("petition", "2024-03-20", "0912345099");
  REQUIRE(l.desk.reopen(at("2024-04-13 09:00"), cases[1].ref, "不服"));
  l.ledger->db().exec(fmt::format("UPDATE case_file SET district = '鹽埕區' WHERE id = {}", cases[2].id));
  r = desk.verify(1);
  REQUIRE(r);
  CHECK(!r->identical());
  CHECK(r->frame_changed());
  CHECK(!r->sample_edited());
  CHECK(r->added == std::vector<std::string>{added.ref});
  CHECK(r->removed == std::vector<std::string>{cases[1].ref});
  CHECK(r->changed == std::vector<std::string>{cases[2].ref});
  CHECK(r->frame_size_now == 6);
  CHECK(!r->stored_hash_mismatch);
  CHECK(!r->stored_members_altered);
  CHECK(!r->definition_altered);
  REQUIRE(r->differences.size() >= 3);
  CHECK(r->differences[0] == fmt::format("frame: 1 case added since the draw: {}", added.ref));
  CHECK(r->differences[1] == fmt::format("frame: 1 case removed since the draw (reopened, service or period changed, "
                                         "phone removed): {}",
                                         cases[1].ref));
  CHECK(r->differences[2] ==
        fmt::format("frame: 1 case changed since the draw (service, unit, district or closed date): {}", cases[2].ref));
}

TEST_CASE("survey desk: verify tells an edited sample from a changed ledger") {
  SurveyLedger l;
  for (int day = 4; day <= 9; ++day)
    l.closed_case("petition", fmt::format("2024-03-{:02}", day), fmt::format("091234500{}", day).c_str());
  SampleDesk desk(*l.ledger, l.cfg);
  REQUIRE(desk.draw(at("2024-04-10 09:00"), *desk.define(request()), false));
  REQUIRE(desk.verify(1)->identical());
  auto& db = l.ledger->db();

  SUBCASE("a member's case swapped") {
    db.exec("UPDATE survey_member SET case_id = (SELECT min(id) FROM case_file WHERE id NOT IN "
            "(SELECT case_id FROM survey_member)) WHERE id = 1");
    const auto r = desk.verify(1);
    CHECK(r->stored_members_altered);
    CHECK(r->sample_edited());
    CHECK(!r->frame_changed());
  }
  SUBCASE("a member's position changed") {
    db.exec("UPDATE survey_member SET position = position + 100 WHERE id = 1");
    const auto r = desk.verify(1);
    CHECK(r->stored_members_altered);
    CHECK(r->redraw_differs);
    CHECK(r->sample_edited());
  }
  SUBCASE("a member deleted") {
    db.exec("DELETE FROM survey_member WHERE id = (SELECT max(id) FROM survey_member)");
    const auto r = desk.verify(1);
    CHECK(r->stored_members_altered);
    CHECK(r->sample_edited());
  }
  SUBCASE("the seed changed") {
    db.exec("UPDATE survey_sample SET seed = '2'");
    const auto r = desk.verify(1);
    CHECK(r->definition_altered);
    CHECK(r->sample_edited());
    CHECK(std::ranges::find(r->differences, std::string("stored sample: seed is \"2\", not what event #") +
                                                std::to_string(l.ledger->events("survey:1")[0].id) +
                                                " recorded when it was drawn") != r->differences.end());
  }
  SUBCASE("the frame hash changed") {
    db.exec("UPDATE survey_sample SET frame_sha256 = '" + std::string(64, '0') + "'");
    const auto r = desk.verify(1);
    CHECK(r->stored_hash_mismatch);
    CHECK(r->definition_altered); // the event recorded the real one
    CHECK(r->sample_edited());
  }
  SUBCASE("the stored frame damaged") {
    db.exec("UPDATE survey_sample SET frame = x'02'");
    const auto r = desk.verify(1);
    CHECK(r->stored_hash_mismatch);
    CHECK(r->sample_edited());
    CHECK(std::ranges::find(r->differences, "stored frame: damaged (version 2 unknown); the ledger was edited") !=
          r->differences.end());
  }
  SUBCASE("the sample hash and members changed together, consistently") {
    // The edit agrees with itself, but not with the event of the draw.
    db.exec("UPDATE survey_member SET position = position + 100 WHERE id = 1");
    const auto members = SampleStore(*l.ledger).members(1);
    SampleDraw edited;
    std::vector<FrameRow> rows(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
      rows[i].ref = members[i].ref;
      edited.members.push_back(DrawnMember{i, members[i].stratum, members[i].spare, members[i].position});
    }
    db.exec("UPDATE survey_sample SET sample_sha256 = '" + sample_hash(edited, rows) + "'");
    const auto r = desk.verify(1);
    CHECK(!r->stored_members_altered);
    CHECK(r->definition_altered);
    CHECK(r->redraw_differs);
    CHECK(r->sample_edited());
  }
}
