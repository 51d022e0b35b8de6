// The deadline source: which open cases a before_due, overdue, paused_every or extension level
// is due for now, found by index probes (an idle run scans nothing).
#include "epb/notify/deadline_source.hpp"
#include "epb/cases/case_store.hpp"
#include "epb/notify/notice_store.hpp"

#include <algorithm>

namespace epb {
namespace {

class DeadlineCandidates {
public:
  DeadlineCandidates(const NoticeScope& scope, const PlanCandidate& plan)
      : m_cases(scope.ledger), m_notices(scope.ledger), m_calendar(scope.calendar), m_stamp(scope.stamp),
        m_today(scope.stamp.at.taipei_date()), m_plan(plan) {}

  void run(const std::string& ladder, std::span<const std::string> span, const NotifyLevel& level) {
    const std::vector<std::string> services(span.begin(), span.end());
    switch (level.trigger) {
    case NotifyTrigger::before_due: {
      // From N working days before the due date until it passes.
      auto limit = add_working_days(m_calendar, m_today, level.workdays);
      if (!limit) return;
      consider_all(m_notices.unnotified(services, level.code, m_stamp.at, Instant::taipei_midnight(*limit + 1)));
      return;
    }
    case NotifyTrigger::overdue: {
      // N working days late: the due date lies before the N-th working day back from today.
      const auto threshold_day = nth_working_day_back(level.workdays);
      if (!threshold_day) return;
      const Instant threshold = Instant::taipei_midnight(*threshold_day);
      // The day's first run looks at every open case; later runs only at those that crossed
      // the threshold since and at cases added since (an existing case whose due date moved
      // into the past during the day is looked at by the next morning's run).
      Instant from;
      const auto cursor = m_notices.cursor(ladder, level.code);
      const bool full = !cursor || cursor->scanned_on != m_today || cursor->threshold > threshold;
      if (!full)
        from = cursor->threshold;
      else
        from = Instant::taipei_midnight(*Date::from_ymd(1900, 1, 1)); // before any case
      consider_all(m_notices.unnotified(services, level.code, from, threshold));
      if (!full) consider_all(m_notices.new_unnotified(services, level.code, cursor->last_case_id, from));
      m_notices.set_cursor(ladder, level.code,
                           {threshold, full ? m_today : cursor->scanned_on, m_notices.max_case_id()});
      return;
    }
    case NotifyTrigger::paused_every: {
      CaseFilter filter;
      filter.services = services;
      filter.open_only = true;
      filter.paused_only = true;
      m_cases.for_each(filter, [&](const Case& c) {
        const int paused = value_or_throw(working_days_between(m_calendar, c.paused_at->taipei_date(), m_today));
        if (paused >= level.workdays) consider(c, paused / level.workdays, m_notices.pause_note(c.id));
        return true;
      });
      return;
    }
    case NotifyTrigger::extension:
      for (const auto& extension : m_notices.untold_extensions()) {
        auto c = m_cases.find_by_id(extension.case_id);
        if (!c || std::find(services.begin(), services.end(), c->service) == services.end()) continue;
        consider(*c, extension.id, extension.reason);
        m_notices.mark_extension_told(extension.id, m_stamp.at);
      }
      return;
    case NotifyTrigger::decision: // not a deadline's: the decision and dunning sources plan these
    case NotifyTrigger::dunning: return;
    }
  }

private:
  void consider_all(const std::vector<std::int64_t>& ids) {
    for (std::int64_t id : ids)
      if (auto c = m_cases.find_by_id(id)) consider(*c, 0, {});
  }

  void consider(const Case& c, std::int64_t cycle, const std::string& reason) {
    NoticeCandidate candidate{c, "", c.deadline_version, cycle, {}};
    // An empty reason leaves the planner's default ("the case is still being handled").
    if (!reason.empty()) candidate.values.push_back({"reason", reason, reason});
    m_plan(candidate);
  }

  std::optional<Date> nth_working_day_back(int n) const {
    Date day = m_today;
    for (int found = 0;; day = day - 1) {
      auto working = m_calendar.is_working(day);
      if (!working) return std::nullopt;
      if (*working && ++found == n) return day;
    }
  }

  CaseStore m_cases;
  NoticeStore m_notices;
  const OfficeCalendar& m_calendar;
  const Stamp& m_stamp;
  Date m_today;
  const PlanCandidate& m_plan;
};

} // namespace

std::string_view DeadlineNoticeSource::code() const { return k_deadline_source; }

bool DeadlineNoticeSource::plans(NotifyTrigger trigger) const {
  return trigger == NotifyTrigger::before_due || trigger == NotifyTrigger::overdue ||
         trigger == NotifyTrigger::paused_every || trigger == NotifyTrigger::extension;
}

void DeadlineNoticeSource::candidates(const NoticeScope& scope, const NotifyLadder& ladder,
                                      std::span<const std::string> services, const NotifyLevel& level,
                                      const PlanCandidate& plan) const {
  DeadlineCandidates(scope, plan).run(ladder.service, services, level);
}

std::optional<std::string> DeadlineNoticeSource::stale_reason(Ledger& ledger, const Notice& notice) const {
  return NoticeStore(ledger).stale_reason(notice);
}

const NoticeSource& deadline_notice_source() {
  static const DeadlineNoticeSource source;
  return source;
}

} // namespace epb
