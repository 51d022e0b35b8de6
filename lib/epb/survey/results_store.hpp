#pragma once
// The aggregate SQL behind `epb survey results` and `epb survey coverage` (schema 12). Every
// query groups in SQL, so the work done in C++ is proportional to groups x items x scale
// points, never to the number of answers.
#include "epb/ledger/ledger.hpp"
#include "epb/survey/survey_results.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace epb {

struct MemberCountRow {
  std::string group;
  std::int64_t sampled = 0;
  std::int64_t responded = 0;
  std::int64_t refused = 0;
  std::int64_t unreachable = 0;
  std::int64_t pending = 0;
  std::int64_t rated = 0;         // responded members with at least one answered item
  std::int64_t all_satisfied = 0; // of them, every answered item satisfied
};

struct ScoreCountRow {
  std::string group;
  std::string item;
  int score = 0;
  std::int64_t count = 0;
};

struct FollowUpStoredRow {
  std::int64_t sample_id = 0;
  std::string ref;
  std::string low_items;
  std::string follow_up_ref;
  std::string follow_up_status;
  std::string follow_up_due; // YYYY-MM-DD, or ""
};

struct CoverageCountRow {
  std::string month; // YYYY-MM
  std::int64_t closed = 0;
  std::int64_t surveyed = 0;
};

class ResultsStore {
public:
  explicit ResultsStore(Ledger& ledger);

  bool sample_exists(std::int64_t id);
  // The questionnaires of the samples `query` selects, by code.
  std::vector<std::string> questionnaires(const ResultsQuery& query);
  // Called members of `questionnaire`'s samples in scope, by group. `satisfied`: the satisfied
  // scores as ",5,4," (the questionnaire's counts_satisfied).
  std::vector<MemberCountRow> member_counts(const ResultsQuery& query, std::string_view questionnaire,
                                            std::string_view satisfied);
  // Answered items of responded members, by group, item and score.
  std::vector<ScoreCountRow> score_counts(const ResultsQuery& query, std::string_view questionnaire);
  // Responded members with a score at or below `low`, by sample and ref.
  void follow_ups(const ResultsQuery& query, std::string_view questionnaire, int low,
                  const std::function<void(const FollowUpStoredRow&)>& visit);
  // Cases of `service` closed from..to (Taipei dates), by month.
  std::vector<CoverageCountRow> coverage(std::string_view service, Date from, Date to);

private:
  sql::Statement& scoped(std::string_view sql, const ResultsQuery& query, std::string_view questionnaire);

  sql::Database& m_db;
  // The ledger's file memory-mapped while the store reads: grouping 100,000 members by their
  // case's district reads a page of case_file per member, and through mmap those reads cost no
  // system call each (0.45 s -> 0.25 s of CPU on a 1M-case ledger).
  sql::ScopedPragma m_mapped;
};

} // namespace epb
