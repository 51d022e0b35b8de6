#pragma once
// The clerk's desk: one function per `epb case` verb. Each writing function runs in one
// transaction, checks the SOP and the rules of the service's kind (case_kind.hpp), and appends
// one event to the case's history. A case whose service is of a kind the desk has no CaseKind
// for can be read but not opened, imported or changed: its rules cannot be kept.
#include "epb/cases/case.hpp"
#include "epb/cases/case_kind.hpp"
#include "epb/cases/case_store.hpp"
#include "epb/config/config.hpp"
#include "epb/ledger/ledger.hpp"

#include <optional>
#include <string>
#include <vector>

namespace epb {

// A new case as typed or imported: raw text, validated by validate_new_case().
struct NewCase {
  std::string service;
  std::string channel;
  std::string applicant_kind; // person (default), organisation, anonymous
  std::string name;
  std::string id_number;
  std::string business_number;
  std::string phone;
  std::string email;
  std::string address;
  std::string lang;
  std::string subject;
  std::string description;
  std::string place;
  std::string received; // ISO or ROC date[time]; empty: now
  std::string source_system;
  std::string source_id;
};

// Checks every field the way `epb case open` does; `what` of the Problem names the field.
// The due date is computed too (a received date outside the calendar is invalid input).
Result<Case> validate_new_case(const Config& config, const OfficeCalendar& calendar, const NewCase& input, Instant now);

// The text policy (epb/core/text_policy.hpp) over every field; `what` of the Problem names it.
// CaseDesk::open applies it; importers apply it per column through FieldSpec::text.
Result<void> check_new_case_text(const NewCase& input);

struct OverdueCase {
  Case c;
  int workdays_late = 0;
  bool provisional = false; // the due date or the late count depends on a provisional year
};

// A case whose due date would change after a calendar change, or stop (or start) being
// provisional because the official year was imported.
struct DueChange {
  std::string ref;
  Date before;
  Date after;
  bool provisional_before = false;
  bool provisional_after = false;
};

// What a case brings from the ledger it was exported from (`epb case export`), beyond its
// row: the record its due date is computed from, kept as it was.
struct CarriedRecord {
  std::vector<Pause> pauses;         // every pause, oldest first; an open one last
  std::vector<Extension> extensions; // every extension, in the order granted
  bool keeps_repeat_of = false;      // the file says whether it repeats a case: do not look again
  bool keeps_updated = false;        // the file says when it was last changed
};

// The cases one import added between two commits: ids first_id..last_id, all of them.
struct ImportBatch {
  std::string source; // the file's name, or "-" for standard input
  std::int64_t first_id = 0;
  std::int64_t last_id = 0;
  std::int64_t imported = 0;
};

class CaseDesk {
public:
  CaseDesk(Ledger& ledger, const Config& config, const OfficeCalendar& calendar,
           const CaseKinds& kinds = builtin_case_kinds())
      : m_ledger(ledger), m_store(ledger), m_config(config), m_calendar(calendar), m_kinds(kinds) {}

  // Validates and stores a new case. A domain verb (`epb subsidy apply`) passes what it adds:
  // its kind's check_intake sees it, and its rows are stored right after the case row, in the
  // same transaction; a refusal from either leaves the ledger as it was (numbering included).
  Result<Case> open(const Stamp& stamp, const NewCase& input, DomainIntake* domain = nullptr);
  // Stores an already validated case (from validate_new_case), numbering it unless it
  // carries a reference already, and records its opening in its history; then `domain`'s
  // rows, as open() does. Runs in a transaction of its own (a savepoint inside the caller's).
  Result<Case> insert_validated(const Stamp& stamp, Case c, std::string_view action = "open",
                                DomainIntake* domain = nullptr);
  // The same without the event, for imports: an import records one event for each committed
  // batch (record_import_batch), which the history of every case it holds shows. The kind's
  // check_intake runs (with `domain`, null for `epb case import`) before anything is written,
  // so its refusal leaves nothing of the row behind; a domain importer (`epb subsidy import`)
  // passes its rows as `domain`, stored right after the case row, and runs each row in a
  // savepoint (ImportTarget::row_savepoint) so that their refusal takes the case row back too.
  Result<Case> store_validated(const Stamp& stamp, Case c, const CarriedRecord* carried = nullptr,
                               DomainIntake* domain = nullptr);
  // The kind's guard_change for a change the desk does not make itself (an import's
  // --on-duplicate update: CaseVerb::import), inside the caller's transaction.
  Result<void> check_change(const Stamp& stamp, const Case& c, CaseVerb verb);
  void record_import_batch(const Stamp& stamp, const ImportBatch& batch);
  // A case's history: its own events and the import batch that brought it in, if any.
  std::vector<Event> history(const Case& c);
  // Appends an event to a case's history (inside the caller's transaction).
  void record_change(const Stamp& stamp, std::string_view ref, std::string_view action, std::string_view detail_json);

  Result<Case> find(std::string_view ref);
  Result<Case> move(const Stamp& stamp, std::string_view ref, std::string_view state, std::string_view note);
  Result<Case> pause(const Stamp& stamp, std::string_view ref, std::string_view note);
  Result<Case> resume(const Stamp& stamp, std::string_view ref, std::string_view note);
  Result<Case> extend(const Stamp& stamp, std::string_view ref, int workdays, std::string_view reason);
  Result<Case> assign(const Stamp& stamp, std::string_view ref, std::string_view assignee);
  Result<Case> note(const Stamp& stamp, std::string_view ref, std::string_view text);
  Result<Case> close(const Stamp& stamp, std::string_view ref, std::string_view outcome, std::string_view state);
  Result<Case> reopen(const Stamp& stamp, std::string_view ref, std::string_view reason);

  // How the case's due date comes out under the current calendar.
  Result<CaseDeadlineExplanation> explain(const Case& c);

  // Citizen progress lookup: the same not-found for a wrong reference, a wrong phone suffix
  // and a reference locked after too many failures ([lookup] in the config). Every failure
  // is recorded (without the digits tried), in one transaction; throws on a read-only ledger.
  Result<Case> lookup(const Stamp& stamp, std::string_view ref, std::string_view phone_last4);

  // Open, running cases past due at `now`, oldest due first, with working days late.
  // Throws when a late count cannot be made (a date outside every calendar): never a silent 0.
  std::vector<OverdueCase> overdue(Instant now, const CaseFilter& scope);
  std::int64_t overdue_count(Instant now, const CaseFilter& scope);

  // Open cases whose due date differs under `calendar` (after closures or imports);
  // applies and records the changes unless `dry_run`. No kind's hook is asked, and cases of
  // every kind are recomputed: a due date is derived from the case's timing and the office
  // calendar, not decided, and no state changes. A kind's rule could only keep a due date the
  // official calendar says is wrong.
  Result<std::vector<DueChange>> recompute(const Stamp& stamp, const OfficeCalendar& calendar, bool dry_run);

  CaseStore& store() { return m_store; }
  // In batch mode (imports) reference numbers are written by flush(), before each commit.
  void set_batch_mode(bool on) { m_batch = on; }
  void flush() { m_store.flush_sequences(); }
  const Config& config() const { return m_config; }

  // The case `stamp` may change: its clock is not earlier than the case's receipt or latest
  // change (desk verbs, and an import's --on-duplicate update), and the desk has the CaseKind
  // of its service.
  Result<Case> find_changeable(const Stamp& stamp, std::string_view ref);
  const CaseKinds& kinds() const { return m_kinds; }

private:
  // find_changeable, and the case is open in a state of its SOP.
  Result<Case> find_open(const Stamp& stamp, std::string_view ref);
  // move() made by another verb (pause, resume, close), recorded under its name.
  Result<Case> move_as(const Stamp& stamp, std::string_view ref, std::string_view state, std::string_view note,
                       CaseVerb verb);
  KindScope scope(const Stamp& stamp) const { return KindScope{m_ledger, m_config, m_calendar, stamp}; }
  // The kind of `service`, or a refusal naming `what` when this desk has none for it.
  Result<const CaseKind*> kind_of(const Service& service, std::string what) const;
  // The kind of a case found changeable (find_changeable made sure there is one).
  const CaseKind& kind_of(const Case& c) const;
  // check_intake, then the row and the case's first pause; what store_validated and
  // insert_validated share.
  Result<Case> store_checked(const Stamp& stamp, Case c, const CarriedRecord* carried, const DomainIntake* domain);
  CaseTiming timing_of(const Case& c);
  Result<void> refresh_deadline(Case& c, const OfficeCalendar& calendar);
  // Moves to `state`, pausing or resuming the clock as the SOP's states say.
  Result<void> enter_state(const Stamp& stamp, Case& c, const Service& service, const State& target);

  Ledger& m_ledger;
  CaseStore m_store;
  const Config& m_config;
  const OfficeCalendar& m_calendar;
  const CaseKinds& m_kinds;
  bool m_batch = false;
};

} // namespace epb
