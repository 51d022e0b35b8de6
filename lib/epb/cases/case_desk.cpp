// The lifecycle verbs: moves along the SOP, pause and resume, extensions, assignment,
// notes, closing and reopening. One transaction and one event each.
#include "epb/cases/case_desk.hpp"
#include "epb/core/subject.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

namespace epb {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

std::string subject_of(const Case& c) { return subject::of_case(c.ref); }

Result<std::string> required_text(std::string_view field, std::string_view text, TextKind kind = TextKind::note) {
  if (auto checked = check_text(kind, field, text); !checked) return std::unexpected(checked.error());
  const auto trimmed = trim(text);
  if (trimmed.empty()) return invalid(std::string(field), "must not be empty");
  return std::string(trimmed);
}

// A change dated before what it follows would falsify the history and the on-time statistics
// (`case close --as-of 2019` on a case received in 2024 would count as closed on time). Events
// that only read the case (revealing it, failed lookups) do not count as changes.
Result<void> check_clock(const Stamp& stamp, const Case& c, std::optional<Instant> latest_event) {
  struct Mark {
    std::string_view what;
    Instant at;
  };
  Mark latest{"receipt", c.received_at};
  if (c.updated_at > latest.at) latest = {"last change", c.updated_at};
  if (latest_event && *latest_event > latest.at) latest = {"latest event", *latest_event};
  if (stamp.at >= latest.at) return {};
  return invalid(fmt::format("case {}", c.ref),
                 fmt::format("the clock ({}) is earlier than its {} ({}); a change cannot be dated before what it "
                             "follows (check --as-of / EPB_NOW)",
                             stamp.at.iso(), latest.what, latest.at.iso()));
}

// Commits `transaction` when the nested move succeeded (a failed one rolls back with it).
Result<Case> committed(sql::Transaction& transaction, Result<Case> result) {
  if (result) transaction.commit();
  return result;
}

constexpr std::array<std::string_view, 2> k_reading_actions{"reveal-pii", "lookup-failed"};

} // namespace

Result<Case> CaseDesk::find(std::string_view ref) {
  auto c = m_store.find(trim(ref));
  if (!c) return not_found(fmt::format("case {}", trim(ref)));
  if (!m_config.service(c->service))
    return invalid(fmt::format("case {}", c->ref),
                   fmt::format("its service '{}' is not in the configuration", c->service));
  return *c;
}

Result<const CaseKind*> CaseDesk::kind_of(const Service& service, std::string what) const {
  if (const CaseKind* kind = m_kinds.find(service.kind)) return kind;
  // Fail closed: without the kind's rules a generic verb could approve or pay what they forbid.
  return invalid(std::move(what),
                 fmt::format("service '{}' is of kind '{}', which this build of epb does not implement (it has: "
                             "{}); its cases cannot be opened or changed",
                             service.code, service.kind, fmt::join(m_kinds.codes(), ", ")));
}

const CaseKind& CaseDesk::kind_of(const Case& c) const {
  const CaseKind* kind = m_kinds.find(m_config.service(c.service)->kind);
  if (!kind) throw Error(fmt::format("case {}: its kind was not checked before a change", c.ref));
  return *kind;
}

Result<Case> CaseDesk::find_changeable(const Stamp& stamp, std::string_view ref) {
  auto c = find(ref);
  if (!c) return c;
  if (auto kind = kind_of(*m_config.service(c->service), fmt::format("case {}", c->ref)); !kind)
    return std::unexpected(kind.error());
  if (auto clock = check_clock(stamp, *c, m_ledger.latest_event_at(subject_of(*c), k_reading_actions)); !clock)
    return std::unexpected(clock.error());
  return c;
}

Result<Case> CaseDesk::find_open(const Stamp& stamp, std::string_view ref) {
  auto c = find_changeable(stamp, ref);
  if (c && !c->is_open())
    return invalid(fmt::format("case {}", c->ref), fmt::format("is closed ({}); reopen it first", c->status));
  // A state renamed or removed in the config since: refuse rather than guess the SOP.
  if (c && !m_config.service(c->service)->state(c->status))
    return invalid(fmt::format("case {}", c->ref),
                   fmt::format("its state '{}' is not in the SOP of service '{}'", c->status, c->service));
  return c;
}

CaseTiming CaseDesk::timing_of(const Case& c) {
  // The rule the case was opened under, even if the SOP changed since.
  auto rule = parse_deadline_rule(c.deadline_rule);
  return case_timing(c.clock_start, rule ? *rule : m_config.service(c.service)->deadline, m_store.pauses(c.id),
                     m_store.extensions(c.id));
}

Result<CaseDeadlineExplanation> CaseDesk::explain(const Case& c) {
  return explain_case_deadline(m_calendar, timing_of(c));
}

Result<void> CaseDesk::refresh_deadline(Case& c, const OfficeCalendar& calendar) {
  auto deadline = compute_case_deadline(calendar, timing_of(c));
  if (!deadline) return std::unexpected(deadline.error());
  if (deadline->due_at != c.due_at) ++c.deadline_version; // a new due date starts a new notice cycle
  c.due_date = deadline->due_date;
  c.due_at = deadline->due_at;
  c.calendar_version = deadline->calendar_version;
  c.due_provisional = deadline->provisional;
  return {};
}

Result<void> CaseDesk::enter_state(const Stamp& stamp, Case& c, const Service& service, const State& target) {
  const State* current = service.state(c.status);
  const bool was_paused = current && current->pauses_clock;
  if (was_paused && !target.pauses_clock) {
    m_store.end_pause(c.id, stamp.at);
    c.paused_at.reset();
    if (auto refreshed = refresh_deadline(c, m_calendar); !refreshed) return refreshed;
  } else if (!was_paused && target.pauses_clock) {
    m_store.add_pause(c.id, stamp.at);
    c.paused_at = stamp.at;
  }
  if (target.final) {
    c.closed_at = stamp.at;
    c.closed_late = stamp.at > c.due_at;
  }
  c.status = target.code;
  c.updated_at = stamp.at;
  return {};
}

Result<Case> CaseDesk::move(const Stamp& stamp, std::string_view ref, std::string_view state, std::string_view note) {
  return move_as(stamp, ref, state, note, CaseVerb::move);
}

Result<Case> CaseDesk::move_as(const Stamp& stamp, std::string_view ref, std::string_view state, std::string_view note,
                               CaseVerb verb) {
  if (auto checked = check_text(TextKind::note, "--note", note); !checked) return std::unexpected(checked.error());
  sql::Transaction transaction(m_ledger.db());
  auto c = find_open(stamp, ref);
  if (!c) return c;
  const Service& service = *m_config.service(c->service);
  const State* current = service.state(c->status);
  const State* target = service.state(trim(state));
  const std::vector<std::string> allowed = current ? current->next : std::vector<std::string>{};
  if (!target || std::find(allowed.begin(), allowed.end(), target->code) == allowed.end())
    return invalid(fmt::format("case {}", c->ref),
                   fmt::format("cannot move from '{}' to '{}' (allowed: {})", c->status, trim(state), join(allowed)));
  if (target->final && trim(note).empty())
    return invalid("--note",
                   fmt::format("closing in '{}' needs an outcome: use 'epb case close --outcome'", target->code));
  // The kind's rules, before anything is written; entered() after, before the commit.
  const CaseKind& kind = kind_of(*c);
  const CaseMove change{verb, current, *target, trim(note)};
  if (auto guarded = kind.guard_move(scope(stamp), *c, change); !guarded) return std::unexpected(guarded.error());
  const std::string from = c->status;
  if (auto entered = enter_state(stamp, *c, service, *target); !entered) return std::unexpected(entered.error());
  if (target->final) c->outcome = std::string(trim(note));
  m_store.update(*c);
  if (target->final) m_store.set_closed_from(c->id, from);
  if (target->pauses_clock && !trim(note).empty()) m_store.set_pause_note(c->id, trim(note));
  JsonObject detail;
  detail.add("from", from).add("to", c->status);
  if (!trim(note).empty()) detail.add("note", trim(note));
  if (target->final) detail.add("closed", true).add("late", c->closed_late.value_or(false));
  if (!target->pauses_clock && service.state(from)->pauses_clock) detail.add("due", c->due_date.iso());
  m_ledger.record(stamp, subject_of(*c), case_verb_name(verb), detail.str());
  if (auto kept = kind.entered(scope(stamp), *c, change); !kept) return std::unexpected(kept.error());
  transaction.commit();
  return c;
}

Result<Case> CaseDesk::pause(const Stamp& stamp, std::string_view ref, std::string_view note) {
  sql::Transaction transaction(m_ledger.db()); // one snapshot for the checks and the move
  auto c = find_open(stamp, ref);
  if (!c) return c;
  if (c->is_paused()) return invalid(fmt::format("case {}", c->ref), fmt::format("is already paused ({})", c->status));
  const Service& service = *m_config.service(c->service);
  for (const auto& next : service.state(c->status)->next)
    if (const State* state = service.state(next); state && state->pauses_clock)
      return committed(transaction, move_as(stamp, ref, next, note, CaseVerb::pause));
  return invalid(fmt::format("case {}", c->ref), fmt::format("no pause state can be reached from '{}' (allowed: {})",
                                                             c->status, join(service.state(c->status)->next)));
}

Result<Case> CaseDesk::resume(const Stamp& stamp, std::string_view ref, std::string_view note) {
  sql::Transaction transaction(m_ledger.db()); // one snapshot for the checks and the move
  auto c = find_open(stamp, ref);
  if (!c) return c;
  if (!c->is_paused()) return invalid(fmt::format("case {}", c->ref), fmt::format("is not paused ({})", c->status));
  const Service& service = *m_config.service(c->service);
  for (const auto& next : service.state(c->status)->next)
    if (const State* state = service.state(next); state && !state->pauses_clock && !state->final)
      return committed(transaction, move_as(stamp, ref, next, note, CaseVerb::resume));
  return invalid(fmt::format("case {}", c->ref), fmt::format("no running state can be reached from '{}'", c->status));
}

Result<Case> CaseDesk::extend(const Stamp& stamp, std::string_view ref, int workdays, std::string_view reason) {
  auto why = required_text("--reason", reason);
  if (!why) return std::unexpected(why.error());
  sql::Transaction transaction(m_ledger.db());
  auto c = find_open(stamp, ref);
  if (!c) return c;
  const ExtensionPolicy& policy = m_config.service(c->service)->extension;
  const std::string what = fmt::format("case {}", c->ref);
  if (policy.max_times == 0)
    return invalid(what, fmt::format("the SOP of service '{}' allows no extensions", c->service));
  if (c->extensions >= policy.max_times)
    return invalid(what, fmt::format("already extended {} time{} (the SOP allows {})", c->extensions,
                                     c->extensions == 1 ? "" : "s", policy.max_times));
  if (workdays < 1 || workdays > policy.max_days)
    return invalid("--days", fmt::format("must be from 1 to {} working days (the SOP's limit)", policy.max_days));
  if (auto allowed = check_change(stamp, *c, CaseVerb::extend); !allowed) return std::unexpected(allowed.error());
  const Date before = c->due_date;
  m_store.add_extension(c->id, Extension{workdays, *why, stamp.at, policy.notify_applicant, std::nullopt});
  ++c->extensions;
  if (auto refreshed = refresh_deadline(*c, m_calendar); !refreshed) return std::unexpected(refreshed.error());
  c->updated_at = stamp.at;
  m_store.update(*c);
  m_ledger.record(stamp, subject_of(*c), "extend",
                  JsonObject()
                      .add("workdays", workdays)
                      .add("reason", *why)
                      .add("from_due", before.iso())
                      .add("due", c->due_date.iso())
                      .add("notify_applicant", policy.notify_applicant)
                      .str());
  transaction.commit();
  return c;
}

Result<Case> CaseDesk::assign(const Stamp& stamp, std::string_view ref, std::string_view assignee) {
  auto who = required_text("--to", assignee, TextKind::name);
  if (!who) return std::unexpected(who.error());
  sql::Transaction transaction(m_ledger.db());
  auto c = find_open(stamp, ref);
  if (!c) return c;
  if (auto allowed = check_change(stamp, *c, CaseVerb::assign); !allowed) return std::unexpected(allowed.error());
  const std::string before = c->assignee;
  c->assignee = *who;
  c->updated_at = stamp.at;
  m_store.update(*c);
  m_ledger.record(stamp, subject_of(*c), "assign", JsonObject().add("from", before).add("to", *who).str());
  transaction.commit();
  return c;
}

Result<Case> CaseDesk::note(const Stamp& stamp, std::string_view ref, std::string_view text) {
  auto body = required_text("note", text);
  if (!body) return std::unexpected(body.error());
  sql::Transaction transaction(m_ledger.db());
  auto c = find_changeable(stamp, ref);
  if (!c) return c;
  if (auto allowed = check_change(stamp, *c, CaseVerb::note); !allowed) return std::unexpected(allowed.error());
  c->updated_at = stamp.at;
  m_store.update(*c);
  m_ledger.record(stamp, subject_of(*c), "note", JsonObject().add("note", *body).str());
  transaction.commit();
  return c;
}

Result<Case> CaseDesk::close(const Stamp& stamp, std::string_view ref, std::string_view outcome,
                             std::string_view state) {
  auto result = required_text("--outcome", outcome);
  if (!result) return std::unexpected(result.error());
  sql::Transaction transaction(m_ledger.db()); // one snapshot for the checks and the move
  auto c = find_open(stamp, ref);
  if (!c) return c;
  const Service& service = *m_config.service(c->service);
  std::string target(trim(state));
  if (target.empty()) {
    // 'closed' unless the SOP offers no such move from here; never a different outcome
    // (such as 'rejected') chosen silently.
    std::vector<std::string> closing;
    for (const auto& next : service.state(c->status)->next)
      if (const State* s = service.state(next); s && s->final) closing.push_back(next);
    if (std::find(closing.begin(), closing.end(), "closed") != closing.end())
      target = "closed";
    else if (closing.empty())
      return invalid(fmt::format("case {}", c->ref), fmt::format("cannot close from '{}' (allowed: {})", c->status,
                                                                 join(service.state(c->status)->next)));
    else
      return invalid(
          fmt::format("case {}", c->ref),
          fmt::format("cannot close from '{}' without --state (closing states allowed: {})", c->status, join(closing)));
  }
  if (const State* s = service.state(target); s && !s->final)
    return invalid("--state", fmt::format("'{}' is not a closing state", target));
  return committed(transaction, move_as(stamp, ref, target, *result, CaseVerb::close));
}

Result<Case> CaseDesk::reopen(const Stamp& stamp, std::string_view ref, std::string_view reason) {
  auto why = required_text("--reason", reason);
  if (!why) return std::unexpected(why.error());
  sql::Transaction transaction(m_ledger.db());
  auto c = find_changeable(stamp, ref);
  if (!c) return c;
  if (c->is_open()) return invalid(fmt::format("case {}", c->ref), fmt::format("is not closed ({})", c->status));
  const Service& service = *m_config.service(c->service);
  std::string state = m_store.state_before_close(c->id).value_or(service.initial_state);
  if (const State* s = service.state(state); !s || s->final || s->pauses_clock) state = service.initial_state;
  const CaseKind& kind = kind_of(*c);
  // `state` is a state of the SOP: the one before the close, else the initial one.
  const CaseMove change{CaseVerb::reopen, service.state(c->status), *service.state(state), *why};
  if (auto allowed = kind.guard_move(scope(stamp), *c, change); !allowed) return std::unexpected(allowed.error());
  const std::string from = c->status;
  c->status = state;
  c->closed_at.reset();
  c->closed_late.reset();
  c->outcome.clear();
  // A reopened case gets the SOP's full time again, counted from now.
  c->clock_start = stamp.at;
  if (auto refreshed = refresh_deadline(*c, m_calendar); !refreshed) return std::unexpected(refreshed.error());
  c->updated_at = stamp.at;
  m_store.update(*c);
  m_ledger.record(
      stamp, subject_of(*c), "reopen",
      JsonObject().add("from", from).add("to", state).add("reason", *why).add("due", c->due_date.iso()).str());
  if (auto kept = kind.entered(scope(stamp), *c, change); !kept) return std::unexpected(kept.error());
  transaction.commit();
  return c;
}

} // namespace epb
