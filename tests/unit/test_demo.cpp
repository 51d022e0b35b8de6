#include "epb/demo/demo.hpp"
#include "epb/demo/sample_people.hpp"
#include "epb/validate/business_number.hpp"
#include "epb/validate/contact.hpp"
#include "epb/validate/name.hpp"
#include "epb/validate/person_id.hpp"

#include <doctest/doctest.h>

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
    auto summary = build_demo(*ledger, builtin_config(), OfficeCalendar::builtin(), k_now, DemoOptions{300, seed});
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
      build_demo(*ledger, builtin_config(), calendar, *parse_instant("2018-03-01T10:00"), DemoOptions{200, 1});
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
