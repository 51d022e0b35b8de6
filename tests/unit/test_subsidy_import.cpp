// Ledger tests of the subsidy record and its import: the descriptor's contract, all or
// nothing, idempotency by the dealer's number, double-dipping at intake, and the joined list.
#include "desk_test_support.hpp"
#include "epb/io/text_source.hpp"
#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/subsidy/subsidy_fields.hpp"
#include "epb/subsidy/subsidy_import.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace epb;

namespace {

using test::at;

constexpr std::string_view k_header =
    "dealer_ubn,dealer_application,programme_year,kind,name,id_number,scrapped_plate,scrapped_made,"
    "recycling_certificate,deregistered,new_plate,new_frame,new_class,invoice_number,invoice_date,bank_code,"
    "account_number\n";

// A valid scrap + buy row of dealer 12345675, unique by n (1..9) unless told otherwise.
std::string row(int n, std::string_view plate = "") {
  const std::string scrapped = plate.empty() ? fmt::format("FAA-10{}", n) : std::string(plate);
  constexpr std::array<std::string_view, 10> ids{"",           "E200000016", "E200000025", "E200000034", "E200000043",
                                                 "E200000052", "E200000061", "E200000070", "E200000089", "E200000098"};
  return fmt::format("12345675,D-{0},107,scrap_buy_other,陳美玲,{1},{2},2001-05-01,RC-{0},107/03/01,EMA-100{0},"
                     "EBK000000{0},light,AB-0000000{0},2018-03-02,004,12345678901{0}\n",
                     n, ids[static_cast<std::size_t>(n)], scrapped);
}

struct Imports {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  SubsidyDesk desk{*ledger, test::config(), OfficeCalendar::builtin()};

  ImportSummary run(const std::string& csv, bool skip_invalid = false) {
    const auto path = std::filesystem::temp_directory_path() / fmt::format("epb-subsidy-{}.csv", ::getpid());
    std::ofstream(path, std::ios::binary) << k_header << csv;
    TextSource source(path.string(), TextSource::Encoding::utf8);
    auto reader = make_record_reader(source, InputFormat::csv, true);
    REQUIRE(reader);
    CaseDesk cases(*ledger, test::config(), OfficeCalendar::builtin());
    SubsidyImportTarget target(cases, *ledger, OfficeCalendar::builtin(), at("2018-03-05 10:00"), "dealer.csv");
    std::ostringstream rejects;
    ImportOptions options;
    options.skip_invalid = skip_invalid;
    if (skip_invalid) options.rejects = &rejects;
    auto summary = run_import(*ledger, **reader, target, options, {});
    std::filesystem::remove(path);
    return summary;
  }
  std::int64_t count(const char* table) {
    sql::Statement s(ledger->db(), fmt::format("SELECT count(*) FROM {}", table));
    s.step();
    return s.int64(0);
  }
};

} // namespace

TEST_CASE("subsidy record: one field list, import fields less the derived, personal data marked") {
  std::set<std::string_view> names, personal;
  for (const auto& field : subsidy_fields()) {
    CHECK(names.insert(field.field.name).second);
    if (field.field.personal) personal.insert(field.field.name);
    // An imported field goes to the applicant's case or to the subsidy, never both, never neither.
    CHECK((field.field.derived || (field.applicant != nullptr) != (field.subsidy != nullptr)));
    if (field.field.derived) CHECK((field.applicant == nullptr && field.subsidy == nullptr));
  }
  CHECK(personal == std::set<std::string_view>{"name", "id_number", "phone", "email", "address", "account_number"});
  const auto specs = subsidy_import_fields();
  CHECK(specs.size() == 25);
  CHECK(specs[subsidy_import_index("bank_code")].required);
  CHECK(subsidy_import_field(subsidy_import_index("scrapped_plate")).field.name == "scrapped_plate");
  CHECK_THROWS(subsidy_import_index("ref"));
}

TEST_CASE("subsidy import: all or nothing, at FILE:LINE with the field and the rule") {
  Imports d;
  auto summary = d.run(row(1) + row(2) + row(3, "FAA-101"));
  CHECK(summary.rejected == 1);
  REQUIRE(summary.errors.size() == 1);
  CHECK(summary.errors[0].ends_with(
      ".csv:4: scrapped_plate: FAA-101 is also on line 2 of this file: one subsidy per scrapped vehicle"));
  CHECK(d.count("case_file") == 0);
  CHECK(d.count("subsidy_application") == 0);

  summary = d.run(row(1) + row(2) + row(3, "FAA-101"), true);
  CHECK(summary.imported == 2);
  CHECK(d.count("subsidy_application") == 2);
  // Each application is a case of the subsidy service plus its row, numbered without a gap.
  auto found = d.desk.find("SUB-107-000002");
  REQUIRE(found);
  CHECK(found->a.dealer_application == "D-2");
  CHECK(found->c.channel == "dealer");
  CHECK(found->a.applied == *parse_date("2018-03-05"));
}

TEST_CASE("subsidy import: idempotent by the dealer's number, held vehicles and persons refused") {
  Imports d;
  REQUIRE(d.run(row(1) + row(2)).imported == 2);
  auto again = d.run(row(1) + row(2));
  CHECK(again.skipped == 2);
  CHECK(again.imported == 0);
  CHECK(d.count("case_file") == 2);

  // An open application holds its plate; a rejected one holds nothing.
  auto held = d.run(row(3, "FAA-101"));
  REQUIRE(held.errors.size() == 1);
  CHECK(held.errors[0].ends_with(
      ".csv:2: scrapped_plate: FAA-101 is in open application SUB-107-000001: one subsidy per scrapped vehicle"));
  REQUIRE(d.desk.reject(at("2018-03-06 10:00"), "SUB-107-000001", "文件不符"));
  CHECK(d.run(row(3, "FAA-101")).imported == 1);

  SubsidyStore store(*d.ledger);
  const auto by_person = store.held_by(IntakeKey::person, "E200000025", 2018);
  REQUIRE(by_person);
  CHECK(by_person->ref == "SUB-107-000002");
  CHECK_FALSE(by_person->subsidised);
  CHECK_FALSE(store.held_by(IntakeKey::person, "E200000025", 2019));
  CHECK_FALSE(store.held_by(IntakeKey::new_plate, ""));
}

TEST_CASE("subsidy list: the case filter and the subsidy's own, joined in one query") {
  Imports d;
  REQUIRE(d.run(row(1) + row(2) + row(3)).imported == 3);
  REQUIRE(d.desk.reject(at("2018-03-06 10:00"), "SUB-107-000002", "文件不符"));
  SubsidyStore store(*d.ledger);
  const auto refs = [&](const SubsidyFilter& filter) {
    std::vector<std::string> out;
    store.for_each(filter, [&](const Case& c, const SubsidyApplication& a) {
      CHECK(a.case_id == c.id);
      out.push_back(c.ref);
      return true;
    });
    return out;
  };
  SubsidyFilter all;
  CHECK(refs(all) == std::vector<std::string>{"SUB-107-000001", "SUB-107-000002", "SUB-107-000003"});
  SubsidyFilter received;
  received.cases.statuses = {"received"};
  received.dealer_ubn = "12345675";
  received.programme_year = 2018;
  received.kind = ProgrammeKind::scrap_buy_other;
  CHECK(refs(received) == std::vector<std::string>{"SUB-107-000001", "SUB-107-000003"});
  SubsidyFilter other;
  other.dealer_ubn = "04595252";
  CHECK(refs(other).empty());
  SubsidyFilter late;
  late.cases.received_from = *parse_date("2018-03-06");
  CHECK(refs(late).empty());
}
