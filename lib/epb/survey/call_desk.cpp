// CallDesk: the call list, calls and answers, spares, follow-up cases and opt-outs.
#include "epb/survey/call_desk.hpp"

#include "epb/cases/case_desk.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/output/json.hpp"
#include "epb/survey/member_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace epb {
namespace {

constexpr std::array<std::pair<CallOutcome, std::string_view>, 4> k_outcomes{{
    {CallOutcome::answered, "answered"},
    {CallOutcome::no_answer, "no-answer"},
    {CallOutcome::refused, "refused"},
    {CallOutcome::wrong_number, "wrong-number"},
}};

// The follow-up case's source: one per member, found again by the index case_by_source.
constexpr std::string_view k_source_system = "survey";
// The channel a follow-up case is opened through, when the configuration has it.
constexpr std::string_view k_phone_channel = "phone";

std::string case_subject(std::string_view ref) { return fmt::format("case:{}", ref); }

std::string answers_json(const std::vector<std::optional<int>>& answers) {
  std::string json = "[";
  for (const auto& a : answers) {
    if (json.size() > 1) json += ',';
    json += a ? std::to_string(*a) : "null";
  }
  return json + "]";
}

std::vector<StoredAnswer> stored_answers(const Questionnaire& q, const CallResult& call) {
  std::vector<StoredAnswer> answers;
  for (std::size_t i = 0; i < q.items.size(); ++i)
    answers.push_back(StoredAnswer{q.items[i].code, i < call.answers.size() ? call.answers[i] : std::nullopt});
  return answers;
}

// The items a call scored at or below the follow-up threshold: "attitude 2, speed 3".
std::string low_items(const Questionnaire& q, const CallResult& call) {
  std::string text;
  for (std::size_t i = 0; i < q.items.size() && i < call.answers.size(); ++i)
    if (call.answers[i] && *call.answers[i] <= q.follow_up_at_or_below) {
      if (!text.empty()) text += "、";
      text += fmt::format("{}（{}）{}", q.items[i].text_zh.empty() ? q.items[i].code : q.items[i].text_zh,
                          q.items[i].code, *call.answers[i]);
    }
  return text;
}

// A questionnaire without a follow-up service asks for no second reply.
bool calls_for_follow_up(const Questionnaire& q, const CallResult& call) {
  return call.outcome == CallOutcome::answered && !q.follow_up_service.empty() &&
         std::ranges::any_of(call.answers, [&](const auto& a) { return a && *a <= q.follow_up_at_or_below; });
}

} // namespace

std::string_view call_outcome_name(CallOutcome outcome) {
  for (const auto& [each, name] : k_outcomes)
    if (each == outcome) return name;
  return "answered";
}

std::optional<CallOutcome> parse_call_outcome(std::string_view name) {
  for (const auto& [each, text] : k_outcomes)
    if (text == name) return each;
  return std::nullopt;
}

Result<std::vector<std::optional<int>>> parse_answers(std::string_view text) {
  std::vector<std::optional<int>> answers;
  if (trim(text).empty()) return answers;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string_view part = trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    if (part.empty()) {
      answers.emplace_back();
    } else {
      int value = 0;
      const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
      if (error != std::errc() || end != part.data() + part.size())
        return invalid("answers", fmt::format("'{}' (answer {}) is not a whole number", part, answers.size() + 1));
      answers.emplace_back(value);
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return answers;
}

std::vector<int> scale_values(const Questionnaire& q) {
  std::vector<int> values;
  for (const ScalePoint& point : q.scale)
    values.push_back(point.value);
  if (values.empty()) values = {5, 4, 3, 2, 1};
  return values;
}

Result<void> check_call(const Questionnaire& q, const CallResult& call, std::string_view item_field) {
  // The items' own columns: a score's error names its item; the others name the answers.
  const std::string_view answers_field = item_field.empty() ? std::string_view("answers") : item_field;
  if (call.attempt && *call.attempt < 1)
    return invalid("attempt", fmt::format("{} is not an attempt number (1, 2, ...)", *call.attempt));
  if (auto text = check_text(TextKind::note, "comment", call.comment); !text) return std::unexpected(text.error());
  if (call.outcome != CallOutcome::answered) {
    if (std::ranges::any_of(call.answers, [](const auto& a) { return a.has_value(); }))
      return invalid(std::string(answers_field),
                     fmt::format("a call with outcome {} has no answers", call_outcome_name(call.outcome)));
    if (!call.comment.empty())
      return invalid("comment", fmt::format("a call with outcome {} has no comment", call_outcome_name(call.outcome)));
    return {};
  }
  if (call.answers.size() != q.items.size())
    return invalid(std::string(answers_field), fmt::format("{} answers for the {} items of questionnaire {}",
                                                           call.answers.size(), q.items.size(), q.code));
  if (std::ranges::none_of(call.answers, [](const auto& a) { return a.has_value(); }))
    return invalid(std::string(answers_field),
                   "no item answered: record a call that was not answered with its outcome");
  const std::vector<int> scale = scale_values(q);
  for (std::size_t i = 0; i < call.answers.size(); ++i)
    if (call.answers[i] && std::ranges::find(scale, *call.answers[i]) == scale.end())
      return invalid(item_field.empty() ? q.items[i].code : std::string(item_field),
                     fmt::format("{} (item {}, {}) is not on the scale {}..{}", *call.answers[i], i + 1,
                                 q.items[i].code, std::ranges::min(scale), std::ranges::max(scale)));
  return {};
}

Result<const Questionnaire*> CallDesk::questionnaire(std::int64_t sample_id) {
  const auto code = MemberStore(m_ledger).questionnaire_of(sample_id);
  if (!code) return not_found(fmt::format("sample {}", sample_id), "no such sample");
  if (const Questionnaire* q = m_config.survey.find(*code)) return q;
  return invalid(fmt::format("sample {}", sample_id),
                 fmt::format("its questionnaire '{}' is not in the configuration", *code));
}

Result<std::vector<CallListRow>> CallDesk::call_list(std::int64_t sample_id) {
  MemberStore members(m_ledger);
  if (!members.questionnaire_of(sample_id)) return not_found(fmt::format("sample {}", sample_id), "no such sample");
  CaseStore cases(m_ledger);
  std::vector<CallListRow> called;
  std::vector<CallListRow> spares;
  for (SampleMember& m : members.members(sample_id)) {
    const auto c = cases.find_by_id(m.case_id);
    if (!c) throw Error(fmt::format("survey member {} names case {}, which is not in the ledger", m.id, m.case_id));
    CallListRow row;
    row.sample_id = sample_id;
    row.member = std::move(m);
    row.service = c->service;
    row.unit = c->unit;
    if (c->closed_at) row.closed = c->closed_at->taipei_date();
    row.district = c->district;
    row.name = c->applicant.name;
    row.phone = c->applicant.phone;
    (row.member.called ? called : spares).push_back(std::move(row));
  }
  for (CallListRow& row : spares)
    called.push_back(std::move(row));
  return called;
}

Result<CallEffect> CallDesk::record(const Stamp& stamp, std::int64_t sample_id, const CallResult& call) {
  sql::Transaction tx(m_ledger.db());
  auto effect = record_in_transaction(stamp, sample_id, call);
  if (effect) tx.commit();
  return effect;
}

Result<CallEffect> CallDesk::record_in_transaction(const Stamp& stamp, std::int64_t sample_id, const CallResult& call) {
  auto found_q = questionnaire(sample_id);
  if (!found_q) return std::unexpected(found_q.error());
  const Questionnaire& q = **found_q;
  if (auto checked = check_call(q, call); !checked) return std::unexpected(checked.error());
  const Instant called_at = call.called_at.value_or(stamp.at);
  if (called_at > stamp.at)
    return invalid("called_at", fmt::format("{} is after the command's clock ({})", called_at.iso(), stamp.at.iso()));

  MemberStore store(m_ledger);
  // A call list exists from the draw on: a call before it is a wrong clock (--as-of, a typo in
  // called_at), and stored it would put the answer before the sample in the ledger's history.
  if (const auto drawn = store.drawn_at(sample_id); drawn && called_at < *drawn)
    return invalid("called_at", fmt::format("{} is before sample {} was drawn ({}): the call cannot come first",
                                            called_at.iso(), sample_id, drawn->iso()));
  auto found = store.member(sample_id, call.ref);
  if (!found) {
    if (!CaseStore(m_ledger).find(call.ref)) return not_found(call.ref, "no such case in the ledger");
    return invalid(call.ref, fmt::format("the case is not in sample {}", sample_id));
  }
  SampleMember member = std::move(*found);
  const std::vector<StoredAttempt> attempts = store.attempts(member.id);
  const std::string_view outcome = call_outcome_name(call.outcome);

  // The same call again (an import run twice, a clerk typing it twice): nothing to do.
  const auto same_answers = [&] {
    const MemberCall before = store.call_of(member.id);
    return store.answers(member.id) == stored_answers(q, call) && before.comment == call.comment;
  };
  const auto unchanged = [&](const StoredAttempt& a) -> Result<CallEffect> {
    CallEffect effect;
    effect.member = member;
    effect.attempt = a.attempt;
    effect.unchanged = true;
    if (const auto fc = store.call_of(member.id).follow_up_case)
      if (const auto c = CaseStore(m_ledger).find_by_id(*fc)) effect.follow_up_ref = c->ref;
    return effect;
  };
  const auto identical = [&](const StoredAttempt& a) {
    if (a.outcome != outcome) return false;
    if (call.called_at && *call.called_at != a.called_at) return false;
    return call.outcome != CallOutcome::answered || same_answers();
  };
  if (call.attempt) {
    const auto same = std::ranges::find(attempts, *call.attempt, &StoredAttempt::attempt);
    if (same != attempts.end()) {
      if (identical(*same)) return unchanged(*same);
      return invalid(call.ref, fmt::format("attempt {} is recorded already as {} at {}, differently", *call.attempt,
                                           same->outcome, same->called_at.iso()));
    }
  } else if (member.status == MemberStatus::responded && call.outcome == CallOutcome::answered && !attempts.empty()) {
    const auto answered = std::ranges::find(attempts, std::string("answered"), &StoredAttempt::outcome);
    if (answered != attempts.end() && identical(*answered)) return unchanged(*answered);
  }
  if (!member.called)
    return invalid(call.ref, fmt::format("a spare of sample {} not yet called: it is called when it takes the place "
                                         "of an unreachable case of its stratum",
                                         sample_id));
  switch (member.status) {
  case MemberStatus::pending: break;
  case MemberStatus::responded: return invalid(call.ref, "answered already: no further calls");
  case MemberStatus::refused: return invalid(call.ref, "refused the survey: no further calls");
  case MemberStatus::unreachable: return invalid(call.ref, "unreachable: no further calls");
  }
  const int last = attempts.empty() ? 0 : attempts.back().attempt;
  const int number = call.attempt.value_or(last + 1);
  if (number <= last)
    return invalid("attempt",
                   fmt::format("{}: attempt {} comes before attempt {}, recorded already", call.ref, number, last));

  // Everything that can refuse the call is checked above, but the follow-up case's intake.
  CallEffect effect;
  effect.member = member;
  effect.attempt = number;
  effect.attempt_id =
      store.insert_attempt(member.id, StoredAttempt{number, std::string(outcome), called_at, stamp.actor});
  JsonObject detail;
  detail.add("sample", sample_id).add("attempt", number).add("outcome", outcome).add("called_at", called_at.iso());
  switch (call.outcome) {
  case CallOutcome::answered:
    store.insert_answers(member.id, stored_answers(q, call));
    store.set_responded(member.id, called_at, call.comment);
    effect.member.status = MemberStatus::responded;
    break;
  case CallOutcome::refused: effect.member.status = MemberStatus::refused; break;
  case CallOutcome::wrong_number: effect.member.status = MemberStatus::unreachable; break;
  case CallOutcome::no_answer:
    ++effect.member.attempts;
    if (effect.member.attempts >= q.max_attempts) effect.member.status = MemberStatus::unreachable;
    break;
  }
  store.set_status(member.id, effect.member.status, effect.member.attempts);
  if (call.outcome == CallOutcome::answered) {
    detail.add_raw("answers", answers_json(call.answers));
    if (!call.comment.empty()) detail.add("comment", call.comment);
    if (calls_for_follow_up(q, call)) {
      auto opened = follow_up(stamp, sample_id, q, effect.member, call);
      if (!opened) return std::unexpected(opened.error());
      effect.follow_up_ref = *opened;
      detail.add("follow_up", *opened);
      m_ledger.record(stamp, case_subject(*opened), "survey-answer", detail.str());
    }
    m_ledger.record(stamp, case_subject(member.ref), "survey-answer", detail.str());
  } else {
    detail.add("status", member_status_name(effect.member.status));
    m_ledger.record(stamp, case_subject(member.ref), "survey-attempt", detail.str());
  }
  if (effect.member.status == MemberStatus::unreachable) replace(stamp, sample_id, effect.member, effect);
  return effect;
}

void CallDesk::replace(const Stamp& stamp, std::int64_t sample_id, const SampleMember& member, CallEffect& effect) {
  MemberStore store(m_ledger);
  auto spare = store.next_spare(sample_id, member.stratum);
  const std::string subject = fmt::format("survey:{}", sample_id);
  if (!spare) {
    effect.no_spare_left = true;
    m_ledger.record(stamp, subject, "survey-no-spare",
                    JsonObject().add("unreachable", member.ref).add("stratum", member.stratum).str());
    return;
  }
  store.promote(spare->id, member.id, stamp.at);
  spare->called = true;
  spare->replaces = member.id;
  const std::string detail = JsonObject()
                                 .add("sample", sample_id)
                                 .add("unreachable", member.ref)
                                 .add("spare", spare->ref)
                                 .add("stratum", member.stratum)
                                 .add("position", spare->position)
                                 .str();
  m_ledger.record(stamp, subject, "survey-spare", detail);
  m_ledger.record(stamp, case_subject(spare->ref), "survey-spare", detail);
  effect.replacement = std::move(*spare);
}

Result<std::string> CallDesk::follow_up(const Stamp& stamp, std::int64_t sample_id, const Questionnaire& q,
                                        const SampleMember& member, const CallResult& call) {
  CaseDesk desk(m_ledger, m_config, m_calendar);
  const std::string source_id = fmt::format("{}:{}", sample_id, member.ref);
  MemberStore store(m_ledger);
  if (const auto opened = desk.store().find_by_source(k_source_system, source_id)) {
    store.set_follow_up(member.id, opened->id);
    return opened->ref;
  }
  if (!m_config.service(q.follow_up_service))
    return invalid(fmt::format("questionnaire {}", q.code),
                   fmt::format("a score at or below {} calls for a follow-up case, but its follow_up_service '{}' is "
                               "not a configured service",
                               q.follow_up_at_or_below, q.follow_up_service));
  const auto surveyed = desk.store().find(member.ref);
  if (!surveyed) return not_found(member.ref, "no such case in the ledger");
  NewCase input;
  input.service = q.follow_up_service;
  input.channel = m_config.channel(k_phone_channel) ? std::string(k_phone_channel) : surveyed->channel;
  input.applicant_kind = std::string(applicant_kind_name(surveyed->applicant.kind));
  input.name = surveyed->applicant.name;
  input.business_number = surveyed->applicant.business_number;
  input.phone = surveyed->applicant.phone;
  input.lang = surveyed->applicant.lang;
  input.place = surveyed->place;
  input.subject = fmt::format("滿意度調查二次回覆 {}", member.ref);
  input.description = fmt::format("滿意度調查（抽樣 {}，問卷 {}）低分項目：{}。分數 {} 以下須二次回覆。", sample_id,
                                  q.code, low_items(q, call), q.follow_up_at_or_below);
  if (!call.comment.empty()) input.description += fmt::format("\n受訪者意見：{}", call.comment);
  input.source_system = std::string(k_source_system);
  input.source_id = source_id;
  auto checked = validate_new_case(m_config, m_calendar, input, stamp.at);
  if (!checked) return std::unexpected(checked.error());
  checked->unit = surveyed->unit; // the unit that handled the case answers for it
  checked->district = surveyed->district;
  auto opened = desk.insert_validated(stamp, std::move(*checked));
  if (!opened) return std::unexpected(opened.error());
  store.set_follow_up(member.id, opened->id);
  return opened->ref;
}

Result<bool> CallDesk::opt_out(const Stamp& stamp, std::string_view ref, std::string_view reason) {
  if (auto text = check_text(TextKind::line, "reason", reason); !text) return std::unexpected(text.error());
  sql::Transaction tx(m_ledger.db());
  const auto c = CaseStore(m_ledger).find(ref);
  if (!c) return not_found(std::string(ref), "no such case in the ledger");
  if (c->applicant.phone.empty()) return invalid(std::string(ref), "the case has no phone number to leave out");
  MemberStore store(m_ledger);
  if (store.opted_out(c->applicant.phone)) return false;
  store.insert_opt_out(c->applicant.phone, stamp.at, stamp.actor, ref, reason);
  m_ledger.record(stamp, case_subject(ref), "survey-opt-out", JsonObject().add("reason", reason).str());
  tx.commit();
  return true;
}

} // namespace epb
