// Arrears of the construction fee (fee_arrears.hpp).
#include "epb/fee/fee_arrears.hpp"

#include "epb/calendar/deadline.hpp"
#include "epb/fee/fee_payment_store.hpp"

#include <algorithm>

namespace epb {

DunningStages::DunningStages(const NotifySettings& notify, const OfficeCalendar& calendar, std::string_view service)
    : m_calendar(calendar) {
  const NotifyLadder* ladder = service.empty() ? nullptr : notify.ladder_for(service);
  if (!ladder) return;
  for (const NotifyLevel& level : ladder->levels)
    if (level.trigger == NotifyTrigger::dunning)
      m_stages.push_back({level.stage, level.workdays, level.stage == k_dunning_stages.front()});
}

std::optional<Date> DunningStages::fires_on(const Stage& stage, Date due) {
  if (!stage.before) {
    auto day = add_working_days(m_calendar, due, stage.workdays);
    return day ? std::optional<Date>(*day) : std::nullopt;
  }
  // The reminder: the `workdays`-th working day before the due date.
  Date day = due;
  for (int left = stage.workdays; left > 0;) {
    day = day - 1;
    auto working = m_calendar.is_working(day);
    if (!working) return std::nullopt;
    if (*working) --left;
  }
  return day;
}

std::optional<std::pair<std::string, Date>> DunningStages::next(Date due, Date as_of) {
  std::optional<std::pair<std::string, Date>> best;
  for (std::size_t i = 0; i < m_stages.size(); ++i) {
    const auto key = std::make_pair(due.days(), i);
    auto found = m_cache.find(key);
    if (found == m_cache.end()) found = m_cache.emplace(key, fires_on(m_stages[i], due)).first;
    const auto& day = found->second;
    if (day && *day >= as_of && (!best || *day < best->second)) best = std::make_pair(m_stages[i].name, *day);
  }
  return best;
}

ArrearsSummary fee_arrears(Ledger& ledger, const FeeSettings& fee, DunningStages& stages, Date as_of,
                           const std::function<void(const ArrearsRow&)>& visit) {
  ArrearsSummary summary;
  ArrearsRow row;
  FeePaymentStore(ledger).open_past_due(as_of, [&](const OpenInstalment& open) {
    row.ref = open.ref;
    row.slip = open.slip;
    row.seq = open.seq;
    row.principal = open.amount;
    row.due = open.due;
    row.charge = late_charge(fee, open.amount, open.due, as_of);
    row.next_stage.clear();
    row.next_stage_on.reset();
    if (auto next = stages.next(open.due, as_of)) {
      row.next_stage = next->first;
      row.next_stage_on = next->second;
    }
    row.referral = row.charge.days_late >= fee.late.referral_after_days;
    ++summary.count;
    summary.principal += row.principal;
    summary.total += row.charge.total;
    summary.referrals += row.referral ? 1 : 0;
    visit(row);
  });
  return summary;
}

} // namespace epb
