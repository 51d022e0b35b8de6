#pragma once
// Cells and labels shared by the fee and survey sections of the period report: the words of a
// column in the run's language and the canonical text of counts, money and percentages
// (document.hpp CellType).
#include "epb/report/document.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace epb::report {

// The label of a column in the run's language.
struct Words {
  bool english = false;
  std::string operator()(const char* zh, const char* en) const { return english ? en : zh; }
};

inline Cell count_cell(std::int64_t value) { return std::to_string(value); }
inline Cell money_cell(std::int64_t ntd) { return std::to_string(ntd); }

// part / whole × 100 to two decimals, rounded half up; none when whole is 0.
Cell ratio_percent_cell(std::int64_t part, std::int64_t whole);
// A share 0..1 as percent points to two decimals (0.71349 -> "71.35"); for CellType percent
// and for interval bounds (CellType decimal, percent points).
Cell share_percent_cell(double share);

} // namespace epb::report
