#include "commands.hpp"

namespace epb::cli {

CLI::Option* text_checked(CLI::Option* option, TextKind kind) {
  const std::string name = option->get_name();
  return option->each([name, kind](const std::string& value) { require_text(kind, name, value); });
}

void text_checked(CLI::App* command, std::initializer_list<std::pair<const char*, TextKind>> options) {
  for (const auto& [name, kind] : options)
    text_checked(command->get_option(name), kind);
}

Date parse_date_option(std::string_view option, std::string_view value) {
  auto date = parse_date(value);
  if (!date) date.error().what = std::string(option) + ": " + date.error().what;
  return value_or_throw(std::move(date));
}

} // namespace epb::cli
