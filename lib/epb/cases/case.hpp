#pragma once
// A case: a piece of work the bureau has promised to finish in a standard time
// (DESIGN.md "Cases and SOPs"). Personal data is held in full here and masked on output.
#include "epb/calendar/deadline.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace epb {

struct Applicant {
  enum class Kind { person, organisation, anonymous };
  Kind kind = Kind::person;
  std::string name;            // person or organisation name
  std::string id_number;       // national ID or resident certificate (persons)
  std::string business_number; // 統一編號 (organisations)
  std::string phone;           // normalised, e.g. 0912345678 or 07-3351234
  std::string email;
  std::string address;
  std::string lang = "zh-TW"; // the language notices to this applicant are written in
};

std::string_view applicant_kind_name(Applicant::Kind kind);
std::optional<Applicant::Kind> parse_applicant_kind(std::string_view name);

// A stretch of time a case spent in a pause state (補件): the clock did not run.
struct Pause {
  Instant from;
  std::optional<Instant> to; // empty while still paused
};

struct Extension {
  int days = 0; // working days added
  std::string reason;
  Instant at;
  bool notify_applicant = false;   // the SOP says the applicant is told
  std::optional<Instant> notified; // when the applicant was told
};

// What decides a case's due date; the due date is always recomputed from all of it,
// so a calendar change (a typhoon closure) can be applied to open cases exactly.
struct CaseTiming {
  Instant received;
  DeadlineRule rule;
  std::vector<Pause> pauses;
  std::vector<Extension> extensions;
};

struct CaseDeadline {
  Date due_date;
  Instant due_at;
  std::string calendar_version;
  bool provisional = false; // some day counted or stepped over is in a provisional calendar year
};

// Everything that decided a due date, for `epb case show --explain`: recomputed from the
// case's timing, so nothing derivable is stored row by row.
struct CaseDeadlineExplanation {
  struct PauseStep {
    Date from, to;
    int workdays = 0;
  };
  DeadlineRule rule;
  Instant start;
  Date base_due;
  std::vector<DayInfo> base_skipped; // days stepped over by the SOP rule itself
  std::vector<PauseStep> pauses;
  std::vector<Extension> extensions;
  std::vector<DayInfo> shift_skipped; // days stepped over moving the due date by pauses and extensions
  Date due_date;
  Instant due_at;
  std::string calendar_version;
  bool provisional = false;

  // Dates in `style`, like every other date of the run's output; instants stay ISO 8601.
  std::string json(DateStyle style = DateStyle::iso) const;
};

// The timing of a case from its whole record: the pauses and extensions since its clock
// started (a reopened case starts again; earlier ones stay in its record only).
CaseTiming case_timing(Instant clock_start, const DeadlineRule& rule, const std::vector<Pause>& pauses,
                       const std::vector<Extension>& extensions);

// The hot path (intake, import, recompute): no explanation is built.
Result<CaseDeadline> compute_case_deadline(const OfficeCalendar& calendar, const CaseTiming& timing);
Result<CaseDeadlineExplanation> explain_case_deadline(const OfficeCalendar& calendar, const CaseTiming& timing);

struct Case {
  std::int64_t id = 0;
  std::string ref; // PET-113-000042
  std::string service;
  std::string unit;
  std::string channel;
  std::string status;
  Applicant applicant;
  std::string subject;
  std::string description;
  std::string place; // where the matter is (for complaints), e.g. an address or landmark
  std::string district;
  Instant received_at;
  Instant clock_start; // the deadline counts from here: received_at, or when reopened
  Date due_date;
  Instant due_at;
  std::string deadline_rule;
  int deadline_version = 1; // increases with every new due date (a new notification cycle)
  std::string calendar_version;
  bool due_provisional = false; // the due date depends on a provisional calendar year
  std::optional<Instant> paused_at;
  int extensions = 0;
  std::string assignee;
  std::optional<Instant> closed_at;
  std::string outcome;
  std::optional<bool> closed_late;
  std::string repeat_of;  // the earlier case this one repeats, if any
  std::string repeat_key; // service, person, matter and place; empty where repeats are not tracked
  std::string source_system;
  std::string source_id;
  Instant updated_at;

  bool is_open() const { return !closed_at.has_value(); }
  bool is_paused() const { return paused_at.has_value(); }
};

} // namespace epb
