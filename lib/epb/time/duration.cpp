#include "epb/time/duration.hpp"

#include "epb/core/text.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace epb {
namespace {

constexpr std::int64_t k_max_seconds = 366LL * 24 * 3600;
constexpr std::array<std::pair<char, std::int64_t>, 4> k_units{{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

} // namespace

Result<std::int64_t> parse_duration_seconds(std::string_view text, std::string_view what) {
  const std::string_view trimmed = trim(text);
  const auto bad = [&](std::string_view why) {
    return invalid(std::string(what), fmt::format("'{}' {}; expected e.g. 30s, 5m, 24h or 7d", trimmed, why));
  };
  if (!trimmed.empty() && trimmed.find_first_not_of("0123456789") == std::string_view::npos)
    return bad("has no unit (s, m, h or d)");
  std::int64_t unit = 0;
  for (const auto& [letter, seconds] : k_units)
    if (!trimmed.empty() && trimmed.back() == letter) unit = seconds;
  if (trimmed.size() < 2 || unit == 0) return bad("is not a length of time");
  const std::string_view number = trimmed.substr(0, trimmed.size() - 1);
  std::int64_t value = 0;
  for (const char c : number) {
    if (c < '0' || c > '9') return bad("is not a whole number and a unit");
    value = value * 10 + (c - '0');
    if (value * unit > k_max_seconds) return bad("is longer than 366 days");
  }
  return value * unit;
}

std::string format_duration(std::int64_t seconds) {
  for (const auto& [letter, unit] : k_units)
    if (seconds != 0 && seconds % unit == 0) return fmt::format("{}{}", seconds / unit, letter);
  return fmt::format("{}s", seconds);
}

} // namespace epb
