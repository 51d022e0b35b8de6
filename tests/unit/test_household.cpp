// The household-registration exchange, hardened: the logged hash is the file's own bytes, and
// an answer file with a bad or repeated ID is refused at FILE:LINE with nothing recorded.
#include "config_test_support.hpp"
#include "desk_test_support.hpp"
#include "epb/io/text_source.hpp"
#include "epb/subsidy/household.hpp"
#include "epb/subsidy/subsidy_desk.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace epb;

namespace {

NewCase applicant(const char* id) {
  NewCase c;
  c.channel = "in_person";
  c.name = "王小明";
  c.id_number = id;
  c.phone = "0912345678";
  c.received = "2018-03-05 10:00";
  return c;
}

NewSubsidy scrap(const char* plate) {
  NewSubsidy s;
  s.programme_year = "2018";
  s.kind = "scrap_only";
  s.scrapped_plate = plate;
  s.scrapped_made = "2001-05-01";
  s.recycling_certificate = std::string("RC-") + plate;
  s.deregistered = "2018-03-01";
  s.bank_code = "004";
  s.account_number = "123456789012";
  return s;
}

struct Household {
  Household() {
    REQUIRE(desk.apply(test::at("2018-03-05 10:00"), applicant("A123456789"), scrap("FAA-233")));
    REQUIRE(desk.apply(test::at("2018-03-05 10:00"), applicant("F131104093"), scrap("FAB-234")));
  }
  std::int64_t exchanges() {
    auto& s = ledger->db().prepare("SELECT count(*) FROM household_exchange");
    s.step();
    const auto n = s.int64(0);
    s.reset();
    return n;
  }
  Result<HouseholdImport> import(const std::string& text) {
    return import_household_answers(desk, *ledger, test::at("2018-03-06 10:00"), text, "answer.csv", sha256_hex(text));
  }
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  SubsidyDesk desk{*ledger, test::config(), OfficeCalendar::builtin()};
};

constexpr std::string_view k_header = "id_number,registered,district,registered_on\r\n";

} // namespace

TEST_CASE("household answers: a repeated or malformed ID number is refused at FILE:LINE, nothing recorded") {
  Household h;
  const std::string twice = fmt::format("{}A123456789,yes,苓雅區,\r\nF131104093,no,,\r\na123456789,no,,\r\n", k_header);
  auto refused = h.import(twice);
  REQUIRE(!refused);
  CHECK(refused.error().message() == "answer.csv:4: id_number: a second answer for A12****789 (first on line 2)");
  auto bad = h.import(fmt::format("{}A123456788,yes,苓雅區,\r\n", k_header));
  REQUIRE(!bad);
  CHECK(bad.error().message().starts_with("answer.csv:2: id_number: "));
  auto nul = h.import(fmt::format("{}A123456789,yes,苓雅區{},\r\n", k_header, std::string(1, '\0')));
  REQUIRE(!nul);
  CHECK(nul.error().message().starts_with("answer.csv:2: "));
  CHECK(h.desk.household_queries().size() == 2); // nothing recorded
  CHECK(h.exchanges() == 0);
  REQUIRE(h.import(fmt::format("{}A123456789,yes,苓雅區,\r\nF131104093,no,,\r\n", k_header)));
  CHECK(h.desk.household_queries().empty());
  CHECK(h.exchanges() == 1);
}

TEST_CASE("household answers: the exchange log keeps the hash of the file's bytes as read, not of the text") {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / fmt::format("epb-household-{}.csv", ::getpid());
  // A UTF-8 BOM, as spreadsheet exports write it: dropped from the text, kept in the hash.
  const std::string bytes = fmt::format("\xEF\xBB\xBF{}A123456789,yes,苓雅區,\r\n", k_header);
  std::ofstream(path, std::ios::binary) << bytes;
  TextSource source(path.string());
  source.hash_raw();
  std::string text;
  while (*source.read(text)) {
  }
  CHECK(text == bytes.substr(3));
  CHECK(source.raw_sha256() == sha256_hex(bytes));
  CHECK(source.raw_sha256() != sha256_hex(text));
  Household h;
  auto imported =
      import_household_answers(h.desk, *h.ledger, test::at("2018-03-06 10:00"), text, "a.csv", source.raw_sha256());
  REQUIRE(imported);
  auto& s = h.ledger->db().prepare("SELECT file_sha256 FROM household_exchange");
  REQUIRE(s.step());
  CHECK(s.text(0) == sha256_hex(bytes));
  s.reset();
  fs::remove(path);
}

TEST_CASE("household check by vehicle kind: the rule says which registration decides, a business is never asked") {
  Household h;
  const auto texts = [&](std::string_view ref) {
    auto checked = h.desk.check(ref);
    REQUIRE(checked);
    std::string out;
    for (const auto& f : checked->failures)
      if (f.code.starts_with("household") || f.code == "not_registered") out += f.code + ": " + f.text + "\n";
    return out;
  };
  // A scrapped two-stroke: its 車籍 is on the deregistration record; the city asks the office anyway.
  CHECK(texts("SUB-107-000001") == "household_pending: the household-registration check has not been answered yet "
                                   "(the city checks every applicant's 設籍; the vehicles' 車籍 is on their "
                                   "documents)\n");
  // An e-bike: no vehicle registration, so the applicant's 設籍 is the law's own test.
  NewSubsidy bike;
  bike.programme_year = "2018";
  bike.kind = "buy_other";
  bike.new_frame = "EBK1234567";
  bike.new_class = "e_bike";
  bike.invoice_number = "AB-12345678";
  bike.invoice_date = "2018-03-02";
  bike.bank_code = "004";
  bike.account_number = "123456789012";
  auto opened = h.desk.apply(test::at("2018-03-05 10:00"), applicant("E123456783"), bike);
  REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message()));
  CHECK(texts(opened->ref) == "household_pending: the household-registration check has not been answered yet "
                              "(e-bike or assisted bicycle: the applicant's 設籍 in the city decides)\n");
  REQUIRE(
      h.desk.record_household(test::at("2018-03-06 10:00"), HouseholdAnswer{"E123456783", false, "", std::nullopt, 2}));
  CHECK(texts(opened->ref)
            .starts_with("not_registered: the household-registration office answered: not registered "
                         "in the city (e-bike or assisted"));
  // A business buying an e-bike: its seat is on its registration certificate; never sent to the office.
  NewCase business;
  business.channel = "mail";
  business.applicant_kind = "organisation";
  business.name = "港都環保科技有限公司";
  business.business_number = "04595257";
  business.phone = "07-7351500";
  bike.new_frame = "EBK7654321";
  bike.invoice_number = "AB-87654321";
  auto firm = h.desk.apply(test::at("2018-03-05 10:00"), business, bike);
  REQUIRE_MESSAGE(firm, (firm ? "" : firm.error().message()));
  CHECK(texts(firm->ref).empty());
  for (const auto& q : h.desk.household_queries())
    CHECK(q.ref != firm->ref);
}
