// Planning the fee year: which project plays which role, its figures and its dates. The due
// dates of the projects still unpaid at the clock are worked back from the dunning levels of
// the fee service's ladder, so that each level falls due on the day the demo wants.
#include "epb/demo/demo_fee.hpp"

#include "epb/calendar/deadline.hpp"
#include "epb/fee/fee_notices.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

constexpr int k_year_days = 365;

struct Season {
  SamplePeople& people;
  const Config& config;
  const OfficeCalendar& calendar;
  Date first; // the year's first day
  Date today; // the clock's
};

// `day` itself when it is a working day, else the working day before it (never before `first`).
Date on_or_before(const Season& s, Date day) {
  while (day > s.first && !s.calendar.is_working(day).value_or(false))
    day = day - 1;
  return day;
}

Date working_days_before(const Season& s, Date day, int n) {
  day = on_or_before(s, day);
  for (int i = 0; i < n && day > s.first; ++i)
    day = on_or_before(s, day - 1);
  return day;
}

// The instalment due date for which `level` fires on `day`: the latest one for levels after the
// due date, the earliest after `day` for the reminder. None when the calendar cannot tell.
std::optional<Date> due_for(const Season& s, const NotifyLevel& level, Date day) {
  const bool reminder = level.stage == k_dunning_stages.front();
  for (int n = 0; n < 200; ++n) {
    const Date due = reminder ? day + n : day - n;
    const auto fires = dunning_fires_on(s.calendar, level, due);
    if (fires && *fires == day) return due;
  }
  return std::nullopt;
}

const NotifyLevel* dunning_level(const Config& config, std::string_view stage) {
  const NotifyLadder* ladder = config.notify.ladder_for(config.fee.service);
  if (!ladder) return nullptr;
  for (const NotifyLevel& level : ladder->levels)
    if (level.trigger == NotifyTrigger::dunning && level.stage == stage) return &level;
  return nullptr;
}

std::string quantity_text(std::int64_t n) { return std::to_string(n); }

// The owner, contractor, site and permit of a new project.
NewFeeProject sample_project(Season& s, bool public_works) {
  SamplePeople& people = s.people;
  SampleRandom& random = people.random();
  NewFeeProject p;
  p.channel = "in_person";
  if (public_works || random.percent(45)) {
    const SampleCompany owner = public_works ? people.company("營造") : people.company();
    p.owner_kind = "company";
    p.owner_name = public_works ? "高雄市政府工務局" : owner.name;
    p.owner_id = owner.business_number;
    p.phone = owner.phone;
    p.address = owner.address.text;
  } else {
    const SamplePerson owner = people.person();
    p.owner_kind = "person";
    p.owner_name = owner.name;
    p.owner_id = owner.id_number;
    p.phone = owner.phone;
    p.address = owner.address.text;
  }
  const SampleCompany contractor = people.company("營造");
  p.contractor = contractor.name;
  p.contractor_ubn = contractor.business_number;
  p.site_address = people.address(false).text;
  p.public_works = public_works;
  return p; // the permit is numbered once the project's dates are known (number_permits)
}

// Registered a few working days before `declared`, which is a few days before the start.
void set_dates(Season& s, FeeProjectPlan& plan, Date start, int days) {
  SampleRandom& random = s.people.random();
  plan.declared = std::max(s.first, working_days_before(s, start - 1, random.uniform_int(2, 10)));
  plan.received = std::max(s.first, working_days_before(s, plan.declared, random.uniform_int(0, 4)));
  plan.project.planned_start = start.iso();
  plan.project.planned_end = (start + days).iso();
}

void set_category(Season& s, FeeProjectPlan& plan) {
  SampleRandom& random = s.people.random();
  static constexpr int k_weights[] = {45, 30, 10, 8, 7};
  switch (random.weighted(k_weights)) {
  case 0:
    plan.project.category = "1";
    plan.project.quantity = quantity_text(random.uniform(300, 6000));
    break;
  case 1:
    plan.project.category = "2";
    plan.project.quantity = quantity_text(random.uniform(1000, 12000));
    break;
  case 2:
    plan.project.category = "4";
    plan.project.quantity = quantity_text(random.uniform(5000, 60000));
    break;
  case 3:
    plan.project.category = "6";
    plan.project.quantity = quantity_text(random.uniform(2000, 20000));
    break;
  default:
    plan.project.category = "Z";
    plan.project.quantity = quantity_text(random.uniform(20, 300) * 1'000'000);
    break;
  }
}

// A private project of category 1 whose only instalment is due on `due`.
FeeProjectPlan due_on(Season& s, FeeRole role, Date due) {
  FeeProjectPlan plan;
  plan.role = role;
  plan.project = sample_project(s, false);
  plan.project.category = "1";
  plan.project.quantity = quantity_text(s.people.random().uniform(400, 2500));
  set_dates(s, plan, due - s.config.fee.late.grace_days_private, s.people.random().uniform_int(120, 360));
  return plan;
}

// Permits and contracts carry the ROC year they were issued in: the year of the registration.
void number_permits(std::vector<FeeProjectPlan>& plans) {
  int n = 0;
  for (FeeProjectPlan& plan : plans) {
    const int roc = plan.received.year() - 1911;
    ++n;
    plan.project.permit = plan.project.public_works ? fmt::format("{}高市工字第{:05}號", roc, 300 + n * 7)
                                                    : fmt::format("{}高市工建築字第{:05}號", roc, 1000 + n * 13);
  }
}

} // namespace

std::optional<Date> working_day_before(const OfficeCalendar& calendar, Date day) {
  for (int n = 1; n < 40; ++n)
    if (calendar.is_working(day - n).value_or(false)) return day - n;
  return std::nullopt;
}

std::vector<FeeProjectPlan> plan_fee_season(SamplePeople& people, const Config& config, const OfficeCalendar& calendar,
                                            Instant now, int count) {
  const Date today = now.taipei_date();
  Date first = today;
  while (today - first < k_year_days && calendar.covers(first - 1))
    first = first - 1;
  Season s{people, config, calendar, first, today};
  SampleRandom& random = people.random();
  std::vector<FeeProjectPlan> plans;
  const auto room = [&] { return static_cast<int>(plans.size()) < count; };
  const int year = today - first;

  // Unpaid at the clock: the levels falling due on the clock's day, then on the next working days.
  const auto unpaid = [&](std::string_view stage, int after) {
    const NotifyLevel* level = dunning_level(config, stage);
    if (!level || !room()) return;
    const auto later = add_working_days(calendar, today, after);
    const auto day = after == 0 ? std::optional<Date>(today) : later ? std::optional<Date>(*later) : std::nullopt;
    const auto due = day ? due_for(s, *level, *day) : std::nullopt;
    if (!due || *due - first < 40) return;
    FeeProjectPlan plan = due_on(s, FeeRole::unpaid, *due);
    // Declared before the clock even when due just after it (the reminder's instalment).
    if (plan.declared >= today) {
      plan.declared = working_day_before(calendar, today).value_or(first);
      plan.received = std::min(plan.received, plan.declared);
    }
    plans.push_back(std::move(plan));
  };
  const auto special = [&](FeeRole role) {
    if (!room()) return;
    SampleRandom& r = random;
    FeeProjectPlan plan;
    plan.role = role;
    switch (role) {
    case FeeRole::refund: {
      plan = due_on(s, role, first + r.uniform_int(30, 50));
      const Date start = *parse_date(plan.project.planned_start);
      plan.project.planned_end = (start + r.uniform_int(150, 190)).iso();
      plan.stop = start + r.uniform_int(40, 60);
      plan.resume = *plan.stop + r.uniform_int(25, 40);
      plan.settle_end = parse_date(plan.project.planned_end).value();
      plan.settle = on_or_before(s, *plan.settle_end + r.uniform_int(10, 20));
      plan.settle_quantity = quantity_text(std::stoll(plan.project.quantity) * 9 / 10);
      break;
    }
    case FeeRole::topup: {
      plan = due_on(s, role, first + r.uniform_int(50, 80));
      const Date start = *parse_date(plan.project.planned_start);
      plan.project.planned_end = (start + r.uniform_int(170, 200)).iso();
      plan.settle_end = parse_date(plan.project.planned_end).value() + r.uniform_int(10, 20);
      plan.settle = on_or_before(s, *plan.settle_end + r.uniform_int(5, 12));
      plan.settle_quantity = quantity_text(std::stoll(plan.project.quantity) * 6 / 5);
      break;
    }
    case FeeRole::late_paid:
      plan = due_on(s, role, first + r.uniform_int(60, std::max(61, year - 60)));
      plan.late_days = r.uniform_int(6, 45);
      break;
    case FeeRole::bank_late: {
      const Date last = working_day_before(calendar, today).value_or(today - 1);
      plan = due_on(s, role, last - r.uniform_int(10, 25));
      plan.bank = true;
      break;
    }
    case FeeRole::found: {
      plan.project = sample_project(s, false);
      plan.project.category = "1";
      plan.project.quantity = quantity_text(r.uniform(800, 3000));
      const Date found = on_or_before(s, first + r.uniform_int(120, 170));
      plan.project.found_on = found.iso();
      plan.project.floors_above = 2;
      plan.project.planned_start = found.iso();
      plan.project.planned_end = (found + r.uniform_int(200, 300)).iso();
      plan.received = found;
      plan.declared = *add_working_days(calendar, found, 2);
      plan.late_days = r.uniform_int(8, 15); // after the declaration: the due date is long gone
      break;
    }
    case FeeRole::big: {
      plan.project = sample_project(s, true);
      plan.project.category = "Z";
      plan.project.quantity = quantity_text(r.uniform(25, 40) * 100'000'000);
      const Date start = first + r.uniform_int(40, 60);
      set_dates(s, plan, start, 720);
      plan.plan = "instalments";
      for (int n = 0; n < 4; ++n)
        plan.instalment_dates.push_back(on_or_before(s, start + 30 + 90 * n).iso());
      break;
    }
    case FeeRole::demolition:
      plan = due_on(s, role, first + r.uniform_int(30, year - 30));
      plan.project.category = "3";
      plan.project.quantity = quantity_text(r.uniform(600, 3000));
      break;
    case FeeRole::exempt:
      plan = due_on(s, role, first + r.uniform_int(30, year - 30));
      plan.project.quantity = "10";
      plan.project.planned_end = (*parse_date(plan.project.planned_start) + 20).iso();
      break;
    default: break;
    }
    plans.push_back(std::move(plan));
  };

  unpaid("first", 0);
  unpaid("second", 0);
  special(FeeRole::refund);
  special(FeeRole::topup);
  special(FeeRole::late_paid);
  special(FeeRole::found);
  special(FeeRole::big);
  special(FeeRole::demolition);
  special(FeeRole::exempt);
  unpaid("final", 0);
  unpaid("reminder", 0);
  unpaid("referral", 0);
  unpaid("first", 1);
  unpaid("second", 2);
  special(FeeRole::late_paid);
  special(FeeRole::bank_late);
  int stops = 0;
  while (room()) {
    const bool public_works = random.percent(20);
    FeeProjectPlan plan;
    plan.project = sample_project(s, public_works);
    set_category(s, plan);
    if (plan.project.category == "Z") plan.project.public_works = public_works;
    const int grace = public_works ? config.fee.late.grace_days_public : config.fee.late.grace_days_private;
    const Date due = first + random.uniform_int(25, year + 30);
    const Date start = due - grace;
    set_dates(s, plan, start, random.uniform_int(90, 540));
    // Registered before the clock in any case: one declared after it is still under review.
    if (plan.received >= today) plan.received = working_day_before(calendar, today).value_or(first);
    if (random.percent(40)) plan.plan = "halves"; // the player keeps full where the fee allows no halves
    // Every sixth ordinary project stops for a while; the third of them is still stopped.
    if (start + 60 < today && ++stops % 6 == 0) {
      plan.stop = start + random.uniform_int(20, 50);
      if (stops != 18) plan.resume = *plan.stop + random.uniform_int(15, 45);
      if (plan.resume && *plan.resume >= today) plan.resume.reset();
    }
    plans.push_back(std::move(plan));
  }
  number_permits(plans);
  return plans;
}

} // namespace epb
