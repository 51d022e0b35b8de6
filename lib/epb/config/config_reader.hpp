#pragma once
// Private to lib/epb/config: the pieces parse_config() is built from. Every reader logs its
// problems and carries on, so one run of `epb config check` shows all of them, not just the first.
#include "epb/config/config.hpp"

#include <toml++/toml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace epb::config_detail {

// Collects issues for one file; take() hands them back in file order.
class IssueLog {
public:
  explicit IssueLog(std::string file) : m_file(std::move(file)) {}

  void add(const toml::source_position& where, std::string message);
  bool empty() const { return m_issues.empty(); }
  std::vector<ConfigIssue> take();

private:
  std::string m_file;
  std::vector<ConfigIssue> m_issues;
};

// Where a node starts. toml++ gives implicitly created tables (e.g. `states` made by
// `[services.x.states.y]`) the position of the header that made them, but an empty region is
// still possible, so fall back to the earliest child.
toml::source_position position(const toml::node& node);

// One entry of a table, with the key's own position (unknown keys are reported there).
struct Entry {
  std::string_view key;
  toml::source_position key_position;
  const toml::node* node = nullptr;
};

// toml++ keeps a table's entries sorted by key; the bureau's order (units, states) is the file's.
std::vector<Entry> in_file_order(const toml::table& table);

std::string_view type_name(const toml::node& node); // "a string", "an integer", ...

// Optimal-string-alignment distance: a swapped pair of letters counts as one typo.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` within two typos, else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates);
// " (did you mean 'x'?)" for closest(), else "".
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);

// Codes of units, channels, services and states: [a-z][a-z0-9_-]*.
bool is_code(std::string_view text);

// Reads the keys of one table. Each accessor declares a key as known, so whatever is left
// when finish() runs is a typo or a section this version does not know.
class TableReader {
public:
  // `where` completes "unknown key 'x' ...", e.g. "in service 'petition'".
  TableReader(const toml::table& table, std::string where, IssueLog& log);

  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<bool> boolean(std::string_view key);
  std::optional<int> integer(std::string_view key, int min, int max);
  const toml::table* table(std::string_view key, bool required = false);
  // An array whose entries the caller checks (e.g. the levels of a notify ladder).
  const toml::array* array(std::string_view key, bool required = false);
  // A value of any type the caller checks itself (a decimal written as a string or an integer).
  const toml::node* node(std::string_view key, bool required = false) { return find(key, required); }

  struct Item {
    std::string value;
    toml::source_position where;
  };
  // An array of strings; a wrong entry is reported and left out.
  std::optional<std::vector<Item>> strings(std::string_view key);

  // Where the value of `key` starts, or the table itself when the key is absent.
  toml::source_position where(std::string_view key) const;
  toml::source_position where() const { return position(m_table); }

  // Reports unknown and missing keys; call once, after reading every key.
  void finish();

private:
  const toml::node* find(std::string_view key, bool required);
  void wrong_type(std::string_view key, const toml::node& node, std::string_view expected);

  const toml::table& m_table;
  std::string m_where;
  IssueLog& m_log;
  std::vector<std::string> m_known;
  std::vector<std::string> m_missing;
};

// Reads [services]; units must already be in `config` so references can be checked.
void read_services(const toml::table& services, Config& config, IssueLog& log);

// Reads [notify] and [staff] through the top-level reader; services must already be in
// `config`. `text` is the whole file: a template's placeholders are reported at their own
// line and column, which toml++ does not keep for the inside of a string.
void read_notify(TableReader& root, std::string_view text, Config& config, IssueLog& log);
// Reads [ledger] and [lookup] (config_ledger.cpp).
void read_ledger_and_lookup(TableReader& root, Config& config, IssueLog& log);
// Reads [subsidy] (config_subsidy.cpp); services must already be in `config`.
void read_subsidy(TableReader& root, Config& config, IssueLog& log);
// Reads [fee] (config_fee.cpp, config_fee_tables.cpp); services must already be in `config`.
void read_fee(TableReader& root, Config& config, IssueLog& log);
// Reads [survey] (config_survey.cpp); services must already be in `config`.
void read_survey(TableReader& root, Config& config, IssueLog& log);
// One [notify.templates.CODE], its placeholders checked (config_template.cpp).
NotifyTemplate read_template(const std::string& code, const toml::table& table, std::string_view text, IssueLog& log);

} // namespace epb::config_detail
