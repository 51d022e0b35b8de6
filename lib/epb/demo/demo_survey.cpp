// Playing the subsidy season's satisfaction survey: the draw through the SampleDesk (the same
// definition `epb survey sample` makes from its options), then the calls through the CallDesk,
// round by round on working days until no called member is pending.
#include "epb/demo/demo_survey.hpp"

#include "epb/calendar/deadline.hpp"
#include "epb/survey/call_desk.hpp"
#include "epb/survey/sample_desk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

namespace epb {
namespace {

constexpr std::string_view k_command = "demo";
constexpr int k_max_rounds = 20;        // working days of calls; every member is settled long before
constexpr int k_first_call = 14 * 3600; // the call centre phones in the afternoon
constexpr int k_minutes_per_call = 6;

// How a member's calls go, decided when the member is first called.
enum class Fate { answers, answers_later, unreachable, refuses, low_score };

struct MemberPlan {
  Fate fate = Fate::answers;
  int misses = 0; // unanswered calls before the one that answers
  int calls = 0;  // calls made so far
};

constexpr std::array<std::string_view, 4> k_comments{"希望撥款速度再快一點", "承辦人員說明清楚，謝謝",
                                                     "應備文件可以再簡化", "網站申請很方便"};

class SurveyCalls {
public:
  SurveyCalls(Ledger& ledger, const Config& config, const OfficeCalendar& calendar, const Questionnaire& q,
              const Staff& caller, SampleRandom& random)
      : m_config(config), m_calendar(calendar), m_q(q), m_caller(caller), m_random(random),
        m_calls(ledger, config, calendar), m_cases(ledger, config, calendar) {}

  // Calls every pending member once a working day from `day`, up to `now`.
  Result<void> play(std::int64_t sample_id, Date day, Instant now, SurveySeasonSummary& summary) {
    for (int round = 0; round < k_max_rounds; ++round) {
      auto list = m_calls.call_list(sample_id);
      if (!list) return std::unexpected(list.error());
      Instant at = Instant::taipei_midnight(day) + k_first_call;
      bool pending = false;
      for (const CallListRow& row : *list) {
        if (!row.member.called || row.member.status != MemberStatus::pending) continue;
        if (at > now) return {};
        pending = true;
        auto called = call(sample_id, row.member, at, summary);
        if (!called) return std::unexpected(called.error());
        at = at + k_minutes_per_call * 60;
      }
      if (!pending) return {};
      auto next = add_working_days(m_calendar, day, 1);
      if (!next) return {}; // the calendar ends: the rest stays pending
      day = *next;
    }
    return {};
  }

private:
  // The first three members called show what the desk does with each: not reached in
  // max_attempts calls, a refusal, a low score. Spares answer, so each stratum is filled.
  MemberPlan plan_for(const SampleMember& member) {
    MemberPlan plan;
    const std::size_t n = m_plans.size();
    if (n == 0)
      plan.fate = Fate::unreachable;
    else if (n == 1)
      plan.fate = Fate::refuses;
    else if (n == 2)
      plan.fate = Fate::low_score;
    else if (!member.spare) {
      const std::array<int, 5> weights{78, 12, 3, 3, 4};
      plan.fate = static_cast<Fate>(m_random.weighted(weights));
    }
    if (plan.fate == Fate::answers_later) plan.misses = m_random.uniform_int(1, m_q.max_attempts - 1);
    return plan;
  }

  // Mostly the top two boxes; now and then one item scored 3 (which also asks for a second reply).
  std::vector<std::optional<int>> scores(bool low) {
    std::vector<std::optional<int>> out;
    const int top = m_q.scale_max();
    for (std::size_t i = 0; i < m_q.items.size(); ++i)
      out.emplace_back(m_random.percent(55) ? top : top - 1);
    if (low)
      out[m_random.index(out.size())] = m_q.scale_min() + 1;
    else if (m_random.percent(6))
      out[m_random.index(out.size())] = m_q.follow_up_at_or_below;
    // Someone who does not remember the speed of the payment leaves that item blank.
    if (out.size() > 1 && m_random.percent(5)) out[m_random.index(out.size())].reset();
    if (std::ranges::none_of(out, [](const auto& score) { return score.has_value(); })) out[0] = top;
    return out;
  }

  Result<void> call(std::int64_t sample_id, const SampleMember& member, Instant at, SurveySeasonSummary& summary) {
    auto [it, fresh] = m_plans.try_emplace(member.ref);
    if (fresh) it->second = plan_for(member);
    MemberPlan& plan = it->second;
    CallResult call;
    call.ref = member.ref;
    call.called_at = at;
    call.attempt = ++plan.calls;
    switch (plan.fate) {
    case Fate::unreachable: call.outcome = CallOutcome::no_answer; break;
    case Fate::refuses: call.outcome = CallOutcome::refused; break;
    case Fate::answers_later:
      if (plan.calls <= plan.misses) {
        call.outcome = CallOutcome::no_answer;
        break;
      }
      [[fallthrough]];
    case Fate::answers:
    case Fate::low_score:
      call.outcome = CallOutcome::answered;
      call.answers = scores(plan.fate == Fate::low_score);
      if (m_q.free_text && (plan.fate == Fate::low_score || m_random.percent(15)))
        call.comment = std::string(plan.fate == Fate::low_score ? k_comments[0] : m_random.pick(k_comments));
      break;
    }
    const Stamp stamp{m_caller.id, std::string(k_command), at};
    auto effect = m_calls.record(stamp, sample_id, call);
    if (!effect) return std::unexpected(effect.error());
    ++summary.calls;
    if (call.outcome == CallOutcome::answered) ++summary.answered;
    if (call.outcome == CallOutcome::refused) ++summary.refused;
    if (effect->member.status == MemberStatus::unreachable) ++summary.unreachable;
    if (effect->replacement) ++summary.spares_called;
    if (effect->follow_up_ref) {
      ++summary.follow_ups;
      return answer_follow_up(*effect->follow_up_ref, at);
    }
    return {};
  }

  // The planning unit phones back the same day and closes the second reply, on time.
  Result<void> answer_follow_up(const std::string& ref, Instant opened) {
    const Service* service = m_config.service(m_q.follow_up_service);
    const Stamp stamp{m_caller.id, std::string(k_command), opened + 2 * 3600};
    if (service && service->state("replied")) {
      auto replied = m_cases.move(stamp, ref, "replied", "已電話聯繫申請人說明撥款流程");
      if (!replied) return std::unexpected(replied.error());
    }
    const Stamp later{m_caller.id, std::string(k_command), opened + 2 * 3600 + 600};
    auto closed = m_cases.close(later, ref, "已二次回覆申請人", "");
    if (!closed) return std::unexpected(closed.error());
    return {};
  }

  const Config& m_config;
  const OfficeCalendar& m_calendar;
  const Questionnaire& m_q;
  const Staff& m_caller;
  SampleRandom& m_random;
  CallDesk m_calls;
  CaseDesk m_cases;
  std::map<std::string, MemberPlan, std::less<>> m_plans;
};

} // namespace

Result<SurveySeasonSummary> play_subsidy_survey(Ledger& ledger, const Config& config, const OfficeCalendar& calendar,
                                                Instant now, const DemoOptions& options, int year,
                                                const std::vector<Staff>& staff) {
  const Questionnaire* q = config.survey.for_service(config.subsidy.service);
  if (!q || year == 0 || staff.empty() || q->items.empty()) return SurveySeasonSummary{};
  // The season's last payments land in December; the sample is drawn in mid-January.
  auto draw_day = add_working_days(calendar, *Date::from_ymd(year + 1, 1, 13), 1);
  if (!draw_day) return SurveySeasonSummary{};
  const Instant drawn_at = Instant::taipei_midnight(*draw_day) + 10 * 3600;
  if (drawn_at > now) return SurveySeasonSummary{};

  SampleDesk samples(ledger, config);
  SampleRequest request;
  request.services = config.subsidy.service;
  request.period = std::to_string(year);
  request.rate = "1/10";
  request.strata = "district";
  request.spares = 2;
  request.seed = std::to_string(options.seed);
  auto definition = samples.define(request);
  if (!definition) return std::unexpected(definition.error());
  const Staff& analyst = staff.front();
  auto drawn = samples.draw(Stamp{analyst.id, std::string(k_command), drawn_at}, *definition, false,
                            fmt::format("{} 年補助案滿意度抽樣（每 10 件抽 1 件）", year - 1911));
  if (!drawn) {
    if (drawn.error().fault == Fault::not_found) return SurveySeasonSummary{}; // nothing paid with a phone
    return std::unexpected(drawn.error());
  }
  SurveySeasonSummary summary;
  summary.sample_id = drawn->sample.id;
  summary.year = year;
  summary.frame = drawn->sample.frame_size;
  summary.strata = static_cast<std::int64_t>(drawn->draw.strata.size());
  for (const StratumDraw& stratum : drawn->draw.strata) {
    summary.chosen += stratum.drawn;
    summary.spares += stratum.spares;
  }

  auto first_calls = add_working_days(calendar, *draw_day, 1);
  if (!first_calls) return summary;
  // A generator of its own, so the rest of the demo is the same with or without the survey.
  SampleRandom random(options.seed ^ 0x5a7157ac7105ULL);
  const Staff& caller = staff.size() > 1 ? staff[1] : staff.front();
  SurveyCalls calls(ledger, config, calendar, *q, caller, random);
  sql::Transaction transaction(ledger.db());
  auto played = calls.play(summary.sample_id, *first_calls, now, summary);
  if (!played) return std::unexpected(played.error());
  transaction.commit();
  return summary;
}

} // namespace epb
