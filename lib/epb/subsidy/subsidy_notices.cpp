// The subsidy decision queue and the notice source that tells applicants of decisions.
#include "epb/subsidy/subsidy_notices.hpp"
#include "epb/cases/case_store.hpp"
#include "epb/notify/outbox.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

// The round is counted in the insert itself, so two decisions of a kind never share one.
constexpr std::string_view k_queue =
    "INSERT INTO subsidy_decision(case_id, decision, round, amount, detail, paid_on, decided_at) "
    "SELECT :case, :decision, coalesce(max(round), 0) + 1, :amount, :detail, :paid_on, :at FROM subsidy_decision "
    "WHERE case_id = :case AND decision = :decision RETURNING id";
constexpr std::string_view k_columns =
    "SELECT id, case_id, decision, round, amount, detail, paid_on, decided_at, notified_at FROM subsidy_decision ";
constexpr std::string_view k_untold = "WHERE notified_at IS NULL AND decision = :decision ORDER BY id";
constexpr std::string_view k_of_case = "WHERE case_id = :case ORDER BY id";
constexpr std::string_view k_mark_told = "UPDATE subsidy_decision SET notified_at = :at WHERE notified_at IS NULL";

std::optional<SubsidyDecision> parse_decision(std::string_view name) {
  for (std::size_t i = 0; i < k_subsidy_decisions.size(); ++i)
    if (k_subsidy_decisions[i] == name) return static_cast<SubsidyDecision>(i);
  return std::nullopt;
}

std::vector<QueuedDecision> read_decisions(sql::Statement& s) {
  std::vector<QueuedDecision> out;
  while (s.step()) {
    QueuedDecision d;
    d.id = s.int64(0);
    d.case_id = s.int64(1);
    const std::string name = s.text(2);
    const auto decision = parse_decision(name);
    // The schema's CHECK admits only the named decisions: anything else is a damaged ledger.
    if (!decision) throw Error(fmt::format("ledger: subsidy decision {}: unknown decision '{}'", d.id, name));
    d.decision = *decision;
    d.round = s.int64(3);
    if (!s.is_null(4)) d.amount = s.int64(4);
    d.detail = s.text(5);
    if (auto day = s.optional_text(6)) d.paid_on = parse_date(*day).value();
    d.decided_at = Instant(s.int64(7));
    if (!s.is_null(8)) d.notified_at = Instant(s.int64(8));
    out.push_back(std::move(d));
  }
  return out;
}

// What is missing, as the applicant should read it: the documents' names when the clerk wrote
// their codes (form, id_copy ...), else the words as written.
std::pair<std::string, std::string> missing_names(const SubsidySettings& settings, std::string_view detail) {
  std::vector<const SubsidyDocument*> documents;
  std::string token;
  for (const char ch : std::string(detail) + ",") {
    if (ch != ',' && ch != ' ' && ch != ';') {
      token += ch;
      continue;
    }
    if (token.empty()) continue;
    const SubsidyDocument* document = settings.document(token);
    if (!document) return {std::string(detail), std::string(detail)};
    documents.push_back(document);
    token.clear();
  }
  if (documents.empty()) return {std::string(detail), std::string(detail)};
  std::string zh, en;
  for (const SubsidyDocument* d : documents) {
    zh += (zh.empty() ? "" : "、") + d->name_zh;
    en += (en.empty() ? "" : "; ") + (d->name_en.empty() ? d->name_zh : d->name_en);
  }
  return {zh, en};
}

std::vector<TemplateValue> decision_values(const SubsidySettings& settings, const QueuedDecision& d) {
  std::vector<TemplateValue> values;
  if (d.amount) values.push_back({"amount", format_money(*d.amount), format_money(*d.amount)});
  switch (d.decision) {
  case SubsidyDecision::documents: {
    auto [zh, en] = missing_names(settings, d.detail);
    values.push_back({"missing", zh, en});
    values.push_back({"reason", zh, en});
    break;
  }
  case SubsidyDecision::rejected: values.push_back({"reason", d.detail, d.detail}); break;
  case SubsidyDecision::paid:
    if (d.paid_on) values.push_back({"paid_on", d.paid_on->iso(), d.paid_on->iso()});
    break;
  case SubsidyDecision::approved: break;
  }
  return values;
}

} // namespace

std::string_view subsidy_decision_name(SubsidyDecision decision) {
  return k_subsidy_decisions.at(static_cast<std::size_t>(decision));
}

std::int64_t SubsidyDecisionStore::queue(const QueuedDecision& d) {
  auto& s = m_db.prepare(k_queue);
  s.bind(":case", d.case_id)
      .bind(":decision", subsidy_decision_name(d.decision))
      .bind(":amount", d.amount)
      .bind(":detail", d.detail);
  if (d.paid_on)
    s.bind(":paid_on", d.paid_on->iso());
  else
    s.bind_null(":paid_on");
  return s.bind(":at", d.decided_at.unix_seconds()).run_returning_id();
}

std::vector<QueuedDecision> SubsidyDecisionStore::untold(SubsidyDecision decision) {
  static const std::string sql = fmt::format("{}{}", k_columns, k_untold);
  auto& s = m_db.prepare(sql);
  s.bind(":decision", subsidy_decision_name(decision));
  return read_decisions(s);
}

std::vector<QueuedDecision> SubsidyDecisionStore::of_case(std::int64_t case_id) {
  static const std::string sql = fmt::format("{}{}", k_columns, k_of_case);
  auto& s = m_db.prepare(sql);
  s.bind(":case", case_id);
  return read_decisions(s);
}

void SubsidyDecisionStore::mark_all_told(Instant at) { m_db.prepare(k_mark_told).bind(":at", at.unix_seconds()).run(); }

void queue_subsidy_decision(Ledger& ledger, std::int64_t case_id, SubsidyDecision decision, Instant at,
                            std::optional<std::int64_t> amount, std::string_view detail, std::optional<Date> paid_on) {
  QueuedDecision d;
  d.case_id = case_id;
  d.decision = decision;
  d.amount = amount;
  d.detail = std::string(detail);
  d.paid_on = paid_on;
  d.decided_at = at;
  SubsidyDecisionStore(ledger).queue(d);
}

void SubsidyNoticeSource::candidates(const NoticeScope& scope, const NotifyLadder& /*ladder*/,
                                     std::span<const std::string> services, const NotifyLevel& level,
                                     const PlanCandidate& plan) const {
  const auto decision = parse_decision(level.decision);
  if (!decision) return; // config check refuses such a level
  CaseStore cases(scope.ledger);
  for (const QueuedDecision& d : SubsidyDecisionStore(scope.ledger).untold(*decision)) {
    auto c = cases.find_by_id(d.case_id);
    if (!c || std::find(services.begin(), services.end(), c->service) == services.end()) continue;
    plan(NoticeCandidate{*c, std::string(level.decision), 0, d.round, decision_values(scope.config.subsidy, d)});
  }
}

void SubsidyNoticeSource::finish(const NoticeScope& scope) const {
  SubsidyDecisionStore(scope.ledger).mark_all_told(scope.stamp.at);
}

std::optional<std::string> SubsidyNoticeSource::stale_reason(Ledger& ledger, const Notice& notice) const {
  auto c = CaseStore(ledger).find_by_id(notice.case_id);
  if (!c) return "the case is gone";
  if (notice.item == subsidy_decision_name(SubsidyDecision::documents) && !c->is_paused())
    return "the documents came before the notice went out";
  // Reopened (epb case reopen) before the rejection was told: the applicant is not told it.
  if (notice.item == subsidy_decision_name(SubsidyDecision::rejected) && c->status != "rejected")
    return "the case was reopened before the notice went out";
  return std::nullopt;
}

const NoticeSource& subsidy_notice_source() {
  static const SubsidyNoticeSource source;
  return source;
}

} // namespace epb
