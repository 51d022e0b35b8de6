#pragma once
// A period of Taipei dates as analysts type it: "2018-01-01..2018-06-30" (each end ISO or ROC:
// "107/01/01..107/06/30"), a year ("2018", ROC "107"), a month ("2018-03", ROC "107/03").
// Both ends inclusive. Shared by `epb survey` and `epb report`.
#include "epb/core/error.hpp"
#include "epb/time/date.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace epb {

struct Period {
  Date from;
  Date to; // inclusive; never before `from`
  bool contains(Date day) const { return from <= day && day <= to; }
  std::string text() const; // "2018-01-01..2018-06-30"
  bool operator==(const Period&) const = default;
};

// A Problem (what "period") says what is wrong: an end that is no date, a reversed range.
Result<Period> parse_period(std::string_view text);
// A year as --period reads one: 4 digits Gregorian from 1912, 1 to 3 digits ROC (107 is 2018).
std::optional<int> parse_year(std::string_view text);
// A month as --period reads one: "2018-03", "2018/03", ROC "107/03"; month 1..12.
std::optional<Period> parse_month(std::string_view text);
Period year_period(int year);             // 2018-01-01..2018-12-31
Period month_period(int year, int month); // 2018-03-01..2018-03-31

} // namespace epb
