#pragma once
// Helpers shared by the ledger tests of the case desk and the outbox: the built-in config,
// parsed once, and a stamp at a fixed clock.
#include "epb/config/config.hpp"
#include "epb/ledger/ledger.hpp"

namespace epb::test {

inline const Config& config() {
  static const Config parsed = *parse_config(builtin_config_text(), "built-in");
  return parsed;
}

inline Stamp at(const char* when) { return Stamp{"clerk01", "test", *parse_instant(when)}; }

} // namespace epb::test
