#pragma once
// Fee dunning (催繳, issue #11 item 7): the notice source 'fee' plans the levels with trigger =
// "dunning" for every open instalment (fee_instalment, schema 11) of the ladder's services. A
// level's `stage` (k_dunning_stages) and `workdays` say when it fires:
//   reminder   `workdays` working days before the due date (0: the last working day on or
//              before it); never once the due date has passed (a late reminder is not sent)
//   first, second, final, referral
//              `workdays` working days after the due date (first: 1, the working day after)
// Each level fires once per instalment and due date: the notice's item is the slip, its cycle
// the due date as YYYYMMDD, its deadline version 0. A project entered late gets at once every
// level already due (nothing is skipped but a late reminder). A paid or cancelled instalment
// is not looked at again, and its pending notices are cancelled before delivery (stale_reason).
//
// Idle runs are index probes: fee_instalment.dunning_next_on (partial index
// fee_instalment_dunning) is the next day any level of the instalment's ladder can fire. NULL
// (a new instalment) and days up to today are looked at; finish() moves them to the next such
// day, or to k_dunning_done when no level is left. A change of the dunning levels in config is
// seen by an instalment at its next look; one already at k_dunning_done is not looked at again
// (set its dunning_next_on to NULL to have it looked at). Whoever changes an instalment's due
// date sets dunning_next_on to NULL: the new date is a new cycle, dunned from its own reminder.
#include "epb/notify/notice_source.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace epb {

// dunning_next_on of an instalment no level of its ladder will fire for again.
inline constexpr std::string_view k_dunning_done = "9999-12-31";

// The day `level` (trigger dunning) fires for an instalment due on `due`; none when the office
// calendar does not cover the days it counts.
std::optional<Date> dunning_fires_on(const OfficeCalendar& calendar, const NotifyLevel& level, Date due);

// A notice's cycle for an instalment due on `due`: YYYYMMDD, readable in the Message-ID.
std::int64_t dunning_cycle(Date due);

// The probe candidates() and finish() run (:today bound), for tests of its query plan.
std::string_view fee_dunning_probe();

class FeeNoticeSource final : public NoticeSource {
public:
  std::string_view code() const override { return "fee"; }
  bool plans(NotifyTrigger trigger) const override { return trigger == NotifyTrigger::dunning; }
  // The open instalments due a look today whose `level` fires by today, on cases of
  // `services`, with {slip} {amount} {due} {due_roc} {surcharge} {interest} {total}
  // {days_late} {site} {permit}.
  void candidates(const NoticeScope& scope, const NotifyLadder& ladder, std::span<const std::string> services,
                  const NotifyLevel& level, const PlanCandidate& plan) const override;
  // Every instalment looked at by this plan gets its next look (dunning_next_on).
  void finish(const NoticeScope& scope) const override;
  // The instalment is no longer open (paid, cancelled), is gone, or has another due date.
  std::optional<std::string> stale_reason(Ledger& ledger, const Notice& notice) const override;
};

const NoticeSource& fee_notice_source();

} // namespace epb
