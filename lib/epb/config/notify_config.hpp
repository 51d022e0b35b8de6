#pragma once
// The notification part of the configuration ([notify] in epb.toml): delivery window and
// retries, transports, templates, staff contacts, and per service a ladder of levels.
#include <array>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

// When a level fires, relative to the case's deadline.
enum class NotifyTrigger {
  before_due,   // `workdays` working days before the due date (a reminder)
  overdue,      // the case is `workdays` working days late (1: the first working day late)
  extension,    // an extension was granted that the applicant must be told of
  paused_every, // every `workdays` working days while paused (waiting for documents)
  decision,     // a domain decision was made (the level's `decision`: e.g. a subsidy approved)
  dunning,      // a fee instalment's dunning stage (the level's `stage`; lib/epb/fee/fee_notices.hpp)
};
std::string_view trigger_name(NotifyTrigger trigger);

enum class NotifyAudience { applicant, assignee, unit_head };
std::string_view audience_name(NotifyAudience audience);

struct NotifyLevel {
  std::string code; // unique within its ladder, e.g. "reminder", "overdue-1", "escalation"
  NotifyTrigger trigger = NotifyTrigger::overdue;
  int workdays = 1;
  NotifyAudience audience = NotifyAudience::applicant;
  // Transport codes in order of preference: the first the recipient has a contact for
  // (an e-mail address for sendmail/smtp, a phone for jsonl, a postal address for letter).
  std::vector<std::string> transports;
  std::string template_code;
  // trigger decision: which decision (k_subsidy_decisions: documents, approved, rejected, paid).
  std::string decision{};
  // trigger dunning: which stage (k_dunning_stages); `workdays` counts before the due date for
  // the reminder and after it for the others.
  std::string stage{};
  bool operator==(const NotifyLevel&) const = default;
};

// The stages of fee dunning (trigger = "dunning"), in the order a late payer meets them: a
// reminder before the due date, the first notice the working day after, the second with the
// surcharge so far, the final notice before referral, and the referral (to the unit, for the
// Administrative Enforcement Agency).
inline constexpr std::array<std::string_view, 5> k_dunning_stages{"reminder", "first", "second", "final", "referral"};

// The levels of one service ("default" applies to services without their own).
struct NotifyLadder {
  std::string service; // a service code, or "default"
  std::vector<NotifyLevel> levels;
  bool operator==(const NotifyLadder&) const = default;
};

// Placeholders a template may use: {ref} {service} {unit} {due} {due_roc} {days_late}
// {reason} {contact} {name} {status} {new_due}, for decisions {amount} {missing} {paid_on},
// for dunning {slip} {amount} (the principal) {surcharge} {interest} {total} (as of the day
// the notice is planned) {site} {permit}, with {due} {due_roc} the instalment's due date and
// {days_late} calendar days after it; anything else is a config error.
std::span<const std::string_view> template_placeholders();

// `text` with each {name} replaced by value(name), and {{ and }} by single braces. The config
// reader rejects unknown names and unmatched braces; should one get here, a brace is copied as
// written and a name still goes to value().
std::string fill_template(std::string_view text, const std::function<std::string(std::string_view)>& value);

struct NotifyTemplate {
  std::string code;
  std::string subject_zh, subject_en;
  std::string body_zh, body_en;
  bool operator==(const NotifyTemplate&) const = default;
};

struct NotifyTransport {
  enum class Kind { sendmail, smtp, jsonl, letter };
  std::string code;
  Kind kind = Kind::jsonl;
  std::string from;         // sendmail, smtp: the From address
  std::string command;      // sendmail: e.g. "/usr/sbin/sendmail -t -i"
  std::string url;          // smtp: smtp://host:port or smtps://host:port
  bool starttls = true;     // smtp: require STARTTLS on smtp:// URLs
  std::string username;     // smtp
  std::string password_env; // smtp: the environment variable holding the password
  std::string path;         // jsonl: the file to append to, or "-" for standard output
  std::string directory;    // letter: where each run's CSV batch is written
  bool operator==(const NotifyTransport&) const = default;
};
std::string_view transport_kind_name(NotifyTransport::Kind kind);

// A member of staff who may be a case's assignee, for notices to the assignee.
struct StaffMember {
  std::string code; // the name used with `epb case assign --to`
  std::string name;
  std::string email;
  std::string phone;
  bool operator==(const StaffMember&) const = default;
};

struct NotifySettings {
  int window_from_minutes = 8 * 60 + 30; // deliveries only between these times (Taipei),
  int window_to_minutes = 17 * 60 + 30;  // on working days of the office calendar
  int max_attempts = 5;                  // then a notice stays failed until `notify retry`
  int retry_minutes = 30;                // back-off: doubled after every failed attempt
  std::string contact;                   // {contact} in templates: the bureau's service line
  std::vector<NotifyTransport> transports;
  std::vector<NotifyTemplate> templates;
  std::vector<NotifyLadder> ladders;
  std::vector<StaffMember> staff;

  const NotifyTransport* transport(std::string_view code) const;
  const NotifyTemplate* template_for(std::string_view code) const;
  // The service's own ladder, else the "default" one, else none.
  const NotifyLadder* ladder_for(std::string_view service) const;
  const StaffMember* staff_member(std::string_view code) const;
  bool operator==(const NotifySettings&) const = default;
};

} // namespace epb
