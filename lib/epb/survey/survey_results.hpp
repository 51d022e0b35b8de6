#pragma once
// `epb survey results` and `epb survey coverage`: what the samples found, with its
// uncertainty, and whether enough cases were surveyed (epb-survey(1) RESULTS).
#include "epb/config/config.hpp"
#include "epb/core/error.hpp"
#include "epb/ledger/ledger.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// The 95 % Wilson score interval of k successes in n trials (z = 1.959963984540054);
// {0, 0} when n = 0.
struct Interval {
  double low = 0;
  double high = 0;
};
Interval wilson_interval(std::int64_t successes, std::int64_t trials, double z = 1.959963984540054);

} // namespace epb
