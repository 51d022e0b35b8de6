// Acting one case out through the desk: intake, assignment, each SOP move on a working day,
// perhaps a wait for documents or an extension, and closing on time or late.
#include "epb/demo/demo_plan.hpp"

#include <algorithm>
#include <array>

namespace epb {
namespace {

constexpr int k_office_opens = 8 * 3600 + 30 * 60;
constexpr int k_office_closes = 17 * 3600 + 30 * 60;
constexpr std::int64_t k_minute = 60;
constexpr std::int64_t k_hour = 3600;

constexpr std::array<std::string_view, 3> k_pause_notes{"通知申請人補正文件", "請申請人補附證明文件",
                                                        "請陳情人補充具體事證"};
constexpr std::array<std::string_view, 3> k_extension_reasons{"案情複雜，需會同相關機關現勘", "待其他機關函復",
                                                              "需補充檢驗數據"};
constexpr std::string_view k_actor_command = "demo";

} // namespace

std::optional<Date> CasePlayer::workday(Date from, int n) const {
  if (n <= 0) {
    const auto working = m_calendar.is_working(from);
    if (!working) return std::nullopt;
    if (*working) return from;
    n = 1;
  }
  const auto day = add_working_days(m_calendar, from, n);
  return day ? std::optional<Date>(*day) : std::nullopt;
}

Instant CasePlayer::office_time(Date day) {
  return Instant::taipei_midnight(day) + m_random.uniform(k_office_opens, k_office_closes);
}

Result<Case> CasePlayer::step(const CasePlan& plan, const Staff& officer, const Case& c, const std::string& next,
                              bool final, Instant when) {
  const Stamp stamp{officer.id, std::string(k_actor_command), when};
  if (!final) return m_desk.move(stamp, c.ref, next, "");
  const bool usual = next == usual_final(*plan.service);
  return m_desk.close(stamp, c.ref, m_random.pick(usual ? plan.profile->outcomes : plan.profile->rejections), next);
}

bool CasePlayer::wait_for_documents(const CasePlan& plan, const Staff& officer, Case& c, Instant& t, int& shift) {
  const Instant asked = t + m_random.uniform(10 * k_minute, 4 * k_hour);
  if (asked > m_now) return false;
  auto paused =
      m_desk.pause(Stamp{officer.id, std::string(k_actor_command), asked}, c.ref, m_random.pick(k_pause_notes));
  if (!paused) return true; // nothing to wait for after all
  c = std::move(*paused);
  t = asked;
  const auto day = workday(asked.taipei_date(), plan.pause_workdays);
  if (!day) return false;
  const Instant back = std::max(office_time(*day), t + k_hour);
  if (back > m_now) return false; // still waiting at the demo's clock
  auto resumed = m_desk.resume(Stamp{officer.id, std::string(k_actor_command), back}, c.ref, "申請人已補正，續行審查");
  if (!resumed) return false; // the moved due date would leave the calendar: leave it waiting
  c = std::move(*resumed);
  t = back;
  // The desk gives the paused working days back, so the rest of the plan moves with them.
  shift += plan.pause_workdays;
  return true;
}

Result<PlayedCase> CasePlayer::play(const CasePlan& plan, const std::vector<Staff>& staff) {
  const Service& service = *plan.service;
  const Staff& intake = m_random.pick(staff);
  const Staff& officer = m_random.pick(staff);
  auto opened = m_desk.open(Stamp{intake.id, std::string(k_actor_command), plan.received}, plan.input);
  if (!opened) return std::unexpected(opened.error());
  Case c = std::move(*opened);
  PlayedCase played{c.ref, std::nullopt, false};

  const std::string usual = usual_final(service);
  const Date received = c.received_at.taipei_date();
  // Work is planned in working days after receipt: on time within the SOP's budget, late past it.
  const int budget = working_days_between(m_calendar, received, c.due_date).value_or(1);
  int finish = plan.late ? budget + m_random.uniform_int(1, 12) : m_random.uniform_int(budget / 3, budget);
  const int stop_after = plan.stuck ? m_random.uniform_int(1, 2) : -1;
  int offset = 0;
  int shift = 0;
  int steps = 0;
  bool paused = false;
  bool extended = false;
  bool assigned = false;
  Instant t = c.received_at;

  // The route is fixed once: recomputing it at every state would follow the SOP's loops
  // (replied -> processing) for ever, since the longest path goes back round them.
  std::vector<std::string> route = route_to(service, c.status, usual);
  std::size_t position = 0;
  while (steps != stop_after) {
    std::string next = position < route.size() ? route[position] : std::string();
    if (auto rejection = plan.reject ? other_final(service, c.status, usual) : std::nullopt) {
      // Rejected at the last state that can reject, or earlier now and then.
      const auto ahead = route.begin() + static_cast<std::ptrdiff_t>(position);
      const bool later = route.end() - ahead > 1 && std::any_of(ahead, route.end() - 1, [&](const std::string& state) {
                           return other_final(service, state, usual).has_value();
                         });
      if (!later || m_random.percent(40)) next = *rejection;
    }
    if (next.empty()) break;
    const bool final = service.state(next)->final;
    const int steps_left = final ? 1 : static_cast<int>(route.size() - position);
    const int target = final ? finish : offset + std::max(0, (finish - offset) / steps_left);
    const auto day = workday(received, target + shift);
    if (!day) break;
    Instant when = std::max(office_time(*day), t + m_random.uniform(5 * k_minute, 90 * k_minute));
    if (final && !plan.late && when > c.due_at)
      when = std::max(t + k_minute, c.due_at + -m_random.uniform(k_minute, k_hour));
    if (when > m_now) break;
    if (!assigned) {
      auto done = m_desk.assign(Stamp{intake.id, std::string(k_actor_command), when}, c.ref, officer.name);
      if (!done) return std::unexpected(done.error());
      assigned = true;
    }
    auto moved = step(plan, officer, c, next, final, when);
    if (!moved) return std::unexpected(moved.error());
    c = std::move(*moved);
    t = when;
    offset = target;
    ++steps;
    ++position;
    if (final) {
      played.closed_at = c.closed_at;
      played.closed_late = c.closed_late.value_or(false);
      break;
    }
    if (plan.pause && !paused && can_pause(service, c.status)) {
      paused = true;
      if (!wait_for_documents(plan, officer, c, t, shift)) break;
      if (c.status != next) { // the SOP resumed somewhere else: go on from there
        route = route_to(service, c.status, usual);
        position = 0;
      }
    }
    if (plan.extend && !extended && route.size() - position <= 2) {
      extended = true;
      const ExtensionPolicy& policy = service.extension;
      const Instant at = t + m_random.uniform(10 * k_minute, 3 * k_hour);
      // An extension is asked for before the due date, within the SOP's limit.
      if (policy.max_times > 0 && at <= m_now && at < c.due_at) {
        const int days = m_random.uniform_int(std::max(1, policy.max_days / 2), policy.max_days);
        auto done = m_desk.extend(Stamp{officer.id, std::string(k_actor_command), at}, c.ref, days,
                                  m_random.pick(k_extension_reasons));
        if (done) {
          c = std::move(*done);
          t = at;
          finish += plan.late ? days : m_random.uniform_int(days / 2, days);
        }
      }
    }
  }
  return played;
}

} // namespace epb
