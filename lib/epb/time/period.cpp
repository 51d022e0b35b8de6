#include "epb/time/period.hpp"

#include <charconv>

namespace epb {
namespace {

std::optional<int> whole(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

} // namespace

// A year alone: 4 digits Gregorian, 2 or 3 digits ROC (民國 1..999).
std::optional<int> parse_year(std::string_view text) {
  const auto value = whole(text);
  if (!value) return std::nullopt;
  if (text.size() == 4 && *value >= 1912 && *value <= 9999) return *value;
  if (text.size() <= 3 && *value >= 1) return *value + 1911;
  return std::nullopt;
}

// A month alone: "2018-03", "2018/03", ROC "107/03", "107-03".
std::optional<Period> parse_month(std::string_view text) {
  const auto cut = text.find_first_of("-/.");
  if (cut == std::string_view::npos || text.find_first_of("-/.", cut + 1) != std::string_view::npos) return {};
  const auto year = parse_year(text.substr(0, cut));
  const auto month = whole(text.substr(cut + 1));
  if (!year || !month || text.size() - cut - 1 > 2 || *month < 1 || *month > 12) return std::nullopt;
  return month_period(*year, *month);
}

std::string Period::text() const { return from.iso() + ".." + to.iso(); }

Period year_period(int year) { return {*Date::from_ymd(year, 1, 1), *Date::from_ymd(year, 12, 31)}; }

Period month_period(int year, int month) {
  const Date first = *Date::from_ymd(year, month, 1);
  // December ends on the 31st: the next year's 1 January may be past the last date (9999).
  if (month == 12) return {first, *Date::from_ymd(year, 12, 31)};
  return {first, *Date::from_ymd(year, month + 1, 1) - 1};
}

Result<Period> parse_period(std::string_view text) {
  const auto dots = text.find("..");
  if (dots == std::string_view::npos) {
    if (const auto year = parse_year(text)) return year_period(*year);
    if (const auto month = parse_month(text)) return *month;
    return invalid("period", "'" + std::string(text) +
                                 "' is no period (FROM..TO, e.g. 2018-01-01..2018-06-30 or 107/01/01..107/06/30; "
                                 "a year such as 2018 or 107; a month such as 2018-03 or 107/03)");
  }
  const auto from = parse_date(text.substr(0, dots));
  if (!from) return invalid("period", "its start: " + from.error().message());
  const auto to = parse_date(text.substr(dots + 2));
  if (!to) return invalid("period", "its end: " + to.error().message());
  if (*to < *from) return invalid("period", "ends (" + to->iso() + ") before it starts (" + from->iso() + ")");
  return Period{*from, *to};
}

} // namespace epb
