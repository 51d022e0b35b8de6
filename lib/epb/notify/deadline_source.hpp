#pragma once
// The deadline source (notice.source 'deadline'): the notices a case's deadline calls for —
// before_due, overdue, paused_every and extension levels. Its notices have no item, carry the
// case's deadline version, and keep the Message-ID form they had before notices had sources.
#include "epb/notify/notice_source.hpp"

namespace epb {

class DeadlineNoticeSource final : public NoticeSource {
public:
  std::string_view code() const override;
  bool plans(NotifyTrigger trigger) const override;
  void candidates(const NoticeScope& scope, const NotifyLadder& ladder, std::span<const std::string> services,
                  const NotifyLevel& level, const PlanCandidate& plan) const override;
  // Case closed, due date changed, or (for before_due and overdue) the case paused.
  std::optional<std::string> stale_reason(Ledger& ledger, const Notice& notice) const override;
};

const NoticeSource& deadline_notice_source();

} // namespace epb
