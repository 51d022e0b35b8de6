#pragma once
// Taiwan motorcycle registration plates.
#include "epb/core/error.hpp"

#include <string>
#include <string_view>

namespace epb {

// Accepts, with or without the hyphen and in any case:
//   ABC-1234  current plates (2014 on); electric ones start with E (EMB-5678)
//   FAA-233   older plates: 3 letters or digits, at least one a letter, + 3 digits
//   AB-123    large heavy motorcycles
// Returns the plate upper-cased with the hyphen. The still older digits-first
// plates (123-ABC) are deliberately not accepted: we have no reliable spec for them.
Result<std::string> validate_motorcycle_plate(std::string_view text);

// True for a normalised electric plate: E, two more letters, then 4 digits.
bool is_electric_plate(std::string_view normalised);

} // namespace epb
