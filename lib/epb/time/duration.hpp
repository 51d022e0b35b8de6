#pragma once
// Lengths of time written in config files and environment variables: "30s", "5m", "24h", "7d".
#include "epb/core/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace epb {

// A whole number followed by one unit letter: s (seconds), m (minutes), h (hours), d (days).
// `what` names the option or key in the Problem. Refuses signs, fractions, missing units and
// anything over 366 days.
Result<std::int64_t> parse_duration_seconds(std::string_view text, std::string_view what);

// The shortest spelling that reads back the same: 300 → "5m", 90 → "90s", 86400 → "1d".
std::string format_duration(std::int64_t seconds);

} // namespace epb
