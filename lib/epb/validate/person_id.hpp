#pragma once
// Taiwan personal identifiers: the national ID (身分證字號) and the resident
// certificate number (外來人口統一證號) carried by foreign residents.
#include "epb/core/error.hpp"
#include "epb/privacy/mask.hpp" // mask_person_id

#include <string>
#include <string_view>

namespace epb {

// A letter, 1 or 2, then 8 digits, with the MOI checksum. Surrounding spaces are
// ignored and letters upper-cased; returns the normalised value (A123456789).
Result<std::string> validate_national_id(std::string_view text);

// Either the 2021 format (a letter, 8 or 9, then 8 digits; national ID checksum)
// or the older one (two letters, the second A-D, then 8 digits). Normalised as above.
Result<std::string> validate_resident_id(std::string_view text);

// Whichever of the two the second character says it is, with that kind's message.
Result<std::string> validate_person_id(std::string_view text);

} // namespace epb
