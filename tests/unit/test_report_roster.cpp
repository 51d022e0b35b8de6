// The remittance roster report: a batch's every transfer or a year's paid ones, with the
// payee's ID number from the purpose's table, masked unless revealed, and its count and sum.
#include "epb/report/render.hpp"
#include "epb/report/roster.hpp"
#include "reward_test_support.hpp"

#include <sstream>

using namespace epb;
using test::RewardWorld;

namespace {

// Two rewards in batch RWD-107-0001: the first paid on 2018-03-19, the second failed.
struct PaidWorld : RewardWorld {
  PaidWorld() {
    a = open_case();
    b = open_case();
    REQUIRE(add(reward_for(a, "5000")));
    NewReward other = reward_for(b, "3000");
    other.payee = "林美華";
    other.id_number = "F131104093";
    other.account_number = "99998888777766";
    REQUIRE(add(other, "2018-03-06 11:00"));
    auto built = batch("roster.csv");
    REQUIRE(built);
    confirm("result.csv",
            fmt::format("{}RWD-107-0001,{},5000,paid,,2018-03-19\nRWD-107-0001,{},3000,failed,帳號不符,\n",
                        test::k_result_header, a, b));
  }
  std::string a, b;
};

// Later than anything the tests write.
const Instant k_now = test::at("2030-01-01 00:00").at;

report::RosterScope scope_batch(std::string batch) {
  report::RosterScope scope;
  scope.as_of = k_now;
  scope.purpose = report::RosterPurpose::reward;
  scope.batch = std::move(batch);
  return scope;
}

report::RosterScope scope_year(int year) {
  report::RosterScope scope;
  scope.as_of = k_now;
  scope.purpose = report::RosterPurpose::reward;
  scope.year = year;
  return scope;
}

std::string rendered(const report::Document& document, report::DocumentFormat format) {
  std::ostringstream out;
  REQUIRE(report::render(document, format, out));
  return out.str();
}

} // namespace

TEST_CASE("report roster: a batch lists every transfer in roster order with the payee's ID number") {
  PaidWorld w;
  const auto lines = report::roster_lines(*w.ledger, scope_batch("RWD-107-0001"));
  REQUIRE(lines);
  REQUIRE(lines->size() == 2);
  CHECK((*lines)[0].ref == w.a);
  CHECK((*lines)[0].id_number == "A123456789");
  CHECK((*lines)[0].account == "123456789012");
  CHECK((*lines)[0].state == "paid");
  CHECK((*lines)[0].paid_on == Date::from_ymd(2018, 3, 19));
  CHECK((*lines)[1].ref == w.b);
  CHECK((*lines)[1].state == "failed");
  CHECK(!(*lines)[1].paid_on);
  CHECK(report::roster_refs(*lines) == std::vector<std::string>{w.a, w.b});
}

TEST_CASE("report roster: a year lists only the transfers the bank paid in it") {
  PaidWorld w;
  const auto y2018 = report::roster_lines(*w.ledger, scope_year(2018));
  REQUIRE(y2018);
  REQUIRE(y2018->size() == 1);
  CHECK((*y2018)[0].ref == w.a);
  const auto y2019 = report::roster_lines(*w.ledger, scope_year(2019));
  REQUIRE(y2019);
  CHECK(y2019->empty());
}

TEST_CASE("report roster: as of a past moment, results recorded later are not known and later batches not built") {
  PaidWorld w; // built 2018-03-07 10:00, results recorded 2018-03-20 10:00
  report::RosterScope before_results = scope_batch("RWD-107-0001");
  before_results.as_of = test::at("2018-03-10 10:00").at;
  const auto lines = report::roster_lines(*w.ledger, before_results);
  REQUIRE(lines);
  REQUIRE(lines->size() == 2);
  CHECK((*lines)[0].state == "in_batch");
  CHECK(!(*lines)[0].paid_on);
  report::RosterScope year = scope_year(2018);
  year.as_of = before_results.as_of;
  const auto paid = report::roster_lines(*w.ledger, year);
  REQUIRE(paid);
  CHECK(paid->empty());
  report::RosterScope before_batch = scope_batch("RWD-107-0001");
  before_batch.as_of = test::at("2018-03-07 09:00").at;
  const auto unbuilt = report::roster_lines(*w.ledger, before_batch);
  REQUIRE(!unbuilt);
  CHECK(unbuilt.error().fault == Fault::not_found);
  CHECK(unbuilt.error().why == "built after the as-of moment (2018-03-07T01:00:00Z)");
}

TEST_CASE("report roster: an unknown batch or one of another purpose is not found") {
  PaidWorld w;
  const auto unknown = report::roster_lines(*w.ledger, scope_batch("RWD-107-0009"));
  REQUIRE(!unknown);
  CHECK(unknown.error().fault == Fault::not_found);
  CHECK(unknown.error().what == "reward payment batch RWD-107-0009");
  report::RosterScope subsidy = scope_batch("RWD-107-0001");
  subsidy.purpose = report::RosterPurpose::subsidy;
  const auto other = report::roster_lines(*w.ledger, subsidy);
  REQUIRE(!other);
  CHECK(other.error().fault == Fault::not_found);
}

TEST_CASE("report roster: the document masks personal data by default and totals the transfers") {
  PaidWorld w;
  const report::RosterScope scope = scope_batch("RWD-107-0001");
  const auto lines = report::roster_lines(*w.ledger, scope);
  REQUIRE(lines);
  const report::Document document = report::roster_document(scope, *lines, Disclosure::masked());
  CHECK(document.kind == "roster");
  CHECK(document.primary == "payments");
  const report::Table* payments = document.table("payments");
  REQUIRE(payments);
  REQUIRE(payments->rows.size() == 2);
  const auto cell = [&](std::size_t row, std::string_view key) { return *payments->rows[row][*payments->column(key)]; };
  CHECK(cell(0, "seq") == "1");
  CHECK(cell(0, "payee") == "王O明");
  CHECK(cell(0, "id_number") == "A12****789");
  CHECK(cell(0, "account") == "********9012");
  CHECK(cell(0, "amount") == "5000");
  CHECK(cell(1, "seq") == "2");
  CHECK(payments->columns[*payments->column("amount")].type == report::CellType::money);
  const report::Table* total = document.table("total");
  REQUIRE(total);
  CHECK(total->rows == std::vector<std::vector<report::Cell>>{{"2", "8000"}});
  const auto fact = [&](std::string_view key) {
    for (const auto& [k, v] : document.facts)
      if (k == key) return v;
    return std::string("(none)");
  };
  CHECK(fact("items") == "2");
  CHECK(fact("total") == "8000");
  CHECK(fact("personal_data") == "masked");
  for (const auto format : {report::DocumentFormat::table, report::DocumentFormat::csv, report::DocumentFormat::json,
                            report::DocumentFormat::markdown}) {
    const std::string text = rendered(document, format);
    CHECK(text.find("王小明") == std::string::npos);
    CHECK(text.find("A123456789") == std::string::npos);
    CHECK(text.find("123456789012") == std::string::npos);
  }
}

TEST_CASE("report roster: revealed after the reveal of every case listed is recorded") {
  PaidWorld w;
  const report::RosterScope scope = scope_batch("RWD-107-0001");
  const auto lines = report::roster_lines(*w.ledger, scope);
  REQUIRE(lines);
  const std::vector<std::string> refs = report::roster_refs(*lines);
  const auto reveals = [&] { return w.count_of("SELECT count(*) FROM event WHERE action = 'reveal-pii'"); };
  const std::int64_t before = reveals(); // the batch's roster revealed them too
  const Disclosure shown = Disclosure::reveal(*w.ledger, test::at("2018-03-21 10:00"), refs);
  CHECK(reveals() == before + 2);
  const report::Document document = report::roster_document(scope, *lines, shown);
  const std::string csv = rendered(document, report::DocumentFormat::csv);
  CHECK(csv.find("王小明") != std::string::npos);
  CHECK(csv.find("A123456789") != std::string::npos);
  CHECK(csv.find("123456789012") != std::string::npos);
}

TEST_CASE("report roster: English labels and title") {
  PaidWorld w;
  report::RosterScope scope = scope_year(2018);
  scope.english = true;
  const auto lines = report::roster_lines(*w.ledger, scope);
  REQUIRE(lines);
  const report::Document document = report::roster_document(scope, *lines, Disclosure::masked());
  CHECK(document.title == "Whistleblower reward remittance roster 2018");
  CHECK(document.lang == "en");
  CHECK(document.table("total")->note == "1 transfer, NT$5,000");
}
