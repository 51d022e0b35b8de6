#pragma once
// SHA-256 (FIPS 180-4): the fingerprint logged for every file exchanged with another office
// (the household-registration batches), so either side can prove which file it sent.
#include <string>
#include <string_view>

namespace epb {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

} // namespace epb
