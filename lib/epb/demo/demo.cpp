// build_demo: plans a year of cases over every service, decides which run late, pause, get
// stuck or are repeated, then plays them in the order they arrived, in one transaction.
#include "epb/demo/demo.hpp"
#include "epb/subsidy/subsidy_notices.hpp"

#include "epb/demo/demo_fee.hpp"
#include "epb/demo/demo_plan.hpp"
#include "epb/demo/demo_subsidy.hpp"
#include "epb/demo/demo_survey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <queue>

namespace epb {
namespace {

constexpr int k_window_days = 365;
constexpr std::int64_t k_day = 86400;
constexpr int k_staff_per_unit = 4;
constexpr int k_cases_per_repeat = 80;

// The first day of the year before `today` that the calendar covers without a gap.
Date window_start(const OfficeCalendar& calendar, Date today) {
  Date day = today;
  while (today - day < k_window_days && calendar.covers(day - 1))
    day = day - 1;
  return day;
}

struct Demo {
  Demo(const Config& c, const OfficeCalendar& cal, Instant clock, std::uint64_t seed)
      : config(c), calendar(cal), now(clock), start(Instant::taipei_midnight(window_start(cal, clock.taipei_date()))),
        people(seed) {}

  const Config& config;
  const OfficeCalendar& calendar;
  Instant now;
  Instant start; // cases arrive from here to `now`
  SamplePeople people;
  std::vector<ServiceProfile> profiles; // one per config service
  std::vector<CasePlan> plans;
};

bool is_follow_up_service(const Config& config, std::string_view service) {
  return std::ranges::any_of(config.survey.questionnaires,
                             [&](const Questionnaire& q) { return q.follow_up_service == service; });
}

// Removes and returns a random element; the order of the rest does not matter.
std::size_t take_any(SampleRandom& random, std::vector<std::size_t>& items) {
  const std::size_t pick = random.index(items.size());
  const std::size_t taken = items[pick];
  items[pick] = items.back();
  items.pop_back();
  return taken;
}

// Splits `total` in proportion to `weights`, giving each at least `floor` when there is room.
std::vector<int> apportion(int total, const std::vector<int>& weights) {
  std::vector<int> counts(weights.size(), 0);
  const auto shares = static_cast<int>(std::count_if(weights.begin(), weights.end(), [](int w) { return w > 0; }));
  if (shares == 0) return counts;
  const int floor = total >= 2 * shares ? 2 : 0; // a service with weight 0 gets no cases at all
  int left = total - floor * shares;
  std::int64_t sum = 0;
  for (int weight : weights)
    sum += weight;
  int given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0) continue;
    counts[i] = floor + static_cast<int>(std::int64_t{left} * weights[i] / std::max<std::int64_t>(sum, 1));
    given += counts[i];
  }
  for (std::size_t i = 0; given < total; i = (i + 1) % counts.size())
    if (weights[i] > 0) {
      ++counts[i];
      ++given;
    }
  return counts;
}

// When a case arrives: any time for lines that run 24 h (mostly by day), office hours on a
// working day for the counter and the post.
Instant arrival(Demo& demo, std::string_view channel) {
  SampleRandom& random = demo.people.random();
  const bool office = office_hours_channel(channel);
  for (int attempt = 0; attempt < 32; ++attempt) {
    const Instant at(random.uniform(demo.start.unix_seconds(), demo.now.unix_seconds() - 60));
    const int second = at.taipei_seconds_of_day();
    if (!office) {
      if ((second < 7 * 3600 || second > 22 * 3600) && random.percent(75)) continue;
      return at;
    }
    if (!demo.calendar.is_working(at.taipei_date()).value_or(false)) continue;
    const Instant opened = Instant::taipei_midnight(at.taipei_date()) + random.uniform(8 * 3600 + 1800, 17 * 3600);
    if (opened <= demo.now) return opened;
  }
  return Instant(random.uniform(demo.start.unix_seconds(), demo.now.unix_seconds() - 60));
}

// Roughly how long a service's SOP gives, in calendar days.
int rough_days(const Service& service) {
  const DeadlineRule& rule = service.deadline;
  switch (rule.unit) {
  case DeadlineRule::Unit::workdays: return rule.count * 7 / 5 + 4;
  case DeadlineRule::Unit::days: return rule.count + 3;
  case DeadlineRule::Unit::hours: return rule.count / 24 + 1;
  }
  return rule.count;
}

bool has_pause_state(const Service& service) {
  return std::ranges::any_of(service.states, [](const State& s) { return s.pauses_clock; });
}

bool can_reject(const Service& service) {
  const std::string usual = usual_final(service);
  return std::ranges::any_of(service.states,
                             [&](const State& s) { return other_final(service, s.code, usual).has_value(); });
}

CasePlan new_plan(Demo& demo, std::size_t service_index) {
  SampleRandom& random = demo.people.random();
  const Service& service = demo.config.services[service_index];
  const ServiceProfile& profile = demo.profiles[service_index];
  CasePlan plan;
  plan.service = &service;
  plan.profile = &profile;
  plan.input = sample_new_case(demo.people, service, profile);
  plan.received = arrival(demo, plan.input.channel);
  plan.late = random.percent(profile.late);
  plan.pause = has_pause_state(service) && random.percent(profile.pause);
  // Most applicants send what is missing within days; some take months.
  plan.pause_workdays = random.percent(80) ? random.uniform_int(2, 12) : random.uniform_int(15, 60);
  plan.extend = service.extension.max_times > 0 && random.percent(profile.extend);
  plan.reject = can_reject(service) && random.percent(profile.reject);
  return plan;
}

// Several cases per unit whose work stopped part-way weeks ago: the overdue list's regulars.
void choose_stuck(Demo& demo) {
  SampleRandom& random = demo.people.random();
  for (const Unit& unit : demo.config.units) {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < demo.plans.size(); ++i) {
      const CasePlan& plan = demo.plans[i];
      const Instant latest = demo.now + -std::int64_t{rough_days(*plan.service) + 10} * k_day;
      if (plan.service->unit == unit.code && plan.received <= latest && plan.received >= demo.now + -150 * k_day)
        candidates.push_back(i);
    }
    for (int n = random.uniform_int(3, 5); n > 0 && !candidates.empty(); --n) {
      CasePlan& plan = demo.plans[take_any(random, candidates)];
      plan.stuck = true;
      plan.late = plan.pause = plan.extend = plan.reject = false;
    }
  }
}

// Repeats of complaints already handled: the same person, matter and place, weeks later.
// Returns how many repeat plans were added (each original knows its repeat).
int add_repeats(Demo& demo, int wanted) {
  SampleRandom& random = demo.people.random();
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < demo.plans.size(); ++i) {
    const CasePlan& plan = demo.plans[i];
    const bool traceable =
        plan.input.applicant_kind == "person" && (!plan.input.id_number.empty() || !plan.input.phone.empty());
    if (plan.service->track_repeats && traceable && !plan.stuck && plan.received <= demo.now + -75 * k_day)
      candidates.push_back(i);
  }
  int added = 0;
  std::optional<std::size_t> previous;
  for (; added < wanted && (!candidates.empty() || previous); ++added) {
    // Now and then a third complaint on the same matter, repeating the repeat.
    const std::size_t original =
        previous && (candidates.empty() || random.percent(30)) ? *previous : take_any(random, candidates);
    CasePlan& first = demo.plans[original];
    first.repeated_by = demo.plans.size();
    first.late = first.reject = first.pause = first.extend = false;
    CasePlan repeat = first;
    repeat.repeated_by.reset();
    repeat.repeat_of = original;
    repeat.input.channel = sample_channel(random, *repeat.profile);
    demo.plans.push_back(std::move(repeat));
    previous = demo.plans.size() - 1;
  }
  return added;
}

// A repeat arrives some days to six weeks after the case it repeats was closed.
Instant repeat_arrival(Demo& demo, const CasePlan& original, const std::optional<Instant>& closed) {
  SampleRandom& random = demo.people.random();
  const Instant after = closed.value_or(original.received + 60 * k_day);
  const Instant at = after + random.uniform(2 * k_day, 42 * k_day);
  if (at <= demo.now) return at;
  return after + random.uniform(0, std::max<std::int64_t>(0, demo.now.unix_seconds() - after.unix_seconds()));
}

std::vector<Staff> staff_of(Demo& demo, int& next_clerk) {
  std::vector<Staff> staff;
  for (int i = 0; i < k_staff_per_unit; ++i)
    staff.push_back(Staff{fmt::format("clerk{:02}", ++next_clerk), demo.people.person_name(demo.people.sex())});
  return staff;
}

} // namespace

Result<Instant> demo_clock(const OfficeCalendar& calendar, Instant now) {
  if (calendar.years().empty()) return std::unexpected(calendar.uncovered(now.taipei_date()));
  const Instant latest = Instant::taipei_midnight(*Date::from_ymd(*calendar.years().rbegin(), 11, 2)) + 9 * 3600;
  const Instant clock = std::min(now, latest);
  if (!calendar.covers(clock.taipei_date())) return std::unexpected(calendar.uncovered(clock.taipei_date()));
  return clock;
}

Result<DemoSummary> build_demo(Ledger& ledger, const Config& config, const OfficeCalendar& calendar, Instant now,
                               const DemoOptions& options) {
  const Date today = now.taipei_date();
  if (!calendar.covers(today)) return std::unexpected(calendar.uncovered(today));
  if (options.cases < 1) return invalid("demo", "the number of cases must be at least 1");
  if (config.services.empty()) return invalid("demo", "the configuration has no services");
  Demo demo(config, calendar, now, options.seed);
  std::vector<int> weights;
  for (const Service& service : config.services) {
    demo.profiles.push_back(profile_for(config, service));
    // A service of a domain kind (subsidy) opens its cases through its own desk, which the
    // generic desk refuses to stand in for: the demo plays those seasons separately. A survey's
    // second replies come only from its low scores (the survey step), never from the public.
    const bool plain = service.kind == k_default_service_kind && !is_follow_up_service(config, service.code);
    weights.push_back(plain ? demo.profiles.back().weight : 0);
  }
  const int repeats = options.cases >= 20 ? std::max(1, options.cases / k_cases_per_repeat) : 0;
  if (std::none_of(weights.begin(), weights.end(), [](int w) { return w > 0; }))
    return invalid("demo", "the configuration has no service of the plain kind \"case\"");
  const std::vector<int> counts = apportion(options.cases - repeats, weights);
  for (std::size_t s = 0; s < counts.size(); ++s)
    for (int n = 0; n < counts[s]; ++n)
      demo.plans.push_back(new_plan(demo, s));
  choose_stuck(demo);
  const int added = add_repeats(demo, repeats);
  for (int n = added; n < repeats; ++n) {
    std::size_t service = demo.people.random().index(counts.size());
    while (weights[service] == 0)
      service = (service + 1) % counts.size();
    demo.plans.push_back(new_plan(demo, service));
  }

  // Each unit has its own clerks (the events' actors), who are also the cases' 承辦人.
  int next_clerk = 0;
  std::map<std::string, std::vector<Staff>, std::less<>> staff;
  for (const Unit& unit : config.units)
    staff.emplace(unit.code, staff_of(demo, next_clerk));

  // Cases are opened in the order they arrived, so references number them in time order.
  using Arrival = std::pair<std::int64_t, std::size_t>;
  std::priority_queue<Arrival, std::vector<Arrival>, std::greater<>> arrivals;
  for (std::size_t i = 0; i < demo.plans.size(); ++i)
    if (!demo.plans[i].repeat_of) arrivals.emplace(demo.plans[i].received.unix_seconds(), i);

  DemoSummary summary;
  summary.now = now;
  CaseDesk desk(ledger, config, calendar);
  CasePlayer player(desk, calendar, demo.people.random(), now);
  sql::Transaction transaction(ledger.db());
  while (!arrivals.empty()) {
    const std::size_t index = arrivals.top().second;
    arrivals.pop();
    const CasePlan& plan = demo.plans[index];
    auto& clerks = staff[plan.service->unit];
    if (clerks.empty()) clerks = staff_of(demo, next_clerk);
    auto played = player.play(plan, clerks);
    if (!played) return std::unexpected(played.error());
    if (played->closed_late) ++summary.closed_late;
    if (const auto repeat = plan.repeated_by) {
      demo.plans[*repeat].received = repeat_arrival(demo, plan, played->closed_at);
      arrivals.emplace(demo.plans[*repeat].received.unix_seconds(), *repeat);
    }
  }
  transaction.commit();

  CaseStore& store = desk.store();
  summary.cases = store.count({});
  CaseFilter open;
  open.open_only = true;
  summary.open = store.count(open);
  summary.closed = summary.cases - summary.open;
  CaseFilter paused = open;
  paused.paused_only = true;
  summary.paused = store.count(paused);
  summary.overdue = desk.overdue_count(now, {});
  CaseFilter repeated;
  repeated.repeated_only = true;
  summary.repeats = store.count(repeated);
  // Then the subsidy season, which commits on its own (the payment engine must), so the
  // figures above are the casework's; the overdue table is everything open, subsidies too.
  if (const Service* review = config.service(config.subsidy.service)) {
    auto& clerks = staff[review->unit];
    if (clerks.empty()) clerks = staff_of(demo, next_clerk);
    auto season = play_subsidy_season(ledger, config, calendar, now, options, clerks);
    if (!season) return std::unexpected(season.error());
    summary.subsidy = std::move(*season);
    // The season is history: its applicants were told of each decision when it was made (that
    // year's outbox is not replayed), so the demo's first `notify run` sends today's notices only.
    sql::Transaction told(ledger.db());
    SubsidyDecisionStore(ledger).mark_all_told(now);
    told.commit();
    // In January, 1 in 10 of the year's paid applications is phoned (DOMAIN.md §8).
    if (summary.subsidy.paid > 0) {
      auto survey = play_subsidy_survey(ledger, config, calendar, now, options, summary.subsidy.year, clerks);
      if (!survey) return std::unexpected(survey.error());
      summary.survey = *survey;
    }
  }
  // Then the year of construction projects, also in transactions of its own.
  if (const Service* review = config.service(config.fee.service)) {
    auto& clerks = staff[review->unit];
    if (clerks.empty()) clerks = staff_of(demo, next_clerk);
    auto year = play_fee_season(ledger, config, calendar, now, options, clerks);
    if (!year) return std::unexpected(year.error());
    summary.fee = *year;
  }
  summary.units = overdue_by_unit(desk, config, now);
  return summary;
}

std::vector<UnitOverdue> overdue_by_unit(CaseDesk& desk, const Config& config, Instant now) {
  std::vector<UnitOverdue> out;
  for (const Unit& unit : config.units) {
    UnitOverdue row{unit.code, unit.name_zh, unit.name_en, 0, 0, std::nullopt, 0};
    CaseFilter scope;
    scope.units = {unit.code};
    scope.open_only = true;
    row.open = desk.store().count(scope);
    const auto overdue = desk.overdue(now, scope);
    row.overdue = static_cast<std::int64_t>(overdue.size());
    for (const auto& late : overdue) {
      if (!row.oldest_due || late.c.due_date < *row.oldest_due) row.oldest_due = late.c.due_date;
      row.max_workdays_late = std::max(row.max_workdays_late, late.workdays_late);
    }
    out.push_back(std::move(row));
  }
  return out;
}

} // namespace epb
