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

constexpr std::array k_migrations = {
    Migration{1, "event log and office calendar", k_v1},
    Migration{2, "cases, pauses, extensions and reference sequences", k_v2},
    Migration{3, "notification outbox", k_v3},
    Migration{4, "CHECK constraints as comparisons (faster writes)", k_v4, true},
    Migration{5, "events record the real time they were written (recorded_at)", k_v5},
    Migration{6, "due dates flagged provisional (calendar years not yet published)", k_v6_due_provisional},
    Migration{9, "payment engine: batches and items (one open batch per item, paid once)", k_v9_payment},
};

} // namespace

std::span<const Migration> migrations() { return k_migrations; }
int current_version() { return k_migrations.back().version; }

} // namespace epb::schema
