#pragma once
// Helpers shared by the config tests: edit a TOML text, and list the issues parse_config finds.
#include "epb/config/config.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include <string>
#include <string_view>
#include <vector>

// Failed checks on lists of issues show the lists (one definition for every test file: two
// different ones in one binary would break the one-definition rule).
template <> struct doctest::StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const auto& line : lines)
      out += "\n  \"" + line + "\"";
    return (out + "}").c_str();
  }
};

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

// The built-in config up to its first line starting with `marker` ("[fee]", "[survey."), for the
// tests of one section: base() + the section's text is parsed, and each issue is reported as
// "LINE:COL: message" with the line counted within the section's text.
class ConfigSection {
public:
  explicit ConfigSection(std::string_view marker) {
    const std::string all(builtin_config_text());
    const auto at = all.find("\n" + std::string(marker));
    REQUIRE_MESSAGE(at != std::string::npos, "not in the built-in config: ", std::string(marker));
    m_base = all.substr(0, at + 1);
    m_lines = static_cast<int>(std::count(m_base.begin(), m_base.end(), '\n'));
  }
  const std::string& base() const { return m_base; }
  std::vector<std::string> issues(std::string_view section) const {
    std::vector<std::string> out;
    const auto config = parse_config(m_base + std::string(section), "t.toml");
    if (!config)
      for (const auto& issue : config.error())
        out.push_back(std::to_string(issue.line - m_lines) + ":" + std::to_string(issue.column) + ": " + issue.message);
    return out;
  }

private:
  std::string m_base;
  int m_lines = 0;
};

} // namespace epb::test
