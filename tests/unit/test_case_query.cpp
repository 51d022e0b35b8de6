// The exposed case queries: a domain table joined to its cases in one statement, filtered by
// a CaseFilter under an alias, each row read as a Case plus the domain's own column.
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/cases/case_query.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace epb;

namespace {

using test::at;

struct Ledgered {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  CaseDesk desk{*ledger, test::config(), OfficeCalendar::builtin()};

  Ledgered() {
    // A domain table as every domain has one: keyed by case_id. Its column `status` has the
    // name of a case column: the alias keeps them apart.
    ledger->db().exec("CREATE TABLE test_grant(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL UNIQUE REFERENCES "
                      "case_file(id), amount INTEGER NOT NULL, status TEXT NOT NULL) STRICT");
  }

  Case open(const char* service, const char* received, std::int64_t amount) {
    NewCase in;
    in.service = service;
    in.channel = "web";
    in.name = "王小明";
    in.id_number = "A123456789";
    in.subject = "申請補助";
    in.received = received;
    auto c = desk.open(at(received), in);
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message()));
    ledger->db()
        .prepare("INSERT INTO test_grant(case_id, amount, status) VALUES (:id, :amount, 'granted')")
        .bind(":id", c->id)
        .bind(":amount", amount)
        .run();
    return *c;
  }

  // Cases and amounts matching `filter`, joined in one query from the exposed pieces.
  std::vector<std::pair<Case, std::int64_t>> grants(const CaseFilter& filter) {
    const CaseFilterSql where(filter, "c");
    auto& s =
        ledger->db().prepare(fmt::format("SELECT {}, g.amount FROM case_file c JOIN test_grant g ON g.case_id = c.id "
                                         "WHERE {} AND g.status = :status ORDER BY {}",
                                         case_columns("c"), where.where(), where.order_by()));
    where.bind(s);
    s.bind(":status", "granted");
    std::vector<std::pair<Case, std::int64_t>> out;
    while (s.step())
      out.emplace_back(read_case(s, 0), s.int64(k_case_column_count));
    s.reset();
    return out;
  }
};

} // namespace

TEST_CASE("case query: a domain table joins the case columns, the row reader and the filter under an alias") {
  Ledgered l;
  const Case a = l.open("factory_registration", "2023-03-01 09:00", 7000);
  const Case b = l.open("factory_registration", "2023-03-02 09:00", 5000);
  const Case other = l.open("petition", "2023-03-02 09:00", 100);
  REQUIRE(l.desk.close(at("2023-03-10 09:00"), b.ref, "不符資格", "rejected"));

  CaseFilter filter;
  filter.services = {"factory_registration"};
  filter.sort = CaseFilter::Sort::received;
  filter.descending = true;
  auto rows = l.grants(filter);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].first.ref == b.ref);
  CHECK(rows[0].first.status == "rejected"); // the case's status, not the domain's
  CHECK(rows[0].first.closed_at == at("2023-03-10 09:00").at);
  CHECK(rows[0].second == 5000);
  CHECK(rows[1].first.ref == a.ref);
  CHECK(rows[1].first.received_at == a.received_at);
  CHECK(rows[1].first.due_date == a.due_date);
  CHECK(rows[1].first.applicant.name == "王小明");
  CHECK(rows[1].second == 7000);

  // The same case as CaseStore reads it.
  CHECK(l.desk.store().find(a.ref)->due_at == rows[1].first.due_at);

  CaseFilter open;
  open.open_only = true;
  auto opened = l.grants(open);
  REQUIRE(opened.size() == 2);
  CHECK(opened[0].first.ref == a.ref);
  CHECK(opened[1].first.ref == other.ref);

  // Nothing filtered: every row, in reference order.
  CHECK(l.grants(CaseFilter{}).size() == 3);
  CHECK(CaseFilterSql(CaseFilter{}, "c").where() == "1");
  CHECK(CaseFilterSql(open, "c").where() == "c.closed_at IS NULL");
  CHECK(CaseFilterSql(filter, "c").order_by() == "c.received_at DESC, c.id DESC");
  CHECK(case_columns("c").starts_with("c.id, c.ref, c.service"));
}

TEST_CASE("case query: the closed-date range counts closed cases by their Taipei date, inclusive") {
  Ledgered l;
  const Case a = l.open("petition", "2023-03-01 09:00", 1);
  const Case b = l.open("petition", "2023-03-01 09:00", 1);
  const Case c = l.open("petition", "2023-03-01 09:00", 1);
  l.open("petition", "2023-03-01 09:00", 1); // still open: never in a closed range
  // 2023-03-02 23:30 Taipei is 15:30 UTC the same day; 2023-03-03 00:30 Taipei is still 03-02 in UTC.
  REQUIRE(l.desk.close(at("2023-03-02 23:30"), a.ref, "done", ""));
  REQUIRE(l.desk.close(at("2023-03-03 00:30"), b.ref, "done", ""));
  REQUIRE(l.desk.close(at("2023-03-05 10:00"), c.ref, "done", ""));

  CaseFilter range;
  range.closed_from = parse_date("2023-03-02").value();
  range.closed_to = parse_date("2023-03-02").value();
  CHECK(l.desk.store().count(range) == 1);
  range.closed_to = parse_date("2023-03-03").value();
  CHECK(l.desk.store().count(range) == 2);
  std::vector<std::string> refs;
  l.desk.store().for_each(range, [&](const Case& found) {
    refs.push_back(found.ref);
    return true;
  });
  CHECK(refs == std::vector<std::string>{a.ref, b.ref});
  CaseFilter from;
  from.closed_from = parse_date("2023-03-03").value();
  CHECK(l.grants(from).size() == 2);
  CaseFilter to;
  to.closed_to = parse_date("2023-03-04").value();
  CHECK(l.grants(to).size() == 2);
}
