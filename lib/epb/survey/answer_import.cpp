// AnswerImportTarget: the call centre's results through the import engine.
#include "epb/survey/answer_import.hpp"

#include "epb/core/text.hpp"
#include "epb/io/field_parsers.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

// The fixed fields, in this order; the items' columns follow.
enum Field : std::size_t { f_ref, f_outcome, f_attempt, f_called_at, f_answers, f_comment, f_items };

constexpr std::array<std::string_view, 4> k_outcome_names{"answered", "no-answer", "refused", "wrong-number"};
// survey_attempt.attempt: whatever a call centre numbers, a call list is not called a million times.
constexpr std::int64_t k_max_attempt = 999;

struct PreparedCall final : PreparedRow {
  explicit PreparedCall(CallResult checked) : call(std::move(checked)) {}
  CallResult call;
};

} // namespace

AnswerImportTarget::AnswerImportTarget(CallDesk& desk, Ledger& ledger, const Stamp& stamp, std::int64_t sample_id,
                                       const Questionnaire& questionnaire)
    : m_desk(desk), m_ledger(ledger), m_stamp(stamp), m_sample_id(sample_id), m_questionnaire(questionnaire) {
  m_fields = {
      {"ref", true, TextKind::code},        {"outcome", false, TextKind::code}, {"attempt", false, TextKind::code},
      {"called_at", false, TextKind::line}, {"answers", false, TextKind::line}, {"comment", false, TextKind::note},
  };
  m_first_item = m_fields.size();
  for (const SurveyItem& item : m_questionnaire.items)
    m_fields.push_back({item.code, false, TextKind::code});
}

Result<std::unique_ptr<PreparedRow>> AnswerImportTarget::prepare(const FieldValues& row) const {
  static_assert(f_items == 6);
  CallResult call;
  call.ref = std::string(trim(row.get(f_ref)));
  if (call.ref.empty()) return invalid("ref", "required");
  const std::string_view list = trim(row.get(f_answers));
  bool in_columns = false;
  for (std::size_t i = 0; i < m_questionnaire.items.size(); ++i)
    if (!trim(row.get(m_first_item + i)).empty()) in_columns = true;
  if (in_columns && !list.empty())
    return invalid("answers", "give the scores in the items' columns or in answers, not both");
  if (in_columns) {
    for (std::size_t i = 0; i < m_questionnaire.items.size(); ++i) {
      const std::string_view text = trim(row.get(m_first_item + i));
      if (text.empty()) {
        call.answers.emplace_back();
        continue;
      }
      const std::string code = m_questionnaire.items[i].code;
      auto score = parse::whole_number(code, text, -1000, 1000);
      if (!score) return std::unexpected(score.error());
      call.answers.emplace_back(static_cast<int>(*score));
    }
  } else if (!list.empty()) {
    auto parsed = parse_answers(list);
    if (!parsed) return std::unexpected(parsed.error());
    call.answers = std::move(*parsed);
  }
  const std::string_view outcome = trim(row.get(f_outcome));
  if (outcome.empty()) {
    if (call.answers.empty())
      return invalid("outcome", "required when the row has no answers (answered, no-answer, refused, wrong-number)");
  } else {
    auto name = parse::choice("outcome", outcome, k_outcome_names);
    if (!name) return std::unexpected(name.error());
    call.outcome = *parse_call_outcome(*name);
  }
  if (const std::string_view attempt = trim(row.get(f_attempt)); !attempt.empty()) {
    auto number = parse::whole_number("attempt", attempt, 1, k_max_attempt);
    if (!number) return std::unexpected(number.error());
    call.attempt = static_cast<int>(*number);
  }
  if (const std::string_view at = trim(row.get(f_called_at)); !at.empty()) {
    auto instant = parse::instant("called_at", at);
    if (!instant) return std::unexpected(instant.error());
    call.called_at = *instant;
  }
  call.comment = std::string(trim(row.get(f_comment)));
  if (auto checked = check_call(m_questionnaire, call, in_columns ? "" : "answers"); !checked)
    return std::unexpected(checked.error());
  return std::make_unique<PreparedCall>(std::move(call));
}

Result<RowOutcome> AnswerImportTarget::store(PreparedRow& row, OnDuplicate /*on_duplicate*/) {
  const CallResult& call = static_cast<PreparedCall&>(row).call;
  auto effect = m_desk.record_in_transaction(m_stamp, m_sample_id, call);
  if (!effect) {
    Problem problem = effect.error();
    if (problem.what == call.ref) { // "ref: PET-113-000001: the case is not in sample 7"
      problem.why = fmt::format("{}: {}", call.ref, problem.why);
      problem.what = "ref";
    }
    problem.fault = Fault::invalid;
    return std::unexpected(std::move(problem));
  }
  if (effect->unchanged) return RowOutcome::skipped;
  added(effect->attempt_id);
  return RowOutcome::imported;
}

void AnswerImportTarget::record_batch(const CommittedBatch& batch) {
  if (batch.imported > 0) record_import_batch(m_ledger, m_stamp, batch);
}

} // namespace epb
