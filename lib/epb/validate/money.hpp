#pragma once
// Amounts of money: whole New Taiwan dollars, never negative.
#include "epb/core/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace epb {

// Accepts 12000, 12,000, NT$12,000, $12000 and 12000元 (a trailing .0 or .00 is
// allowed, other cents are not). Commas, if any, must group by thousands.
// Rejects negatives and anything above 1,000,000,000,000.
Result<std::int64_t> parse_money(std::string_view text);

// 12000 -> "12,000"; a negative amount gets a leading '-'.
std::string format_money(std::int64_t amount);

} // namespace epb
