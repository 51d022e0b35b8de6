#pragma once
// The samples a period report's survey sections are about: drawn for a period overlapping the
// report's and by the as-of moment (one indexed-free scan of survey_sample: a few a year). Their
// figures are the survey results engine's (lib/epb/survey/survey_results.hpp).
#include "epb/ledger/sqlite.hpp"
#include "epb/time/date.hpp"
#include "epb/time/period.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace epb::report {

struct SampleOfPeriod {
  std::int64_t id = 0;
  std::string questionnaire;
  std::vector<std::string> services; // the sample's services, sorted
  Period period;                     // the closing dates of the cases it was drawn from
  Instant drawn_at;
};

// By id (the order they were drawn in).
std::vector<SampleOfPeriod> samples_of_period(sql::Database& db, const Period& period, Instant as_of);

} // namespace epb::report
