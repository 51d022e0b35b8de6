// Questions asked of many cases: what is late, what a calendar change moves, and the
// citizen's progress lookup.
#include "epb/cases/case_desk.hpp"
#include "epb/core/text.hpp"
#include "epb/output/json.hpp"
#include "epb/validate/contact.hpp"

#include <fmt/format.h>

namespace epb {

Result<Case> CaseDesk::lookup(std::string_view ref, std::string_view phone_last4) {
  // One answer for "no such case" and "wrong second factor", so references cannot be probed.
  const auto nothing = [] { return not_found("case", "no case matches this reference and phone number"); };
  const std::string digits(trim(phone_last4));
  if (digits.size() != 4 || digits.find_first_not_of("0123456789") != std::string::npos)
    return invalid("--phone-last4", "expected the last 4 digits of the phone number given at intake");
  auto c = m_store.find(trim(ref));
  if (!c || c->applicant.phone.empty() || epb::phone_last4(c->applicant.phone) != digits) return nothing();
  return *c;
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
    m_ledger.record(stamp, "case:" + change.ref, "recompute",
                    JsonObject()
                        .add("from_due", change.before.iso())
                        .add("due", change.after.iso())
                        .add("calendar_version", calendar.version())
                        .add("provisional", change.provisional_after)
                        .str());
  transaction.commit();
  return changes;
}

void CaseDesk::record_reveal(const Stamp& stamp, const std::vector<std::string>& refs) {
  if (refs.empty()) return;
  sql::Transaction transaction(m_ledger.db());
  for (const auto& ref : refs)
    m_ledger.record(stamp, "case:" + ref, "reveal-pii", JsonObject().add("command", stamp.command).str());
  transaction.commit();
}

} // namespace epb
