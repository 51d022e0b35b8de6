// parse_config(): the top level, [units] and [channels]; services are in config_services.cpp.
#include "epb/config/config_reader.hpp"

#include "epb/cases/case_fields.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/validate/contact.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace epb {
namespace {

using config_detail::IssueLog;
using config_detail::TableReader;

// A table whose entries are all tables keyed by code, like [units] or [channels]; calls
// `read(code, table)` for each in file order and reports bad codes and non-table entries.
template <class Read>
void for_each_coded_table(const toml::table& section, std::string_view noun, IssueLog& log, Read read) {
  for (const auto& entry : config_detail::in_file_order(section)) {
    if (!config_detail::is_code(entry.key))
      log.add(entry.key_position, fmt::format("{} code '{}' must match [a-z][a-z0-9_-]*", noun, entry.key));
    if (const auto* table = entry.node->as_table())
      read(std::string(entry.key), *table);
    else
      log.add(config_detail::position(*entry.node),
              fmt::format("{} '{}' must be a table, not {}", noun, entry.key, config_detail::type_name(*entry.node)));
  }
}

Contact read_contact(const toml::table& table, std::string where, IssueLog& log) {
  TableReader reader(table, where, log);
  Contact contact;
  contact.name = reader.string("name").value_or("");
  contact.title = reader.string("title").value_or("");
  contact.email = reader.string("email").value_or("");
  contact.phone = reader.string("phone").value_or("");
  // Escalations are mailed here: a bad address would fail only on the day a case runs late.
  if (!contact.email.empty())
    if (auto email = validate_email(contact.email); !email)
      log.add(reader.where("email"), fmt::format("bad email '{}' {}: {}", contact.email, where, email.error().why));
  if (!contact.phone.empty())
    if (auto phone = validate_phone(contact.phone); !phone)
      log.add(reader.where("phone"), fmt::format("bad phone '{}' {}: {}", contact.phone, where, phone.error().why));
  reader.finish();
  return contact;
}

void read_units(const toml::table& section, Config& config, IssueLog& log) {
  for_each_coded_table(section, "unit", log, [&](std::string code, const toml::table& table) {
    TableReader reader(table, fmt::format("in unit '{}'", code), log);
    Unit unit;
    unit.name_zh = reader.string("name", true).value_or("");
    unit.name_en = reader.string("name_en", true).value_or("");
    if (const auto* head = reader.table("head"))
      unit.head = read_contact(*head, fmt::format("in the head of unit '{}'", code), log);
    reader.finish();
    unit.code = std::move(code);
    config.units.push_back(std::move(unit));
  });
}

void read_channels(const toml::table& section, Config& config, IssueLog& log) {
  for_each_coded_table(section, "channel", log, [&](std::string code, const toml::table& table) {
    TableReader reader(table, fmt::format("in channel '{}'", code), log);
    Channel channel;
    channel.name_zh = reader.string("name", true).value_or("");
    channel.name_en = reader.string("name_en", true).value_or("");
    reader.finish();
    channel.code = std::move(code);
    config.channels.push_back(std::move(channel));
  });
}

void read_mappings(const toml::table& section, Config& config, IssueLog& log) {
  for_each_coded_table(section, "mapping", log, [&](std::string code, const toml::table& table) {
    ColumnMapping mapping;
    const auto names = case_import_field_names();
    const std::vector<std::string> fields(names.begin(), names.end());
    for (const auto& entry : config_detail::in_file_order(table)) {
      // A column name is matched against a file's header and printed by `config show`: a
      // quoted TOML key can spell any control ("\u001b[31m"), so it meets the text policy.
      if (auto bad = text_violation(TextKind::line, entry.key)) {
        log.add(entry.key_position,
                fmt::format("a column name of mapping '{}' ('{}'): {}", code, terminal_safe(entry.key), *bad));
        continue;
      }
      if (const auto* field = entry.node->as_string()) {
        const std::string& name = field->get();
        const auto earlier = std::find_if(mapping.columns.begin(), mapping.columns.end(),
                                          [&](const auto& column) { return column.second == name; });
        if (std::find(fields.begin(), fields.end(), name) == fields.end())
          log.add(config_detail::position(*entry.node),
                  fmt::format("column '{}' of mapping '{}' maps to unknown field '{}'{}", entry.key, code, name,
                              config_detail::suggestion(name, fields)));
        else if (earlier != mapping.columns.end())
          log.add(config_detail::position(*entry.node),
                  fmt::format("columns '{}' and '{}' of mapping '{}' both give field '{}'", earlier->first, entry.key,
                              code, name));
        mapping.columns.emplace_back(std::string(entry.key), name);
      } else {
        log.add(config_detail::position(*entry.node),
                fmt::format("column '{}' of mapping '{}' must map to a field name string, not {}", entry.key, code,
                            config_detail::type_name(*entry.node)));
      }
    }
    mapping.code = std::move(code);
    config.mappings.push_back(std::move(mapping));
  });
}

// toml++ writes "Error while parsing ..."; epb's messages are lower case.
std::string lower_first(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

} // namespace

std::expected<Config, std::vector<ConfigIssue>> parse_config(std::string_view text, std::string_view source) {
  const std::string file(source);
  toml::table document;
  try {
    document = toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& error) {
    // Past a syntax error toml++ has no document to walk, so this one issue is all there is.
    const auto& begin = error.source().begin;
    return std::unexpected(std::vector{ConfigIssue{file, static_cast<int>(begin.line), static_cast<int>(begin.column),
                                                   lower_first(error.description())}});
  }

  IssueLog log(file);
  Config config;
  config.source = file;
  TableReader root(document, "at top level", log);
  // Units first: services refer to them.
  if (const auto* units = root.table("units", true)) read_units(*units, config, log);
  if (const auto* channels = root.table("channels")) read_channels(*channels, config, log);
  if (const auto* services = root.table("services", true)) config_detail::read_services(*services, config, log);
  config_detail::read_notify(root, text, config, log); // [notify] and [staff]: after services, which rules name
  if (const auto* mappings = root.table("mappings")) read_mappings(*mappings, config, log);
  config_detail::read_ledger_and_lookup(root, config, log);
  config_detail::read_subsidy(root, config, log); // after services: the review SOP is one
  config_detail::read_fee(root, config, log);     // after services: the declaration SOP is one
  config_detail::read_survey(root, config, log);  // after services: questionnaires survey them
  root.finish();

  if (!log.empty()) return std::unexpected(log.take());
  return config;
}

} // namespace epb
