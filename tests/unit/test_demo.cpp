#include "epb/demo/demo.hpp"
#include "epb/demo/sample_people.hpp"
#include "epb/fee/fee_notices.hpp"
#include "epb/fee/fee_store.hpp"
#include "epb/notify/outbox.hpp"
#include "epb/payment/payment.hpp"
#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/survey/sample_desk.hpp"
#include "epb/validate/business_number.hpp"
#include "epb/validate/contact.hpp"
#include "epb/validate/name.hpp"
#include "epb/validate/person_id.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace epb;

namespace {

const Config& builtin_config() {
  static const Config parsed = *parse_config(builtin_config_text(), "built-in");
  return parsed;
}

const Instant k_now = *parse_instant("2026-11-02T09:00");

DemoOptions options_of(int cases, std::uint64_t seed, int subsidies = 300) {
  DemoOptions options;
  options.cases = cases;
  options.seed = seed;
  options.subsidies = subsidies;
  return options;
}

bool validates(const Result<std::string>& result, const std::string& expected) {
  return result.has_value() && *result == expected;
}

// The business-number rule in force before 2023-04-01: digit sum divisible by 10.
bool old_rule(const std::string& number) {
  static constexpr int k_weights[] = {1, 2, 1, 2, 1, 2, 4, 1};
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    const int product = (number[i] - '0') * k_weights[i];
    const int digits = product / 10 + product % 10;
    sum += digits >= 10 ? digits / 10 + digits % 10 : digits;
  }
  return sum % 10 == 0 || (number[6] == '7' && (sum - 1) % 10 == 0);
}

// "5樓": a floor number, which belongs to a home, not to a place complained about.
bool has_floor(const std::string& address) {
  for (auto at = address.find("樓"); at != std::string::npos; at = address.find("樓", at + 1))
    if (at > 0 && address[at - 1] >= '0' && address[at - 1] <= '9') return true;
  return false;
}

struct CaseLine {
  std::string ref, status, due, repeat_of;
  bool operator==(const CaseLine&) const = default;
};

std::vector<CaseLine> cases_of(Ledger& ledger) {
  std::vector<CaseLine> out;
  CaseStore(ledger).for_each({}, [&](const Case& c) {
    out.push_back({c.ref, c.status, c.due_date.iso(), c.repeat_of});
    return true;
  });
  return out;
}

} // namespace

TEST_CASE("demo sample: the generator is the same with every standard library") {
  SampleRandom random(5489); // the C++ standard fixes mt19937_64's 10000th output for this seed
  for (int i = 1; i < 10000; ++i)
    random.next();
  CHECK(random.next() == 9981545732273789042ULL);
  std::array<int, 10> counts{};
  for (int i = 0; i < 10000; ++i) {
    const auto draw = random.uniform(0, 9);
    REQUIRE((draw >= 0 && draw <= 9));
    ++counts[static_cast<std::size_t>(draw)];
  }
  for (int count : counts)
    CHECK((count > 850 && count < 1150));
  CHECK(random.uniform(5, 5) == 5);
  CHECK(random.uniform(7, 3) == 7);
  CHECK(SamplePeople(42).person().name == SamplePeople(42).person().name);
}

TEST_CASE("demo sample: people and companies pass the project's validators") {
  SamplePeople people(20240101);
  int residents = 0, compound = 0, landlines = 0;
  for (int i = 0; i < 3000; ++i) {
    const SamplePerson p = people.person();
    INFO(p.name, " ", p.id_number, " ", p.phone, " ", p.address.text);
    CHECK(validates(validate_person_id(p.id_number), p.id_number));
    CHECK(validates(validate_phone(p.phone), p.phone));
    CHECK(district_of(p.address.text) == p.address.district);
    CHECK(p.address.text.starts_with("高雄市" + p.address.district));
    CHECK((p.id_number[1] == (p.sex == Sex::male ? '1' : '2') || p.id_number[1] == (p.sex == Sex::male ? '8' : '9')));
    const std::size_t chars = p.name.size() / 3; // every character of a Chinese name is 3 bytes of UTF-8
    CHECK((chars >= 2 && chars <= 4));
    residents += p.id_number[1] >= '8';
    compound += chars == 4;
    landlines += p.phone.starts_with("07-");
  }
  CHECK(residents > 20);
  CHECK(compound > 0);
  CHECK(landlines > 200);

  int seven = 0, new_rule_only = 0;
  for (int i = 0; i < 3000; ++i) {
    const SampleCompany c = people.company();
    INFO(c.name, " ", c.business_number);
    CHECK(validates(validate_business_number(c.business_number), c.business_number));
    CHECK(validates(validate_phone(c.phone), c.phone));
    CHECK(c.name.ends_with("有限公司"));
    seven += c.business_number[6] == '7';
    new_rule_only += !old_rule(c.business_number);
  }
  CHECK(seven > 100);         // the 7th-digit-7 special case is exercised
  CHECK(new_rule_only > 100); // and numbers valid only under the 2023 rule
  CHECK(people.company_name("營造").find("營造") != std::string::npos);

  for (Sex sex : {Sex::male, Sex::female}) {
    CHECK(validate_national_id(people.national_id(sex)).has_value());
    CHECK(validate_resident_id(people.resident_id(sex)).has_value());
  }
  CHECK(validate_phone(people.mobile_phone())->starts_with("09"));
}

TEST_CASE("demo sample: Kaohsiung's 38 districts, places and matters") {
  CHECK(kaohsiung_districts().size() == 38);
  SamplePeople people(7);
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i)
    seen.insert(people.address().district);
  CHECK(seen.size() == 38);
  for (auto district : kaohsiung_districts())
    CHECK(district_of(people.address_in(district).text) == district);
  for (int i = 0; i < 500; ++i) {
    const SampleMatter complaint = people.complaint();
    const SampleMatter report = people.whistleblower_report();
    INFO(complaint.place, " ", report.place);
    CHECK(!complaint.subject.empty());
    CHECK(!district_of(complaint.place).empty());
    CHECK(!has_floor(complaint.place));
    CHECK(report.subject.starts_with("檢舉"));
    CHECK(!district_of(report.place).empty());
    CHECK(!people.petition_subject().empty());
  }
}

TEST_CASE("demo: a year of casework over every service, with overdue, paused, late and repeated cases") {
  auto ledger = Ledger::in_memory();
  const OfficeCalendar& calendar = OfficeCalendar::builtin();
  const auto summary = build_demo(*ledger, builtin_config(), calendar, k_now, DemoOptions{});
  REQUIRE(summary.has_value());
  CHECK(summary->cases == 1500);
  CHECK(summary->open + summary->closed == summary->cases);
  CHECK(summary->closed > summary->cases * 8 / 10); // most older cases are done
  CHECK(summary->closed_late > summary->closed / 20);
  CHECK(summary->closed_late < summary->closed / 5);
  CHECK(summary->paused > 0);
  CHECK(summary->overdue > 0);
  CHECK(summary->repeats > 0);

  CaseStore store(*ledger);
  for (const Service& service : builtin_config().services) {
    if (service.kind != k_default_service_kind) continue; // played by its own desk
    CaseFilter filter;
    filter.services = {service.code};
    // A survey's second replies come from its low scores only, not from the year's casework.
    if (service.code == "survey_follow_up") {
      CHECK(store.count(filter) == summary->survey.follow_ups);
      continue;
    }
    INFO(service.code);
    CHECK(store.count(filter) >= 10);
  }
  REQUIRE(summary->units.size() == builtin_config().units.size());
  for (const UnitOverdue& unit : summary->units) {
    INFO(unit.unit);
    const bool has_services =
        std::ranges::any_of(builtin_config().services, [&](const Service& s) { return s.unit == unit.unit; });
    if (has_services) {
      CHECK(unit.overdue >= 3); // several per unit
      CHECK(unit.overdue <= unit.open);
      REQUIRE(unit.oldest_due.has_value());
      CHECK(*unit.oldest_due < k_now.taipei_date());
      CHECK(unit.max_workdays_late > 0);
    } else {
      CHECK(unit.open == 0);
    }
  }

  // Nothing happened after the clock, and every date is one the office calendar knows.
  auto& latest = ledger->db().prepare("SELECT max(unixepoch(at)) FROM event");
  REQUIRE(latest.step());
  CHECK(latest.int64(0) <= k_now.unix_seconds());
  latest.reset();
  store.for_each({}, [&](const Case& c) {
    CHECK(c.received_at <= k_now);
    CHECK(calendar.covers(c.due_date));
    CHECK((!c.closed_at || *c.closed_at <= k_now));
    return true;
  });
  CHECK(ledger->check().empty());
}

TEST_CASE("demo: the same seed builds the same ledger, and another seed another") {
  const auto build = [](std::uint64_t seed) {
    auto ledger = Ledger::in_memory();
    auto summary = build_demo(*ledger, builtin_config(), OfficeCalendar::builtin(), k_now, options_of(300, seed));
    REQUIRE(summary.has_value());
    return std::pair(cases_of(*ledger), *summary);
  };
  const auto [first_cases, first] = build(99);
  const auto [again_cases, again] = build(99);
  const auto [other_cases, other] = build(100);
  CHECK(first.cases == 300);
  CHECK(first_cases == again_cases);
  CHECK(first == again);
  CHECK(first_cases != other_cases);
}

TEST_CASE("demo: the clock stays inside the office calendar") {
  const OfficeCalendar& calendar = OfficeCalendar::builtin();
  // November 2 of the last published year: open cases' due dates stay out of provisional years.
  CHECK(*demo_clock(calendar, *parse_instant("2027-11-26T12:00")) == *parse_instant("2027-11-02T09:00"));
  CHECK(*demo_clock(calendar, *parse_instant("2030-01-01")) == *parse_instant("2027-11-02T09:00"));
  CHECK(*demo_clock(calendar, *parse_instant("2024-05-01T10:00")) == *parse_instant("2024-05-01T10:00"));
  CHECK(demo_clock(calendar, *parse_instant("2017-12-31T10:00")).error().message() ==
        "date 2017-12-31: outside the office calendar (2018–2027, provisional to 2100); import the year with 'epb "
        "calendar import'");

  auto ledger = Ledger::in_memory();
  const auto outside = build_demo(*ledger, builtin_config(), calendar, *parse_instant("2101-01-02"), DemoOptions{});
  REQUIRE(!outside.has_value());
  CHECK(outside.error().message() == "date 2101-01-02: outside the office calendar (2018–2027, provisional to 2100)");
  // Early in the calendar the year shrinks to what it covers.
  const auto early =
      build_demo(*ledger, builtin_config(), calendar, *parse_instant("2018-03-01T10:00"), options_of(200, 1));
  REQUIRE(early.has_value());
  CHECK(early->cases == 200);
}

TEST_CASE("demo: only a demo ledger is ever replaced") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("epb-demo-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "demo.sqlite").string();
  const Stamp stamp{"tester", "demo", k_now};
  {
    auto made = create_demo_ledger(path, stamp);
    REQUIRE(made.has_value());
    CHECK((*made)->check().empty());
  }
  CHECK(is_demo_ledger(path));
  CHECK(create_demo_ledger(path, stamp).has_value()); // replaced

  const std::string real = (dir / "real.sqlite").string();
  Ledger::open(real, Ledger::Open::create)->migrate();
  CHECK(!is_demo_ledger(real));
  const auto refused = create_demo_ledger(real, stamp);
  REQUIRE(!refused.has_value());
  CHECK(refused.error().fault == Fault::invalid);
  CHECK(fs::exists(real));

  const std::string text = (dir / "notes.txt").string();
  std::ofstream(text) << "not a ledger\n";
  CHECK(!is_demo_ledger(text));
  CHECK(!create_demo_ledger(text, stamp).has_value());
  CHECK(fs::file_size(text) > 0);
  fs::remove_all(dir);
}

namespace {

// A demo ledger with its subsidy season and paid batch, the roster in a scratch directory.
struct SeasonDemo {
  explicit SeasonDemo(std::uint64_t seed = k_default_demo_seed)
      : dir(std::filesystem::temp_directory_path() /
            ("epb-demo-season-" + std::to_string(::getpid()) + "-" + std::to_string(++count))) {
    std::filesystem::create_directories(dir);
    protect.add_ledger(ledger->path());
    DemoOptions options = options_of(300, seed);
    options.directory = dir.string();
    options.protect = &protect;
    auto built = build_demo(*ledger, builtin_config(), OfficeCalendar::builtin(), k_now, options);
    REQUIRE_MESSAGE(built, (built ? "" : built.error().message()));
    summary = *built;
  }
  ~SeasonDemo() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string read(const char* name) const {
    std::ifstream in(dir / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // Every application as a line: ref, state, amount, paid, household, reason.
  std::vector<std::string> applications() {
    std::vector<std::string> out;
    auto& s = ledger->db().prepare(
        "SELECT c.ref, c.status, coalesce(s.amount, -1), coalesce(s.paid_at, 0), s.corrections, s.decision_reason "
        "FROM subsidy_application s JOIN case_file c ON c.id = s.case_id ORDER BY c.ref");
    while (s.step())
      out.push_back(
          fmt::format("{}|{}|{}|{}|{}|{}", s.text(0), s.text(1), s.int64(2), s.int64(3), s.int64(4), s.text(5)));
    return out;
  }

  std::filesystem::path dir;
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  ProtectedFiles protect;
  DemoSummary summary;
  static inline int count = 0;
};

} // namespace

TEST_CASE("demo: a subsidy season of 2018 through the subsidy desk, with 補件, double-dipping and a paid batch") {
  SeasonDemo demo;
  const SubsidySeasonSummary& s = demo.summary.subsidy;
  CHECK(demo.summary.cases == 300); // the casework's figures are its own
  CHECK(s.year == 2018);
  CHECK(s.applications == 300);
  CHECK(s.approved + s.rejected == s.applications); // every application decided by 2026
  CHECK(s.approved > s.applications * 8 / 10);
  CHECK(s.documents_requested >= 10);
  CHECK(s.double_dipping >= 2);
  CHECK(s.not_registered >= 1);
  CHECK(s.batch == "PAY-107-0001");
  CHECK(s.payment_failed == 1);
  CHECK(s.paid > 100);

  SubsidyDesk desk(*demo.ledger, builtin_config(), OfficeCalendar::builtin());
  // Double-dipping: the application exists, the check names the rule, the rejection gives it.
  int dipped = 0, late = 0, corrected = 0;
  for (const std::string& line : demo.applications()) {
    const std::string ref = line.substr(0, line.find('|'));
    auto found = desk.find(ref);
    REQUIRE(found);
    const SubsidyApplication& a = found->a;
    if (a.decision_reason.find("_subsidised") != std::string::npos) {
      ++dipped;
      CHECK(found->c.status == "rejected");
      auto checked = desk.check(ref);
      REQUIRE(checked);
      REQUIRE(!checked->failures.empty());
      CHECK(a.decision_reason.find(checked->failures.front().code) != std::string::npos);
    }
    if (a.decision_reason.starts_with("補件逾期")) {
      ++late;
      CHECK(a.corrections == 1);
    }
    if (a.corrections == 1 && found->c.status != "rejected") ++corrected;
  }
  CHECK(dipped == s.double_dipping);
  CHECK(late == 1); // one correction came past the 30 days: refused, and the application rejected
  CHECK(corrected >= 5);

  // The budget: committed (approved, unpaid, the failed transfer among them), paid, remaining.
  std::int64_t paid = 0, paid_count = 0, committed = 0, approved = 0, applications = 0;
  for (const BudgetLine& line : desk.budget()) {
    REQUIRE(line.programme);
    REQUIRE(line.remaining);
    CHECK(*line.remaining == *line.programme->budget - line.use.committed - line.use.paid);
    paid += line.use.paid;
    paid_count += line.use.paid_count;
    committed += line.use.committed;
    approved += line.use.approved;
    applications += line.use.applications;
  }
  CHECK(paid == s.paid_total);
  CHECK(paid_count == s.paid);
  CHECK(committed > 0);
  CHECK(approved + paid_count == s.approved);
  CHECK(applications == s.applications);

  // The roster (full account numbers: 0600) and the bank's result are in the demo's folder.
  const auto roster = demo.dir / "subsidy-roster.csv";
  REQUIRE(std::filesystem::exists(roster));
  CHECK((std::filesystem::status(roster).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  CHECK(demo.read("subsidy-roster.csv").starts_with("batch,ref,payee,bank_code,account,amount\n"));
  CHECK(demo.read("subsidy-bank-result.csv").find(",failed,") != std::string::npos);
  auto batch = find_payment_batch(*demo.ledger, "PAY-107-0001");
  REQUIRE(batch);
  CHECK(batch->state == BatchState::confirmed);
  CHECK(batch->item_count == s.paid + s.payment_failed);
  CHECK(demo.ledger->check().empty());
}

TEST_CASE("demo: the subsidy season's survey, drawn and called through the survey desks") {
  SeasonDemo demo;
  // One sample of the paid applications: 1 in 10 by district, every called member settled.
  const SurveySeasonSummary& survey = demo.summary.survey;
  CHECK(survey.sample_id == 1);
  CHECK(survey.year == 2018);
  CHECK(survey.frame <= demo.summary.subsidy.paid);
  CHECK(survey.frame > demo.summary.subsidy.paid * 8 / 10);
  CHECK(survey.chosen >= survey.frame / 10);
  CHECK(survey.chosen >= survey.strata);
  CHECK(survey.answered + survey.refused + survey.unreachable == survey.chosen + survey.spares_called);
  // Each thing the desk does is shown at least once.
  CHECK(survey.refused == 1);
  CHECK(survey.unreachable >= 1);
  CHECK(survey.spares_called == survey.unreachable); // 2 spares a district: none ran out
  CHECK(survey.follow_ups >= 1);
  CHECK(survey.calls > survey.chosen);

  SampleDesk samples(*demo.ledger, builtin_config());
  auto verified = samples.verify(1);
  REQUIRE(verified);
  CHECK(verified->identical());
  CHECK(verified->sample.definition.rate == SurveyRate{1, 10});
  CHECK(verified->sample.definition.spares == 2);
  CHECK(verified->sample.definition.seed == k_default_demo_seed);
  // The second replies were answered and closed on time.
  CaseFilter follow_ups;
  follow_ups.services = {"survey_follow_up"};
  CHECK(CaseStore(*demo.ledger).count(follow_ups) == survey.follow_ups);
  follow_ups.open_only = true;
  CHECK(CaseStore(*demo.ledger).count(follow_ups) == 0);
  CHECK(demo.ledger->check().empty());
}

TEST_CASE("demo: the same seed gives the same subsidy season, roster included") {
  SeasonDemo first(41);
  SeasonDemo again(41);
  SeasonDemo other(42);
  CHECK(first.summary == again.summary);
  CHECK(first.applications() == again.applications());
  CHECK(first.read("subsidy-roster.csv") == again.read("subsidy-roster.csv"));
  CHECK(first.applications() != other.applications());
}

TEST_CASE("demo: a clock inside the season plays only what came before it") {
  auto ledger = Ledger::in_memory();
  const Instant march = *parse_instant("2018-04-02T10:00");
  auto built = build_demo(*ledger, builtin_config(), OfficeCalendar::builtin(), march, options_of(100, 3));
  REQUIRE(built);
  const SubsidySeasonSummary& s = built->subsidy;
  CHECK(s.year == 2018);
  CHECK(s.applications > 30);
  CHECK(s.applications < 150);
  CHECK(s.batch.empty());                        // December's batch is still ahead (and no folder was given)
  CHECK(built->survey == SurveySeasonSummary{}); // and January's survey too
  auto& latest = ledger->db().prepare("SELECT max(at) FROM event");
  REQUIRE(latest.step());
  CHECK(latest.int64(0) <= march.unix_seconds());
  latest.reset();
  // No season without subsidies asked for, and none before any programme year.
  auto none = Ledger::in_memory();
  CHECK(build_demo(*none, builtin_config(), OfficeCalendar::builtin(), k_now, options_of(50, 3, 0))->subsidy ==
        SubsidySeasonSummary{});
}

namespace {

DemoOptions fee_options(int fee_projects, std::uint64_t seed) {
  DemoOptions options = options_of(60, seed, 0);
  options.fee_projects = fee_projects;
  return options;
}

} // namespace

TEST_CASE("demo fee year: projects through the fee desk, late payers, a refund and a top-up") {
  auto ledger = Ledger::in_memory();
  const OfficeCalendar& calendar = OfficeCalendar::builtin();
  const auto summary = build_demo(*ledger, builtin_config(), calendar, k_now, fee_options(40, 11));
  REQUIRE(summary.has_value());
  const FeeSeasonSummary& fee = summary->fee;
  CHECK(fee.projects == 40);
  CHECK(fee.refunds == 1);
  CHECK(fee.refunded > 0);
  CHECK(fee.topups == 1);
  CHECK(fee.topped_up > 0);
  CHECK(fee.late_payers >= 5);
  CHECK(fee.outstanding > 0);
  CHECK(fee.collected > 0);
  CHECK(fee.assessed > fee.outstanding);
  CHECK(fee.notices > 0);
  CHECK(fee.bank_payments == 0); // no directory: no bank file, the counter takes every payment
  CHECK(ledger->check().empty());

  // At the clock: dunning of several stages, each level due today, nothing of the year again.
  Outbox outbox(*ledger, builtin_config(), calendar);
  const PlanReport plan = outbox.plan(Stamp{"tester", "notify run", k_now}, true);
  std::set<std::string> levels;
  for (const Notice& n : plan.planned) {
    if (n.source != "fee") continue;
    levels.insert(n.level);
    const auto instalment = FeeStore(*ledger).instalment_by_slip(n.item);
    REQUIRE(instalment.has_value());
    const NotifyLadder* ladder = builtin_config().notify.ladder_for(builtin_config().fee.service);
    REQUIRE(ladder != nullptr);
    for (const NotifyLevel& level : ladder->levels)
      if (level.code == n.level) {
        INFO(n.item, " ", n.level);
        CHECK(dunning_fires_on(calendar, level, instalment->due) == k_now.taipei_date());
      }
  }
  CHECK(levels.size() >= 4);
}

TEST_CASE("demo fee year: the same seed gives the same year, and none with --fee-projects 0") {
  const auto build = [](int projects, std::uint64_t seed) {
    auto ledger = Ledger::in_memory();
    auto summary = build_demo(*ledger, builtin_config(), OfficeCalendar::builtin(), k_now, fee_options(projects, seed));
    REQUIRE(summary.has_value());
    return *summary;
  };
  const DemoSummary first = build(25, 3);
  CHECK(first.fee.projects == 25);
  CHECK(build(25, 3) == first);
  const DemoSummary none = build(0, 3);
  CHECK(none.fee == FeeSeasonSummary{});
  // The casework does not depend on the fee year.
  CHECK(none.cases == first.cases);
  CHECK(none.closed_late == first.closed_late);
}
