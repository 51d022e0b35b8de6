#pragma once
// The unified business number (統一編號) of a Taiwan company or organisation.
#include "epb/core/error.hpp"

#include <string>
#include <string_view>

namespace epb {

// Eight digits with the Ministry of Finance checksum, under the rule in force
// since 2023-04-01 (sum divisible by 5, which still accepts every older number).
// Surrounding spaces are ignored; returns the eight digits.
Result<std::string> validate_business_number(std::string_view text);

} // namespace epb
