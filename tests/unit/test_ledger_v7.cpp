// Schema version 7 (portable store code): a version 6 ledger with TEXT instants and facts kept
// only in event JSON migrates with every value kept, and the new columns work on a fresh one.
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/ledger/schema.hpp"
#include "epb/notify/notice_store.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <unistd.h>

using namespace epb;

namespace {

// Three cases at version 6: PET-1 closed from 'processing', PET-2 paused twice (the second
// pause still open) with an extension and a documents notice, PET-3 from an import batch.
constexpr std::string_view k_v6_rows = R"sql(
INSERT INTO case_file(id, ref, service, unit, channel, status, applicant_kind, applicant_name, phone, subject,
  received_at, received_date, clock_start_at, due_date, due_at, deadline_rule, calendar_version, paused_at,
  closed_at, closed_date, outcome, closed_late, updated_at)
VALUES
 (1, 'PET-113-000001', 'petition', 'u', 'web', 'closed', 'person', '王小明', '0912345678', 's',
  '2024-07-24T01:00:00Z', '2024-07-24', '2024-07-24T01:00:00Z', '2024-07-29', '2024-07-29T15:59:59Z', 'r', 'c',
  NULL, '2024-07-26T02:30:00Z', '2024-07-26', 'done', 0, '2024-07-26T02:30:00Z'),
 (2, 'PET-113-000002', 'petition', 'u', 'web', 'waiting_docs', 'person', '李四', '0922333444', 's',
  '2024-07-24T02:00:00Z', '2024-07-24', '2024-07-24T02:00:00Z', '2024-08-05', '2024-08-05T15:59:59Z', 'r', 'c',
  '2024-07-29T01:00:00Z', NULL, NULL, '', NULL, '2024-07-29T01:00:00Z'),
 (3, 'PET-113-000003', 'petition', 'u', 'import', 'received', 'anonymous', '', '', 's',
  '2024-07-20T00:00:00Z', '2024-07-20', '2024-07-20T00:00:00Z', '2024-07-25', '2024-07-25T15:59:59Z', 'r', 'c',
  NULL, NULL, NULL, '', NULL, '2024-07-24T03:00:00Z');
INSERT INTO case_pause(case_id, paused_at, resumed_at) VALUES
 (2, '2024-07-25T01:00:00Z', '2024-07-26T01:00:00Z'), (2, '2024-07-29T01:00:00Z', NULL);
INSERT INTO case_extension(rowid, case_id, at, workdays, reason, notify_applicant, notified_at) VALUES
 (5, 2, '2024-07-26T03:00:00Z', 3, 'site visit', 1, '2024-07-26T04:00:00Z'),
 (9, 1, '2024-07-25T03:00:00Z', 2, 'lab', 0, NULL);
INSERT INTO case_sequence(prefix, roc_year, last) VALUES ('PET', 113, 3);
INSERT INTO notice(case_id, ref, level, trigger, deadline_version, cycle, audience, transport, lang, subject, body,
  message_id, state, attempts, planned_at, next_attempt_at, sent_at)
VALUES (2, 'PET-113-000002', 'documents', 'paused_every', 1, 1, 'applicant', 'sms', 'zh-TW', 's', 'b',
  'notice-PET-113-000002-documents-v1-c1@epb.ksepb.gov.tw', 'sent', 1, '2024-08-05T01:00:00Z',
  '2024-08-05T01:00:00Z', '2024-08-05T01:00:05Z');
INSERT INTO notify_cursor(ladder, level, threshold, scanned_on, last_case_id)
VALUES ('default', 'overdue', '2024-08-04T16:00:00Z', '2024-08-05', 3);
INSERT INTO calendar_closure(date, reason, created_at, created_by)
VALUES ('2024-07-25', '凱米颱風', '2024-07-24T10:00:00Z', 'admin');
INSERT INTO calendar_year(year, source, imported_at) VALUES (2026, 'dgpa.csv', '2024-07-01T00:00:00Z');
INSERT INTO calendar_day(date, year, working, name) VALUES ('2026-01-01', 2026, 0, '元旦');
INSERT INTO event(id, at, actor, command, subject, action, detail, recorded_at) VALUES
 (1, '2024-07-24T01:00:00Z', 'clerk', 'case open', 'case:PET-113-000001', 'open', '{}', NULL),
 (2, '2024-07-25T01:00:00Z', 'clerk', 'case move', 'case:PET-113-000001', 'move',
  '{"from":"assigned","to":"processing"}', '2024-07-25T01:00:01Z'),
 (3, '2024-07-26T02:30:00Z', 'clerk', 'case close', 'case:PET-113-000001', 'close',
  '{"from":"processing","to":"closed","note":"done","closed":true,"late":false}', '2024-07-26T02:30:01Z'),
 (4, '2024-07-25T01:00:00Z', 'clerk', 'case pause', 'case:PET-113-000002', 'pause',
  '{"from":"processing","to":"waiting_docs","note":"first papers"}', NULL),
 (5, '2024-07-26T01:00:00Z', 'clerk', 'case resume', 'case:PET-113-000002', 'resume',
  '{"from":"waiting_docs","to":"processing"}', NULL),
 (6, '2024-07-29T01:00:00Z', 'clerk', 'case pause', 'case:PET-113-000002', 'pause',
  '{"from":"processing","to":"waiting_docs","note":"身分證影本"}', NULL),
 (7, '2024-07-24T03:00:00Z', 'clerk', 'case import', 'case-import', 'import',
  '{"file":"old.csv","first_id":3,"last_id":3,"imported":1}', '2024-07-24T03:00:02Z');
)sql";

std::int64_t seconds(const char* iso) { return parse_instant(iso)->unix_seconds(); }

struct TempLedger {
  std::string path = (std::filesystem::temp_directory_path() / fmt::format("epb-v7-{}.sqlite", ::getpid())).string();
  TempLedger() { remove(); }
  ~TempLedger() { remove(); }
  void remove() const {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
  }
};

} // namespace

TEST_CASE("ledger v7: a version 6 ledger migrates with every value kept") {
  TempLedger file;
  auto ledger = Ledger::open(file.path, Ledger::Open::create);
  for (const auto& migration : schema::migrations())
    if (migration.version <= 6) ledger->db().exec(migration.sql);
  ledger->db().exec("PRAGMA user_version = 6");
  ledger->db().exec(k_v6_rows);
  REQUIRE(ledger->migrate().front() == 7);
  CHECK(ledger->check().empty());

  auto& db = ledger->db();
  const auto one_int = [&db](std::string_view sql) {
    auto& s = db.prepare(sql);
    REQUIRE(s.step());
    const std::int64_t value = s.is_null(0) ? -1 : s.int64(0);
    s.reset();
    return value;
  };
  const auto one_text = [&db](std::string_view sql) {
    auto& s = db.prepare(sql);
    REQUIRE(s.step());
    std::string value = s.text(0);
    s.reset();
    return value;
  };
  // Instants are integers, equal to the text they were.
  CHECK(one_int("SELECT received_at FROM case_file WHERE id = 1") == seconds("2024-07-24T01:00:00Z"));
  CHECK(one_int("SELECT due_at FROM case_file WHERE id = 1") == seconds("2024-07-29T15:59:59Z"));
  CHECK(one_int("SELECT closed_at FROM case_file WHERE id = 1") == seconds("2024-07-26T02:30:00Z"));
  CHECK(one_int("SELECT updated_at FROM case_file WHERE id = 3") == seconds("2024-07-24T03:00:00Z"));
  CHECK(one_int("SELECT paused_at FROM case_file WHERE id = 2") == seconds("2024-07-29T01:00:00Z"));
  CHECK(one_int("SELECT paused_at FROM case_file WHERE id = 1") == -1);
  CHECK(one_int("SELECT count(*) FROM case_file WHERE typeof(received_at) <> 'integer' OR "
                "typeof(clock_start_at) <> 'integer' OR typeof(due_at) <> 'integer'") == 0);
  CHECK(one_text("SELECT received_date || ' ' || due_date || ' ' || closed_date FROM case_file WHERE id = 1") ==
        "2024-07-24 2024-07-29 2024-07-26");
  CHECK(one_text("SELECT applicant_name FROM case_file WHERE id = 2") == "李四");
  CHECK(one_int("SELECT at FROM event WHERE id = 3") == seconds("2024-07-26T02:30:00Z"));
  CHECK(one_int("SELECT recorded_at FROM event WHERE id = 3") == seconds("2024-07-26T02:30:01Z"));
  CHECK(one_int("SELECT recorded_at FROM event WHERE id = 1") == -1);
  CHECK(one_int("SELECT count(*) FROM event") == 7);
  CHECK(one_int("SELECT resumed_at FROM case_pause WHERE id = 1") == seconds("2024-07-26T01:00:00Z"));
  CHECK(one_int("SELECT notified_at FROM case_extension WHERE id = 5") == seconds("2024-07-26T04:00:00Z"));
  CHECK(one_int("SELECT case_id FROM case_extension WHERE id = 9") == 1); // the old rowid is the id
  CHECK(one_int("SELECT sent_at FROM notice") == seconds("2024-08-05T01:00:05Z"));
  CHECK(one_int("SELECT next_attempt_at FROM notice") == seconds("2024-08-05T01:00:00Z"));
  CHECK(one_text("SELECT source || '/' || item || '/' || message_id FROM notice") ==
        "deadline//notice-PET-113-000002-documents-v1-c1@epb.ksepb.gov.tw");
  CHECK(one_int("SELECT threshold FROM notify_cursor") == seconds("2024-08-04T16:00:00Z"));
  CHECK(one_int("SELECT created_at FROM calendar_closure") == seconds("2024-07-24T10:00:00Z"));
  CHECK(one_int("SELECT imported_at FROM calendar_year") == seconds("2024-07-01T00:00:00Z"));
  CHECK(one_int("SELECT count(*) FROM calendar_day WHERE year = 2026") == 1);
  CHECK(one_int("SELECT last FROM case_sequence WHERE prefix = 'PET' AND roc_year = 113") == 3);
  // What was read from event JSON is in columns now.
  CHECK(one_text("SELECT closed_from FROM case_file WHERE id = 1") == "processing");
  CHECK(one_text("SELECT closed_from FROM case_file WHERE id = 2").empty());
  CHECK(one_text("SELECT note FROM case_pause WHERE id = 1") == "first papers");
  CHECK(one_text("SELECT note FROM case_pause WHERE id = 2") == "身分證影本");
  CHECK(one_text("SELECT source || ' ' || first_case_id || '-' || last_case_id || ' ' || imported || ' ' || actor "
                 "|| ' ' || event_id FROM import_batch") == "old.csv 3-3 1 clerk 7");
  // The analyst views show the instants as they were.
  CHECK(one_text("SELECT closed_at FROM case_file_iso WHERE id = 1") == "2024-07-26T02:30:00Z");
  CHECK(one_text("SELECT at FROM event_iso WHERE id = 7") == "2024-07-24T03:00:00Z");
  CHECK(one_text("SELECT sent_at FROM notice_iso") == "2024-08-05T01:00:05Z");
  CHECK(one_text("SELECT paused_at FROM case_pause_iso WHERE id = 2") == "2024-07-29T01:00:00Z");
  CHECK(one_text("SELECT at FROM case_extension_iso WHERE id = 5") == "2024-07-26T03:00:00Z");
  CHECK(one_text("SELECT created_at FROM calendar_closure_iso") == "2024-07-24T10:00:00Z");

  // The stores read the migrated rows.
  CaseDesk desk(*ledger, test::config(), OfficeCalendar::builtin());
  const Case imported = *desk.find("PET-113-000003");
  CHECK(imported.updated_at == *parse_instant("2024-07-24T03:00:00Z"));
  const auto history = desk.history(imported);
  REQUIRE(history.size() == 1);
  CHECK(history[0].action == "import");
  CHECK(history[0].recorded_at == parse_instant("2024-07-24T03:00:02Z"));
  NoticeStore notices(*ledger);
  CHECK(notices.pause_note(2) == "身分證影本");
  CHECK(notices.exists(2, k_deadline_source, "", "documents", 1, 1));
  CHECK(notices.find(1)->message_id == notice_message_id("PET-113-000002", k_deadline_source, "", "documents", 1, 1));
  const auto reopened = desk.reopen(test::at("2024-08-01 09:00"), "PET-113-000001", "wrong outcome");
  REQUIRE(reopened);
  CHECK(reopened->status == "processing");
  CHECK(ledger->check().empty());
  // The rebuilt event table is still append-only.
  CHECK_THROWS_AS(db.exec("UPDATE event SET actor = 'x' WHERE id = 1"), sql::SqliteError);
  CHECK_THROWS_AS(db.exec("DELETE FROM event WHERE id = 1"), sql::SqliteError);
}

TEST_CASE("ledger v7: import batches, pause notes and the state before close are columns") {
  auto ledger = Ledger::in_memory();
  CaseDesk desk(*ledger, test::config(), OfficeCalendar::builtin());
  NewCase in;
  in.service = "petition";
  in.channel = "web";
  in.name = "王小明";
  in.phone = "0912345678";
  in.subject = "路燈不亮";
  in.received = "2024-03-04 10:00";
  const Case c = *desk.open(test::at("2024-03-04 10:00"), in);
  desk.record_import_batch(test::at("2024-03-04 10:05"), ImportBatch{"cases.csv", c.id, c.id, 1});
  const auto history = desk.history(c);
  REQUIRE(history.size() == 2);
  CHECK(history[1].subject == "case-import");
  CHECK(history[1].at == *parse_instant("2024-03-04 10:05"));

  REQUIRE(desk.move(test::at("2024-03-04 11:00"), c.ref, "assigned", ""));
  REQUIRE(desk.move(test::at("2024-03-04 11:00"), c.ref, "processing", ""));
  REQUIRE(desk.pause(test::at("2024-03-05 09:00"), c.ref, "補件: 身分證影本"));
  NoticeStore notices(*ledger);
  CHECK(notices.pause_note(c.id) == "補件: 身分證影本");
  REQUIRE(desk.resume(test::at("2024-03-06 09:00"), c.ref, ""));
  REQUIRE(desk.close(test::at("2024-03-07 09:00"), c.ref, "done", ""));
  const auto reopened = desk.reopen(test::at("2024-03-08 09:00"), c.ref, "not done");
  REQUIRE(reopened);
  CHECK(reopened->status == "processing");

  auto& s = ledger->db().prepare("SELECT received_at, typeof(closed_at) FROM case_file WHERE id = :id");
  s.bind(":id", c.id);
  REQUIRE(s.step());
  CHECK(s.int64(0) == parse_instant("2024-03-04 10:00")->unix_seconds());
  CHECK(s.text(1) == "null");
  s.reset();
  CHECK(ledger->check().empty());
}

TEST_CASE("ledger v7: a notice with an item folds its source and item into the key and Message-ID") {
  CHECK(notice_message_id("PET-113-000002", k_deadline_source, "", "overdue", 2, 0) ==
        "notice-PET-113-000002-overdue-v2-c0@epb.ksepb.gov.tw");
  CHECK(notice_message_id("SUB-113-000001", "subsidy", "payment-3", "due", 1, 0) ==
        "notice-SUB-113-000001-subsidy-payment-3-due-v1-c0@epb.ksepb.gov.tw");
  auto ledger = Ledger::in_memory();
  CaseDesk desk(*ledger, test::config(), OfficeCalendar::builtin());
  NewCase in;
  in.service = "petition";
  in.channel = "web";
  in.subject = "路燈不亮";
  in.received = "2024-03-04 10:00";
  in.name = "王小明";
  in.phone = "0912345678";
  const Case c = *desk.open(test::at("2024-03-04 10:00"), in);
  NoticeStore notices(*ledger);
  Notice n;
  n.case_id = c.id;
  n.ref = c.ref;
  n.item = "payment-3";
  n.source = "subsidy";
  n.level = "due";
  n.trigger = "before_due";
  n.deadline_version = 1;
  n.audience = "applicant";
  n.transport = "sms";
  n.lang = "zh-TW";
  n.subject = "s";
  n.body = "b";
  n.state = NoticeState::planned;
  n.message_id = notice_message_id(n.ref, n.source, n.item, n.level, 1, 0);
  n.planned_at = n.next_attempt_at = *parse_instant("2024-03-04 11:00");
  const std::int64_t id = notices.insert(n);
  CHECK(notices.exists(c.id, "subsidy", "payment-3", "due", 1, 0));
  CHECK_FALSE(notices.exists(c.id, k_deadline_source, "", "due", 1, 0));
  CHECK_FALSE(notices.exists(c.id, "subsidy", "payment-4", "due", 1, 0));
  const auto found = notices.find(id);
  REQUIRE(found);
  CHECK(found->source == "subsidy");
  CHECK(found->item == "payment-3");
  CHECK(found->planned_at == *parse_instant("2024-03-04 11:00"));
  // The deadline ladder still plans its own notice of a level with the same name.
  const Instant from = *parse_instant("2024-03-01 00:00"), to = *parse_instant("2024-03-31 00:00");
  CHECK(notices.unnotified({"petition"}, "due", from, to) == std::vector<std::int64_t>{c.id});
  n.source = std::string(k_deadline_source);
  n.item.clear();
  n.message_id = notice_message_id(n.ref, n.source, n.item, n.level, 1, 0);
  CHECK(notices.insert(n) > id);
  CHECK(notices.unnotified({"petition"}, "due", from, to).empty());
}
