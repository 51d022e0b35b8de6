#include "epb/ledger/schema.hpp"

#include <array>

namespace epb::schema {
namespace {

// Version 1: the event log and the calendar's local additions.
constexpr std::string_view k_v1 = R"sql(
CREATE TABLE event (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,        -- UTC instant, 2023-01-19T01:30:00Z
  actor TEXT NOT NULL,
  command TEXT NOT NULL,   -- the epb command that made the change, e.g. 'calendar close'
  subject TEXT NOT NULL,   -- what changed, e.g. 'calendar:2024-07-25', 'case:PET-113-000042'
  action TEXT NOT NULL,    -- e.g. 'close-office', 'open', 'move'
  detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
) STRICT;
CREATE INDEX event_by_subject ON event(subject, id);
-- History is append-only: neither edits nor deletions.
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

-- Local closures (typhoon days, 停止上班) declared by the city.
CREATE TABLE calendar_closure (
  date TEXT PRIMARY KEY,   -- Taipei date, YYYY-MM-DD
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

-- Office-calendar years imported after the release (they replace built-in years).
CREATE TABLE calendar_year (
  year INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;
CREATE TABLE calendar_day (
  date TEXT PRIMARY KEY,
  year INTEGER NOT NULL REFERENCES calendar_year(year) ON DELETE CASCADE,
  working INTEGER NOT NULL CHECK (working IN (0, 1)),
  name TEXT NOT NULL
) STRICT;
CREATE INDEX calendar_day_by_year ON calendar_day(year);
)sql";

// Version 2: cases. Current state lives in the row for fast queries; the event log holds
// the history. Personal data is stored in full and masked on output.
constexpr std::string_view k_v2 = R"sql(
CREATE TABLE case_file (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL UNIQUE,            -- PET-113-000042: prefix, ROC year, sequence
  service TEXT NOT NULL,
  unit TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  applicant_kind TEXT NOT NULL CHECK (applicant_kind IN ('person', 'organisation', 'anonymous')),
  applicant_name TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  business_number TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_last4 TEXT NOT NULL DEFAULT '',  -- the citizen lookup's second factor
  email TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'zh-TW',
  subject TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  received_at TEXT NOT NULL,           -- UTC instant
  received_date TEXT NOT NULL,         -- Taipei date
  clock_start_at TEXT NOT NULL,        -- what the deadline counts from: received, or reopened
  due_date TEXT NOT NULL,              -- Taipei date
  due_at TEXT NOT NULL,                -- UTC instant the case becomes late
  deadline_rule TEXT NOT NULL,
  deadline_version INTEGER NOT NULL DEFAULT 1,
  calendar_version TEXT NOT NULL,     -- the calendar the due date was computed with
  paused_at TEXT,                      -- set while in a pause state (the clock is stopped)
  extensions INTEGER NOT NULL DEFAULT 0,
  assignee TEXT NOT NULL DEFAULT '',
  closed_at TEXT,
  closed_date TEXT,
  outcome TEXT NOT NULL DEFAULT '',
  closed_late INTEGER CHECK (closed_late IN (0, 1)),
  repeat_of TEXT NOT NULL DEFAULT '',
  repeat_key TEXT NOT NULL DEFAULT '',  -- service, person, matter and place, where repeats are tracked
  source_system TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX case_open_by_due ON case_file(due_at) WHERE closed_at IS NULL AND paused_at IS NULL;
CREATE INDEX case_by_service ON case_file(service, status);
CREATE INDEX case_paused ON case_file(paused_at) WHERE paused_at IS NOT NULL;
CREATE INDEX case_by_unit ON case_file(unit, status);
CREATE INDEX case_by_received ON case_file(received_date);
CREATE INDEX case_by_repeat_key ON case_file(repeat_key, closed_at) WHERE repeat_key <> '';
CREATE UNIQUE INDEX case_by_source ON case_file(source_system, source_id) WHERE source_id <> '';

-- Pauses and extensions decide the due date together with the rule; kept to recompute it.
CREATE TABLE case_pause (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  paused_at TEXT NOT NULL,
  resumed_at TEXT
) STRICT;
CREATE INDEX case_pause_by_case ON case_pause(case_id);
CREATE TABLE case_extension (
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  at TEXT NOT NULL,
  workdays INTEGER NOT NULL CHECK (workdays > 0),
  reason TEXT NOT NULL,
  notify_applicant INTEGER NOT NULL CHECK (notify_applicant IN (0, 1)),
  notified_at TEXT                     -- set by the notifier once the applicant was told
) STRICT;
CREATE INDEX case_extension_by_case ON case_extension(case_id);

-- The last sequence number handed out per reference prefix and ROC year.
CREATE TABLE case_sequence (
  prefix TEXT NOT NULL,
  roc_year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (prefix, roc_year)
) STRICT;
)sql";

// Version 3: the notification outbox. A notice's key (case, level, deadline version, cycle)
// is unique, so a level fires once per case and deadline; a new deadline starts a new cycle.
constexpr std::string_view k_v3 = R"sql(
CREATE TABLE notice (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  ref TEXT NOT NULL,
  level TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('before_due', 'overdue', 'extension', 'paused_every')),
  deadline_version INTEGER NOT NULL,
  cycle INTEGER NOT NULL DEFAULT 0,     -- the extension's row, or the n-th documents reminder
  audience TEXT NOT NULL CHECK (audience IN ('applicant', 'assignee', 'unit_head')),
  transport TEXT NOT NULL,              -- '' when the recipient has no usable contact
  recipient_name TEXT NOT NULL DEFAULT '',
  recipient TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,      -- derived from the key: a resend after a crash shows
  state TEXT NOT NULL CHECK (state IN ('planned', 'sending', 'sent', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  planned_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  sent_at TEXT,
  UNIQUE (case_id, level, deadline_version, cycle)
) STRICT;
CREATE INDEX notice_pending ON notice(next_attempt_at) WHERE state IN ('planned', 'sending', 'failed');
CREATE INDEX notice_by_state ON notice(state, id);

-- How far each overdue level has looked: the first run of a day checks every open case, later
-- runs that day only the cases whose due dates crossed the level's threshold since, and the
-- cases added since.
CREATE TABLE notify_cursor (
  ladder TEXT NOT NULL,
  level TEXT NOT NULL,
  threshold TEXT NOT NULL,   -- UTC instant: cases due before it were considered
  scanned_on TEXT NOT NULL,  -- Taipei date of the last full scan
  last_case_id INTEGER NOT NULL DEFAULT 0, -- cases added after it are looked at on the next run
  PRIMARY KEY (ladder, level)
) STRICT;
)sql";

// Version 4: the same tables, with CHECK constraints written as comparisons. SQLite builds a
// temporary table for every `IN (...)` list of three or more values each time a row is
// written, which made a bulk import spend about 15% of its time on one CHECK. The
// notice_pending index's condition names the two states it leaves out for the same reason.
// The service and unit indexes now hold open cases only: a service or unit holds an eighth
// of all cases, too many for an index to beat a scan, while its open cases are the working
// set a clerk lists all day; every closed case written no longer updates them.
// Rebuilt the SQLite way (CREATE, copy, DROP, RENAME) with foreign keys off.
constexpr std::string_view k_v4 = R"sql(
CREATE TABLE case_file_v4 (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL UNIQUE,            -- PET-113-000042: prefix, ROC year, sequence
  service TEXT NOT NULL,
  unit TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  applicant_kind TEXT NOT NULL CHECK (applicant_kind = 'person' OR applicant_kind = 'organisation' OR applicant_kind = 'anonymous'),
  applicant_name TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  business_number TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_last4 TEXT NOT NULL DEFAULT '',  -- the citizen lookup's second factor
  email TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'zh-TW',
  subject TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  received_at TEXT NOT NULL,           -- UTC instant
  received_date TEXT NOT NULL,         -- Taipei date
  clock_start_at TEXT NOT NULL,        -- what the deadline counts from: received, or reopened
  due_date TEXT NOT NULL,              -- Taipei date
  due_at TEXT NOT NULL,                -- UTC instant the case becomes late
  deadline_rule TEXT NOT NULL,
  deadline_version INTEGER NOT NULL DEFAULT 1,
  calendar_version TEXT NOT NULL,     -- the calendar the due date was computed with
  paused_at TEXT,                      -- set while in a pause state (the clock is stopped)
  extensions INTEGER NOT NULL DEFAULT 0,
  assignee TEXT NOT NULL DEFAULT '',
  closed_at TEXT,
  closed_date TEXT,
  outcome TEXT NOT NULL DEFAULT '',
  closed_late INTEGER CHECK (closed_late IN (0, 1)),
  repeat_of TEXT NOT NULL DEFAULT '',
  repeat_key TEXT NOT NULL DEFAULT '',  -- service, person, matter and place, where repeats are tracked
  source_system TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
) STRICT;
INSERT INTO case_file_v4 SELECT * FROM case_file;
DROP TABLE case_file;
ALTER TABLE case_file_v4 RENAME TO case_file;
CREATE INDEX case_open_by_due ON case_file(due_at) WHERE closed_at IS NULL AND paused_at IS NULL;
CREATE INDEX case_open_by_service ON case_file(service, status) WHERE closed_at IS NULL;
CREATE INDEX case_paused ON case_file(paused_at) WHERE paused_at IS NOT NULL;
CREATE INDEX case_open_by_unit ON case_file(unit, status) WHERE closed_at IS NULL;
CREATE INDEX case_by_received ON case_file(received_date);
CREATE INDEX case_by_repeat_key ON case_file(repeat_key, closed_at) WHERE repeat_key <> '';
CREATE UNIQUE INDEX case_by_source ON case_file(source_system, source_id) WHERE source_id <> '';

CREATE TABLE notice_v4 (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  ref TEXT NOT NULL,
  level TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger = 'before_due' OR trigger = 'overdue' OR trigger = 'extension' OR trigger = 'paused_every'),
  deadline_version INTEGER NOT NULL,
  cycle INTEGER NOT NULL DEFAULT 0,     -- the extension's row, or the n-th documents reminder
  audience TEXT NOT NULL CHECK (audience = 'applicant' OR audience = 'assignee' OR audience = 'unit_head'),
  transport TEXT NOT NULL,              -- '' when the recipient has no usable contact
  recipient_name TEXT NOT NULL DEFAULT '',
  recipient TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,      -- derived from the key: a resend after a crash shows
  state TEXT NOT NULL CHECK (state = 'planned' OR state = 'sending' OR state = 'sent' OR state = 'failed' OR state = 'cancelled'),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  planned_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  sent_at TEXT,
  UNIQUE (case_id, level, deadline_version, cycle)
) STRICT;
INSERT INTO notice_v4 SELECT * FROM notice;
DROP TABLE notice;
ALTER TABLE notice_v4 RENAME TO notice;
CREATE INDEX notice_pending ON notice(next_attempt_at) WHERE state NOT IN ('sent', 'cancelled');
CREATE INDEX notice_by_state ON notice(state, id);
)sql";

// Version 5: the real time each event was written. `at` is the clock the command ran with,
// which --as-of / EPB_NOW set to any instant (replaying a day, importing old cases);
// `recorded_at` is the machine's clock at the write (UTC), which they cannot set, so an audit
// can tell a replayed event from a live one. Events written before version 5 have NULL.
constexpr std::string_view k_v5 = R"sql(
ALTER TABLE event ADD COLUMN recorded_at TEXT;
)sql";

// Version 6: a due date that depends on a provisional calendar year (one the government has
// not published; DOMAIN.md §10) says so, so lists and reports show it without recomputing.
constexpr std::string_view k_v6_due_provisional = R"sql(
ALTER TABLE case_file ADD COLUMN due_provisional INTEGER NOT NULL DEFAULT 0
  CHECK (due_provisional = 0 OR due_provisional = 1);
)sql";

// Version 7: portable store code (issue #10 §A.4). Every instant is INTEGER Unix seconds UTC
// (was TEXT 2023-01-19T01:30:00Z): comparisons and indexes work on numbers, and a bulk
// import binds integers instead of formatting text. Every table has an explicit id key (the
// natural keys stay UNIQUE); case_extension keeps its old rowid as id, which extension
// notices use as their cycle. What stores queried inside event JSON is now in columns:
// case_pause.note (what documents are awaited), case_file.closed_from (the state a reopen
// returns to) and the import_batch table (which import brought a case in). The notice key
// gains the notice's source and item. Each main table has an analyst view <table>_iso that
// shows instants as ISO 8601 UTC text. Rebuilt the SQLite way with foreign keys off.
constexpr std::string_view k_v7 = R"sql(
CREATE TABLE event_v7 (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,       -- Unix seconds UTC: the command's clock (--as-of / EPB_NOW)
  recorded_at INTEGER,       -- Unix seconds UTC: the machine's clock at the write; NULL before version 5
  actor TEXT NOT NULL,
  command TEXT NOT NULL,     -- the epb command that made the change, e.g. 'calendar close'
  subject TEXT NOT NULL,     -- what changed, e.g. 'calendar:2024-07-25', 'case:PET-113-000042'
  action TEXT NOT NULL,      -- e.g. 'close-office', 'open', 'move'
  detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
) STRICT;
INSERT INTO event_v7(id, at, recorded_at, actor, command, subject, action, detail)
  SELECT id, unixepoch(at), unixepoch(recorded_at), actor, command, subject, action, detail FROM event;
DROP TABLE event;
ALTER TABLE event_v7 RENAME TO event;
CREATE INDEX event_by_subject ON event(subject, id);
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

CREATE TABLE calendar_closure_v7 (
  id INTEGER PRIMARY KEY,
  date TEXT NOT NULL UNIQUE, -- Taipei date, YYYY-MM-DD
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
INSERT INTO calendar_closure_v7(date, reason, created_at, created_by)
  SELECT date, reason, unixepoch(created_at), created_by FROM calendar_closure ORDER BY date;
DROP TABLE calendar_closure;
ALTER TABLE calendar_closure_v7 RENAME TO calendar_closure;

CREATE TABLE calendar_year_v7 (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL UNIQUE,
  source TEXT NOT NULL,
  imported_at INTEGER NOT NULL
) STRICT;
INSERT INTO calendar_year_v7(year, source, imported_at)
  SELECT year, source, unixepoch(imported_at) FROM calendar_year ORDER BY year;
CREATE TABLE calendar_day_v7 (
  id INTEGER PRIMARY KEY,
  date TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL REFERENCES calendar_year(year) ON DELETE CASCADE,
  working INTEGER NOT NULL CHECK (working = 0 OR working = 1),
  name TEXT NOT NULL
) STRICT;
INSERT INTO calendar_day_v7(date, year, working, name) SELECT date, year, working, name FROM calendar_day ORDER BY date;
DROP TABLE calendar_day;
DROP TABLE calendar_year;
ALTER TABLE calendar_year_v7 RENAME TO calendar_year;
ALTER TABLE calendar_day_v7 RENAME TO calendar_day;
CREATE INDEX calendar_day_by_year ON calendar_day(year);

CREATE TABLE case_file_v7 (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL UNIQUE,            -- PET-113-000042: prefix, ROC year, sequence
  service TEXT NOT NULL,
  unit TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  applicant_kind TEXT NOT NULL CHECK (applicant_kind = 'person' OR applicant_kind = 'organisation' OR applicant_kind = 'anonymous'),
  applicant_name TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  business_number TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_last4 TEXT NOT NULL DEFAULT '',  -- the citizen lookup's second factor
  email TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL DEFAULT 'zh-TW',
  subject TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  received_at INTEGER NOT NULL,        -- Unix seconds UTC
  received_date TEXT NOT NULL,         -- Taipei date
  clock_start_at INTEGER NOT NULL,     -- what the deadline counts from: received, or reopened
  due_date TEXT NOT NULL,              -- Taipei date
  due_at INTEGER NOT NULL,             -- Unix seconds UTC the case becomes late
  deadline_rule TEXT NOT NULL,
  deadline_version INTEGER NOT NULL DEFAULT 1,
  calendar_version TEXT NOT NULL,      -- the calendar the due date was computed with
  due_provisional INTEGER NOT NULL DEFAULT 0 CHECK (due_provisional = 0 OR due_provisional = 1),
  paused_at INTEGER,                   -- set while in a pause state (the clock is stopped)
  extensions INTEGER NOT NULL DEFAULT 0,
  assignee TEXT NOT NULL DEFAULT '',
  closed_at INTEGER,
  closed_date TEXT,
  closed_from TEXT NOT NULL DEFAULT '', -- the state the case was last closed from: a reopen returns to it
  outcome TEXT NOT NULL DEFAULT '',
  closed_late INTEGER CHECK (closed_late = 0 OR closed_late = 1),
  repeat_of TEXT NOT NULL DEFAULT '',
  repeat_key TEXT NOT NULL DEFAULT '',  -- service, person, matter and place, where repeats are tracked
  source_system TEXT NOT NULL DEFAULT '',
  source_id TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO case_file_v7(id, ref, service, unit, channel, status, applicant_kind, applicant_name, id_number,
  business_number, phone, phone_last4, email, address, lang, subject, description, place, district, received_at,
  received_date, clock_start_at, due_date, due_at, deadline_rule, deadline_version, calendar_version,
  due_provisional, paused_at, extensions, assignee, closed_at, closed_date, closed_from, outcome, closed_late,
  repeat_of, repeat_key, source_system, source_id, updated_at)
  SELECT id, ref, service, unit, channel, status, applicant_kind, applicant_name, id_number, business_number, phone,
    phone_last4, email, address, lang, subject, description, place, district, unixepoch(received_at), received_date,
    unixepoch(clock_start_at), due_date, unixepoch(due_at), deadline_rule, deadline_version, calendar_version,
    due_provisional, unixepoch(paused_at), extensions, assignee, unixepoch(closed_at), closed_date,
    coalesce((SELECT json_extract(e.detail, '$.from') FROM event e WHERE e.subject = 'case:' || c.ref
      AND (e.action = 'close' OR e.action = 'move') AND json_extract(e.detail, '$.closed') = 1
      ORDER BY e.id DESC LIMIT 1), ''),
    outcome, closed_late, repeat_of, repeat_key, source_system, source_id, unixepoch(updated_at)
  FROM case_file c;
DROP TABLE case_file;
ALTER TABLE case_file_v7 RENAME TO case_file;
CREATE INDEX case_open_by_due ON case_file(due_at) WHERE closed_at IS NULL AND paused_at IS NULL;
CREATE INDEX case_open_by_service ON case_file(service, status) WHERE closed_at IS NULL;
CREATE INDEX case_paused ON case_file(paused_at) WHERE paused_at IS NOT NULL;
CREATE INDEX case_open_by_unit ON case_file(unit, status) WHERE closed_at IS NULL;
CREATE INDEX case_by_received ON case_file(received_date);
CREATE INDEX case_by_repeat_key ON case_file(repeat_key, closed_at) WHERE repeat_key <> '';
CREATE UNIQUE INDEX case_by_source ON case_file(source_system, source_id) WHERE source_id <> '';

-- A pause's note says what documents are awaited (the documents reminder quotes it). An open
-- pause takes the latest note of a pause or move, as the reminder read it before; an ended
-- one the note of the event that started it.
CREATE TABLE case_pause_v7 (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  paused_at INTEGER NOT NULL,
  resumed_at INTEGER,
  note TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO case_pause_v7(id, case_id, paused_at, resumed_at, note)
  SELECT p.id, p.case_id, unixepoch(p.paused_at), unixepoch(p.resumed_at),
    coalesce((SELECT json_extract(e.detail, '$.note') FROM case_file c JOIN event e ON e.subject = 'case:' || c.ref
      WHERE c.id = p.case_id AND (e.action = 'pause' OR e.action = 'move')
      AND json_extract(e.detail, '$.note') IS NOT NULL AND (p.resumed_at IS NULL OR e.at = unixepoch(p.paused_at))
      ORDER BY e.id DESC LIMIT 1), '')
  FROM case_pause p;
DROP TABLE case_pause;
ALTER TABLE case_pause_v7 RENAME TO case_pause;
CREATE INDEX case_pause_by_case ON case_pause(case_id);

CREATE TABLE case_extension_v7 (
  id INTEGER PRIMARY KEY,              -- extension notices use it as their cycle
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  at INTEGER NOT NULL,
  workdays INTEGER NOT NULL CHECK (workdays > 0),
  reason TEXT NOT NULL,
  notify_applicant INTEGER NOT NULL CHECK (notify_applicant = 0 OR notify_applicant = 1),
  notified_at INTEGER                  -- set by the notifier once the applicant was told
) STRICT;
INSERT INTO case_extension_v7(id, case_id, at, workdays, reason, notify_applicant, notified_at)
  SELECT rowid, case_id, unixepoch(at), workdays, reason, notify_applicant, unixepoch(notified_at) FROM case_extension;
DROP TABLE case_extension;
ALTER TABLE case_extension_v7 RENAME TO case_extension;
CREATE INDEX case_extension_by_case ON case_extension(case_id);

CREATE TABLE case_sequence_v7 (
  id INTEGER PRIMARY KEY,
  prefix TEXT NOT NULL,
  roc_year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  UNIQUE (prefix, roc_year)
) STRICT;
INSERT INTO case_sequence_v7(prefix, roc_year, last) SELECT prefix, roc_year, last FROM case_sequence
  ORDER BY prefix, roc_year;
DROP TABLE case_sequence;
ALTER TABLE case_sequence_v7 RENAME TO case_sequence;

-- Import batches: which import brought a range of records in (a case's history shows its batch).
CREATE TABLE import_batch (
  id INTEGER PRIMARY KEY,
  record_type TEXT NOT NULL,           -- what was imported: 'case'
  source TEXT NOT NULL,                -- the file's name, or '-' for standard input
  first_case_id INTEGER NOT NULL,
  last_case_id INTEGER NOT NULL,
  imported INTEGER NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  event_id INTEGER NOT NULL UNIQUE REFERENCES event(id)
) STRICT;
CREATE INDEX import_batch_by_range ON import_batch(record_type, first_case_id);
INSERT INTO import_batch(record_type, source, first_case_id, last_case_id, imported, at, actor, event_id)
  SELECT 'case', json_extract(detail, '$.file'), json_extract(detail, '$.first_id'), json_extract(detail, '$.last_id'),
    json_extract(detail, '$.imported'), at, actor, id
  FROM event WHERE subject = 'case-import' AND action = 'import' ORDER BY id;

-- A notice's source says what planned it ('deadline': the deadline ladder) and its item which
-- of the case's things it is about ('' for the case itself).
CREATE TABLE notice_v7 (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  ref TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'deadline',
  item TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger = 'before_due' OR trigger = 'overdue' OR trigger = 'extension' OR trigger = 'paused_every'),
  deadline_version INTEGER NOT NULL,
  cycle INTEGER NOT NULL DEFAULT 0,     -- the extension's id, or the n-th documents reminder
  audience TEXT NOT NULL CHECK (audience = 'applicant' OR audience = 'assignee' OR audience = 'unit_head'),
  transport TEXT NOT NULL,              -- '' when the recipient has no usable contact
  recipient_name TEXT NOT NULL DEFAULT '',
  recipient TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,      -- derived from the key: a resend after a crash shows
  state TEXT NOT NULL CHECK (state = 'planned' OR state = 'sending' OR state = 'sent' OR state = 'failed' OR state = 'cancelled'),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  planned_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (case_id, source, item, level, deadline_version, cycle)
) STRICT;
INSERT INTO notice_v7(id, case_id, ref, level, trigger, deadline_version, cycle, audience, transport,
  recipient_name, recipient, lang, subject, body, message_id, state, attempts, last_error, planned_at,
  next_attempt_at, sent_at)
  SELECT id, case_id, ref, level, trigger, deadline_version, cycle, audience, transport, recipient_name, recipient,
    lang, subject, body, message_id, state, attempts, last_error, unixepoch(planned_at), unixepoch(next_attempt_at),
    unixepoch(sent_at)
  FROM notice;
DROP TABLE notice;
ALTER TABLE notice_v7 RENAME TO notice;
CREATE INDEX notice_pending ON notice(next_attempt_at) WHERE state NOT IN ('sent', 'cancelled');
CREATE INDEX notice_by_state ON notice(state, id);

CREATE TABLE notify_cursor_v7 (
  id INTEGER PRIMARY KEY,
  ladder TEXT NOT NULL,
  level TEXT NOT NULL,
  threshold INTEGER NOT NULL,  -- Unix seconds UTC: cases due before it were considered
  scanned_on TEXT NOT NULL,    -- Taipei date of the last full scan
  last_case_id INTEGER NOT NULL DEFAULT 0, -- cases added after it are looked at on the next run
  UNIQUE (ladder, level)
) STRICT;
INSERT INTO notify_cursor_v7(ladder, level, threshold, scanned_on, last_case_id)
  SELECT ladder, level, unixepoch(threshold), scanned_on, last_case_id FROM notify_cursor ORDER BY ladder, level;
DROP TABLE notify_cursor;
ALTER TABLE notify_cursor_v7 RENAME TO notify_cursor;

-- Analyst views: every column, instants as ISO 8601 UTC text (2023-01-19T01:30:00Z).
CREATE VIEW case_file_iso AS SELECT
  id, ref, service, unit, channel, status, applicant_kind, applicant_name, id_number, business_number, phone,
  phone_last4, email, address, lang, subject, description, place, district,
  strftime('%Y-%m-%dT%H:%M:%SZ', received_at, 'unixepoch') AS received_at, received_date,
  strftime('%Y-%m-%dT%H:%M:%SZ', clock_start_at, 'unixepoch') AS clock_start_at, due_date,
  strftime('%Y-%m-%dT%H:%M:%SZ', due_at, 'unixepoch') AS due_at, deadline_rule, deadline_version,
  calendar_version, due_provisional, strftime('%Y-%m-%dT%H:%M:%SZ', paused_at, 'unixepoch') AS paused_at,
  extensions, assignee, strftime('%Y-%m-%dT%H:%M:%SZ', closed_at, 'unixepoch') AS closed_at, closed_date,
  closed_from, outcome, closed_late, repeat_of, repeat_key, source_system, source_id,
  strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'unixepoch') AS updated_at
FROM case_file;
CREATE VIEW event_iso AS SELECT
  id, strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') AS at,
  strftime('%Y-%m-%dT%H:%M:%SZ', recorded_at, 'unixepoch') AS recorded_at, actor, command, subject, action,
  detail
FROM event;
CREATE VIEW notice_iso AS SELECT
  id, case_id, ref, source, item, level, trigger, deadline_version, cycle, audience, transport,
  recipient_name, recipient, lang, subject, body, message_id, state, attempts, last_error,
  strftime('%Y-%m-%dT%H:%M:%SZ', planned_at, 'unixepoch') AS planned_at,
  strftime('%Y-%m-%dT%H:%M:%SZ', next_attempt_at, 'unixepoch') AS next_attempt_at,
  strftime('%Y-%m-%dT%H:%M:%SZ', sent_at, 'unixepoch') AS sent_at
FROM notice;
CREATE VIEW case_pause_iso AS SELECT
  id, case_id, strftime('%Y-%m-%dT%H:%M:%SZ', paused_at, 'unixepoch') AS paused_at,
  strftime('%Y-%m-%dT%H:%M:%SZ', resumed_at, 'unixepoch') AS resumed_at, note
FROM case_pause;
CREATE VIEW case_extension_iso AS SELECT
  id, case_id, strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') AS at, workdays, reason, notify_applicant,
  strftime('%Y-%m-%dT%H:%M:%SZ', notified_at, 'unixepoch') AS notified_at
FROM case_extension;
CREATE VIEW calendar_closure_iso AS SELECT
  id, date, reason, strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created_at, created_by
FROM calendar_closure;
CREATE VIEW import_batch_iso AS SELECT
  id, record_type, source, first_case_id, last_case_id, imported,
  strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') AS at, actor, event_id
FROM import_batch;
)sql";

// Version 8: subsidy applications (DOMAIN.md §5), one row per case of the subsidy service, and
// the log of household-registration exchanges. The applicant's name, contact and address stay
// on the case row; applicant_id repeats its ID or business number so the one-per-person rule
// has an index. `amount` is NULL until approval freezes it: "subsidised" means amount IS NOT
// NULL (approved or paid), which every double-dipping check reads.
constexpr std::string_view k_v8_subsidy = R"sql(
CREATE TABLE subsidy_application (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL UNIQUE REFERENCES case_file(id),
  programme_year INTEGER NOT NULL CHECK (programme_year >= 2000 AND programme_year <= 2100),
  programme_kind TEXT NOT NULL CHECK (programme_kind = 'scrap_only' OR programme_kind = 'scrap_buy_heavy'
    OR programme_kind = 'scrap_buy_other' OR programme_kind = 'buy_heavy' OR programme_kind = 'buy_other'),
  applicant_type TEXT NOT NULL CHECK (applicant_type = 'person' OR applicant_type = 'business'),
  applicant_id TEXT NOT NULL,             -- national ID / resident certificate, or UBN
  low_income INTEGER NOT NULL DEFAULT 0 CHECK (low_income = 0 OR low_income = 1),
  scrapped_plate TEXT NOT NULL DEFAULT '',
  scrapped_made_date TEXT,                -- YYYY-MM-DD
  recycling_certificate TEXT NOT NULL DEFAULT '',
  deregistered_date TEXT,
  new_plate TEXT NOT NULL DEFAULT '',
  new_frame TEXT NOT NULL DEFAULT '',
  new_class TEXT NOT NULL DEFAULT '' CHECK (new_class = '' OR new_class = 'heavy' OR new_class = 'light'
    OR new_class = 'small_light' OR new_class = 'e_bike' OR new_class = 'assisted'),
  invoice_number TEXT NOT NULL DEFAULT '',
  invoice_date TEXT,
  dealer_ubn TEXT NOT NULL DEFAULT '',
  dealer_application TEXT NOT NULL DEFAULT '',  -- the dealer's own number: a batch's idempotency key
  bank_code TEXT NOT NULL,
  account_number TEXT NOT NULL,
  applied_date TEXT NOT NULL,             -- the Taipei date the application was received
  amount INTEGER CHECK (amount IS NULL OR amount >= 0),  -- frozen at approval
  approved_at INTEGER,
  paid_at INTEGER,
  payment_batch TEXT NOT NULL DEFAULT '',
  corrections INTEGER NOT NULL DEFAULT 0 CHECK (corrections >= 0),
  documents_missing TEXT NOT NULL DEFAULT '',
  household_registered INTEGER CHECK (household_registered IS NULL OR household_registered = 0
    OR household_registered = 1),          -- NULL: not checked yet
  household_district TEXT NOT NULL DEFAULT '',
  household_date TEXT,
  household_checked_at INTEGER,
  decision_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX subsidy_by_programme ON subsidy_application(programme_year, programme_kind, amount, paid_at);
CREATE INDEX subsidy_by_scrapped_plate ON subsidy_application(scrapped_plate) WHERE scrapped_plate <> '';
CREATE INDEX subsidy_by_certificate ON subsidy_application(recycling_certificate) WHERE recycling_certificate <> '';
CREATE INDEX subsidy_by_new_plate ON subsidy_application(new_plate) WHERE new_plate <> '';
CREATE INDEX subsidy_by_new_frame ON subsidy_application(new_frame) WHERE new_frame <> '';
CREATE INDEX subsidy_by_applicant ON subsidy_application(applicant_id, programme_year);
CREATE INDEX subsidy_household_pending ON subsidy_application(case_id) WHERE household_registered IS NULL;
CREATE UNIQUE INDEX subsidy_by_dealer_application ON subsidy_application(dealer_ubn, dealer_application)
  WHERE dealer_application <> '';

CREATE VIEW subsidy_application_iso AS
SELECT s.*, c.ref AS ref,
  strftime('%Y-%m-%dT%H:%M:%SZ', s.approved_at, 'unixepoch') AS approved_at_iso,
  strftime('%Y-%m-%dT%H:%M:%SZ', s.paid_at, 'unixepoch') AS paid_at_iso,
  strftime('%Y-%m-%dT%H:%M:%SZ', s.household_checked_at, 'unixepoch') AS household_checked_at_iso
FROM subsidy_application s JOIN case_file c ON c.id = s.case_id;

-- Each batch exchanged with the household-registration office: who, when, which way, how
-- many records and the file's SHA-256 (DOMAIN.md §5).
CREATE TABLE household_exchange (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction = 'export' OR direction = 'import'),
  records INTEGER NOT NULL CHECK (records >= 0),
  file_sha256 TEXT NOT NULL,
  file_name TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE VIEW household_exchange_iso AS
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') AS at, actor, direction, records, file_sha256, file_name
FROM household_exchange;
)sql";

// Version 9: the payment engine (DESIGN.md "One payment engine"): batches of transfers to the
// bank for any purpose (subsidies now, whistleblower rewards later), each item keyed by the
// case it pays. The invariants are the schema's as well as the code's: an item is in at most one
// open batch, a paid item is never paid again, a result is final, amounts are positive.
constexpr std::string_view k_v9_payment = R"sql(
CREATE TABLE payment_batch (
  id INTEGER PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose <> ''),  -- 'subsidy', later 'reward'
  ref TEXT NOT NULL UNIQUE,                     -- PAY-107-0001: prefix, ROC year, sequence
  prefix TEXT NOT NULL,
  roc_year INTEGER NOT NULL,
  seq INTEGER NOT NULL CHECK (seq > 0),
  state TEXT NOT NULL CHECK (state = 'open' OR state = 'confirmed'),
  created_at INTEGER NOT NULL,                  -- Unix seconds UTC
  actor TEXT NOT NULL,
  roster_file TEXT NOT NULL,                    -- the path the roster was written to
  roster_sha256 TEXT NOT NULL CHECK (length(roster_sha256) = 64),
  item_count INTEGER NOT NULL CHECK (item_count > 0),
  total INTEGER NOT NULL CHECK (total > 0),     -- whole NT$
  confirmed_at INTEGER,                         -- when the last item got its result
  CHECK ((state = 'open' AND confirmed_at IS NULL) OR (state = 'confirmed' AND confirmed_at IS NOT NULL)),
  UNIQUE (prefix, roc_year, seq),
  UNIQUE (id, purpose)
) STRICT;

CREATE TABLE payment_item (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  payee TEXT NOT NULL CHECK (payee <> ''),
  bank_code TEXT NOT NULL CHECK (length(bank_code) = 3),
  account TEXT NOT NULL CHECK (length(account) >= 10 AND length(account) <= 16),
  amount INTEGER NOT NULL CHECK (amount > 0),   -- whole NT$
  state TEXT NOT NULL DEFAULT 'in_batch' CHECK (state = 'in_batch' OR state = 'paid' OR state = 'failed'),
  failure_reason TEXT NOT NULL DEFAULT '',
  paid_on TEXT,                                 -- Taipei date the bank paid, YYYY-MM-DD
  result_at INTEGER,                            -- when the bank's result was recorded
  CHECK ((state = 'in_batch' AND paid_on IS NULL AND result_at IS NULL AND failure_reason = '')
      OR (state = 'paid' AND paid_on IS NOT NULL AND result_at IS NOT NULL AND failure_reason = '')
      OR (state = 'failed' AND paid_on IS NULL AND result_at IS NOT NULL AND failure_reason <> '')),
  FOREIGN KEY (batch_id, purpose) REFERENCES payment_batch(id, purpose),
  UNIQUE (batch_id, case_id)
) STRICT;
-- An item is in at most one open batch; a paid item is never paid again.
CREATE UNIQUE INDEX payment_item_one_open ON payment_item(purpose, case_id) WHERE state = 'in_batch';
CREATE UNIQUE INDEX payment_item_paid_once ON payment_item(purpose, case_id) WHERE state = 'paid';
CREATE INDEX payment_item_by_case ON payment_item(case_id);
-- Once paid, a case goes into no batch again; a result, once recorded, is final; items stay.
CREATE TRIGGER payment_item_not_after_paid BEFORE INSERT ON payment_item
WHEN EXISTS (SELECT 1 FROM payment_item p WHERE p.case_id = NEW.case_id AND p.purpose = NEW.purpose AND p.state = 'paid')
BEGIN SELECT RAISE(ABORT, 'payment_item: the case was paid already'); END;
CREATE TRIGGER payment_item_result_final BEFORE UPDATE ON payment_item
WHEN OLD.state <> 'in_batch' OR NEW.batch_id <> OLD.batch_id OR NEW.case_id <> OLD.case_id OR NEW.amount <> OLD.amount
  OR NEW.account <> OLD.account OR NEW.bank_code <> OLD.bank_code OR NEW.payee <> OLD.payee
BEGIN SELECT RAISE(ABORT, 'payment_item: only an item in a batch can get its result, once'); END;
CREATE TRIGGER payment_item_no_delete BEFORE DELETE ON payment_item
BEGIN SELECT RAISE(ABORT, 'payment_item: items are never deleted'); END;

CREATE VIEW payment_batch_iso AS
SELECT id, purpose, ref, state, strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created_at, actor,
       roster_file, roster_sha256, item_count, total,
       strftime('%Y-%m-%dT%H:%M:%SZ', confirmed_at, 'unixepoch') AS confirmed_at
FROM payment_batch;
CREATE VIEW payment_item_iso AS
SELECT id, batch_id, purpose, case_id, payee, bank_code, account, amount, state, failure_reason, paid_on,
       strftime('%Y-%m-%dT%H:%M:%SZ', result_at, 'unixepoch') AS result_at
FROM payment_item;
)sql";

// Version 10: notices from more than case deadlines (notice_source.hpp). notice.trigger admits
// 'decision' (a level fired by a domain decision), and the subsidy desk queues each decision
// the applicant is to be told of in subsidy_decision, in the decision's own transaction; the
// subsidy notice source reads the untold ones through a partial index (an idle `notify run`
// probes it and finds nothing) and marks them told. Several rows per case: a queue, not a
// domain row, so case_id is not unique; (case, decision, round) is.
constexpr std::string_view k_v10_notice_sources = R"sql(
DROP VIEW notice_iso;
CREATE TABLE notice_v10 (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  ref TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'deadline',  -- what planned it: 'deadline', 'subsidy'
  item TEXT NOT NULL DEFAULT '',            -- which of the case's things: '' (the case), 'approved', ...
  level TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger = 'before_due' OR trigger = 'overdue' OR trigger = 'extension'
    OR trigger = 'paused_every' OR trigger = 'decision'),
  deadline_version INTEGER NOT NULL,        -- 0 for notices that do not depend on the deadline
  cycle INTEGER NOT NULL DEFAULT 0,         -- the extension's id, the n-th documents reminder, the decision's round
  audience TEXT NOT NULL CHECK (audience = 'applicant' OR audience = 'assignee' OR audience = 'unit_head'),
  transport TEXT NOT NULL,                  -- '' when the recipient has no usable contact
  recipient_name TEXT NOT NULL DEFAULT '',
  recipient TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,          -- derived from the key: a resend after a crash shows
  state TEXT NOT NULL CHECK (state = 'planned' OR state = 'sending' OR state = 'sent' OR state = 'failed' OR state = 'cancelled'),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  planned_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (case_id, source, item, level, deadline_version, cycle)
) STRICT;
INSERT INTO notice_v10 SELECT id, case_id, ref, source, item, level, trigger, deadline_version, cycle, audience,
  transport, recipient_name, recipient, lang, subject, body, message_id, state, attempts, last_error, planned_at,
  next_attempt_at, sent_at FROM notice ORDER BY id;
DROP TABLE notice;
ALTER TABLE notice_v10 RENAME TO notice;
CREATE INDEX notice_pending ON notice(next_attempt_at) WHERE state NOT IN ('sent', 'cancelled');
CREATE INDEX notice_by_state ON notice(state, id);
CREATE VIEW notice_iso AS SELECT
  id, case_id, ref, source, item, level, trigger, deadline_version, cycle, audience, transport,
  recipient_name, recipient, lang, subject, body, message_id, state, attempts, last_error,
  strftime('%Y-%m-%dT%H:%M:%SZ', planned_at, 'unixepoch') AS planned_at,
  strftime('%Y-%m-%dT%H:%M:%SZ', next_attempt_at, 'unixepoch') AS next_attempt_at,
  strftime('%Y-%m-%dT%H:%M:%SZ', sent_at, 'unixepoch') AS sent_at
FROM notice;

CREATE TABLE subsidy_decision (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  decision TEXT NOT NULL CHECK (decision = 'documents' OR decision = 'approved' OR decision = 'rejected'
    OR decision = 'paid'),
  round INTEGER NOT NULL CHECK (round >= 1), -- the n-th decision of its kind on the case (documents: the correction)
  amount INTEGER CHECK (amount IS NULL OR amount >= 0), -- approved, paid: whole NT$
  detail TEXT NOT NULL DEFAULT '',          -- documents: what is missing; rejected: the reason
  paid_on TEXT,                             -- paid: the Taipei date the bank paid, YYYY-MM-DD
  decided_at INTEGER NOT NULL,              -- Unix seconds UTC
  notified_at INTEGER,                      -- when the notice source took it; NULL: still to plan
  UNIQUE (case_id, decision, round)
) STRICT;
CREATE INDEX subsidy_decision_untold ON subsidy_decision(decision, id) WHERE notified_at IS NULL;
CREATE VIEW subsidy_decision_iso AS SELECT
  d.id, d.case_id, c.ref, d.decision, d.round, d.amount, d.detail, d.paid_on,
  strftime('%Y-%m-%dT%H:%M:%SZ', d.decided_at, 'unixepoch') AS decided_at,
  strftime('%Y-%m-%dT%H:%M:%SZ', d.notified_at, 'unixepoch') AS notified_at
FROM subsidy_decision d JOIN case_file c ON c.id = d.case_id;
)sql";

// Version 11: the construction air-pollution fee and the water pollution fee (DOMAIN.md §6).
// A project is a case of a service of kind fee (fee_project keyed by case_id); each declaration
// (the start-of-work one, then the settlement) keeps the figures it was computed from; its
// instalments carry the payment slips; a payment is keyed by its collector's transaction id, so a
// collection file imported twice adds nothing. notice.trigger admits 'dunning' (fee dunning
// levels, planned by the fee notice source through fee_instalment_dunning). Water fees are
// tracked per business (UBN) and half-year, not as cases: the central authority assesses them.
constexpr std::string_view k_v11_fee = R"sql(
CREATE TABLE fee_project (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL UNIQUE REFERENCES case_file(id),
  site_address TEXT NOT NULL CHECK (site_address <> ''),
  district TEXT NOT NULL DEFAULT '',
  permit TEXT NOT NULL DEFAULT '',         -- building permit or public-works contract number
  owner_kind TEXT NOT NULL CHECK (owner_kind = 'person' OR owner_kind = 'company'),
  owner_id TEXT NOT NULL,                  -- national ID / resident certificate, or UBN
  contractor TEXT NOT NULL DEFAULT '',
  contractor_ubn TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL,                  -- a code of [fee.categories]
  quantity TEXT NOT NULL,                  -- exact decimal, in the category's basis
  planned_start TEXT NOT NULL,             -- YYYY-MM-DD
  planned_end TEXT NOT NULL,
  public_works INTEGER NOT NULL DEFAULT 0 CHECK (public_works = 0 OR public_works = 1),
  started_on TEXT,                         -- found under way: the counted-back start (§5 ¶3)
  state TEXT NOT NULL DEFAULT 'registered' CHECK (state = 'registered' OR state = 'declared' OR state = 'settled'),
  CHECK (planned_end >= planned_start)
) STRICT;
CREATE INDEX fee_project_by_permit ON fee_project(permit) WHERE permit <> '';
CREATE INDEX fee_project_by_owner ON fee_project(owner_id);

-- Each computation of a project's fee: the declaration before work, then the settlement.
CREATE TABLE fee_declaration (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  kind TEXT NOT NULL CHECK (kind = 'start' OR kind = 'settlement'),
  category TEXT NOT NULL,
  quantity TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  stop_days INTEGER NOT NULL DEFAULT 0 CHECK (stop_days >= 0),
  days INTEGER NOT NULL CHECK (days >= 0),  -- counted: end − start + 1 − stop days (0: untimed)
  level INTEGER NOT NULL CHECK (level >= 1 AND level <= 3),
  rate TEXT NOT NULL,                       -- exact decimal, the level's national rate
  factor TEXT NOT NULL,                     -- the local factor
  months TEXT NOT NULL,                     -- days / 30 shown to 6 decimals (the fee used the exact value)
  fee INTEGER NOT NULL CHECK (fee >= 0),    -- whole NT$, rounded once
  exempt INTEGER NOT NULL DEFAULT 0 CHECK (exempt = 0 OR exempt = 1),
  plan TEXT NOT NULL DEFAULT 'full' CHECK (plan = 'full' OR plan = 'halves' OR plan = 'instalments'),
  double_rate INTEGER NOT NULL DEFAULT 0 CHECK (double_rate = 0 OR double_rate = 1),
  reason TEXT NOT NULL DEFAULT '',          -- settlement at the double rate: why (required then)
  refund INTEGER NOT NULL DEFAULT 0 CHECK (refund >= 0),  -- settlement: paid beyond the settled fee
  topup INTEGER NOT NULL DEFAULT 0 CHECK (topup >= 0),    -- settlement: the settled fee beyond what was assessed
  declared_at INTEGER NOT NULL,             -- Unix seconds UTC
  actor TEXT NOT NULL,
  CHECK (double_rate = 0 OR reason <> '')
) STRICT;
CREATE INDEX fee_declaration_by_case ON fee_declaration(case_id, id);

CREATE TABLE fee_instalment (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  declaration_id INTEGER NOT NULL REFERENCES fee_declaration(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL CHECK (kind = 'full' OR kind = 'half' OR kind = 'instalment' OR kind = 'topup'),
  amount INTEGER NOT NULL CHECK (amount > 0),  -- whole NT$, the principal
  due_date TEXT NOT NULL,                      -- the last day to pay without being late
  slip TEXT NOT NULL UNIQUE CHECK (length(slip) = 12),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state = 'open' OR state = 'paid' OR state = 'cancelled'),
  paid_on TEXT,                                -- Taipei date of the payment that settled it
  paid_total INTEGER NOT NULL DEFAULT 0 CHECK (paid_total >= 0),  -- principal + surcharge + interest paid
  cancelled_reason TEXT NOT NULL DEFAULT '',
  dunning_next_on TEXT,                        -- the fee notice source's next look; NULL: not looked at yet
  CHECK ((state = 'paid') = (paid_on IS NOT NULL)),
  CHECK (state <> 'cancelled' OR cancelled_reason <> ''),
  UNIQUE (case_id, seq)
) STRICT;
-- Arrears: open instalments by due date. Dunning: what the notice source must look at today.
CREATE INDEX fee_instalment_open_due ON fee_instalment(due_date, case_id) WHERE state = 'open';
CREATE INDEX fee_instalment_dunning ON fee_instalment(dunning_next_on) WHERE state = 'open';

-- A payment as the collector reported it. One per (collector, transaction id): a file imported
-- twice adds nothing. A payment is applied to one instalment, in full, or not stored at all.
CREATE TABLE fee_payment (
  id INTEGER PRIMARY KEY,
  instalment_id INTEGER NOT NULL REFERENCES fee_instalment(id),
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  slip TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  principal INTEGER NOT NULL CHECK (principal > 0),
  surcharge INTEGER NOT NULL DEFAULT 0 CHECK (surcharge >= 0),
  interest INTEGER NOT NULL DEFAULT 0 CHECK (interest >= 0),
  paid_on TEXT NOT NULL,                   -- Taipei date the payer paid
  collector TEXT NOT NULL CHECK (collector <> ''),  -- 'counter', a bank or a convenience-store chain
  txn_id TEXT NOT NULL CHECK (txn_id <> ''),
  recorded_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  CHECK (amount = principal + surcharge + interest),
  UNIQUE (collector, txn_id)
) STRICT;
CREATE INDEX fee_payment_by_case ON fee_payment(case_id);
CREATE TRIGGER fee_payment_no_change BEFORE UPDATE ON fee_payment
BEGIN SELECT RAISE(ABORT, 'fee_payment: payments are never changed'); END;
CREATE TRIGGER fee_payment_no_delete BEFORE DELETE ON fee_payment
BEGIN SELECT RAISE(ABORT, 'fee_payment: payments are never deleted'); END;

-- Stop-work periods (停工 → 復工): their days do not count. At most one open stop per project.
CREATE TABLE fee_stop (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  stopped_on TEXT NOT NULL,
  resumed_on TEXT,
  CHECK (resumed_on IS NULL OR resumed_on > stopped_on)
) STRICT;
CREATE INDEX fee_stop_by_case ON fee_stop(case_id, stopped_on);
CREATE UNIQUE INDEX fee_stop_one_open ON fee_stop(case_id) WHERE resumed_on IS NULL;

-- The water pollution control fee, per business and half-year: what was declared and paid.
CREATE TABLE water_fee (
  id INTEGER PRIMARY KEY,
  ubn TEXT NOT NULL CHECK (length(ubn) = 8),
  business TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL CHECK (length(period) = 7 AND (substr(period, 5) = '-H1' OR substr(period, 5) = '-H2')),
  declared INTEGER NOT NULL CHECK (declared >= 0),  -- whole NT$ (truncated)
  exempt INTEGER NOT NULL DEFAULT 0 CHECK (exempt = 0 OR exempt = 1),
  due_date TEXT NOT NULL,                 -- 31 July (H1) or 31 January next year (H2)
  paid INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0),
  paid_on TEXT,
  source TEXT NOT NULL DEFAULT 'manual' CHECK (source = 'manual' OR source = 'import'),
  declared_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (ubn, period)
) STRICT;
CREATE INDEX water_fee_unpaid ON water_fee(due_date) WHERE exempt = 0 AND paid < declared;

CREATE TABLE water_payment (
  id INTEGER PRIMARY KEY,
  water_fee_id INTEGER NOT NULL REFERENCES water_fee(id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  interest INTEGER NOT NULL DEFAULT 0 CHECK (interest >= 0),
  paid_on TEXT NOT NULL,
  txn_id TEXT NOT NULL UNIQUE CHECK (txn_id <> ''),
  recorded_at INTEGER NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE TRIGGER water_payment_no_delete BEFORE DELETE ON water_payment
BEGIN SELECT RAISE(ABORT, 'water_payment: payments are never deleted'); END;

-- Notices: trigger 'dunning' besides the others (otherwise the table of version 10).
DROP VIEW notice_iso;
CREATE TABLE notice_v11 (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  ref TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT 'deadline',  -- what planned it: 'deadline', 'subsidy', 'fee'
  item TEXT NOT NULL DEFAULT '',            -- which of the case's things: '' (the case), 'approved', a slip, ...
  level TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger = 'before_due' OR trigger = 'overdue' OR trigger = 'extension'
    OR trigger = 'paused_every' OR trigger = 'decision' OR trigger = 'dunning'),
  deadline_version INTEGER NOT NULL,        -- 0 for notices that do not depend on the deadline
  cycle INTEGER NOT NULL DEFAULT 0,         -- the extension's id, the n-th reminder, the decision's round, the due date
  audience TEXT NOT NULL CHECK (audience = 'applicant' OR audience = 'assignee' OR audience = 'unit_head'),
  transport TEXT NOT NULL,                  -- '' when the recipient has no usable contact
  recipient_name TEXT NOT NULL DEFAULT '',
  recipient TEXT NOT NULL DEFAULT '',
  lang TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,          -- derived from the key: a resend after a crash shows
  state TEXT NOT NULL CHECK (state = 'planned' OR state = 'sending' OR state = 'sent' OR state = 'failed' OR state = 'cancelled'),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  planned_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (case_id, source, item, level, deadline_version, cycle)
) STRICT;
INSERT INTO notice_v11 SELECT id, case_id, ref, source, item, level, trigger, deadline_version, cycle, audience,
  transport, recipient_name, recipient, lang, subject, body, message_id, state, attempts, last_error, planned_at,
  next_attempt_at, sent_at FROM notice ORDER BY id;
DROP TABLE notice;
ALTER TABLE notice_v11 RENAME TO notice;
CREATE INDEX notice_pending ON notice(next_attempt_at) WHERE state NOT IN ('sent', 'cancelled');
CREATE INDEX notice_by_state ON notice(state, id);
CREATE INDEX notice_by_item ON notice(case_id, source, item) WHERE item <> '';
CREATE VIEW notice_iso AS SELECT
  id, case_id, ref, source, item, level, trigger, deadline_version, cycle, audience, transport,
  recipient_name, recipient, lang, subject, body, message_id, state, attempts, last_error,
  strftime('%Y-%m-%dT%H:%M:%SZ', planned_at, 'unixepoch') AS planned_at,
  strftime('%Y-%m-%dT%H:%M:%SZ', next_attempt_at, 'unixepoch') AS next_attempt_at,
  strftime('%Y-%m-%dT%H:%M:%SZ', sent_at, 'unixepoch') AS sent_at
FROM notice;

CREATE VIEW fee_project_iso AS SELECT p.*, c.ref AS ref FROM fee_project p JOIN case_file c ON c.id = p.case_id;
CREATE VIEW fee_declaration_iso AS SELECT d.id, d.case_id, c.ref, d.kind, d.category, d.quantity, d.start_date,
  d.end_date, d.stop_days, d.days, d.level, d.rate, d.factor, d.months, d.fee, d.exempt, d.plan, d.double_rate,
  d.reason, d.refund, d.topup, strftime('%Y-%m-%dT%H:%M:%SZ', d.declared_at, 'unixepoch') AS declared_at, d.actor
FROM fee_declaration d JOIN case_file c ON c.id = d.case_id;
CREATE VIEW fee_payment_iso AS SELECT f.id, f.instalment_id, f.case_id, c.ref, f.slip, f.amount, f.principal,
  f.surcharge, f.interest, f.paid_on, f.collector, f.txn_id,
  strftime('%Y-%m-%dT%H:%M:%SZ', f.recorded_at, 'unixepoch') AS recorded_at, f.actor
FROM fee_payment f JOIN case_file c ON c.id = f.case_id;
CREATE VIEW water_fee_iso AS SELECT w.id, w.ubn, w.business, w.period, w.declared, w.exempt, w.due_date, w.paid,
  w.paid_on, w.source, strftime('%Y-%m-%dT%H:%M:%SZ', w.declared_at, 'unixepoch') AS declared_at, w.actor
FROM water_fee w;
)sql";

// Version 12: satisfaction surveys (DOMAIN.md §8, epb-survey(1)). A sample is stored with all
// that re-draws it (definition, seed, generator version) and all that shows what it was drawn
// from (frame size, SHA-256 frame hash, the frame's members with a digest of each row's fields),
// so `epb survey verify` tells a changed ledger from an edited sample. Members are the chosen
// cases and the spares, in their stored order; attempts and answers are history (no updates).
// The follow-up a low score calls for is a case of its own (source_system 'survey'), so the
// case engine times it and the outbox's deadline ladder tells of it.
constexpr std::string_view k_v12_survey = R"sql(
CREATE TABLE survey_sample (
  id INTEGER PRIMARY KEY,
  questionnaire TEXT NOT NULL,
  services TEXT NOT NULL,               -- service codes, sorted, comma-separated
  period_from TEXT NOT NULL,            -- Taipei dates, inclusive: cases closed in the period
  period_to TEXT NOT NULL,
  rate_num INTEGER CHECK (rate_num IS NULL OR rate_num > 0),  -- --rate a/b, or --size
  rate_den INTEGER CHECK (rate_den IS NULL OR rate_den > 0),
  size INTEGER CHECK (size IS NULL OR size > 0),
  strata TEXT NOT NULL DEFAULT '',      -- 'unit,district' ...; '' for one stratum
  min_per_stratum INTEGER NOT NULL CHECK (min_per_stratum >= 0),
  spares INTEGER NOT NULL CHECK (spares >= 0),
  method TEXT NOT NULL CHECK (method = 'systematic' OR method = 'simple'),
  seed TEXT NOT NULL,                   -- decimal, 0 .. 2^64-1
  generator TEXT NOT NULL,              -- 'epb-sample-1'
  exclude_days INTEGER NOT NULL DEFAULT 0 CHECK (exclude_days >= 0),
  frame_size INTEGER NOT NULL CHECK (frame_size >= 0),
  frame_sha256 TEXT NOT NULL,
  frame BLOB NOT NULL,                  -- the frame's members (lib/epb/survey/sample_frame.hpp)
  sample_sha256 TEXT NOT NULL,          -- over the stored members, in order
  drawn_at INTEGER NOT NULL,            -- Unix seconds UTC (the command's clock)
  actor TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  CHECK ((rate_num IS NULL) = (rate_den IS NULL) AND ((rate_num IS NULL) <> (size IS NULL)))
) STRICT;

CREATE TABLE survey_stratum (
  sample_id INTEGER NOT NULL REFERENCES survey_sample(id),
  stratum TEXT NOT NULL,                -- 'unit=air-noise|district=前金區'; '' for one stratum
  frame INTEGER NOT NULL CHECK (frame >= 0),
  planned INTEGER NOT NULL CHECK (planned >= 0),
  drawn INTEGER NOT NULL CHECK (drawn >= 0),
  spares INTEGER NOT NULL CHECK (spares >= 0),
  PRIMARY KEY (sample_id, stratum)
) STRICT, WITHOUT ROWID;

CREATE TABLE survey_member (
  id INTEGER PRIMARY KEY,
  sample_id INTEGER NOT NULL REFERENCES survey_sample(id),
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  stratum TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role = 'chosen' OR role = 'spare'),
  position INTEGER NOT NULL CHECK (position >= 1),  -- order within the stratum and role
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending' OR status = 'responded'
    OR status = 'unreachable' OR status = 'refused'),
  called INTEGER NOT NULL CHECK (called = 0 OR called = 1),  -- on the call list: chosen, or a spare promoted
  replaces INTEGER REFERENCES survey_member(id),            -- the unreachable member a spare stands in for
  promoted_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  responded_at INTEGER,
  comment TEXT NOT NULL DEFAULT '',
  follow_up_case INTEGER REFERENCES case_file(id),
  UNIQUE (sample_id, case_id),
  UNIQUE (sample_id, stratum, role, position)
) STRICT;
CREATE INDEX survey_member_by_case ON survey_member(case_id);

CREATE TABLE survey_attempt (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES survey_member(id),
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  outcome TEXT NOT NULL CHECK (outcome = 'answered' OR outcome = 'no-answer' OR outcome = 'refused'
    OR outcome = 'wrong-number'),
  called_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (member_id, attempt)
) STRICT;

CREATE TABLE survey_answer (
  member_id INTEGER NOT NULL REFERENCES survey_member(id),
  item TEXT NOT NULL,                   -- the questionnaire item's code
  position INTEGER NOT NULL CHECK (position >= 1),
  score INTEGER,                        -- NULL: the item was not answered
  PRIMARY KEY (member_id, position)
) STRICT, WITHOUT ROWID;

-- People who asked not to be called for surveys again, by normalised phone number.
CREATE TABLE survey_opt_out (
  phone TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  ref TEXT NOT NULL DEFAULT '',         -- the case it was asked on
  reason TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

-- The frame is cases of the sample's services closed in its period, in ref order: read from
-- this index alone (every column the frame needs), already sorted, without the table's pages.
CREATE INDEX case_frame_by_service_ref ON case_file(service, ref, closed_date, unit, district, status, phone)
  WHERE closed_date IS NOT NULL;

CREATE VIEW survey_sample_iso AS SELECT id, questionnaire, services, period_from, period_to, rate_num, rate_den,
  size, strata, min_per_stratum, spares, method, seed, generator, exclude_days, frame_size, frame_sha256,
  sample_sha256, strftime('%Y-%m-%dT%H:%M:%SZ', drawn_at, 'unixepoch') AS drawn_at, actor, note
FROM survey_sample;
CREATE VIEW survey_member_iso AS SELECT m.id, m.sample_id, c.ref, m.stratum, m.role, m.position, m.status,
  m.called, m.replaces, strftime('%Y-%m-%dT%H:%M:%SZ', m.promoted_at, 'unixepoch') AS promoted_at, m.attempts,
  strftime('%Y-%m-%dT%H:%M:%SZ', m.responded_at, 'unixepoch') AS responded_at, m.comment,
  (SELECT f.ref FROM case_file f WHERE f.id = m.follow_up_case) AS follow_up_ref
FROM survey_member m JOIN case_file c ON c.id = m.case_id;
)sql";

// Version 13: reports (epb-report(1)). A report as of a past moment looks for what changed
// after it: events by their time, without reading the whole log. The yearly counts per unit
// and service read one covering index in GROUP BY order instead of every page of the case
// table (a tenth of the bytes, no sort); the cases closed in a period are a range of another.
constexpr std::string_view k_v13_report = R"sql(
CREATE INDEX event_by_at ON event(at);
CREATE INDEX case_report_by_service ON case_file(unit, service, received_date, closed_date, closed_at, closed_late,
  due_at, repeat_of);
CREATE INDEX case_report_by_closed ON case_file(closed_date, unit, service, received_date, closed_late)
  WHERE closed_date IS NOT NULL;
)sql";

// Version 14: whistleblower rewards (檢舉獎勵金), the payment engine's second purpose. One
// reward per case, decided with its payee's name, ID number and bank account as a subsidy
// application holds them; paid only through the engine (batch, the bank's result), so the
// engine's items say how it was paid and the reward row only what became of it.
constexpr std::string_view k_v14_reward = R"sql(
CREATE TABLE case_reward (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL UNIQUE REFERENCES case_file(id),
  payee TEXT NOT NULL CHECK (payee <> ''),
  id_number TEXT NOT NULL CHECK (length(id_number) = 10),
  bank_code TEXT NOT NULL CHECK (length(bank_code) = 3),
  account_number TEXT NOT NULL CHECK (length(account_number) >= 10 AND length(account_number) <= 16),
  amount INTEGER NOT NULL CHECK (amount > 0),   -- whole NT$
  reason TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'decided' CHECK (state = 'decided' OR state = 'paid'),
  decided_at INTEGER NOT NULL,                  -- Unix seconds UTC
  actor TEXT NOT NULL,
  paid_on TEXT,                                 -- Taipei date the bank paid, YYYY-MM-DD
  payment_batch TEXT NOT NULL DEFAULT '',
  CHECK ((state = 'decided' AND paid_on IS NULL AND payment_batch = '')
      OR (state = 'paid' AND paid_on IS NOT NULL AND payment_batch <> ''))
) STRICT;
-- The payment source's candidates, oldest decision first.
CREATE INDEX case_reward_due ON case_reward(decided_at, case_id) WHERE state = 'decided';
CREATE VIEW case_reward_iso AS
SELECT r.id, c.ref, r.payee, r.id_number, r.bank_code, r.account_number, r.amount, r.reason, r.state,
  strftime('%Y-%m-%dT%H:%M:%SZ', r.decided_at, 'unixepoch') AS decided_at, r.actor, r.paid_on, r.payment_batch
FROM case_reward r JOIN case_file c ON c.id = r.case_id;
)sql";

constexpr std::array k_migrations = {
    Migration{1, "event log and office calendar", k_v1},
    Migration{2, "cases, pauses, extensions and reference sequences", k_v2},
    Migration{3, "notification outbox", k_v3},
    Migration{4, "CHECK constraints as comparisons (faster writes)", k_v4, true},
    Migration{5, "events record the real time they were written (recorded_at)", k_v5},
    Migration{6, "due dates flagged provisional (calendar years not yet published)", k_v6_due_provisional},
    Migration{7, "INTEGER instants, explicit ids, no queries into event JSON, analyst views", k_v7, true},
    Migration{8, "subsidy applications and household-registration exchanges", k_v8_subsidy},
    Migration{9, "payment engine: batches and items (one open batch per item, paid once)", k_v9_payment},
    Migration{10, "notices from sources: decision triggers and the subsidy decisions to tell", k_v10_notice_sources,
              true},
    Migration{11, "construction and water pollution fees: projects, declarations, instalments, payments, dunning",
              k_v11_fee, true},
    Migration{12, "satisfaction surveys: samples, strata, members, attempts, answers, opt-outs", k_v12_survey},
    Migration{13, "reports: events by time, case counts by unit and service, cases by closing date", k_v13_report},
    Migration{14, "whistleblower rewards: one per case, paid through the payment engine", k_v14_reward},
};

} // namespace

std::span<const Migration> migrations() { return k_migrations; }
int current_version() { return k_migrations.back().version; }

} // namespace epb::schema
