// Durations as config files and environment variables write them ("30s", "24h").
#include "epb/time/duration.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto seconds = epb::parse_duration_seconds(text, "fuzz")) {
    // What parses formats back to a spelling that parses to the same length.
    const auto again = epb::parse_duration_seconds(epb::format_duration(*seconds), "fuzz");
    if (!again || *again != *seconds) __builtin_trap();
  }
  return 0;
}
