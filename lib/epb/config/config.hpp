#pragma once
// The bureau's configuration as one typed struct (STYLE.md rule 8): units, intake channels
// and services with their SOPs. Built from TOML by load_config(); see man/epb.toml.5.scd.
#include "epb/calendar/deadline.hpp"
#include "epb/config/fee_config.hpp"
#include "epb/config/notify_config.hpp"
#include "epb/config/subsidy_config.hpp"
#include "epb/config/survey_config.hpp"
#include "epb/core/error.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

struct Contact {
  std::string name;
  std::string title;
  std::string email;
  std::string phone;

  bool operator==(const Contact&) const = default;
};

struct Unit {
  std::string code; // e.g. "planning"
  std::string name_zh;
  std::string name_en;
  Contact head; // receives escalations

  bool operator==(const Unit&) const = default;
};

struct Channel {
  std::string code; // e.g. "hotline"
  std::string name_zh;
  std::string name_en;

  bool operator==(const Channel&) const = default;
};

// One lifecycle state of a service's SOP.
struct State {
  std::string code;
  std::string name_zh;
  std::string name_en;
  bool pauses_clock = false;     // e.g. waiting for the applicant's documents (補件)
  bool final = false;            // the case is closed in this state
  std::vector<std::string> next; // states a case may move to from here

  bool operator==(const State&) const = default;
};

struct ExtensionPolicy {
  int max_times = 0; // 0: extensions are not allowed
  int max_days = 0;  // working days per extension
  bool notify_applicant = true;

  bool operator==(const ExtensionPolicy&) const = default;
};

// The kinds a service may be (`kind` in config): each brings its own rules to the case desk
// (lib/epb/cases/case_kind.hpp). The plain "case" kind has none.
inline constexpr std::string_view k_default_service_kind = "case";
inline constexpr std::array<std::string_view, 3> k_service_kinds{"case", "subsidy", "fee"};

// A service and its SOP (標準作業程序).
struct Service {
  std::string code;                         // e.g. "petition"
  std::string kind{k_default_service_kind}; // one of k_service_kinds
  std::string prefix;                       // reference prefix, e.g. "PET" in PET-113-000042
  std::string name_zh;
  std::string name_en;
  std::string unit; // owning unit's code
  DeadlineRule deadline;
  std::string initial_state;
  std::vector<State> states;
  ExtensionPolicy extension;
  bool id_required = false;       // the applicant's ID number must be given
  bool anonymous_allowed = false; // e.g. pollution complaints and whistleblower reports
  bool surveyed = false;          // included in satisfaction-survey sampling
  bool track_repeats = false;     // flag repeated complaints on the same matter and place

  const State* state(std::string_view code) const;
  // Equality lets tests check that render_config() round-trips.
  bool operator==(const Service&) const = default;
};

// Column names of a foreign file (e.g. the 1999 hotline's Chinese headers) → epb field names,
// used with `epb case import --mapping CODE`.
struct ColumnMapping {
  std::string code;
  std::vector<std::pair<std::string, std::string>> columns; // column → field
  bool operator==(const ColumnMapping&) const = default;
};

// [ledger]: how writers share the ledger.
struct LedgerSettings {
  // How long a command waits for another epb command that is writing before it gives up:
  // long enough for the largest import to commit, so clerks and cron never fail for it.
  std::int64_t busy_timeout_seconds = 5 * 60;
  bool operator==(const LedgerSettings&) const = default;
};

// [lookup]: the citizen's progress lookup. After `max_failures` wrong answers for one
// reference within `window_seconds`, that reference answers "not found" for
// `cooling_off_seconds`, whatever is asked: the 10,000 possible last-4 digits cannot be tried.
struct LookupSettings {
  int max_failures = 5;
  std::int64_t window_seconds = 24 * 3600;
  std::int64_t cooling_off_seconds = 24 * 3600;
  bool operator==(const LookupSettings&) const = default;
};

struct Config {
  std::string source; // where it came from: a path, or "built-in"
  std::vector<Unit> units;
  std::vector<Channel> channels;
  std::vector<Service> services;
  std::vector<ColumnMapping> mappings;
  NotifySettings notify;
  LedgerSettings ledger;
  LookupSettings lookup;
  SubsidySettings subsidy;
  FeeSettings fee;
  SurveySettings survey;

  const Unit* unit(std::string_view code) const;
  const Channel* channel(std::string_view code) const;
  const Service* service(std::string_view code) const;
  const Service* service_by_prefix(std::string_view prefix) const;
  const ColumnMapping* mapping(std::string_view code) const;
  bool operator==(const Config&) const = default;
};

// A problem in a config file, reported as FILE:LINE:COL: message.
struct ConfigIssue {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  std::string text() const; // "epb.toml:12:3: unknown key 'deadlne' in service 'petition'"
};

// Parses and checks `text`; on any problem returns every issue found (not just the first).
std::expected<Config, std::vector<ConfigIssue>> parse_config(std::string_view text, std::string_view source);

// The configuration compiled into the binary (config/epb.toml).
std::string_view builtin_config_text();

// Where the effective configuration comes from, in search order: an explicit path
// (--config or EPB_CONFIG), $XDG_CONFIG_HOME/epb/epb.toml (or ~/.config/epb/epb.toml),
// /etc/epb/epb.toml, else the built-in default. `path` is empty for the built-in.
struct ConfigLocation {
  std::string path;
  std::string why; // "--config", "EPB_CONFIG", "$XDG_CONFIG_HOME", "$HOME/.config", "/etc/epb",
                   // or "built-in default"
};
ConfigLocation locate_config(const std::string& explicit_path, std::string_view explicit_origin);

// Loads the config at `location`; throws ProblemError (exit 3) listing every issue.
Config load_config(const ConfigLocation& location);

// The effective configuration as TOML, with a header comment naming its source.
std::string render_config(const Config& config);

} // namespace epb
