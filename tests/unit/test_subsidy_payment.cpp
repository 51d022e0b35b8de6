// Subsidies through the payment engine, end to end on a ledger file: apply → approve → batch →
// the bank's result → paid (or back to approved with the reason), with the budget following.
#include "desk_test_support.hpp"
#include "epb/io/import_engine.hpp"
#include "epb/payment/payment.hpp"
#include "epb/payment/payment_result.hpp"
#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/subsidy/subsidy_payment.hpp"
#include "ledger_file_test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace epb;

namespace {

using test::at;

struct PayLedger : test::LedgerFile {
  PayLedger() : LedgerFile("subpay") {}

  // The n-th applicant (distinct person, plates and frame), reviewed, answered and approved.
  std::string approved(int n) {
    static const char* ids[] = {"A123456789", "F131104093"};
    NewCase c;
    c.channel = "in_person";
    c.name = fmt::format("王小明{}", n);
    c.id_number = ids[n];
    c.phone = "0912345678";
    c.received = "2018-03-05 10:00";
    NewSubsidy s;
    s.programme_year = "107";
    s.kind = "scrap_buy_other";
    s.scrapped_plate = fmt::format("FAA-{}", 230 + n);
    s.scrapped_made = "2001-05-01";
    s.recycling_certificate = fmt::format("RC-{}", n);
    s.deregistered = "107/03/01";
    s.new_plate = fmt::format("EMA-{}", 1230 + n);
    s.new_frame = fmt::format("EBK{}", 1234560 + n);
    s.new_class = "light";
    s.invoice_number = fmt::format("AB-{}", 12345670 + n);
    s.invoice_date = "2018-03-02";
    s.bank_code = "004";
    s.account_number = fmt::format("1234-5678-901{}", n);
    auto opened = desk.apply(at("2018-03-05 10:00"), c, s);
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message()));
    REQUIRE(desk.move(at("2018-03-05 11:00"), opened->ref, "reviewing", ""));
    REQUIRE(desk.record_household(at("2018-03-05 11:00"), HouseholdAnswer{c.id_number, true, "苓雅區", {}}));
    auto ok = desk.approve(at("2018-03-06 10:00"), opened->ref, "");
    REQUIRE_MESSAGE(ok, (ok ? "" : ok.error().message()));
    return opened->ref;
  }

  Result<BuiltBatch> batch(std::string_view name, const char* when = "2018-03-07 10:00") {
    BatchRequest request;
    request.roster_path = path(name);
    request.protect = &protect;
    return build_payment_batch(*ledger, source, at(when), request);
  }

  ImportSummary confirm(std::string_view name, std::string_view text, const char* when = "2018-03-20 10:00") {
    return test::import_results(*ledger, source, path(name), text, at(when));
  }

  std::string status(const std::string& ref) { return desk.find(ref)->c.status; }
  BudgetLine line() {
    for (const auto& l : desk.budget())
      if (l.programme && l.programme->code() == "2018/scrap_buy_other") return l;
    FAIL("no 2018/scrap_buy_other budget line");
    return {};
  }

  SubsidyDesk desk{*ledger, test::config(), OfficeCalendar::builtin()};
  SubsidyPaymentSource source{test::config(), OfficeCalendar::builtin()};
};

std::string result_line(const std::string& batch, const std::string& ref, const char* tail) {
  return fmt::format("{},{},5000,{}\n", batch, ref, tail);
}
constexpr const char* k_header = "batch,ref,amount,status,reason,paid_on\n";

} // namespace

TEST_CASE("subsidy payment: approved applications are batched, paid through the desk, and the budget follows") {
  PayLedger p;
  const std::string a = p.approved(0);
  const std::string b = p.approved(1);
  CHECK(p.line().use.committed == 10000);
  auto built = p.batch("roster.csv");
  REQUIRE_MESSAGE(built, (built ? "" : built.error().message()));
  CHECK(built->ref == "PAY-107-0001");
  CHECK(built->items == 2);
  CHECK(built->total == 10000);
  // Both are in an open batch: a second batch finds nothing to pay.
  auto again = p.batch("roster2.csv");
  REQUIRE(!again);
  CHECK(again.error().fault == Fault::not_found);

  // a paid, b failed: a is paid (case and subsidy row), b is approved again with the reason.
  const auto summary = p.confirm("result.csv", std::string(k_header) + result_line(built->ref, a, "paid,,2018-03-19") +
                                                   result_line(built->ref, b, "failed,帳號不符,"));
  CHECK(summary.imported == 2);
  CHECK(summary.rejected == 0);
  CHECK(p.status(a) == "paid");
  CHECK(p.desk.find(a)->a.paid_at.has_value());
  CHECK(p.desk.find(a)->a.payment_batch == built->ref);
  CHECK(p.status(b) == "approved");
  CHECK(!p.desk.find(b)->a.paid_at.has_value());
  CHECK(find_payment_batch(*p.ledger, built->ref)->state == BatchState::confirmed);
  {
    auto& s = p.ledger->db().prepare(
        "SELECT json_extract(detail, '$.reason') FROM event WHERE action = 'payment-failed' AND subject = :s");
    s.bind(":s", "case:" + b);
    REQUIRE(s.step());
    CHECK(s.text(0) == "帳號不符");
    s.reset();
  }
  // The budget's paid column agrees with the payment engine's.
  const BudgetLine line = p.line();
  CHECK(line.use.paid == 5000);
  CHECK(line.use.paid_count == 1);
  CHECK(line.use.committed == 5000);
  CHECK(line.use.approved == 1);
  const auto totals = payment_totals(*p.ledger, "subsidy");
  REQUIRE(totals.size() == 1);
  CHECK(totals[0].paid == line.use.paid_count);
  CHECK(totals[0].paid_total == line.use.paid);
  CHECK(totals[0].failed == 1);

  // Re-importing the same file pays nothing twice: every row a duplicate.
  const auto repeat = p.confirm("result.csv", std::string(k_header) + result_line(built->ref, a, "paid,,2018-03-19") +
                                                  result_line(built->ref, b, "failed,帳號不符,"));
  CHECK(repeat.imported == 0);
  CHECK(repeat.skipped == 2);
  CHECK(p.line().use.paid == 5000);

  // The failed one goes into the next batch, alone: the paid one is never batched again.
  auto next = p.batch("roster3.csv", "2018-03-21 10:00");
  REQUIRE_MESSAGE(next, (next ? "" : next.error().message()));
  CHECK(next->ref == "PAY-107-0002");
  CHECK(next->items == 1);
  const auto items = payment_batch_items(*p.ledger, next->id);
  REQUIRE(items.size() == 1);
  CHECK(items[0].ref == b);
  CHECK(items[0].account == "********9011");

  // Paid in the second batch: a second payment of a is refused whatever the route.
  const auto second = p.confirm("result2.csv", std::string(k_header) + result_line(next->ref, b, "paid,,2018-03-21"),
                                "2018-03-22 09:00");
  CHECK(second.imported == 1);
  CHECK(p.status(b) == "paid");
  CHECK(p.line().use.paid == 10000);
  CHECK(p.line().use.committed == 0);
  auto none = p.batch("roster4.csv", "2018-03-22 10:00");
  REQUIRE(!none);
  CHECK(none.error().fault == Fault::not_found);
  auto twice = p.desk.record_paid(at("2018-03-22 10:00"), a, "PAY-107-0009");
  REQUIRE(!twice);
  CHECK(twice.error().why.find("never paid twice") != std::string::npos);
}

TEST_CASE("subsidy payment: a case is paid only through a confirmed payment, never by a generic move") {
  PayLedger p;
  const std::string a = p.approved(0);
  auto moved = p.desk.cases().move(at("2018-03-07 10:00"), a, "paid", "by hand");
  REQUIRE(!moved);
  CHECK(moved.error().why == "paid only through epb subsidy pay --confirm");
  CHECK(p.status(a) == "approved");
  // In an open batch the case is still approved, and still cannot be moved to paid by hand.
  REQUIRE(p.batch("roster.csv"));
  CHECK(!p.desk.cases().move(at("2018-03-07 11:00"), a, "paid", "by hand"));
  // A result refused by the desk (the case is no longer approved) undoes the whole row.
  p.ledger->db().exec("UPDATE case_file SET status = 'rejected'");
  const auto refused =
      p.confirm("result.csv", std::string(k_header) + result_line("PAY-107-0001", a, "failed,帳號不符,"));
  CHECK(refused.rejected == 1);
  CHECK(refused.imported == 0);
  CHECK(payment_batch_items(*p.ledger, 1)[0].state == PaymentState::in_batch);
}
