// Playing the fee year: every step of every project in the order it happened, through the
// FeeDesk (registration, declaration, stop and resume, settlement), apply_fee_payment at the
// counter, one bank collection file through the import engine (demo_fee_bank.cpp), and each
// working day's dunning
// through the outbox as history (demo_fee.hpp says why).
#include "epb/demo/demo_fee.hpp"

#include "epb/calendar/deadline.hpp"
#include "epb/fee/fee_payments.hpp"
#include "epb/notify/outbox.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <queue>
#include <tuple>

namespace epb {
namespace {

constexpr std::string_view k_command = "demo";

enum class Step { dunning, add, declare, pay, stop, resume, settle, bank_import };

struct Action {
  std::int64_t at = 0;
  std::uint64_t order = 0;
  Step step = Step::add;
  std::size_t index = 0; // the plan
  std::string slip;      // pay: the instalment
  bool operator>(const Action& other) const { return std::tie(at, order) > std::tie(other.at, other.order); }
};

// The year's letters went out then: delivered, nothing sent now.
class HistoryTransport final : public Transport {
public:
  Result<void> deliver(const OutgoingNotice& /*notice*/) override { return {}; }
};

// The configuration with only the fee service's dunning levels: the history plays those alone.
Config dunning_only(const Config& config) {
  Config out = config;
  std::vector<NotifyLadder> ladders;
  for (NotifyLadder ladder : config.notify.ladders) {
    std::erase_if(ladder.levels, [](const NotifyLevel& l) { return l.trigger != NotifyTrigger::dunning; });
    if (!ladder.levels.empty()) ladders.push_back(std::move(ladder));
  }
  out.notify.ladders = std::move(ladders);
  return out;
}

class FeeYear {
public:
  FeeYear(Ledger& ledger, const Config& config, const OfficeCalendar& calendar, Instant now, const DemoOptions& options,
          const std::vector<Staff>& staff, SampleRandom& random, std::vector<FeeProjectPlan> plans)
      : m_ledger(ledger), m_config(config), m_history(dunning_only(config)), m_calendar(calendar), m_now(now),
        m_today(now.taipei_date()), m_options(options), m_staff(staff), m_random(random), m_plans(std::move(plans)),
        m_refs(m_plans.size()), m_desk(ledger, config, calendar) {
    if (!options.directory.empty() && options.protect) m_layout = config.fee.layout("bank");
    m_bank_day = working_day_before(calendar, m_today).value_or(m_today - 1);
  }

  Result<FeeSeasonSummary> play() {
    std::optional<Date> first;
    for (std::size_t i = 0; i < m_plans.size(); ++i) {
      const FeeProjectPlan& plan = m_plans[i];
      schedule(office_time(plan.received, 0), Step::add, i);
      schedule(office_time(plan.declared, 1), Step::declare, i);
      if (plan.stop) schedule(office_time(*plan.stop, 2), Step::stop, i);
      if (plan.resume) schedule(office_time(*plan.resume, 2), Step::resume, i);
      if (plan.settle) schedule(office_time(*plan.settle, 3), Step::settle, i);
      if (!first || plan.received < *first) first = plan.received;
    }
    // The outbox's run of each working day, at 09:00 (the demo's clock's hour), before the counter opens.
    for (Date day = first.value_or(m_today); day < m_today; day = day + 1)
      if (m_calendar.is_working(day).value_or(false))
        schedule(Instant::taipei_midnight(day) + 9 * 3600, Step::dunning, 0);
    if (m_layout) schedule(Instant::taipei_midnight(m_bank_day) + 16 * 3600 + 1800, Step::bank_import, 0);

    auto transaction = std::make_unique<sql::Transaction>(m_ledger.db());
    while (!m_actions.empty()) {
      const Action action = m_actions.top();
      m_actions.pop();
      // The import engine commits its own batches: it runs between the year's transactions.
      const bool alone = action.step == Step::bank_import;
      if (alone) {
        transaction->commit();
        transaction.reset();
      }
      auto done = act(action);
      if (!done) return std::unexpected(done.error());
      if (alone) transaction = std::make_unique<sql::Transaction>(m_ledger.db());
    }
    transaction->commit();
    return summary();
  }

private:
  Stamp stamp(Instant at) { return Stamp{m_random.pick(m_staff).id, std::string(k_command), at}; }

  void schedule(Instant at, Step step, std::size_t index, std::string slip = {}) {
    if (at < m_now) m_actions.push(Action{at.unix_seconds(), m_order++, step, index, std::move(slip)});
  }

  // Office hours on `day`, the steps of one project in the order of `slot` within the day.
  Instant office_time(Date day, int slot) {
    const int from = 9 * 3600 + 1800 + slot * 1800;
    return Instant::taipei_midnight(day) + m_random.uniform(from, from + 1500);
  }

  // The working day on or after `day` (none past the calendar).
  std::optional<Date> working_on_or_after(Date day) const {
    for (int n = 0; n < 40; ++n)
      if (m_calendar.is_working(day + n).value_or(false)) return day + n;
    return std::nullopt;
  }

  Result<void> act(const Action& action) {
    const Instant at(action.at);
    const std::size_t i = action.index;
    const FeeProjectPlan& plan = m_plans[i];
    switch (action.step) {
    case Step::dunning: return dunning(at);
    case Step::add: {
      NewFeeProject project = plan.project;
      auto added = m_desk.add_project(stamp(at), project);
      if (!added) return std::unexpected(added.error());
      m_refs[i] = added->c.ref;
      return {};
    }
    case Step::declare: return declare(i, at);
    case Step::pay: return pay(action.slip, at);
    case Step::stop: {
      auto stopped = m_desk.stop(stamp(at), m_refs[i], plan.stop->iso());
      return stopped ? Result<void>{} : std::unexpected(stopped.error());
    }
    case Step::resume: {
      auto resumed = m_desk.resume(stamp(at), m_refs[i], plan.resume->iso());
      return resumed ? Result<void>{} : std::unexpected(resumed.error());
    }
    case Step::settle: {
      auto settled =
          m_desk.settle(stamp(at), m_refs[i], FeeSettleInput{plan.settle_quantity, plan.settle_end->iso(), false, ""});
      if (!settled) return std::unexpected(settled.error());
      for (const FeeInstalment& topup : settled->issued) // paid on time, like the rest of the project
        plan_payment(plan, at.taipei_date(), topup);
      return {};
    }
    case Step::bank_import: return bank_import(at);
    }
    return {};
  }

  Result<void> declare(std::size_t i, Instant at) {
    const FeeProjectPlan& plan = m_plans[i];
    auto declared = m_desk.declare(stamp(at), m_refs[i], FeeDeclareInput{plan.plan, plan.instalment_dates});
    // A fee too small for halves is paid in full.
    if (!declared && plan.plan == "halves")
      declared = m_desk.declare(stamp(at), m_refs[i], FeeDeclareInput{"full", {}});
    if (!declared) return std::unexpected(declared.error());
    for (const FeeInstalment& instalment : declared->issued)
      plan_payment(plan, at.taipei_date(), instalment);
    return {};
  }

  // When and where an instalment is paid, by the project's role; nothing at or after the clock.
  void plan_payment(const FeeProjectPlan& plan, Date declared, const FeeInstalment& instalment) {
    std::optional<Date> day;
    bool bank = plan.bank;
    switch (plan.role) {
    case FeeRole::unpaid: return;
    case FeeRole::late_paid: day = working_on_or_after(instalment.due + plan.late_days); break;
    case FeeRole::found: day = working_on_or_after(declared + plan.late_days); break;
    case FeeRole::bank_late: day = working_day_before(m_calendar, m_bank_day - m_random.uniform_int(0, 3)); break;
    default: {
      // On time: some days before the due date, never before the declaration.
      day = working_on_or_after(std::max(instalment.due - m_random.uniform_int(0, 8), declared + 1));
      if (day && *day > instalment.due)
        if (const auto before = working_day_before(m_calendar, instalment.due + 1); before && *before > declared)
          day = before;
      // Paid at the bank in the fortnight before its file comes: those rows are in the file.
      bank =
          day && *day <= m_bank_day && m_bank_day - *day <= 14 && instalment.due >= m_bank_day && m_random.percent(70);
      break;
    }
    }
    if (!day || *day >= m_today) return;
    if (bank && m_layout && *day <= m_bank_day) {
      m_bank.push_back(
          FeeBankRow{instalment.slip, late_charge(m_config.fee, instalment.amount, instalment.due, *day).total, *day});
      return;
    }
    schedule(office_time(*day, 4), Step::pay, 0, instalment.slip);
  }

  Result<void> pay(const std::string& slip, Instant at) {
    const auto instalment = m_desk.store().instalment_by_slip(slip);
    if (!instalment || instalment->state != FeeInstalmentState::open) return {}; // settled meanwhile
    const Date day = at.taipei_date();
    FeePaymentInput input{slip, late_charge(m_config.fee, instalment->amount, instalment->due, day).total, day,
                          std::string(k_counter_collector), counter_txn_id(slip, day)};
    auto paid = apply_fee_payment(m_ledger, m_config.fee, stamp(at), input);
    return paid ? Result<void>{} : std::unexpected(paid.error());
  }

  // The day's dunning levels planned and delivered, as `epb notify run` did that morning.
  Result<void> dunning(Instant at) {
    Outbox outbox(m_ledger, m_history, m_calendar);
    const Stamp by{"notify", "notify run", at};
    outbox.plan(by, false);
    const DeliveryReport report =
        outbox.deliver(by, [](const NotifyTransport&) { return std::make_unique<HistoryTransport>(); });
    m_notices += static_cast<std::int64_t>(report.sent.size());
    return {};
  }

  // The fortnight's bank payments, in their collection file, imported through the engine.
  Result<void> bank_import(Instant at) {
    if (m_bank.empty()) return {};
    auto imported = import_demo_bank_file(m_ledger, m_config.fee, *m_layout, stamp(at), m_options, m_bank);
    if (!imported) return std::unexpected(imported.error());
    m_bank_rows = static_cast<std::int64_t>(m_bank.size());
    return {};
  }

  FeeSeasonSummary summary() {
    FeeSeasonSummary out;
    out.bank_payments = m_bank_rows;
    out.notices = m_notices;
    FeeStore& store = m_desk.store();
    for (const std::string& ref : m_refs) {
      if (ref.empty()) continue;
      auto project = m_desk.find(ref);
      if (!project) continue;
      ++out.projects;
      const std::int64_t id = project->c.id;
      const auto declarations = store.declarations(id);
      if (!declarations.empty()) out.assessed += declarations.back().fee;
      for (const FeeDeclaration& d : declarations) {
        if (d.refund > 0) {
          ++out.refunds;
          out.refunded += d.refund;
        }
        if (d.topup > 0) {
          ++out.topups;
          out.topped_up += d.topup;
        }
      }
      bool late = false;
      for (const FeeInstalment& i : store.instalments(id)) {
        out.collected += i.paid_total;
        if (i.state == FeeInstalmentState::open) {
          out.outstanding += i.amount;
          late = late || i.due < m_today;
        }
        late = late || (i.paid_on && *i.paid_on > i.due);
      }
      if (late) ++out.late_payers;
    }
    return out;
  }

  Ledger& m_ledger;
  const Config& m_config;
  Config m_history;
  const OfficeCalendar& m_calendar;
  Instant m_now;
  Date m_today;
  const DemoOptions& m_options;
  const std::vector<Staff>& m_staff;
  SampleRandom& m_random;
  std::vector<FeeProjectPlan> m_plans;
  std::vector<std::string> m_refs;
  FeeDesk m_desk;
  const FixedWidthLayout* m_layout = nullptr;
  Date m_bank_day;
  std::vector<FeeBankRow> m_bank;
  std::int64_t m_bank_rows = 0;
  std::int64_t m_notices = 0;
  std::priority_queue<Action, std::vector<Action>, std::greater<>> m_actions;
  std::uint64_t m_order = 0;
};

} // namespace

Result<FeeSeasonSummary> play_fee_season(Ledger& ledger, const Config& config, const OfficeCalendar& calendar,
                                         Instant now, const DemoOptions& options, const std::vector<Staff>& staff) {
  if (options.fee_projects <= 0 || config.fee.service.empty() || staff.empty()) return FeeSeasonSummary{};
  if (!config.service(config.fee.service)) return FeeSeasonSummary{};
  // A generator of its own, so the casework and the subsidy season are the same without it.
  SamplePeople people(options.seed ^ 0xfee5eed5ULL);
  auto plans = plan_fee_season(people, config, calendar, now, options.fee_projects);
  FeeYear year(ledger, config, calendar, now, options, staff, people.random(), std::move(plans));
  return year.play();
}

} // namespace epb
