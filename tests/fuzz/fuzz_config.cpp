// The TOML config loader: the whole config (units, services and their SOPs, mappings, notify
// templates, subsidy programmes, fee tables and layouts, surveys), checked as `config check`
// checks it. A config that loads renders back to TOML that loads to the same config.
#include "fuzz_support.hpp"

#include "epb/config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto config = epb::parse_config(epb::fuzz::text_of(data, size), "fuzz.toml");
  if (!config) {
    for (const auto& issue : config.error())
      if (issue.text().empty()) epb::fuzz::broken();
    return 0;
  }
  const auto again = epb::parse_config(epb::render_config(*config), "fuzz.toml");
  if (!again) epb::fuzz::broken();
  return 0;
}
