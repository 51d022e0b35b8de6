// The fee notice source: which open instalments a dunning level is due for today, found by a
// probe of fee_instalment_dunning, and when each is to be looked at next.
#include "epb/fee/fee_notices.hpp"
#include "epb/calendar/deadline.hpp"
#include "epb/cases/case_store.hpp"
#include "epb/fee/fee.hpp"
#include "epb/fee/fee_store.hpp"
#include "epb/notify/outbox.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

// Open instalments not looked at yet or due a look by today: two searches of the partial index
// fee_instalment_dunning (state = 'open'), NULL and up to today (an OR of both would scan it).
constexpr std::string_view k_to_look_at =
    "SELECT i.id, i.case_id, i.slip, i.amount, i.due_date, coalesce(p.site_address, ''), coalesce(p.permit, '') "
    "FROM fee_instalment i LEFT JOIN fee_project p ON p.case_id = i.case_id WHERE i.id IN ("
    "SELECT id FROM fee_instalment WHERE state = 'open' AND dunning_next_on IS NULL UNION ALL "
    "SELECT id FROM fee_instalment WHERE state = 'open' AND dunning_next_on <= :today) ORDER BY i.id";
constexpr std::string_view k_set_next = "UPDATE fee_instalment SET dunning_next_on = :next WHERE id = :id";

struct DunnedInstalment {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string slip;
  std::int64_t amount = 0;
  Date due;
  std::string site;
  std::string permit;
};

Date stored_date(const std::string& text, std::string_view what) {
  auto day = parse_date(text);
  // The desk writes ISO dates only: anything else is a damaged ledger.
  if (!day) throw Error(fmt::format("ledger: fee instalment {}: bad date '{}'", what, text));
  return *day;
}

// The dunning side of fee_instalment (FeeStore has the rest): the probe and the next look.
// Inside the plan's transaction.
class FeeDunningStore {
public:
  explicit FeeDunningStore(Ledger& ledger) : m_db(ledger.db()) {}

  std::vector<DunnedInstalment> to_look_at(Date today) {
    auto& s = m_db.prepare(k_to_look_at);
    s.bind(":today", today.iso());
    std::vector<DunnedInstalment> out;
    while (s.step()) {
      DunnedInstalment i;
      i.id = s.int64(0);
      i.case_id = s.int64(1);
      i.slip = s.text(2);
      i.amount = s.int64(3);
      i.due = stored_date(s.text(4), i.slip);
      i.site = s.text(5);
      i.permit = s.text(6);
      out.push_back(std::move(i));
    }
    return out;
  }

  void set_next(std::int64_t id, std::string_view next) {
    m_db.prepare(k_set_next).bind(":next", next).bind(":id", id).run();
  }

private:
  sql::Database& m_db;
};

bool is_reminder(const NotifyLevel& level) { return level.stage == k_dunning_stages.front(); }

// Whether `level` is due today for an instalment due on `due`: its day has come and, for the
// reminder, the due date has not passed.
bool due_today(const OfficeCalendar& calendar, const NotifyLevel& level, Date due, Date today) {
  const auto fires = dunning_fires_on(calendar, level, due);
  return fires && *fires <= today && (!is_reminder(level) || today <= due);
}

std::vector<TemplateValue> instalment_values(const FeeSettings& fee, const DunnedInstalment& i, Date today) {
  const LateCharge charge = late_charge(fee, i.amount, i.due, today);
  const auto money = [](std::int64_t amount) { return format_money(amount); };
  const std::string late = std::to_string(std::max(today - i.due, 0));
  return {
      {"slip", i.slip, i.slip},
      {"amount", money(i.amount), money(i.amount)},
      {"due", i.due.iso(), i.due.iso()},
      {"due_roc", i.due.roc(), i.due.roc()},
      {"surcharge", money(charge.surcharge), money(charge.surcharge)},
      {"interest", money(charge.interest), money(charge.interest)},
      {"total", money(charge.total), money(charge.total)},
      {"days_late", late, late},
      {"site", i.site, i.site},
      {"permit", i.permit, i.permit},
  };
}

// The next day after `today` a dunning level of `ladder` fires for an instalment due on
// `due`: k_dunning_done when none is left; tomorrow when the calendar cannot count a level's
// day yet (it may be imported by then).
std::string next_look(const OfficeCalendar& calendar, const NotifyLadder* ladder, Date due, Date today) {
  std::optional<Date> next;
  if (ladder)
    for (const NotifyLevel& level : ladder->levels) {
      if (level.trigger != NotifyTrigger::dunning) continue;
      auto fires = dunning_fires_on(calendar, level, due);
      if (!fires) fires = today + 1;
      if (*fires <= today || (is_reminder(level) && *fires > due)) continue;
      if (!next || *fires < *next) next = fires;
    }
  return next ? next->iso() : std::string(k_dunning_done);
}

} // namespace

std::optional<Date> dunning_fires_on(const OfficeCalendar& calendar, const NotifyLevel& level, Date due) {
  if (!is_reminder(level)) {
    auto day = add_working_days(calendar, due, level.workdays);
    return day ? std::optional<Date>(*day) : std::nullopt;
  }
  // Back from the due date: the last working day on or before it for 0, else the
  // `workdays`-th working day before it (the day `before_due` levels would fire).
  Date day = level.workdays > 0 ? due - 1 : due;
  for (int found = 0;; day = day - 1) {
    const auto working = calendar.is_working(day);
    if (!working) return std::nullopt;
    if (*working && ++found >= std::max(level.workdays, 1)) return day;
  }
}

std::string_view fee_dunning_probe() { return k_to_look_at; }

std::int64_t dunning_cycle(Date due) { return std::int64_t{due.year()} * 10000 + due.month() * 100 + due.day(); }

void FeeNoticeSource::candidates(const NoticeScope& scope, const NotifyLadder& /*ladder*/,
                                 std::span<const std::string> services, const NotifyLevel& level,
                                 const PlanCandidate& plan) const {
  if (level.stage.empty()) return; // config check refuses such a level
  const Date today = scope.stamp.at.taipei_date();
  CaseStore cases(scope.ledger);
  for (const DunnedInstalment& i : FeeDunningStore(scope.ledger).to_look_at(today)) {
    if (!due_today(scope.calendar, level, i.due, today)) continue;
    auto c = cases.find_by_id(i.case_id);
    if (!c || std::find(services.begin(), services.end(), c->service) == services.end()) continue;
    plan(NoticeCandidate{*c, i.slip, 0, dunning_cycle(i.due), instalment_values(scope.config.fee, i, today)});
  }
}

void FeeNoticeSource::finish(const NoticeScope& scope) const {
  const Date today = scope.stamp.at.taipei_date();
  FeeDunningStore store(scope.ledger);
  CaseStore cases(scope.ledger);
  for (const DunnedInstalment& i : store.to_look_at(today)) {
    const auto c = cases.find_by_id(i.case_id);
    const NotifyLadder* ladder = c ? scope.config.notify.ladder_for(c->service) : nullptr;
    store.set_next(i.id, next_look(scope.calendar, ladder, i.due, today));
  }
}

std::optional<std::string> FeeNoticeSource::stale_reason(Ledger& ledger, const Notice& notice) const {
  const auto instalment = FeeStore(ledger).instalment_by_slip(notice.item);
  if (!instalment) return fmt::format("instalment {} is gone", notice.item);
  if (instalment->state != FeeInstalmentState::open)
    return fmt::format("instalment {} is no longer open: {}", notice.item,
                       fee_instalment_state_name(instalment->state));
  if (dunning_cycle(instalment->due) != notice.cycle)
    return fmt::format("instalment {} is now due on {}", notice.item, instalment->due.iso());
  return std::nullopt;
}

const NoticeSource& fee_notice_source() {
  static const FeeNoticeSource source;
  return source;
}

} // namespace epb
