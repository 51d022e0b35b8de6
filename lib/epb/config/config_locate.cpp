// Finding and loading the effective configuration.
#include "epb/config/config.hpp"

#include "epb/core/text.hpp"

#include <cstdlib>
#include <filesystem>

namespace epb::embedded {
extern const std::string_view default_config; // generated from config/epb.toml at build time
}

namespace epb {
namespace {

constexpr std::string_view k_builtin_source = "built-in";
constexpr std::string_view k_system_config = "/etc/epb/epb.toml";

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

bool file_exists(const std::filesystem::path& path) {
  // An unreadable directory on the way is "not there", not a crash: the search goes on.
  std::error_code error;
  return std::filesystem::exists(path, error);
}

std::string join_lines(const std::vector<ConfigIssue>& issues) {
  std::string out;
  for (const auto& issue : issues) {
    if (!out.empty()) out += '\n';
    out += issue.text();
  }
  return out;
}

} // namespace

std::string_view builtin_config_text() { return embedded::default_config; }

ConfigLocation locate_config(const std::string& explicit_path, std::string_view explicit_origin) {
  if (!explicit_path.empty()) return {explicit_path, std::string(explicit_origin)};

  // XDG base directories: a relative $XDG_CONFIG_HOME is invalid and must be ignored.
  const std::string xdg = env("XDG_CONFIG_HOME");
  if (!xdg.empty() && xdg.front() == '/') {
    const auto path = std::filesystem::path(xdg) / "epb" / "epb.toml";
    if (file_exists(path)) return {path.string(), "$XDG_CONFIG_HOME"};
  } else if (const std::string home = env("HOME"); !home.empty()) {
    const auto path = std::filesystem::path(home) / ".config" / "epb" / "epb.toml";
    if (file_exists(path)) return {path.string(), "$HOME/.config"};
  }

  if (file_exists(k_system_config)) return {std::string(k_system_config), "/etc/epb"};
  return {"", "built-in default"};
}

Config load_config(const ConfigLocation& location) {
  const bool builtin = location.path.empty();
  if (!builtin && !file_exists(location.path))
    throw ProblemError(Problem{Fault::invalid, "config " + location.path, "no such file"});
  const std::string text = builtin ? std::string(builtin_config_text()) : read_file(location.path);
  const std::string source = builtin ? std::string(k_builtin_source) : location.path;

  auto config = parse_config(text, source);
  // Every issue, one per line: main prints each as its own "epb: error:" line.
  if (!config) throw ProblemError(Problem{Fault::invalid, "", join_lines(config.error())});
  config->source = source;
  return std::move(*config);
}

} // namespace epb
