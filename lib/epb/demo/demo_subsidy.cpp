// Playing the subsidy season: every step of every application in the order it happened, through
// the SubsidyDesk (so the subsidy kind's rules hold), the household exchange once a week, and one
// paid batch through the payment engine with a bank result that pays all but one.
#include "epb/demo/demo_subsidy.hpp"

#include "epb/calendar/deadline.hpp"
#include "epb/core/sha256.hpp"
#include "epb/payment/payment.hpp"
#include "epb/privacy/reveal.hpp"
#include "epb/subsidy/household.hpp"
#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/subsidy/subsidy_payment.hpp"
#include "epb/validate/name.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <queue>
#include <tuple>
#include <utility>

namespace epb {
namespace {

constexpr std::string_view k_command = "demo";
constexpr std::int64_t k_day = 86400;
constexpr int k_opens = 8 * 3600 + 1800;
constexpr int k_closes = 17 * 3600;

enum class Step { apply, review, household_export, household_answer, decide, documents_back, pay, bank_result };

struct Action {
  std::int64_t at = 0;
  std::uint64_t order = 0; // ties keep the order they were scheduled in
  Step step = Step::apply;
  std::size_t index = 0; // the plan, or the week of a household exchange
  bool operator>(const Action& other) const { return std::tie(at, order) > std::tie(other.at, other.order); }
};

// The first rule in full and the others by code, or only the codes when that is still too long:
// a reason fits on one line (the text policy's 200 characters).
std::string one_line_reason(const std::vector<RuleFailure>& failures) {
  constexpr std::size_t k_most = 200;
  std::string codes;
  for (std::size_t n = 1; n < failures.size(); ++n)
    codes += "; " + failures[n].code;
  std::string reason = describe_failures({failures.front()}) + codes;
  const auto characters = std::ranges::count_if(reason, [](char c) { return (c & 0xC0) != 0x80; });
  return static_cast<std::size_t>(characters) <= k_most ? reason : failures.front().code + codes;
}

struct PlanState {
  std::string ref;
  std::size_t officer = 0;
  bool documents_requested = false;
  bool answered = false; // the household office's answer came (a later query file may list it again)
};

class Season {
public:
  Season(Ledger& ledger, const Config& config, const OfficeCalendar& calendar, Instant now, const DemoOptions& options,
         const std::vector<Staff>& staff, SampleRandom& random, std::vector<SubsidyPlan> plans)
      : m_ledger(ledger), m_config(config), m_calendar(calendar), m_now(now), m_options(options), m_staff(staff),
        m_random(random), m_plans(std::move(plans)), m_state(m_plans.size()), m_desk(ledger, config, calendar),
        m_source(config, calendar) {}

  Result<SubsidySeasonSummary> play(int year) {
    m_summary.year = year;
    for (std::size_t i = 0; i < m_plans.size(); ++i)
      schedule(m_plans[i].received, Step::apply, i);
    // The household office is sent a query file each Monday and answers on Thursday.
    for (Date day = *Date::from_ymd(year, 1, 8); day <= *Date::from_ymd(year + 1, 2, 15); day = day + 7)
      if (const auto at = office_day(day, 0))
        schedule(Instant::taipei_midnight(*at) + 10 * 3600, Step::household_export, 0);
    if (!m_options.directory.empty())
      if (const auto at = office_day(*Date::from_ymd(year, 12, 10), 0))
        schedule(Instant::taipei_midnight(*at) + 10 * 3600, Step::pay, 0);

    auto transaction = std::make_unique<sql::Transaction>(m_ledger.db());
    while (!m_actions.empty()) {
      const Action action = m_actions.top();
      m_actions.pop();
      // A reveal (the household query, the roster) commits on its own, before the file exists:
      // those steps run between the season's transactions.
      const bool alone =
          action.step == Step::household_export || action.step == Step::pay || action.step == Step::bank_result;
      if (alone) {
        transaction->commit();
        transaction.reset();
      }
      auto done = act(action);
      if (!done) return std::unexpected(done.error());
      if (alone) transaction = std::make_unique<sql::Transaction>(m_ledger.db());
    }
    transaction->commit();
    return m_summary;
  }

private:
  const Staff& officer(std::size_t i) { return m_staff[m_state[i].officer % m_staff.size()]; }
  Stamp stamp(const Staff& who, Instant at) const { return Stamp{who.id, std::string(k_command), at}; }

  void schedule(Instant at, Step step, std::size_t index) {
    if (at <= m_now) m_actions.push(Action{at.unix_seconds(), m_order++, step, index});
  }

  // The n-th working day from `day` (n = 0: `day` itself or the next working day).
  std::optional<Date> office_day(Date day, int n) const {
    if (n == 0) {
      while (m_calendar.covers(day) && !m_calendar.is_working(day).value_or(false))
        day = day + 1;
      return m_calendar.covers(day) ? std::optional<Date>(day) : std::nullopt;
    }
    auto later = add_working_days(m_calendar, day, n);
    return later ? std::optional<Date>(*later) : std::nullopt;
  }

  // A moment in office hours `n` working days after `t`, never before it.
  void schedule_after(Instant t, int n, Step step, std::size_t index) {
    const auto day = office_day(t.taipei_date(), n);
    if (!day) return;
    const Instant at = Instant::taipei_midnight(*day) + m_random.uniform(k_opens, k_closes);
    schedule(std::max(at, t + 600), step, index);
  }

  Result<void> act(const Action& action) {
    const Instant at(action.at);
    const std::size_t i = action.index;
    switch (action.step) {
    case Step::apply: return apply(i, at);
    case Step::review: {
      auto moved = m_desk.move(stamp(officer(i), at), m_state[i].ref, "reviewing", "");
      if (!moved) return std::unexpected(moved.error());
      // A business's seat is on its registration certificate: no household check to wait for.
      if (m_plans[i].applicant.id_number.empty()) schedule_after(at, m_random.uniform_int(2, 8), Step::decide, i);
      return {};
    }
    case Step::household_export: return household_export(at);
    case Step::household_answer: return household_answer(at, i);
    case Step::decide: return decide(i, at);
    case Step::documents_back: return documents_back(i, at);
    case Step::pay: return pay(at);
    case Step::bank_result: return bank_result(at);
    }
    return {};
  }

  Result<void> apply(std::size_t i, Instant at) {
    const SubsidyPlan& plan = m_plans[i];
    m_state[i].officer = m_random.index(m_staff.size());
    const Staff& clerk = m_random.pick(m_staff);
    auto opened = m_desk.apply(stamp(clerk, at), plan.applicant, plan.subsidy);
    if (!opened) return std::unexpected(opened.error());
    m_state[i].ref = opened->ref;
    m_by_ref.emplace(opened->ref, i);
    ++m_summary.applications;
    auto assigned = m_desk.cases().assign(stamp(clerk, at + 300), opened->ref, officer(i).name);
    if (!assigned) return std::unexpected(assigned.error());
    schedule_after(at, m_random.uniform_int(0, 2), Step::review, i);
    return {};
  }

  // The query file of the week (ID number and name only): a recorded reveal, logged with its hash.
  Result<void> household_export(Instant at) {
    auto queries = m_desk.household_queries();
    if (queries.empty()) return {};
    std::vector<std::string> refs;
    for (const auto& q : queries)
      refs.push_back(q.ref);
    const Staff& clerk = m_staff.front();
    record_reveal(m_ledger, stamp(clerk, at), refs);
    const std::string text = render_household_query(queries);
    m_desk.record_exchange(HouseholdExchange{at, clerk.id, true, static_cast<std::int64_t>(queries.size()),
                                             sha256_hex(text),
                                             fmt::format("household-query-{}.csv", at.taipei_date().iso())});
    m_exchanges.push_back(std::move(queries));
    schedule_after(at, 3, Step::household_answer, m_exchanges.size() - 1);
    return {};
  }

  Result<void> household_answer(Instant at, std::size_t week) {
    std::string text = "id_number,registered,district,registered_on\r\n";
    std::int64_t records = 0;
    std::map<std::string, bool> answered;
    for (const auto& q : m_exchanges[week]) {
      const std::size_t i = m_by_ref.at(q.ref);
      const SubsidyPlan& plan = m_plans[i];
      if (!std::exchange(m_state[i].answered, true)) schedule_after(at, m_random.uniform_int(1, 6), Step::decide, i);
      if (!answered.emplace(q.id_number, true).second) continue; // one answer per person
      HouseholdAnswer answer;
      answer.id_number = q.id_number;
      answer.registered = !plan.not_registered;
      if (answer.registered) {
        answer.district = district_of(plan.applicant.address);
        answer.registered_on = at.taipei_date() - m_random.uniform_int(400, 12000);
      }
      answer.line = static_cast<int>(++records + 1);
      text += fmt::format("{},{},{},{}\r\n", answer.id_number, answer.registered ? "yes" : "no", answer.district,
                          answer.registered_on ? answer.registered_on->iso() : "");
      auto recorded = m_desk.record_household(stamp(m_staff.front(), at), answer);
      if (!recorded && recorded.error().fault != Fault::not_found) return std::unexpected(recorded.error());
    }
    m_desk.record_exchange(HouseholdExchange{at, m_staff.front().id, false, records, sha256_hex(text),
                                             fmt::format("household-answer-{}.csv", at.taipei_date().iso())});
    return {};
  }

  Result<void> decide(std::size_t i, Instant at) {
    const SubsidyPlan& plan = m_plans[i];
    PlanState& state = m_state[i];
    const Stamp by = stamp(officer(i), at);
    if (plan.documents && !state.documents_requested) {
      state.documents_requested = true;
      auto paused = m_desk.request_docs(by, state.ref, plan.missing);
      if (!paused) return std::unexpected(paused.error());
      ++m_summary.documents_requested;
      const Instant back = at + std::int64_t{plan.documents_days} * k_day;
      schedule_after(back, 0, Step::documents_back, i);
      return {};
    }
    auto checked = m_desk.check(state.ref);
    if (!checked) return std::unexpected(checked.error());
    if (checked->failures.empty()) {
      auto approved = m_desk.approve(by, state.ref, "");
      if (!approved) return std::unexpected(approved.error());
      ++m_summary.approved;
      return {};
    }
    bool dipped = false;
    for (const auto& f : checked->failures) {
      dipped = dipped || f.code.ends_with("_subsidised");
      if (f.code == "not_registered") ++m_summary.not_registered;
    }
    if (dipped) ++m_summary.double_dipping;
    return reject(i, by, one_line_reason(checked->failures));
  }

  Result<void> reject(std::size_t i, const Stamp& by, const std::string& reason) {
    auto rejected = m_desk.reject(by, m_state[i].ref, reason);
    if (!rejected) return std::unexpected(rejected.error());
    ++m_summary.rejected;
    return {};
  }

  // The correction arrives; past the limit the desk refuses it and the application is rejected.
  Result<void> documents_back(std::size_t i, Instant at) {
    const Stamp by = stamp(officer(i), at);
    auto resumed = m_desk.documents_received(by, m_state[i].ref, "申請人已補件");
    if (resumed) {
      schedule_after(at, m_random.uniform_int(1, 5), Step::decide, i);
      return {};
    }
    if (resumed.error().fault != Fault::invalid) return std::unexpected(resumed.error());
    return reject(i, by,
                  fmt::format("補件逾期：補正文件於通知補件後{}日內未送達 (correction after {} days)",
                              m_config.subsidy.correction_days, m_config.subsidy.correction_days));
  }

  Result<void> pay(Instant at) {
    auto built = build_demo_batch(m_ledger, m_source, stamp(m_staff.front(), at), m_options);
    if (!built) return std::unexpected(built.error());
    if (!*built) return {}; // nothing approved yet
    m_batch = **built;
    m_summary.batch = m_batch->ref;
    schedule_after(at, 5, Step::bank_result, 0);
    return {};
  }

  Result<void> bank_result(Instant at) {
    return confirm_demo_batch(m_ledger, m_source, stamp(m_staff.front(), at), m_options, *m_batch, m_random, m_summary);
  }

  Ledger& m_ledger;
  const Config& m_config;
  const OfficeCalendar& m_calendar;
  Instant m_now;
  const DemoOptions& m_options;
  const std::vector<Staff>& m_staff;
  SampleRandom& m_random;
  std::vector<SubsidyPlan> m_plans;
  std::vector<PlanState> m_state;
  SubsidyDesk m_desk;
  SubsidyPaymentSource m_source;
  std::priority_queue<Action, std::vector<Action>, std::greater<>> m_actions;
  std::uint64_t m_order = 0;
  std::map<std::string, std::size_t, std::less<>> m_by_ref;
  std::vector<std::vector<HouseholdQuery>> m_exchanges;
  std::optional<BuiltBatch> m_batch;
  SubsidySeasonSummary m_summary;
};

} // namespace

Result<SubsidySeasonSummary> play_subsidy_season(Ledger& ledger, const Config& config, const OfficeCalendar& calendar,
                                                 Instant now, const DemoOptions& options,
                                                 const std::vector<Staff>& staff) {
  const int year = subsidy_season_year(config, calendar, now);
  if (year == 0 || options.subsidies <= 0 || staff.empty()) return SubsidySeasonSummary{};
  if (!options.directory.empty() && !options.protect)
    return invalid("demo", "the subsidy season's roster needs the files it must not replace");
  Date end = *Date::from_ymd(year + 1, 1, 10);
  for (const auto& p : config.subsidy.programmes)
    if (p.year == year) end = std::min(end, p.deadline);
  // A generator of its own, so the casework is the same with or without the season.
  SamplePeople people(options.seed ^ 0x5ab51d1e5ULL);
  auto plans = plan_subsidy_season(people, config, calendar, year, end, options.subsidies);
  Season season(ledger, config, calendar, now, options, staff, people.random(), std::move(plans));
  return season.play(year);
}

} // namespace epb
