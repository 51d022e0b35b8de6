// The open-data datasets (lib/epb/report/open_data_*.hpp) on a small hand-built ledger:
// the requests' columns and status as of a moment, and the aggregate counted by hand.
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/cases/case_fields.hpp"
#include "epb/privacy/open_data.hpp"
#include "epb/report/open_data_aggregate.hpp"
#include "epb/report/open_data_requests.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace epb;

namespace {

using test::at;
using test::config;

// Six petitions (planning unit, 3 working days) around the year 2023:
//   before: received 2022-12-30, closed 2023-01-03 (counts in January's closings only)
//   jan:    received 2023-01-05, closed 2023-01-06 on time
//   late:   received 2023-01-30, closed 2023-02-20 late
//   open:   received 2023-02-10, never closed
//   reopen: received 2023-03-01, closed 2023-03-02, reopened 2023-03-10
//   after:  received 2024-01-03 (not of the year)
struct OpenDataLedger {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  CaseDesk desk{*ledger, config(), OfficeCalendar::builtin()};
  std::map<std::string, std::string> refs;

  std::string open(const std::string& key, const char* received) {
    NewCase input;
    input.service = "petition";
    input.channel = "web";
    input.name = "王小明";
    input.phone = "0912345678";
    input.email = "ming@example.com";
    input.address = "高雄市苓雅區四維三路2號5樓";
    input.subject = "工地揚塵";
    input.description = "請電 07-3373300 找王先生";
    input.received = received;
    auto c = desk.open(at(received), input);
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message()));
    refs[key] = c->ref;
    return c->ref;
  }
  void close(const std::string& key, const char* when) {
    auto closed = desk.close(at(when), refs.at(key), "已處理", "");
    REQUIRE_MESSAGE(closed, (closed ? "" : closed.error().message()));
  }

  OpenDataLedger() {
    open("before", "2022-12-30 10:00");
    close("before", "2023-01-03 10:00");
    open("jan", "2023-01-05 10:00");
    close("jan", "2023-01-06 10:00");
    open("late", "2023-01-30 10:00");
    close("late", "2023-02-20 10:00");
    open("open", "2023-02-10 10:00");
    open("reopen", "2023-03-01 10:00");
    close("reopen", "2023-03-02 10:00");
    auto reopened = desk.reopen(at("2023-03-10 10:00"), refs.at("reopen"), "民眾再陳情");
    REQUIRE_MESSAGE(reopened, (reopened ? "" : reopened.error().message()));
    open("after", "2024-01-03 10:00");
  }

  report::OpenDataScope scope(const char* as_of, bool english = false) const {
    return report::OpenDataScope{.year = year_period(2023), .as_of = *parse_instant(as_of), .english = english};
  }

  std::vector<Row> requests(const char* as_of, bool english = false) {
    std::vector<Row> rows;
    const std::int64_t count = report::open_data_requests(*ledger, config(), scope(as_of, english),
                                                          [&](const Row& row) { rows.push_back(row); });
    CHECK(count == static_cast<std::int64_t>(rows.size()));
    CHECK(report::open_data_request_count(*ledger, scope(as_of, english)) == count);
    return rows;
  }

  // The aggregate's rows as "month unit service received closed on_time open".
  std::vector<std::string> aggregate(const char* as_of) {
    const report::Document document =
        report::open_data_aggregate(*ledger, config(), scope(as_of), *parse_instant("2026-12-03 09:00"));
    const report::Table* table = document.table("aggregate");
    REQUIRE(table != nullptr);
    std::vector<std::string> lines;
    for (const auto& row : table->rows) {
      std::string line;
      for (const std::size_t i : {0, 1, 3, 5, 6, 7, 8})
        line += (line.empty() ? "" : " ") + row[i].value_or("-");
      lines.push_back(line);
    }
    return lines;
  }
};

// The status cells of `rows` by case key.
std::map<std::string, std::string> status_by_key(const OpenDataLedger& l, const std::vector<Row>& rows) {
  std::map<std::string, std::string> status;
  for (const auto& [key, ref] : l.refs)
    for (const Row& row : rows)
      if (row[0] == ref) status[key] = row[1];
  return status;
}

} // namespace

TEST_CASE("report open-data: the requests columns are Open311's, in order, plus district") {
  std::vector<std::string> names;
  for (const auto& column : report::open_data_request_row_columns())
    names.push_back(column.name);
  CHECK(names == std::vector<std::string>{"service_request_id", "status", "service_code", "service_name",
                                          "agency_responsible", "requested_datetime", "updated_datetime",
                                          "expected_datetime", "district"});
}

TEST_CASE("report open-data: every requests column shows a case field the open-data policy keeps") {
  const std::vector<std::string_view> kept = open_data_fields(case_record_fields());
  for (const auto& column : report::open_data_request_columns())
    CHECK_MESSAGE(std::ranges::find(kept, column.source) != kept.end(), column.name);
  // And the policy keeps none of the person's fields nor the free text.
  for (const std::string_view dropped : {"name", "id_number", "business_number", "phone", "email", "address",
                                         "description", "place", "assignee", "outcome", "extension_log"})
    CHECK_MESSAGE(std::ranges::find(kept, dropped) == kept.end(), dropped);
}

TEST_CASE("report open-data: one request per case received in the year, identified by its case number only") {
  OpenDataLedger l;
  const std::vector<Row> rows = l.requests("2024-06-01 09:00");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == Row{l.refs["jan"], "closed", "petition", "人民陳情", "綜計科", "2023-01-05T10:00:00+08:00",
                       "2023-01-06T10:00:00+08:00", rows[0][7], "苓雅區"});
  CHECK(rows[0][0].starts_with("PET-112-"));
  CHECK(rows[0][7].ends_with("+08:00"));
  // Received order; `before` (2022) and `after` (2024) are other years'.
  CHECK(rows[1][0] == l.refs["late"]);
  CHECK(rows[2][0] == l.refs["open"]);
  CHECK(rows[3][0] == l.refs["reopen"]);
  CHECK(status_by_key(l, rows) == std::map<std::string, std::string>{
                                      {"jan", "closed"}, {"late", "closed"}, {"open", "open"}, {"reopen", "open"}});
  // An open request was last updated by its last change: the reopening.
  CHECK(rows[3][6] == "2023-03-10T10:00:00+08:00");
  // Nothing of the applicant, the address or the description is in any cell.
  for (const Row& row : rows)
    for (const std::string& cell : row)
      for (const char* personal : {"王", "0912345678", "ming@", "四維三路", "07-3373300", "工地揚塵"})
        CHECK_MESSAGE(cell.find(personal) == std::string::npos, cell);
}

TEST_CASE("report open-data: a request's status is the one it had at the as-of moment") {
  OpenDataLedger l;
  // 2023-03-05: `reopen` was closed (its reopening came later), `late` closed on 02-20.
  std::vector<Row> rows = l.requests("2023-03-05 09:00");
  CHECK(status_by_key(l, rows) == std::map<std::string, std::string>{
                                      {"jan", "closed"}, {"late", "closed"}, {"open", "open"}, {"reopen", "closed"}});
  CHECK(rows[3][6] == "2023-03-02T10:00:00+08:00"); // updated then: its closing
  // 2023-02-15: `late` was still open, `reopen` not received yet.
  rows = l.requests("2023-02-15 09:00");
  REQUIRE(rows.size() == 3);
  CHECK(status_by_key(l, rows) ==
        std::map<std::string, std::string>{{"jan", "closed"}, {"late", "open"}, {"open", "open"}});
  CHECK(rows[1][6] == "2023-01-30T10:00:00+08:00"); // no change by then: its receipt
  // Before the year: nothing.
  CHECK(l.requests("2022-12-31 09:00").empty());
}

TEST_CASE("report open-data: names follow --lang") {
  OpenDataLedger l;
  const std::vector<Row> rows = l.requests("2024-06-01 09:00", true);
  REQUIRE(!rows.empty());
  CHECK(rows[0][3] == config().service("petition")->name_en);
  CHECK(rows[0][4] == config().unit("planning")->name_en);
}

TEST_CASE("report open-data: the aggregate counts per month, unit and service, as of a moment") {
  OpenDataLedger l;
  // Now: January received jan + late, closed before + jan (both on time), open at its end:
  // late. February received open, closed late (late), open: open. March received reopen,
  // whose closing was undone by the reopening: open 2 from March on; nothing moves after.
  std::vector<std::string> want{
      "2023-01 planning petition 2 2 2 1",
      "2023-02 planning petition 1 1 0 1",
      "2023-03 planning petition 1 0 0 2",
  };
  for (int month = 4; month <= 12; ++month)
    want.push_back(fmt::format("2023-{:02} planning petition 0 0 0 2", month));
  CHECK(l.aggregate("2024-06-01 09:00") == want);
  // As of 2023-03-05: March shows reopen received and closed (on time); the months after
  // have not begun.
  CHECK(l.aggregate("2023-03-05 09:00") == std::vector<std::string>{
                                               "2023-01 planning petition 2 2 2 1",
                                               "2023-02 planning petition 1 1 0 1",
                                               "2023-03 planning petition 1 1 1 1",
                                           });
  // As of 2023-01-04: `before` was closed on 01-03; nothing else yet.
  CHECK(l.aggregate("2023-01-04 09:00") == std::vector<std::string>{"2023-01 planning petition 0 1 1 0"});
  CHECK(l.aggregate("2022-12-31 09:00").empty());
}

TEST_CASE("report open-data: the aggregate document carries its definitions and facts") {
  OpenDataLedger l;
  const report::Document document =
      report::open_data_aggregate(*l.ledger, config(), l.scope("2024-06-01 09:00"), *parse_instant("2026-12-03 09:00"));
  CHECK(document.kind == "open-data");
  CHECK(document.primary == "aggregate");
  std::vector<std::string> keys;
  for (const auto& definition : document.definitions)
    keys.push_back(definition.key);
  CHECK(keys ==
        std::vector<std::string>{"personal_data", "as_of", "received", "closed", "closed_on_time", "open_at_end"});
  std::vector<std::string> columns;
  for (const auto& column : document.table("aggregate")->columns)
    columns.push_back(column.key);
  CHECK(columns == std::vector<std::string>{"month", "unit", "unit_name", "service", "service_name", "received",
                                            "closed", "closed_on_time", "open_at_end"});
}

TEST_CASE("report open-data: the requests document for ods holds the streamed rows") {
  OpenDataLedger l;
  const report::Document document = report::open_data_requests_document(
      *l.ledger, config(), l.scope("2024-06-01 09:00"), *parse_instant("2026-12-03 09:00"));
  const report::Table* table = document.table("requests");
  REQUIRE(table != nullptr);
  const std::vector<Row> rows = l.requests("2024-06-01 09:00");
  REQUIRE(table->rows.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j)
      CHECK(table->rows[i][j] == rows[i][j]);
}
