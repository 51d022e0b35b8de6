// Ledger tests of the case kinds' hooks in the desk: a test kind registered under "fee" for the
// petition service, a "subsidy" kind this desk does not have for the complaint service.
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/cases/case_import.hpp"
#include "epb/io/text_source.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

using namespace epb;

namespace {

using test::at;

// The config of the tests: petition of kind "fee" (the test kind), complaint of kind "subsidy"
// (not registered: fail closed), everything else plain.
const Config& kinds_config() {
  static const Config config = [] {
    Config c = test::config();
    for (auto& service : c.services) {
      if (service.code == "petition") service.kind = "fee";
      if (service.code == "complaint") service.kind = "subsidy";
    }
    return c;
  }();
  return config;
}

// The test's domain table, keyed by case_id as every domain table is.
constexpr std::string_view k_domain_table =
    "CREATE TABLE test_domain(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL UNIQUE REFERENCES case_file(id), "
    "state TEXT NOT NULL) STRICT";

// Records every call; refuses the hooks named in `refuse`. entered() writes the state reached
// into test_domain, so a test can see it written and rolled back.
class TestKind final : public CaseKind {
public:
  std::string_view code() const override { return "fee"; }

  Result<void> check_intake(const KindScope& scope, const Case& c, const DomainIntake* domain) const override {
    calls.push_back(fmt::format("check_intake {} {} {}", c.service, c.id, domain ? domain->kind() : "generic"));
    (void)scope.ledger.db(); // the scope is usable
    return answer("check_intake");
  }
  Result<void> guard_move(const KindScope&, const Case& c, const CaseMove& move) const override {
    calls.push_back(fmt::format("guard_move {} {} {}>{} '{}' at {}", case_verb_name(move.verb), c.ref,
                                move.from ? move.from->code : "-", move.to.code, move.note, c.status));
    return answer("guard_move");
  }
  Result<void> entered(const KindScope& scope, const Case& c, const CaseMove& move) const override {
    calls.push_back(fmt::format("entered {} {} {}>{} at {}", case_verb_name(move.verb), c.ref,
                                move.from ? move.from->code : "-", move.to.code, c.status));
    scope.ledger.db()
        .prepare("INSERT INTO test_domain(case_id, state) VALUES (:id, :state) "
                 "ON CONFLICT(case_id) DO UPDATE SET state = excluded.state")
        .bind(":id", c.id)
        .bind(":state", c.status)
        .run();
    return answer("entered");
  }
  Result<void> guard_change(const KindScope&, const Case& c, CaseVerb verb) const override {
    calls.push_back(fmt::format("guard_change {} {}", case_verb_name(verb), c.ref));
    return answer("guard_change");
  }

  mutable std::vector<std::string> calls;
  std::set<std::string> refuse;

private:
  Result<void> answer(const std::string& hook) const {
    if (refuse.contains(hook)) return invalid("case", fmt::format("the test kind refuses in {}", hook));
    return {};
  }
};

// A domain verb's own rows: one test_domain row for the new case.
class TestIntake final : public DomainIntake {
public:
  explicit TestIntake(std::string_view kind, bool refuse = false) : m_kind(kind), m_refuse(refuse) {}
  std::string_view kind() const override { return m_kind; }
  Result<void> store(const KindScope& scope, const Case& opened) override {
    // The case row exists: the domain row can reference it.
    auto& s = scope.ledger.db().prepare("SELECT count(*) FROM case_file WHERE id = :id AND ref = :ref");
    s.bind(":id", opened.id).bind(":ref", opened.ref);
    s.step();
    case_row_existed = s.int64(0) == 1;
    s.reset();
    scope.ledger.db()
        .prepare("INSERT INTO test_domain(case_id, state) VALUES (:id, 'applied')")
        .bind(":id", opened.id)
        .run();
    if (m_refuse) return invalid("plate", "already subsidised");
    return {};
  }
  bool case_row_existed = false;

private:
  std::string_view m_kind;
  bool m_refuse;
};

// Every row of the tables a verb writes, as text: equal dumps, equal ledgers.
std::string dump(Ledger& ledger) {
  std::string out;
  for (const char* table : {"case_file", "event", "case_pause", "case_extension", "case_sequence", "test_domain"}) {
    std::vector<std::string> columns;
    auto& names = ledger.db().prepare("SELECT name FROM pragma_table_info(:table) ORDER BY cid");
    names.bind(":table", table);
    while (names.step())
      columns.push_back(fmt::format("quote({})", names.text(0)));
    names.reset();
    REQUIRE(!columns.empty());
    auto& rows =
        ledger.db().prepare(fmt::format("SELECT {} FROM {} ORDER BY rowid", fmt::join(columns, " || '|' || "), table));
    out += fmt::format("[{}]\n", table);
    while (rows.step())
      out += rows.text(0) + '\n';
    rows.reset();
  }
  return out;
}

struct KindDesk {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  TestKind kind;
  CaseKinds kinds = [this] {
    CaseKinds k;
    k.add(kind);
    return k;
  }();
  CaseDesk desk{*ledger, kinds_config(), OfficeCalendar::builtin(), kinds};

  KindDesk() { ledger->db().exec(k_domain_table); }

  NewCase input(const char* service) {
    NewCase in;
    in.service = service;
    in.channel = "web";
    in.name = "王小明";
    in.subject = "申請";
    in.received = "2023-03-01 09:00";
    return in;
  }
  Case open(const char* service = "petition") {
    auto c = desk.open(at("2023-03-01 09:00"), input(service));
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message()));
    return *c;
  }
  std::string domain_state(std::int64_t case_id) {
    auto& s = ledger->db().prepare("SELECT state FROM test_domain WHERE case_id = :id");
    s.bind(":id", case_id);
    std::string state = s.step() ? s.text(0) : "none";
    s.reset();
    return state;
  }
};

const char* k_later = "2023-03-02 10:00";

} // namespace

TEST_CASE("case kinds: the built-in kinds are the plain case, subsidy and fee, with codes, find and verb names") {
  const CaseKinds& builtin = builtin_case_kinds();
  CHECK(builtin.codes() == std::vector<std::string_view>{"case", "subsidy", "fee"});
  REQUIRE(builtin.find("case"));
  CHECK(builtin.find("case")->code() == "case");
  REQUIRE(builtin.find("subsidy"));
  CHECK(builtin.find("subsidy")->code() == "subsidy");
  REQUIRE(builtin.find("fee"));
  CHECK(builtin.find("fee")->code() == "fee");
  CHECK(builtin.find("water") == nullptr);
  CHECK(case_verb_name(CaseVerb::open) == "open");
  CHECK(case_verb_name(CaseVerb::import) == "import");
  CHECK(case_verb_name(CaseVerb::close) == "close");
  CHECK(case_verb_name(CaseVerb::recompute) == "recompute");
}

TEST_CASE("case kinds: intake calls check_intake before the case row exists, and a refusal writes nothing") {
  KindDesk d;
  const Case c = d.open();
  CHECK(d.kind.calls == std::vector<std::string>{"check_intake petition 0 generic"});
  CHECK(c.ref == "PET-112-000001");

  const std::string before = dump(*d.ledger);
  d.kind.refuse = {"check_intake"};
  auto refused = d.desk.open(at("2023-03-01 09:00"), d.input("petition"));
  REQUIRE(!refused);
  CHECK(refused.error().message() == "case: the test kind refuses in check_intake");
  CHECK(dump(*d.ledger) == before);
  // The number was not used up: the next case gets it.
  d.kind.refuse.clear();
  CHECK(d.open().ref == "PET-112-000002");
}

TEST_CASE("case kinds: a domain intake stores its rows after the case row, and its refusal rolls the case back") {
  KindDesk d;
  TestIntake intake("fee");
  auto opened = d.desk.open(at("2023-03-01 09:00"), d.input("petition"), &intake);
  REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message()));
  CHECK(intake.case_row_existed);
  CHECK(d.domain_state(opened->id) == "applied");
  CHECK(d.kind.calls.back() == "check_intake petition 0 fee");

  const std::string before = dump(*d.ledger);
  TestIntake refusing("fee", true);
  auto refused = d.desk.open(at("2023-03-01 09:00"), d.input("petition"), &refusing);
  REQUIRE(!refused);
  CHECK(refused.error().message() == "plate: already subsidised");
  CHECK(refusing.case_row_existed);
  CHECK(dump(*d.ledger) == before); // case row, its event, its domain row and the number: all gone
  CHECK(d.open().ref == "PET-112-000002");

  // In batch mode (imports) the number is counted in memory: a refusal hands it out again.
  d.desk.set_batch_mode(true);
  auto c = validate_new_case(kinds_config(), OfficeCalendar::builtin(), d.input("petition"), at(k_later).at);
  REQUIRE(c);
  REQUIRE(!d.desk.insert_validated(at(k_later), *c, "open", &refusing));
  auto numbered = d.desk.insert_validated(at(k_later), *c, "open", &intake);
  REQUIRE(numbered);
  CHECK(numbered->ref == "PET-112-000003");
  d.desk.flush();

  // An intake of another kind is refused for the service.
  TestIntake other("subsidy");
  auto wrong = d.desk.open(at(k_later), d.input("petition"), &other);
  REQUIRE(!wrong);
  CHECK(wrong.error().message() == "service: service 'petition' is of kind 'fee', not 'subsidy'");
}

TEST_CASE("case kinds: every move verb asks guard_move, then entered() writes in the same transaction") {
  KindDesk d;
  const Case c = d.open();
  d.kind.calls.clear();
  REQUIRE(d.desk.move(at(k_later), c.ref, "assigned", "to desk 3"));
  REQUIRE(d.desk.move(at(k_later), c.ref, "processing", ""));
  REQUIRE(d.desk.pause(at(k_later), c.ref, "補件"));
  REQUIRE(d.desk.resume(at(k_later), c.ref, "補正"));
  REQUIRE(d.desk.close(at(k_later), c.ref, "已回覆", ""));
  CHECK(d.domain_state(c.id) == "closed");
  REQUIRE(d.desk.reopen(at(k_later), c.ref, "再查"));
  CHECK(d.domain_state(c.id) == "processing");
  const std::vector<std::string> expected{
      "guard_move move PET-112-000001 received>assigned 'to desk 3' at received",
      "entered move PET-112-000001 received>assigned at assigned",
      "guard_move move PET-112-000001 assigned>processing '' at assigned",
      "entered move PET-112-000001 assigned>processing at processing",
      "guard_move pause PET-112-000001 processing>waiting_docs '補件' at processing",
      "entered pause PET-112-000001 processing>waiting_docs at waiting_docs",
      "guard_move resume PET-112-000001 waiting_docs>processing '補正' at waiting_docs",
      "entered resume PET-112-000001 waiting_docs>processing at processing",
      "guard_move close PET-112-000001 processing>closed '已回覆' at processing",
      "entered close PET-112-000001 processing>closed at closed",
      "guard_move reopen PET-112-000001 closed>processing '再查' at closed",
      "entered reopen PET-112-000001 closed>processing at processing",
  };
  CHECK(d.kind.calls == expected);
}

TEST_CASE("case kinds: a refusal from guard_move or entered leaves the ledger exactly as it was") {
  KindDesk d;
  const Case c = d.open();
  REQUIRE(d.desk.move(at(k_later), c.ref, "assigned", ""));
  REQUIRE(d.desk.move(at(k_later), c.ref, "processing", ""));
  const Case closed = d.open();
  REQUIRE(d.desk.close(at(k_later), closed.ref, "done", ""));
  const Case paused = d.open();
  REQUIRE(d.desk.move(at(k_later), paused.ref, "assigned", ""));
  REQUIRE(d.desk.move(at(k_later), paused.ref, "processing", ""));
  REQUIRE(d.desk.pause(at(k_later), paused.ref, "補件"));

  for (const char* hook : {"guard_move", "entered"}) {
    CAPTURE(hook);
    d.kind.refuse = {hook};
    const std::string before = dump(*d.ledger);
    const std::string why = fmt::format("case: the test kind refuses in {}", hook);
    const auto refused = [&](const Result<Case>& result) {
      REQUIRE(!result);
      CHECK(result.error().message() == why);
      CHECK(dump(*d.ledger) == before);
    };
    refused(d.desk.move(at(k_later), c.ref, "replied", "answer"));
    refused(d.desk.pause(at(k_later), c.ref, "補件"));   // would add a pause
    refused(d.desk.resume(at(k_later), paused.ref, "")); // would end one and move the due date
    refused(d.desk.close(at(k_later), c.ref, "done", ""));
    refused(d.desk.reopen(at(k_later), closed.ref, "again"));
  }
}

TEST_CASE("case kinds: extend, assign and note ask guard_change, and a refusal writes nothing") {
  KindDesk d;
  const Case c = d.open();
  d.kind.calls.clear();
  REQUIRE(d.desk.extend(at(k_later), c.ref, 2, "會勘"));
  REQUIRE(d.desk.assign(at(k_later), c.ref, "林承辦"));
  REQUIRE(d.desk.note(at(k_later), c.ref, "電話聯絡"));
  CHECK(d.kind.calls == std::vector<std::string>{"guard_change extend PET-112-000001",
                                                 "guard_change assign PET-112-000001",
                                                 "guard_change note PET-112-000001"});
  const Case other = d.open();
  d.kind.refuse = {"guard_change"};
  const std::string before = dump(*d.ledger);
  for (const auto& result : {d.desk.extend(at(k_later), other.ref, 2, "會勘"),
                             d.desk.assign(at(k_later), other.ref, "林承辦"), d.desk.note(at(k_later), c.ref, "x")}) {
    REQUIRE(!result);
    CHECK(result.error().message() == "case: the test kind refuses in guard_change");
  }
  CHECK(dump(*d.ledger) == before);
}

TEST_CASE("case kinds: a service of a kind the desk does not have is refused for every change") {
  KindDesk d;
  // A complaint opened while its service was plain, then the config says "subsidy".
  CaseDesk plain(*d.ledger, test::config(), OfficeCalendar::builtin());
  NewCase in = d.input("complaint");
  auto opened = plain.open(at("2023-03-01 09:00"), in);
  REQUIRE(opened);
  const std::string ref = opened->ref;
  auto closed = plain.open(at("2023-03-01 09:00"), in);
  REQUIRE(closed);
  REQUIRE(plain.close(at(k_later), closed->ref, "done", ""));

  const std::string before = dump(*d.ledger);
  const std::string intake_why =
      "service: service 'complaint' is of kind 'subsidy', which this build of epb does not implement (it has: fee); "
      "its cases cannot be opened or changed";
  auto refused_open = d.desk.open(at(k_later), in);
  REQUIRE(!refused_open);
  CHECK(refused_open.error().message() == intake_why);
  TestIntake intake("subsidy");
  REQUIRE(!d.desk.open(at(k_later), in, &intake));
  auto validated = validate_new_case(kinds_config(), OfficeCalendar::builtin(), in, at(k_later).at);
  REQUIRE(validated);
  auto refused_store = d.desk.store_validated(at(k_later), *validated);
  REQUIRE(!refused_store);
  CHECK(refused_store.error().message() == intake_why);

  const std::string why = fmt::format(
      "case {}: service 'complaint' is of kind 'subsidy', which this build of epb does not implement (it has: fee); "
      "its cases cannot be opened or changed",
      ref);
  for (const auto& result : {d.desk.move(at(k_later), ref, "assigned", ""), d.desk.pause(at(k_later), ref, ""),
                             d.desk.resume(at(k_later), ref, ""), d.desk.extend(at(k_later), ref, 1, "x"),
                             d.desk.assign(at(k_later), ref, "林"), d.desk.note(at(k_later), ref, "x"),
                             d.desk.close(at(k_later), ref, "done", "")}) {
    REQUIRE(!result);
    CHECK(result.error().message() == why);
  }
  auto reopened = d.desk.reopen(at(k_later), closed->ref, "again");
  REQUIRE(!reopened);
  CHECK(reopened.error().message().starts_with(fmt::format("case {}: service 'complaint' is of kind", closed->ref)));
  CHECK(dump(*d.ledger) == before);
  CHECK(d.kind.calls.empty()); // no hook of another kind was asked
  // Reading is not a change.
  CHECK(d.desk.find(ref));
}

TEST_CASE("case kinds: plain services keep working with no rules under a desk with custom kinds") {
  KindDesk d;
  // water_test is of kind "case", which this desk's kinds do not list: it fails closed too.
  auto refused = d.desk.open(at("2023-03-01 09:00"), d.input("water_test"));
  REQUIRE(!refused);
  CHECK(refused.error().message().starts_with("service: service 'water_test' is of kind 'case'"));
  // The default desk has the plain kind.
  CaseDesk plain(*d.ledger, test::config(), OfficeCalendar::builtin());
  CHECK(plain.open(at("2023-03-01 09:00"), d.input("water_test")));
}

namespace {

// `epb case import` of `csv` through the desk's kinds.
ImportSummary import_csv(KindDesk& d, std::string_view csv, OnDuplicate on_duplicate = OnDuplicate::skip) {
  const auto path = std::filesystem::temp_directory_path() / fmt::format("epb-kinds-{}.csv", ::getpid());
  std::ofstream(path, std::ios::binary) << csv;
  TextSource source(path.string(), TextSource::Encoding::utf8);
  auto reader = make_record_reader(source, InputFormat::csv);
  REQUIRE(reader);
  CaseImportTarget target(d.desk, OfficeCalendar::builtin(), at(k_later), "rows.csv");
  ImportOptions options;
  options.format = InputFormat::csv;
  options.on_duplicate = on_duplicate;
  auto summary = run_import(*d.ledger, **reader, target, options, {});
  std::filesystem::remove(path);
  return summary;
}

constexpr std::string_view k_rows = "source_system,source_id,service,channel,name,subject,received\n"
                                    "s,1,petition,web,王小明,路燈,2023-03-01 09:00\n"
                                    "s,2,water_test,web,王小明,水質,2023-03-01 09:00\n";

} // namespace

TEST_CASE("case kinds: an import asks check_intake with no domain intake per row, and a refusal names the service") {
  KindDesk d;
  d.kind.refuse = {"check_intake"};
  const std::string before = dump(*d.ledger);
  auto refused = import_csv(d, k_rows);
  CHECK(refused.imported == 0);
  // The test kind's refusal named "case": the import reports it for the row's service column,
  // and water_test's kind ("case") is not among this desk's kinds: refused the same way.
  REQUIRE(refused.errors.size() == 2);
  CHECK(refused.errors[0].ends_with(":2: service: case: the test kind refuses in check_intake"));
  CHECK(refused.errors[1].ends_with(":3: service: service 'water_test' is of kind 'case', which this build of epb "
                                    "does not implement (it has: fee); its cases cannot be opened or changed"));
  CHECK(dump(*d.ledger) == before);
  CHECK(d.kind.calls == std::vector<std::string>{"check_intake petition 0 generic"});

  d.kind.refuse.clear();
  auto imported = import_csv(d, std::string(k_rows.substr(0, k_rows.rfind("s,2"))));
  CHECK(imported.errors.empty());
  CHECK(imported.imported == 1);

  // An --on-duplicate update changes the case: guard_change(import) decides.
  d.kind.calls.clear();
  d.kind.refuse = {"guard_change"};
  const std::string changed =
      "source_system,source_id,service,channel,name,subject,received\ns,1,petition,web,王大明,路燈,2023-03-01 09:00\n";
  const std::string imported_state = dump(*d.ledger);
  auto update = import_csv(d, changed, OnDuplicate::update);
  REQUIRE(update.errors.size() == 1);
  CHECK(update.errors[0].ends_with(":2: case: the test kind refuses in guard_change"));
  CHECK(d.kind.calls == std::vector<std::string>{"guard_change import PET-112-000001"});
  CHECK(dump(*d.ledger) == imported_state);
  d.kind.refuse.clear();
  CHECK(import_csv(d, changed, OnDuplicate::update).updated == 1);
}
