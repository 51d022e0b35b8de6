#pragma once
// Arrears (DOMAIN.md §6 "Late payment"): every open instalment past due as of a date, with what
// it costs if paid that day (surcharge capped at 30 days, interest from day 31 at the postal rate
// in force), the next dunning stage of the fee service's ladder and whether it is proposed for
// referral to the Administrative Enforcement Agency. One indexed query (fee_instalment_open_due);
// reproducible for any --as-of.
#include "epb/calendar/office_calendar.hpp"
#include "epb/config/fee_config.hpp"
#include "epb/config/notify_config.hpp"
#include "epb/fee/fee.hpp"
#include "epb/ledger/ledger.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace epb {

struct ArrearsRow {
  std::string ref;
  std::string slip;
  int seq = 1;
  std::int64_t principal = 0;
  Date due;
  LateCharge charge;      // as if paid on the as-of date
  std::string next_stage; // the next dunning stage (k_dunning_stages), "" when none is left or configured
  std::optional<Date> next_stage_on;
  bool referral = false; // days late ≥ [fee.late] referral_after_days
};

struct ArrearsSummary {
  std::int64_t count = 0;
  std::int64_t principal = 0;
  std::int64_t total = 0; // principal + surcharge + interest as of the date
  std::int64_t referrals = 0;
};

// The dunning levels of the fee service's ladder, in the order they fire: when each fires for an
// instalment due on a day (the reminder `workdays` working days before, the others after).
class DunningStages {
public:
  DunningStages(const NotifySettings& notify, const OfficeCalendar& calendar, std::string_view service);
  // The first stage firing on or after `as_of` for an instalment due on `due`.
  std::optional<std::pair<std::string, Date>> next(Date due, Date as_of);

private:
  struct Stage {
    std::string name;
    int workdays = 1;
    bool before = false;
  };
  std::optional<Date> fires_on(const Stage& stage, Date due);
  const OfficeCalendar& m_calendar;
  std::vector<Stage> m_stages;
  std::map<std::pair<std::int32_t, std::size_t>, std::optional<Date>> m_cache; // (due, stage) → day
};

ArrearsSummary fee_arrears(Ledger& ledger, const FeeSettings& fee, DunningStages& stages, Date as_of,
                           const std::function<void(const ArrearsRow&)>& visit);

} // namespace epb
