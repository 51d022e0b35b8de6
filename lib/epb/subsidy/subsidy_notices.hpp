#pragma once
// Subsidy decisions the applicant is told of (issue #10 §B.5): documents requested (補件, with
// what is missing), approved (with the amount), rejected (with the reason), paid (with the
// amount and the date). The desk queues each decision in its own transaction
// (queue_subsidy_decision; table subsidy_decision, schema 10); the notice source 'subsidy'
// turns the untold ones into notices for the levels with trigger = "decision" and marks them
// told, so a decision is planned once and an idle run only probes the queue's partial index.
// A notice's item is the decision's name, its cycle the decision's round (the n-th decision of
// its kind on the case: for documents, the correction round), its deadline version 0.
#include "epb/notify/notice_source.hpp"

#include <optional>
#include <string>
#include <vector>

namespace epb {

// In the order and spelling of k_subsidy_decisions (subsidy_config.hpp).
enum class SubsidyDecision { documents, approved, rejected, paid };
std::string_view subsidy_decision_name(SubsidyDecision decision);

struct QueuedDecision {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  SubsidyDecision decision = SubsidyDecision::approved;
  std::int64_t round = 1;
  std::optional<std::int64_t> amount; // approved, paid
  std::string detail;                 // documents: what is missing; rejected: the reason
  std::optional<Date> paid_on;        // paid
  Instant decided_at;
  std::optional<Instant> notified_at;
};

// The subsidy_decision table. Callers run inside the transaction of their verb.
class SubsidyDecisionStore {
public:
  explicit SubsidyDecisionStore(Ledger& ledger) : m_db(ledger.db()) {}
  // Queues a decision (its round: one more than the case's earlier ones of the kind); the id.
  std::int64_t queue(const QueuedDecision& decision);
  // Untold decisions of one kind, oldest first: a probe of the partial index.
  std::vector<QueuedDecision> untold(SubsidyDecision decision);
  // Every decision on a case, oldest first (tests, `subsidy show`).
  std::vector<QueuedDecision> of_case(std::int64_t case_id);
  void mark_all_told(Instant at);

private:
  sql::Database& m_db;
};

// What the subsidy desk and kind call when a decision is made (in the decision's transaction).
void queue_subsidy_decision(Ledger& ledger, std::int64_t case_id, SubsidyDecision decision, Instant at,
                            std::optional<std::int64_t> amount = std::nullopt, std::string_view detail = {},
                            std::optional<Date> paid_on = std::nullopt);

class SubsidyNoticeSource final : public NoticeSource {
public:
  std::string_view code() const override { return "subsidy"; }
  bool plans(NotifyTrigger trigger) const override { return trigger == NotifyTrigger::decision; }
  // The untold decisions named by the level's `decision`, on cases of `services`, with
  // {amount} {missing} {reason} {paid_on}.
  void candidates(const NoticeScope& scope, const NotifyLadder& ladder, std::span<const std::string> services,
                  const NotifyLevel& level, const PlanCandidate& plan) const override;
  // Every decision seen by this plan is told, whether or not a level asked for it.
  void finish(const NoticeScope& scope) const override;
  // A decision stays true when the case closes; only a documents request is withdrawn, once
  // the documents came (the case no longer waits) before the notice went out.
  std::optional<std::string> stale_reason(Ledger& ledger, const Notice& notice) const override;
};

const NoticeSource& subsidy_notice_source();

} // namespace epb
