// The SQL of survey_counts.hpp. Periods overlap when each starts no later than the other ends
// (ISO dates compare as text), as survey results reads them.
#include "epb/report/survey_counts.hpp"

#include "epb/ledger/stored_date.hpp"

namespace epb::report {
namespace {

constexpr const char* k_samples = R"sql(
SELECT id, questionnaire, services, period_from, period_to, drawn_at FROM survey_sample
WHERE period_from <= :to AND period_to >= :from AND drawn_at <= :as_of ORDER BY id
)sql";

std::vector<std::string> split_codes(const std::string& list) {
  std::vector<std::string> codes;
  std::size_t start = 0;
  while (start < list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) codes.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return codes;
}

} // namespace

std::vector<SampleOfPeriod> samples_of_period(sql::Database& db, const Period& period, Instant as_of) {
  auto& s = db.prepare(k_samples);
  s.bind(":from", period.from.iso()).bind(":to", period.to.iso()).bind(":as_of", as_of.unix_seconds());
  std::vector<SampleOfPeriod> samples;
  while (s.step())
    samples.push_back(
        {s.int64(0), s.text(1), split_codes(s.text(2)),
         Period{stored_date(s.text(3), "survey_sample.period_from"), stored_date(s.text(4), "survey_sample.period_to")},
         Instant(s.int64(5))});
  return samples;
}

} // namespace epb::report
