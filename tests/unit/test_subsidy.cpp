// Ledger tests of subsidies: programmes in config, intake, eligibility, decisions, budget,
// household answers and the progress lookup, on an in-memory ledger with a fixed clock.
#include "config_test_support.hpp"
#include "desk_test_support.hpp"
#include "epb/core/sha256.hpp"
#include "epb/subsidy/household.hpp"
#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/subsidy/subsidy_kind.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace epb;

namespace {

using test::at;

// The built-in config plus a 2019 programme, so double-dipping can cross years.
const Config& config() {
  static const Config parsed = [] {
    std::string text(builtin_config_text());
    text += R"(
[subsidy.programmes.2019.scrap_buy_other]
national = 3000
city_topup = 1000
low_income_bonus = 2000
budget_count = 1
deadline = "2020-01-10"
documents = ["form", "invoice"]
)";
    auto c = parse_config(text, "t.toml");
    REQUIRE_MESSAGE(c, (c ? "" : c.error().front().text()));
    return *c;
  }();
  return parsed;
}

NewCase person(const char* id = "A123456789", const char* phone = "0912345678") {
  NewCase c;
  c.channel = "in_person";
  c.name = "王小明";
  c.id_number = id;
  c.phone = phone;
  c.address = "高雄市苓雅區四維三路2號";
  c.subject = "汰舊換購電動機車補助";
  return c;
}

NewSubsidy scrap_buy(const char* scrapped = "FAA-233", const char* frame = "EBK1234567") {
  NewSubsidy s;
  s.programme_year = "107";
  s.kind = "scrap_buy_other";
  s.scrapped_plate = scrapped;
  s.scrapped_made = "2001-05-01";
  s.recycling_certificate = std::string("RC-") + scrapped;
  s.deregistered = "107/03/01";
  s.new_plate = "EMA-1234";
  s.new_frame = frame;
  s.new_class = "light";
  s.invoice_number = "AB-12345678";
  s.invoice_date = "2018-03-02";
  s.bank_code = "004";
  s.account_number = "1234-5678-9012";
  return s;
}

struct Desk {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  SubsidyDesk desk{*ledger, config(), OfficeCalendar::builtin()};

  Case apply(NewCase c = person(), NewSubsidy s = scrap_buy(), const char* when = "2018-03-05 10:00") {
    c.received = when;
    auto opened = desk.apply(at(when), c, s);
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message()));
    return *opened;
  }
  // Reviewed and answered by the household office: ready for approval.
  Case ready(NewCase c = person(), NewSubsidy s = scrap_buy(), const char* when = "2018-03-05 10:00") {
    Case opened = apply(c, s, when);
    REQUIRE(desk.move(at(when), opened.ref, "reviewing", ""));
    REQUIRE(desk.record_household(at(when), HouseholdAnswer{c.id_number, true, "苓雅區", std::nullopt}));
    return opened;
  }
  std::vector<std::string> codes(const std::string& ref) {
    auto checked = desk.check(ref);
    REQUIRE(checked);
    std::vector<std::string> out;
    for (const auto& f : checked->failures)
      out.push_back(f.code);
    return out;
  }
};

} // namespace

TEST_CASE("subsidy config: the 2018 programmes, the documents and the review service are built in") {
  const Config& builtin = test::config();
  const SubsidySettings& s = builtin.subsidy;
  CHECK(s.service == "subsidy");
  CHECK(s.manufactured_by.iso() == "2003-12-31");
  CHECK(s.correction_days == 30);
  const SubsidyProgramme* scrap = s.programme(2018, ProgrammeKind::scrap_only);
  REQUIRE(scrap);
  CHECK(scrap->national == 1500);
  CHECK(scrap->year_by == SubsidyYearBy::scrapping);
  CHECK(scrap->deadline.iso() == "2019-01-10");
  CHECK(s.programme(2018, ProgrammeKind::scrap_buy_heavy)->national == 6000);
  CHECK(s.programme(2018, ProgrammeKind::scrap_buy_other)->national == 4000);
  CHECK(s.programme(2018, ProgrammeKind::buy_heavy)->national == 3500);
  CHECK(s.programme(2018, ProgrammeKind::buy_other)->year_by == SubsidyYearBy::invoice);
  CHECK(s.document("recycling_certificate")->name_en.starts_with("Recycling certificate"));
  const Service* review = builtin.service("subsidy");
  REQUIRE(review);
  CHECK(review->prefix == "SUB");
  CHECK(review->state("documents")->pauses_clock);
  CHECK(review->state("paid")->final);
}

TEST_CASE("subsidy config: render_config round-trips the programmes") {
  const std::string rendered = render_config(config());
  auto again = parse_config(rendered, "rendered.toml");
  REQUIRE_MESSAGE(again, (again ? "" : again.error().front().text()));
  CHECK(again->subsidy == config().subsidy);
}

TEST_CASE("subsidy config: every problem at FILE:LINE:COL") {
  const std::string_view text = builtin_config_text();
  using test::issues;
  using test::with;
  const auto kind = issues(with(text, "[subsidy.programmes.2018.buy_other]", "[subsidy.programmes.2018.buy_othre]"));
  REQUIRE(kind.size() == 1);
  CHECK(kind[0].find("unknown subsidy programme kind 'buy_othre' in 2018 (did you mean 'buy_other'?)") !=
        std::string::npos);
  CHECK(kind[0].starts_with("t.toml:"));
  const auto year = issues(with(text, "[subsidy.programmes.2018.buy_other]", "[subsidy.programmes.20x8.buy_other]"));
  REQUIRE(year.size() == 1);
  CHECK(year[0].find("subsidy programme year '20x8' must be a year") != std::string::npos);
  const auto deadline =
      issues(with(text, "deadline = \"2019-01-10\"\ndocuments = [\"form\", \"id_copy\", \"invoice\", \"photos\"",
                  "deadline = \"2019-02-30\"\ndocuments = [\"form\", \"id_copy\", \"invoice\", \"photos\""));
  REQUIRE(deadline.size() == 1);
  CHECK(deadline[0].find("bad deadline '2019-02-30' in subsidy programme 2018/buy_other") != std::string::npos);
  const auto document = issues(with(text, "documents = [\"form\", \"id_copy\", \"invoice\", \"photos\"",
                                    "documents = [\"form\", \"id_cpy\", \"invoice\", \"photos\""));
  REQUIRE(document.size() == 1);
  CHECK(document[0].find("unknown document 'id_cpy' in subsidy programme 2018/buy_other (did you mean 'id_copy'?)") !=
        std::string::npos);
  const auto service = issues(with(text, "service = \"subsidy\"", "service = \"petition\""));
  REQUIRE(service.size() == 3); // petition has no approved, paid or rejected
  CHECK(service[0].find("has no state 'approved'") != std::string::npos);
  const auto unknown = issues(with(text, "national = 1500\ncity_topup = 500", "national = 1500\ncity_top = 500"));
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].find("unknown key 'city_top' in subsidy programme 2018/scrap_only (did you mean 'city_topup'?)") !=
        std::string::npos);
  const auto year_by = issues(with(text, "year_by = \"scrapping\"", "year_by = \"invoice\""));
  REQUIRE(year_by.size() == 1);
  CHECK(year_by[0].find("a scrap-only application has no invoice") != std::string::npos);
}

TEST_CASE("subsidy intake: bad values name their field and write nothing") {
  Desk d;
  const auto refused = [&](NewSubsidy s, const char* field) {
    NewCase c = person();
    c.received = "2018-03-05 10:00";
    auto opened = d.desk.apply(at("2018-03-05 10:00"), c, s);
    REQUIRE(!opened);
    CHECK(opened.error().fault == Fault::invalid);
    CHECK_MESSAGE(opened.error().what == field, opened.error().message());
  };
  NewSubsidy s = scrap_buy();
  s.scrapped_plate = "12";
  refused(s, "scrapped_plate");
  s = scrap_buy();
  s.new_plate = "EM-12X4";
  refused(s, "new_plate");
  s = scrap_buy();
  s.invoice_date = "2018-02-30";
  refused(s, "invoice_date");
  s = scrap_buy();
  s.bank_code = "04";
  refused(s, "bank_code");
  s = scrap_buy();
  s.account_number = "12";
  refused(s, "account_number");
  s = scrap_buy();
  s.dealer_ubn = "12345678";
  refused(s, "dealer_ubn");
  s = scrap_buy();
  s.kind = "scrap";
  refused(s, "kind");
  s = scrap_buy();
  s.programme_year = "2030";
  refused(s, "programme_year");
  s = scrap_buy();
  s.new_class = "heavy";
  refused(s, "new_class");
  s = scrap_buy();
  s.recycling_certificate = "";
  refused(s, "recycling_certificate");
  s = scrap_buy();
  s.new_frame = "EBK\x1b[31m";
  refused(s, "new_frame");
  s = scrap_buy();
  s.invoice_number = "1234";
  refused(s, "invoice_number");
  CHECK(d.desk.cases().store().find("SUB-107-000001") == std::nullopt);
}

TEST_CASE("subsidy intake: a case and its row in one transaction, a dealer's number is taken once") {
  Desk d;
  NewSubsidy s = scrap_buy();
  s.dealer_ubn = "04595252";
  s.dealer_application = "D-0001";
  const Case c = d.apply(person(), s);
  CHECK(c.ref == "SUB-107-000001");
  auto found = d.desk.find(c.ref);
  REQUIRE(found);
  CHECK(found->a.scrapped_plate == "FAA-233");
  CHECK(found->a.account_number == "123456789012");
  CHECK(found->a.deregistered->iso() == "2018-03-01");
  CHECK(!found->a.amount);
  NewCase again = person("F131104093");
  again.received = "2018-03-05 11:00";
  auto twice = d.desk.apply(at("2018-03-05 11:00"), again, s);
  REQUIRE(!twice);
  CHECK(twice.error().what == "dealer_application");
  // The refused application rolled back with its case: the next number is still 2.
  CHECK(d.apply(person("F131104093"), scrap_buy("FAB-234", "EBK7654321")).ref == "SUB-107-000002");
}

TEST_CASE("subsidy kind: generic intake is refused, naming the verbs to use") {
  auto ledger = Ledger::in_memory();
  const Stamp stamp = at("2018-03-05 10:00");
  const KindScope scope{*ledger, config(), OfficeCalendar::builtin(), stamp};
  Case c;
  c.service = "subsidy";
  auto refused = subsidy_case_kind().check_intake(scope, c, nullptr);
  REQUIRE(!refused);
  CHECK(refused.error().message() ==
        "service subsidy: a subsidy application is opened with epb subsidy apply or epb subsidy import");
  CHECK(builtin_case_kinds().find("subsidy") == &subsidy_case_kind());
  CHECK(builtin_case_kinds().find("case") != nullptr);
  CHECK(builtin_case_kinds().find("fee") != nullptr);
}

TEST_CASE("subsidy eligibility: every failed rule at once") {
  Desk d;
  NewSubsidy s = scrap_buy();
  s.scrapped_made = "2004-01-02";
  s.invoice_date = "2017-12-30";
  const Case c = d.apply(person(), s, "2019-01-11 10:00");
  CHECK(d.codes(c.ref) ==
        std::vector<std::string>{"made_after_cutoff", "outside_year", "applied_late", "household_pending"});
  auto checked = d.desk.check(c.ref);
  CHECK(checked->failures[1].text == "the invoice date 2017-12-30 is outside the programme year 2018");
  // Scrap only goes by the scrapping date.
  NewSubsidy scrap;
  scrap.programme_year = "2018";
  scrap.kind = "scrap_only";
  scrap.scrapped_plate = "FAC-235";
  scrap.scrapped_made = "2000-01-01";
  scrap.recycling_certificate = "RC9";
  scrap.deregistered = "2017-12-31";
  scrap.bank_code = "700";
  scrap.account_number = "00012345678901";
  const Case only = d.apply(person("F131104093"), scrap);
  CHECK(d.codes(only.ref) == std::vector<std::string>{"outside_year", "household_pending"});
  REQUIRE(d.desk.record_household(at("2018-03-06 10:00"), HouseholdAnswer{"F131104093", false, "", std::nullopt}));
  CHECK(d.codes(only.ref) == std::vector<std::string>{"outside_year", "not_registered"});
}

TEST_CASE("subsidy eligibility: double-dipping across programmes and years, and only against subsidised ones") {
  Desk d;
  const Case first = d.ready();
  // A second application on the same scrapped plate, by another person: fine while the first
  // is only pending.
  const Case second = d.ready(person("F131104093"), scrap_buy("FAA-233", "EBK9999999"));
  CHECK(d.codes(second.ref).empty());
  REQUIRE(d.desk.approve(at("2018-03-07 10:00"), first.ref, ""));
  CHECK(d.codes(second.ref) ==
        std::vector<std::string>{"scrapped_plate_subsidised", "certificate_subsidised", "new_plate_subsidised"});
  auto refused = d.desk.approve(at("2018-03-07 11:00"), second.ref, "");
  REQUIRE(!refused);
  CHECK(refused.error().why.starts_with("cannot be approved: scrapped_plate_subsidised: the scrapped plate FAA-233 "
                                        "was subsidised before (SUB-107-000001)"));
  // The same person again in the same year, other vehicles.
  NewSubsidy other = scrap_buy("FAD-236", "EBK5555555");
  other.new_plate = "EMC-5678";
  const Case third = d.ready(person(), other);
  CHECK(d.codes(third.ref) == std::vector<std::string>{"person_subsidised"});
  // A 2019 application on the 2018-subsidised scrapped plate: refused in any year.
  NewSubsidy later = scrap_buy("FAA-233", "EBK4444444");
  later.programme_year = "2019";
  later.invoice_date = "2019-02-01";
  later.new_plate = "EMD-1111";
  later.recycling_certificate = "RC-2019";
  const Case fourth = d.ready(person("O158238845"), later, "2019-02-02 10:00");
  CHECK(d.codes(fourth.ref) == std::vector<std::string>{"scrapped_plate_subsidised"});
  // A rejected application does not count as subsidised.
  NewSubsidy fresh = scrap_buy("FAE-237", "EBK3333333");
  fresh.new_plate = "EME-2222";
  const Case rejected = d.ready(person("N116247806"), fresh);
  REQUIRE(d.desk.reject(at("2018-03-08 10:00"), rejected.ref, "文件不符"));
  fresh.recycling_certificate = "RC-OTHER";
  const Case retry = d.ready(person("L122544270"), fresh, "2018-03-09 10:00");
  CHECK(d.codes(retry.ref).empty());
}

TEST_CASE("subsidy approval freezes the amount and commits it against the budget, paid only by payment") {
  Desk d;
  NewCase poor = person();
  NewSubsidy s = scrap_buy();
  s.low_income = "yes";
  const Case c = d.ready(poor, s);
  auto approved = d.desk.approve(at("2018-03-07 10:00"), c.ref, "");
  REQUIRE(approved);
  CHECK(approved->status == "approved");
  CHECK(d.desk.find(c.ref)->a.amount == 4000 + 1000 + 5000);
  const auto lines = d.desk.budget();
  const auto line = std::find_if(lines.begin(), lines.end(), [](const BudgetLine& l) {
    return l.programme && l.programme->code() == "2018/scrap_buy_other";
  });
  REQUIRE(line != lines.end());
  CHECK(line->use.applications == 1);
  CHECK(line->use.committed == 10000);
  CHECK(line->remaining == 20000000 - 10000);
  std::vector<PayableSubsidy> payable;
  SubsidyStore(*d.ledger).for_each_payable([&](const PayableSubsidy& p) { payable.push_back(p); });
  REQUIRE(payable.size() == 1);
  CHECK(payable[0].ref == c.ref);
  CHECK(payable[0].amount == 10000);
  CHECK(payable[0].account_number == "123456789012");
  auto paid = d.desk.move(at("2018-03-08 10:00"), c.ref, "paid", "x");
  REQUIRE(!paid);
  CHECK(paid.error().why == "paid only through epb subsidy pay --confirm");
  // A failed transfer leaves it approved, still payable.
  REQUIRE(d.desk.record_payment_failed(at("2018-03-09 09:00"), c.ref, "帳號錯誤"));
  CHECK(d.desk.find(c.ref)->c.status == "approved");
  REQUIRE(d.desk.record_paid(at("2018-03-09 10:00"), c.ref, "PAY-1"));
  CHECK(d.desk.find(c.ref)->c.status == "paid");
  const auto after = d.desk.budget();
  const auto paid_line = std::find_if(after.begin(), after.end(), [](const BudgetLine& l) {
    return l.programme && l.programme->code() == "2018/scrap_buy_other";
  });
  CHECK(paid_line->use.committed == 0);
  CHECK(paid_line->use.paid == 10000);
  CHECK(!d.desk.record_paid(at("2018-03-10 10:00"), c.ref, "PAY-2"));
}

TEST_CASE("subsidy budget: the count cap refuses the next approval") {
  Desk d;
  NewSubsidy s = scrap_buy();
  s.programme_year = "2019";
  s.invoice_date = "2019-02-01";
  const Case a = d.ready(person(), s, "2019-02-02 10:00");
  NewSubsidy t = scrap_buy("FAB-234", "EBK7654321");
  t.programme_year = "2019";
  t.invoice_date = "2019-02-01";
  t.new_plate = "EMB-5678";
  const Case b = d.ready(person("F131104093"), t, "2019-02-02 10:00");
  REQUIRE(d.desk.approve(at("2019-02-03 10:00"), a.ref, ""));
  CHECK(d.codes(b.ref) == std::vector<std::string>{"budget_exhausted"});
}

TEST_CASE("subsidy review: rejection needs a reason, one correction, within 30 days unless extended") {
  Desk d;
  const Case c = d.ready();
  CHECK(!d.desk.reject(at("2018-03-07 10:00"), c.ref, " "));
  auto asked = d.desk.request_docs(at("2018-03-07 10:00"), c.ref, "invoice photos");
  REQUIRE(asked);
  CHECK(asked->status == "documents");
  auto review = d.desk.review(c.ref);
  REQUIRE(review);
  CHECK(review->amount == 5000);
  int missing = 0;
  for (const auto& item : review->documents)
    missing += item.missing ? 1 : 0;
  CHECK(missing == 2);
  // 31 days later without an extension: refused.
  auto late = d.desk.documents_received(at("2018-04-08 10:00"), c.ref, "已補件");
  REQUIRE(!late);
  CHECK(late.error().why.find("after 30 days") != std::string::npos);
  REQUIRE(d.desk.cases().extend(at("2018-04-08 10:00"), c.ref, 5, "申請人請求延長補件"));
  REQUIRE(d.desk.documents_received(at("2018-04-08 11:00"), c.ref, "已補件"));
  auto again = d.desk.request_docs(at("2018-04-09 10:00"), c.ref, "photos");
  REQUIRE(!again);
  CHECK(again.error().why.find("the rules allow one correction") != std::string::npos);
  REQUIRE(d.desk.reject(at("2018-04-10 10:00"), c.ref, "照片不符"));
  CHECK(d.desk.find(c.ref)->a.decision_reason == "照片不符");
}

TEST_CASE("subsidy review: an extension moves the 30-day correction limit by its working days only") {
  Desk d;
  const Case c = d.ready();
  REQUIRE(d.desk.request_docs(at("2018-03-07 10:00"), c.ref, "invoice photos"));
  REQUIRE(d.desk.cases().extend(at("2018-03-08 10:00"), c.ref, 1, "申請人請求延長補件"));
  // 30 days end on 2018-04-06 (a holiday); one working day more is 2018-04-09, not for ever.
  auto late = d.desk.documents_received(at("2018-09-10 10:00"), c.ref, "已補件");
  REQUIRE(!late);
  CHECK(late.error().why.find("extended to 2018-04-09") != std::string::npos);
  CHECK(d.desk.find(c.ref)->c.status == "documents");
  REQUIRE(d.desk.documents_received(at("2018-04-09 16:00"), c.ref, "已補件"));
}

TEST_CASE("subsidy household: the query holds open person applications not yet checked") {
  Desk d;
  d.apply();
  NewCase business;
  business.channel = "in_person";
  business.applicant_kind = "organisation";
  business.name = "大發機車行";
  business.business_number = "04595252";
  business.subject = "汰舊補助";
  d.apply(business, scrap_buy("FAB-234", "EBK7654321"));
  const auto queries = d.desk.household_queries();
  REQUIRE(queries.size() == 1);
  CHECK(queries[0].id_number == "A123456789");
  CHECK(queries[0].name == "王小明");
  auto unknown = d.desk.record_household(at("2018-03-06 10:00"), HouseholdAnswer{"F131104093", true, "", {}});
  REQUIRE(!unknown);
  CHECK(unknown.error().fault == Fault::not_found);
  auto answered = d.desk.record_household(at("2018-03-06 10:00"), HouseholdAnswer{"A123456789", true, "苓雅區", {}});
  REQUIRE(answered);
  CHECK(answered->failures.empty());
  CHECK(d.desk.household_queries().empty());
}

TEST_CASE("subsidy status: by plate with the phone's last 4, a wrong factor answers like an unknown plate") {
  Desk d;
  const Case c = d.apply();
  auto found = d.desk.status(at("2018-03-06 10:00"), "faa233", "5678");
  REQUIRE(found);
  CHECK(found->ref == c.ref);
  CHECK(d.desk.status(at("2018-03-06 10:00"), "EMA-1234", "5678"));
  auto wrong = d.desk.status(at("2018-03-06 10:00"), "FAA-233", "0000");
  auto unknown = d.desk.status(at("2018-03-06 10:00"), "ZZZ-999", "5678");
  REQUIRE(!wrong);
  REQUIRE(!unknown);
  CHECK(wrong.error().message() == unknown.error().message());
  CHECK(wrong.error().fault == Fault::not_found);
  // Locked after [lookup] max_failures: the right answer is refused too.
  for (int i = 0; i < config().lookup.max_failures; ++i)
    CHECK(!d.desk.status(at("2018-03-06 11:00"), "FAA-233", "1111"));
  CHECK(!d.desk.status(at("2018-03-06 12:00"), "FAA-233", "5678"));
}

TEST_CASE("subsidy budget race: two connections approving for the last place cannot both succeed") {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / ("epb-subsidy-race-" + std::to_string(::getpid()) + ".sqlite");
  fs::remove(path);
  std::string refs[2];
  {
    auto ledger = Ledger::open(path.string(), Ledger::Open::create);
    ledger->migrate();
    SubsidyDesk desk(*ledger, config(), OfficeCalendar::builtin());
    for (int i = 0; i < 2; ++i) {
      NewCase c = person(i == 0 ? "A123456789" : "F131104093");
      c.received = "2019-02-02 10:00";
      NewSubsidy s = scrap_buy(i == 0 ? "FAA-233" : "FAB-234", i == 0 ? "EBK1111111" : "EBK2222222");
      s.programme_year = "2019";
      s.invoice_date = "2019-02-01";
      s.new_plate = i == 0 ? "EMA-1111" : "EMB-2222";
      auto opened = desk.apply(at("2019-02-02 10:00"), c, s);
      REQUIRE(opened);
      refs[i] = opened->ref;
      REQUIRE(desk.move(at("2019-02-02 11:00"), opened->ref, "reviewing", ""));
      REQUIRE(desk.record_household(at("2019-02-02 11:00"), HouseholdAnswer{c.id_number, true, "", {}}));
    }
  }
  int approved = 0;
  std::string refusal;
  std::mutex m;
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i)
    threads.emplace_back([&, i] {
      auto ledger = Ledger::open(path.string(), Ledger::Open::existing);
      SubsidyDesk desk(*ledger, config(), OfficeCalendar::builtin());
      auto result = desk.approve(at("2019-02-03 10:00"), refs[i], "");
      std::lock_guard lock(m);
      if (result)
        ++approved;
      else
        refusal = result.error().why;
    });
  for (auto& t : threads)
    t.join();
  CHECK(approved == 1);
  CHECK(refusal.find("budget_exhausted") != std::string::npos);
  fs::remove(path);
  fs::remove(path.string() + "-wal");
  fs::remove(path.string() + "-shm");
}

TEST_CASE("sha256: the FIPS 180-4 examples and a two-block tail") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000, 'a')) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST_CASE("subsidy household files: the query holds ID and name only, answers are all or nothing, at FILE:LINE") {
  Desk d;
  d.apply();
  d.apply(person("F131104093", "0922333444"), scrap_buy("FAB-234", "EBK7654321"));
  CHECK(render_household_query(d.desk.household_queries()) ==
        "id_number,name\r\nA123456789,王小明\r\nF131104093,王小明\r\n");
  const std::string bad = "id_number,registered,district,registered_on\r\nA123456789,yes,苓雅區,2001-01-01\r\n"
                          "O158238845,no,,\r\n";
  auto refused =
      import_household_answers(d.desk, *d.ledger, at("2018-03-06 10:00"), bad, "answer.csv", sha256_hex(bad));
  REQUIRE(!refused);
  CHECK(refused.error().message().starts_with("answer.csv:3: id_number O15****845: no application awaits it"));
  CHECK(d.desk.household_queries().size() == 2); // nothing recorded
  auto shape = parse_household_answers("id_number,registered,district,registered_on\nA123456789,maybe,,\n", "a.csv");
  REQUIRE(!shape);
  CHECK(shape.error().message() == "a.csv:2: registered: 'maybe' is not yes or no");
  const std::string good = "id_number,registered,district,registered_on\r\nA123456789,yes,苓雅區,90/01/01\r\n"
                           "F131104093,N,,\r\n";
  auto imported =
      import_household_answers(d.desk, *d.ledger, at("2018-03-06 10:00"), good, "answer.csv", sha256_hex(good));
  REQUIRE(imported);
  CHECK(imported->records == 2);
  CHECK(imported->eligible == 1);
  CHECK(imported->sha256 == sha256_hex(good));
  CHECK(d.desk.household_queries().empty());
  auto& count = d.ledger->db().prepare("SELECT direction, records, file_sha256 FROM household_exchange");
  REQUIRE(count.step());
  CHECK(count.text(0) == "import");
  CHECK(count.int64(1) == 2);
  count.reset();
}

TEST_CASE("subsidy kind: an extension only while waiting for documents, other changes free") {
  Desk d;
  const Case c = d.ready();
  const Stamp stamp = at("2018-03-07 10:00");
  const KindScope scope{*d.ledger, config(), OfficeCalendar::builtin(), stamp};
  auto refused = subsidy_case_kind().guard_change(scope, *d.desk.cases().find(c.ref), CaseVerb::extend);
  REQUIRE(!refused);
  CHECK(refused.error().why == "a subsidy application is extended only while waiting for documents (補件)");
  CHECK(subsidy_case_kind().guard_change(scope, *d.desk.cases().find(c.ref), CaseVerb::note));
  REQUIRE(d.desk.request_docs(stamp, c.ref, "photos"));
  CHECK(subsidy_case_kind().guard_change(scope, *d.desk.cases().find(c.ref), CaseVerb::extend));
  CHECK(case_verb_name(CaseVerb::recompute) == "recompute");
}
