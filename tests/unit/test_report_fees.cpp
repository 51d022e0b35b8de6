// The fee sections of the period report against a hand-built ledger (fee_test_support.hpp):
// projects of RC 1,000 m² over 90 days (NT$7,950, level 2: 1,000 × 90 / 30 × 2.65), one slip
// each due on 2026-03-13 (the start 2026-03-10 plus 3 days' grace); every figure below is
// worked out by hand from what each test records.
#include "epb/fee/fee_desk.hpp"
#include "epb/fee/fee_payments.hpp"
#include "epb/report/period_report.hpp"
#include "fee_test_support.hpp"

#include <algorithm>

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace epb;
using namespace epb::report;

namespace {

using test::at;

struct FeeLedger {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  FeeDesk desk{*ledger, test::fee_config(), OfficeCalendar::builtin()};

  // A project declared on `declared` (its slip of NT$7,950 due 2026-03-13): its ref and slip.
  std::pair<std::string, std::string> project(const char* permit, const char* declared) {
    NewFeeProject p = test::rc_project();
    p.permit = permit;
    auto added = desk.add_project(at("2026-03-02 10:00"), p);
    REQUIRE_MESSAGE(added, (added ? "" : added.error().message()));
    auto assessed = desk.declare(at(declared), added->c.ref, {});
    REQUIRE_MESSAGE(assessed, (assessed ? "" : assessed.error().message()));
    REQUIRE(assessed->issued.size() == 1);
    REQUIRE(assessed->issued[0].amount == 7950);
    return {added->c.ref, assessed->issued[0].slip};
  }
  void pay(const std::string& slip, std::int64_t amount, const char* paid_on, const char* recorded) {
    FeePaymentInput in{slip, amount, *parse_date(paid_on), "bank", fmt::format("T-{}-{}", slip, paid_on)};
    auto paid = apply_fee_payment(*ledger, test::fee_config().fee, at(recorded), in);
    REQUIRE_MESSAGE(paid, (paid ? "" : paid.error().message()));
  }
  // The settlement on 500 m² over the same 90 days: NT$3,975.
  void settle_half(const std::string& ref) {
    auto settled = desk.settle(at("2026-06-10 10:00"), ref, {"500", "2026-06-07", false, ""});
    REQUIRE_MESSAGE(settled, (settled ? "" : settled.error().message()));
    REQUIRE(settled->declaration.fee == 3975);
  }
  void dunning(const std::string& ref, const std::string& slip, const char* level, const char* sent_at,
               const char* state = "sent") {
    ledger->db().exec(fmt::format(
        "INSERT INTO notice (case_id, ref, source, item, level, trigger, deadline_version, cycle, audience, "
        "transport, lang, subject, body, message_id, state, planned_at, next_attempt_at, sent_at) SELECT id, ref, "
        "'fee', '{}', '{}', 'dunning', 0, 20260313, 'applicant', 'post', 'zh-TW', 's', 'b', 'm-{}-{}', '{}', 0, 0, "
        "{} FROM case_file WHERE ref = '{}'",
        slip, level, slip, level, state, parse_instant(sent_at)->unix_seconds(), ref));
  }

  Document report(int year, const char* as_of, std::optional<std::string> service = std::nullopt) {
    ReportScope scope;
    scope.period = year_period(year);
    scope.as_of = at(as_of).at;
    scope.service = std::move(service);
    return report(scope);
  }
  Document report(ReportScope scope) {
    scope.generated_at = scope.as_of;
    Document document;
    auto added = add_fee_sections(document, {*ledger, test::fee_config(), OfficeCalendar::builtin()}, scope);
    REQUIRE_MESSAGE(added, (added ? "" : added.error().message()));
    return document;
  }
};

std::string cell(const Document& d, const char* table, const char* first, const char* column) {
  const Table* t = d.table(table);
  REQUIRE(t != nullptr);
  const auto index = t->column(column);
  REQUIRE(index.has_value());
  for (const auto& row : t->rows)
    if (row[0] == first || (row.size() > 1 && row[1] == first)) return row[*index].value_or("none");
  FAIL("no row " << first);
  return {};
}

std::string fee(const Document& d, const char* column) { return cell(d, "fees", "construction_fee", column); }

bool defines(const Document& d, const char* key) {
  return std::ranges::any_of(d.definitions, [&](const Definition& x) { return x.key == key; });
}

} // namespace

TEST_CASE("report fees: assessed, collected and outstanding of a year, a payment and a slip left unpaid") {
  FeeLedger f;
  const auto [a, slip_a] = f.project("P-1", "2026-03-03 10:00");
  f.project("P-2", "2026-03-04 10:00");
  f.pay(slip_a, 7950, "2026-03-12", "2026-03-12 15:00");
  const Document d = f.report(2026, "2027-01-10 00:00");
  CHECK(fee(d, "unit") == "air-noise");
  CHECK(fee(d, "declarations") == "2");
  CHECK(fee(d, "assessed") == "15900");
  CHECK(fee(d, "payments") == "1");
  CHECK(fee(d, "collected") == "7950");
  CHECK(fee(d, "late_charges") == "0");
  CHECK(fee(d, "outstanding_at_end") == "7950"); // P-2's slip
  CHECK(fee(d, "overdue_at_end") == "7950");     // due 2026-03-13, before 2026-12-31
  CHECK(fee(d, "refunds") == "0");
  CHECK(fee(d, "refunded") == "0");
  CHECK(d.table("fees")->note.empty());
  const auto money = d.table("fees")->column("assessed");
  CHECK(d.table("fees")->columns[*money].type == CellType::money);
  for (const char* key : {"fee_assessed", "fee_collected", "fee_outstanding", "fee_refunds", "fee_late_payers"})
    CHECK(defines(d, key));
  REQUIRE(d.sections.size() == 1);
  CHECK(d.sections[0].key == "fees");
  CHECK(d.sections[0].paragraphs[0].find("NT$15,900") != std::string::npos);
}

TEST_CASE("report fees: as of a moment, a payment recorded after it is not counted though paid before it") {
  FeeLedger f;
  const auto [a, slip_a] = f.project("P-1", "2026-03-03 10:00");
  f.project("P-2", "2026-03-04 10:00");
  f.pay(slip_a, 7950, "2026-03-12", "2026-04-01 09:00");
  // As of 2026-03-20: the year ends there; the payment was keyed in on 04-01.
  const Document then = f.report(2026, "2026-03-20 12:00");
  CHECK(fee(then, "payments") == "0");
  CHECK(fee(then, "collected") == "0");
  CHECK(fee(then, "outstanding_at_end") == "15900");
  CHECK(fee(then, "overdue_at_end") == "15900"); // both due 2026-03-13
  // As of 2026-03-03 noon: only P-1 declared, its slip not yet due.
  const Document early = f.report(2026, "2026-03-03 12:00");
  CHECK(fee(early, "declarations") == "1");
  CHECK(fee(early, "assessed") == "7950");
  CHECK(fee(early, "outstanding_at_end") == "7950");
  CHECK(fee(early, "overdue_at_end") == "0");
  // As of now the payment counts in the year it was paid.
  const Document now = f.report(2026, "2027-01-10 00:00");
  CHECK(fee(now, "collected") == "7950");
  CHECK(fee(now, "outstanding_at_end") == "7950");
}

TEST_CASE("report fees: a settlement below what was paid is a refund, one below what is open cancels slips") {
  FeeLedger f;
  const auto [a, slip_a] = f.project("P-1", "2026-03-03 10:00");
  const auto [b, slip_b] = f.project("P-2", "2026-03-04 10:00");
  f.pay(slip_a, 7950, "2026-03-12", "2026-03-12 15:00");
  f.settle_half(a); // paid 7,950, settled 3,975: refund 3,975
  f.settle_half(b); // open 7,950 cancelled, 3,975 issued again with the same due date
  const Document d = f.report(2026, "2027-01-10 00:00");
  CHECK(fee(d, "declarations") == "4");
  CHECK(fee(d, "assessed") == "11925"); // 7,950 + 7,950 + 3,975 − 7,950
  CHECK(fee(d, "refunds") == "1");
  CHECK(fee(d, "refunded") == "3975");
  CHECK(fee(d, "outstanding_at_end") == "3975");
  CHECK(fee(d, "overdue_at_end") == "3975");
  // Before the settlements (as of 2026-06-01) the year so far reads as it did then.
  const Document before = f.report(2026, "2026-06-01 00:00");
  CHECK(fee(before, "declarations") == "2");
  CHECK(fee(before, "assessed") == "15900");
  CHECK(fee(before, "refunds") == "0");
  CHECK(fee(before, "outstanding_at_end") == "7950");
  // A report of 2027 sees neither the declarations nor the settlements, only the slip still open.
  const Document next = f.report(2027, "2027-12-31 00:00");
  CHECK(fee(next, "declarations") == "0");
  CHECK(fee(next, "assessed") == "0");
  CHECK(fee(next, "outstanding_at_end") == "3975");
}

TEST_CASE("report fees: late payers contacted are projects dunned after the due date, reminders apart") {
  FeeLedger f;
  const auto [a, slip_a] = f.project("P-1", "2026-03-03 10:00");
  const auto [b, slip_b] = f.project("P-2", "2026-03-04 10:00");
  f.dunning(a, slip_a, "reminder", "2026-03-11 01:00"); // before the due date
  f.dunning(a, slip_a, "first", "2026-03-16 01:00");
  f.dunning(a, slip_a, "second", "2026-04-16 01:00");
  f.dunning(b, slip_b, "first", "2026-03-16 01:00", "failed"); // not sent
  f.dunning(b, slip_b, "second", "2027-01-05 01:00");          // sent after the year
  const Document d = f.report(2026, "2027-01-10 00:00");
  CHECK(fee(d, "dunning_sent") == "3");
  CHECK(fee(d, "late_payers_contacted") == "1");
  // As of 2026-03-15 only the reminder had gone out.
  const Document then = f.report(2026, "2026-03-15 00:00");
  CHECK(fee(then, "dunning_sent") == "1");
  CHECK(fee(then, "late_payers_contacted") == "0");
}

TEST_CASE("report fees: the water fee per half-year, declared, paid in part, the rest overdue") {
  FeeLedger f;
  const auto ts = [](const char* when) { return parse_instant(when)->unix_seconds(); };
  f.ledger->db().exec(fmt::format(
      "INSERT INTO water_fee (id, ubn, business, period, declared, exempt, due_date, paid, declared_at, actor) VALUES "
      "(1, '04595257', 'A', '2026-H1', 10000, 0, '2026-07-31', 4000, {0}, 'c'), "
      "(2, '22099131', 'B', '2026-H1', 40, 1, '2026-07-31', 0, {0}, 'c'), "
      "(3, '12345675', 'C', '2025-H2', 5000, 0, '2026-01-31', 5000, {1}, 'c')",
      ts("2026-07-01 10:00"), ts("2026-01-10 10:00")));
  f.ledger->db().exec(fmt::format(
      "INSERT INTO water_payment (water_fee_id, amount, interest, paid_on, txn_id, recorded_at, actor) VALUES "
      "(1, 4000, 0, '2026-07-15', 'W1', {}, 'c'), (3, 5012, 12, '2026-02-20', 'W2', {}, 'c')",
      ts("2026-07-15 10:00"), ts("2026-12-30 10:00")));
  const Document d = f.report(2026, "2027-01-10 00:00");
  CHECK(cell(d, "water_fees", "2026-H1", "declarations") == "2");
  CHECK(cell(d, "water_fees", "2026-H1", "assessed") == "10000"); // the exempt NT$40 left out
  CHECK(cell(d, "water_fees", "2026-H1", "collected") == "4000");
  CHECK(cell(d, "water_fees", "2026-H1", "outstanding_at_end") == "6000");
  CHECK(cell(d, "water_fees", "2026-H1", "overdue_at_end") == "6000");
  CHECK(cell(d, "water_fees", "2025-H2", "collected") == "5012");
  CHECK(cell(d, "water_fees", "2025-H2", "interest") == "12");
  CHECK(cell(d, "water_fees", "2025-H2", "outstanding_at_end") == "0");
  // As of 2026-12-01 the 2025-H2 payment (keyed in on 12-30) is not known: unpaid, overdue.
  const Document then = f.report(2026, "2026-12-01 00:00");
  CHECK(cell(then, "water_fees", "2025-H2", "collected") == "0");
  CHECK(cell(then, "water_fees", "2025-H2", "outstanding_at_end") == "5000");
  CHECK(cell(then, "water_fees", "2025-H2", "overdue_at_end") == "5000");
  // Under --service the water fee is not reported (it has no unit or service).
  const Document filtered = f.report(2026, "2027-01-10 00:00", "construction_fee");
  CHECK(filtered.table("water_fees")->rows.empty());
  CHECK_FALSE(filtered.table("water_fees")->note.empty());
}

TEST_CASE("report fees: a period with no fee data has its tables, a row of zeros and a note") {
  FeeLedger f;
  f.project("P-1", "2026-03-03 10:00");
  const Document d = f.report(2025, "2027-01-10 00:00");
  const Table* fees = d.table("fees");
  REQUIRE(fees != nullptr);
  REQUIRE(fees->rows.size() == 1); // the config's one fee service
  CHECK(fee(d, "assessed") == "0");
  CHECK(fee(d, "collected") == "0");
  CHECK(fee(d, "outstanding_at_end") == "0");
  CHECK_FALSE(fees->note.empty());
  REQUIRE(d.table("water_fees") != nullptr);
  CHECK(d.table("water_fees")->rows.empty());
  CHECK_FALSE(d.table("water_fees")->note.empty());
}

TEST_CASE("report fees: a month counts what fell in it, and the slips still standing at its end") {
  FeeLedger f;
  const auto [a, slip_a] = f.project("P-1", "2026-03-03 10:00");
  f.project("P-2", "2026-03-04 10:00");
  f.pay(slip_a, 7950, "2026-03-12", "2026-03-12 15:00");
  ReportScope march;
  march.kind = ReportScope::Kind::monthly;
  march.period = Period{*Date::from_ymd(2026, 3, 1), *Date::from_ymd(2026, 3, 31)};
  march.as_of = at("2026-05-10 00:00").at;
  const Document d = f.report(march);
  CHECK(fee(d, "declarations") == "2");
  CHECK(fee(d, "assessed") == "15900");
  CHECK(fee(d, "collected") == "7950");
  CHECK(fee(d, "outstanding_at_end") == "7950");
  CHECK(fee(d, "overdue_at_end") == "7950");
  ReportScope april = march;
  april.period = Period{*Date::from_ymd(2026, 4, 1), *Date::from_ymd(2026, 4, 30)};
  const Document next = f.report(april);
  CHECK(fee(next, "declarations") == "0");
  CHECK(fee(next, "assessed") == "0");
  CHECK(fee(next, "collected") == "0");
  CHECK(fee(next, "outstanding_at_end") == "7950");
  CHECK(next.table("fees")->note.empty()); // something stands at its end
}

TEST_CASE("report fees: in English, and under a unit without fee services no row, with a note") {
  FeeLedger f;
  f.project("P-1", "2026-03-03 10:00");
  ReportScope scope;
  scope.period = year_period(2026);
  scope.as_of = at("2027-01-10 00:00").at;
  scope.english = true;
  const Document d = f.report(scope);
  const Table* fees = d.table("fees");
  CHECK(fees->columns[*fees->column("assessed")].label == "Assessed");
  CHECK(d.sections[0].paragraphs[0].find("NT$7,950 assessed") != std::string::npos);
  bool english_definition = false;
  for (const Definition& x : d.definitions)
    if (x.key == "fee_assessed") english_definition = x.term == "Assessed";
  CHECK(english_definition);
  scope.unit = "planning";
  const Document planning = f.report(scope);
  CHECK(planning.table("fees")->rows.empty());
  CHECK_FALSE(planning.table("fees")->note.empty());
}
