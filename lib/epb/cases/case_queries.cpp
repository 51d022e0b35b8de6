// Questions asked of many cases: what is late, what a calendar change moves, and the
// citizen's progress lookup.
#include "epb/cases/case_desk.hpp"
#include "epb/core/subject.hpp"
#include "epb/core/text.hpp"
#include "epb/output/json.hpp"
#include "epb/validate/contact.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {

namespace {

// Text that could be a reference: anything else names no case and is not worth an event.
bool could_be_ref(std::string_view ref) {
  constexpr std::size_t k_max_ref = 32;
  return !ref.empty() && ref.size() <= k_max_ref && std::ranges::all_of(ref, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Locked at `now` when some failure within the last cooling-off period was the
// `max_failures`-th (or later) within `window` seconds. `failures` are sorted.
bool locked(const std::vector<Instant>& failures, Instant now, const LookupSettings& settings) {
  std::size_t first = 0; // the oldest failure within the window ending at failures[last]
  for (std::size_t last = 0; last < failures.size(); ++last) {
    while (failures[first] + settings.window_seconds <= failures[last])
      ++first;
    const bool enough = static_cast<int>(last - first + 1) >= settings.max_failures;
    if (enough && failures[last] + settings.cooling_off_seconds > now && failures[last] <= now) return true;
  }
  return false;
}

} // namespace

Result<Case> CaseDesk::lookup(const Stamp& stamp, std::string_view ref, std::string_view phone_last4) {
  // One answer for "no such case", "wrong second factor" and "locked", so references cannot
  // be probed and the lockout cannot be told from a wrong guess.
  const auto nothing = [] { return not_found("case", "no case matches this reference and phone number"); };
  const std::string digits(trim(phone_last4));
  if (digits.size() != 4 || digits.find_first_not_of("0123456789") != std::string::npos)
    return invalid("--phone-last4", "expected the last 4 digits of the phone number given at intake");
  const std::string wanted(trim(ref));
  if (!could_be_ref(wanted)) return nothing();
  // Failures that could not be recorded could be repeated without limit.
  if (m_ledger.db().read_only())
    throw Error(fmt::format("ledger {}: read-only; the progress lookup records failed attempts and needs to write",
                            m_ledger.path()));
  const std::string subject = subject::of_case(wanted);
  const LookupSettings& settings = m_config.lookup;
  // One transaction, the write lock taken first: the count of failures cannot change between
  // reading it and adding to it.
  sql::Transaction transaction(m_ledger.db());
  // The lock holds on either clock: on the run's (which --as-of replays) and on the machine's,
  // which no option sets, so moving --as-of forward cannot lift a lock.
  const Instant real_now = m_ledger.real_now();
  const std::int64_t span = settings.window_seconds + settings.cooling_off_seconds;
  std::vector<Instant> failures, real_failures;
  for (const auto& event : m_ledger.recent_events(subject, "lookup-failed", stamp.at + -span, real_now + -span)) {
    failures.push_back(event.at);
    if (event.recorded_at) real_failures.push_back(*event.recorded_at);
  }
  std::ranges::sort(failures);
  std::ranges::sort(real_failures);
  const bool is_locked = locked(failures, stamp.at, settings) || locked(real_failures, real_now, settings);
  auto c = m_store.find(wanted);
  if (!is_locked && c && !c->applicant.phone.empty() && epb::phone_last4(c->applicant.phone) == digits)
    return *c; // nothing to write: the transaction ends without a change
  m_ledger.record(stamp, subject, "lookup-failed", is_locked ? JsonObject().add("locked", true).str() : "{}");
  transaction.commit();
  return nothing();
}

std::vector<OverdueCase> CaseDesk::overdue(Instant now, const CaseFilter& scope) {
  CaseFilter filter = scope;
  filter.overdue_at = now;
  filter.sort = CaseFilter::Sort::due;
  std::vector<OverdueCase> out;
  const Date today = now.taipei_date();
  m_store.for_each(filter, [&](const Case& c) {
    // Past the published years the count is a prediction, flagged; a date no calendar covers
    // is an error, never 0 days late.
    const WorkdayCount late = value_or_throw(count_working_days(m_calendar, c.due_date, today));
    out.push_back(OverdueCase{c, late.days, late.provisional || c.due_provisional});
    return true;
  });
  return out;
}

std::int64_t CaseDesk::overdue_count(Instant now, const CaseFilter& scope) {
  CaseFilter filter = scope;
  filter.overdue_at = now;
  return m_store.count(filter);
}

Result<std::vector<DueChange>> CaseDesk::recompute(const Stamp& stamp, const OfficeCalendar& calendar, bool dry_run) {
  std::vector<DueChange> changes;
  sql::Transaction transaction(m_ledger.db());
  CaseFilter open;
  open.open_only = true;
  std::vector<Case> moved;
  m_store.for_each(open, [&](const Case& c) {
    moved.push_back(c);
    return true;
  });
  std::erase_if(moved, [&](Case& c) {
    const Date before = c.due_date;
    const bool was_provisional = c.due_provisional;
    if (!refresh_deadline(c, calendar)) return true; // outside the calendar: left as it is
    if (c.due_date == before && c.due_provisional == was_provisional) return true;
    changes.push_back(DueChange{c.ref, before, c.due_date, was_provisional, c.due_provisional});
    return false;
  });
  if (dry_run) return changes; // the transaction rolls back
  for (auto& c : moved) {
    c.updated_at = stamp.at;
    m_store.update(c);
  }
  for (const auto& change : changes)
    m_ledger.record(stamp, subject::of_case(change.ref), "recompute",
                    JsonObject()
                        .add("from_due", change.before.iso())
                        .add("due", change.after.iso())
                        .add("calendar_version", calendar.version())
                        .add("provisional", change.provisional_after)
                        .str());
  transaction.commit();
  return changes;
}

} // namespace epb
