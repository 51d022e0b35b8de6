#pragma once
// Helpers shared by the config tests: edit a TOML text, and list the issues parse_config finds.
#include "epb/config/config.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace epb::test {

// `text` with the first `from` replaced by `to`; fails the test when `from` is not there.
inline std::string with(std::string_view text, std::string_view from, std::string_view to) {
  std::string out(text);
  const auto at = out.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "not in the config: ", std::string(from));
  return out.replace(at, from.size(), to);
}

// Every issue's text for `text` read as t.toml, or nothing when the config is fine.
inline std::vector<std::string> issues(std::string_view text) {
  std::vector<std::string> out;
  const auto config = parse_config(text, "t.toml");
  if (!config)
    for (const auto& issue : config.error())
      out.push_back(issue.text());
  return out;
}

} // namespace epb::test
