#include "epb/config/config_reader.hpp"

#include "epb/core/text_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <tuple>

namespace epb::config_detail {
namespace {

constexpr std::size_t k_max_suggestion_distance = 2;

bool before(const toml::source_position& a, const toml::source_position& b) {
  return std::tie(a.line, a.column) < std::tie(b.line, b.column);
}

} // namespace

void IssueLog::add(const toml::source_position& where, std::string message) {
  m_issues.push_back(
      ConfigIssue{m_file, static_cast<int>(where.line), static_cast<int>(where.column), std::move(message)});
}

std::vector<ConfigIssue> IssueLog::take() {
  // Readers finish tables inside out; the user reads the file top down.
  std::stable_sort(m_issues.begin(), m_issues.end(), [](const ConfigIssue& a, const ConfigIssue& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return std::move(m_issues);
}

toml::source_position position(const toml::node& node) {
  const toml::source_position begin = node.source().begin;
  if (begin) return begin;
  std::optional<toml::source_position> earliest;
  const auto consider = [&](const toml::node& child) {
    const toml::source_position p = position(child);
    if (p && (!earliest || before(p, *earliest))) earliest = p;
  };
  if (const auto* table = node.as_table())
    for (auto&& [key, child] : *table)
      consider(child);
  else if (const auto* array = node.as_array())
    for (const auto& child : *array)
      consider(child);
  return earliest.value_or(toml::source_position{1, 1});
}

std::vector<Entry> in_file_order(const toml::table& table) {
  std::vector<Entry> entries;
  for (auto&& [key, node] : table) {
    const toml::source_position key_position = key.source().begin ? key.source().begin : position(node);
    entries.push_back(Entry{key.str(), key_position, &node});
  }
  // By where the value starts: a table's key may sit in a later header such as
  // `[services.x.states.y]`, while the table itself was opened earlier.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return before(position(*a.node), position(*b.node)); });
  return entries;
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
  case toml::node_type::table: return "a table";
  case toml::node_type::array: return "an array";
  case toml::node_type::string: return "a string";
  case toml::node_type::integer: return "an integer";
  case toml::node_type::floating_point: return "a float";
  case toml::node_type::boolean: return "a boolean";
  case toml::node_type::date: return "a date";
  case toml::node_type::time: return "a time";
  case toml::node_type::date_time: return "a date-time";
  case toml::node_type::none: break;
  }
  return "nothing";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows suffice for the transposition case, which looks two rows back.
  std::vector<std::size_t> two_back(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], two_back[j - 2] + 1);
    }
    two_back.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  if (!best || best_distance == 0 || best_distance > k_max_suggestion_distance) return {};
  return *best;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = closest(word, candidates);
  return best.empty() ? best : fmt::format(" (did you mean '{}'?)", best);
}

bool is_code(std::string_view text) {
  if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}

TableReader::TableReader(const toml::table& table, std::string where, IssueLog& log)
    : m_table(table), m_where(std::move(where)), m_log(log) {}

const toml::node* TableReader::find(std::string_view key, bool required) {
  m_known.emplace_back(key);
  const toml::node* node = m_table.get(key);
  if (!node && required) m_missing.emplace_back(key);
  return node;
}

void TableReader::wrong_type(std::string_view key, const toml::node& node, std::string_view expected) {
  m_log.add(position(node), fmt::format("'{}' must be {}, not {}", key, expected, type_name(node)));
}

std::optional<std::string> TableReader::string(std::string_view key, bool required) {
  const toml::node* node = find(key, required);
  if (!node) return std::nullopt;
  const auto* value = node->as_string();
  if (!value) {
    wrong_type(key, *node, "a string");
    return std::nullopt;
  }
  if (required && value->get().empty()) {
    m_log.add(position(*node), fmt::format("'{}' must not be empty", key));
    return std::nullopt;
  }
  // Notice bodies are letters (several lines); every other configured string is one line.
  const TextKind kind = key.starts_with("body") ? TextKind::document : TextKind::line;
  if (auto bad = text_violation(kind, value->get())) {
    m_log.add(position(*node), fmt::format("'{}': {}", key, *bad));
    return std::nullopt;
  }
  return value->get();
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* node = find(key, false);
  if (!node) return std::nullopt;
  const auto* value = node->as_boolean();
  if (!value) {
    wrong_type(key, *node, "a boolean");
    return std::nullopt;
  }
  return value->get();
}

std::optional<int> TableReader::integer(std::string_view key, int min, int max) {
  const toml::node* node = find(key, false);
  if (!node) return std::nullopt;
  const auto* value = node->as_integer();
  if (!value) {
    wrong_type(key, *node, "an integer");
    return std::nullopt;
  }
  if (value->get() < min || value->get() > max) {
    m_log.add(position(*node), fmt::format("'{}' must be from {} to {}, not {}", key, min, max, value->get()));
    return std::nullopt;
  }
  return static_cast<int>(value->get());
}

const toml::table* TableReader::table(std::string_view key, bool required) {
  const toml::node* node = find(key, required);
  if (!node) return nullptr;
  const auto* value = node->as_table();
  if (!value) wrong_type(key, *node, "a table");
  return value;
}

const toml::array* TableReader::array(std::string_view key, bool required) {
  const toml::node* node = find(key, required);
  if (!node) return nullptr;
  const auto* value = node->as_array();
  if (!value) wrong_type(key, *node, "an array");
  return value;
}

std::optional<std::vector<TableReader::Item>> TableReader::strings(std::string_view key) {
  const toml::node* node = find(key, false);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) {
    wrong_type(key, *node, "an array of strings");
    return std::nullopt;
  }
  std::vector<Item> items;
  for (const auto& element : *array) {
    if (const auto* value = element.as_string()) {
      if (auto bad = text_violation(TextKind::line, value->get()))
        m_log.add(position(element), fmt::format("'{}': {}", key, *bad));
      else
        items.push_back(Item{value->get(), position(element)});
    } else
      m_log.add(position(element), fmt::format("each entry of '{}' must be a string, not {}", key, type_name(element)));
  }
  return items;
}

toml::source_position TableReader::where(std::string_view key) const {
  const toml::node* node = m_table.get(key);
  return node ? position(*node) : where();
}

void TableReader::finish() {
  std::vector<std::string> suggested;
  for (const auto& entry : in_file_order(m_table)) {
    if (std::find(m_known.begin(), m_known.end(), entry.key) != m_known.end()) continue;
    const std::string hint = suggestion(entry.key, m_known);
    if (!hint.empty()) suggested.push_back(closest(entry.key, m_known));
    m_log.add(entry.key_position, fmt::format("unknown key '{}' {}{}", entry.key, m_where, hint));
  }
  // A misspelt required key is one mistake: "did you mean 'deadline'?" already says it is missing.
  for (const auto& key : m_missing)
    if (std::find(suggested.begin(), suggested.end(), key) == suggested.end())
      m_log.add(where(), fmt::format("missing key '{}' {}", key, m_where));
}

} // namespace epb::config_detail
