// The cells of metric_cells.hpp.
#include "epb/report/metric_cells.hpp"

#include <fmt/format.h>

#include <cmath>

namespace epb::report {

Cell ratio_percent_cell(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return std::nullopt;
  const std::int64_t hundredths = (part * 10000 + whole / 2) / whole;
  return fmt::format("{}.{:02}", hundredths / 100, hundredths % 100);
}

Cell share_percent_cell(double share) {
  const auto hundredths = static_cast<std::int64_t>(std::llround(share * 10000));
  return fmt::format("{}.{:02}", hundredths / 100, hundredths % 100);
}

} // namespace epb::report
