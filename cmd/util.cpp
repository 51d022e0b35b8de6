#include "commands.hpp"

#include <fmt/format.h>

#include "epb/core/suggest.hpp"

#include <algorithm>
#include <charconv>

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

CLI::Validator one_of(std::string option, std::vector<std::string> values) {
  std::string list;
  for (const auto& value : values)
    list += (list.empty() ? "" : "|") + value;
  return CLI::Validator(
      [option, values](std::string& text) -> std::string {
        if (std::find(values.begin(), values.end(), text) != values.end()) return {};
        throw ProblemError(Problem{Fault::invalid, option, unknown_value_message(text, values)});
      },
      list);
}

std::string unknown_value_message(std::string_view value, const std::vector<std::string>& known,
                                  std::string_view kind) {
  std::string list;
  for (const auto& name : known)
    list += (list.empty() ? "" : ", ") + name;
  const auto close = closest_name(value, known);
  return fmt::format("{} '{}'{} ({}: {})", kind.empty() ? "unknown value" : fmt::format("unknown {}", kind), value,
                     close ? fmt::format(", did you mean '{}'?", *close) : std::string(),
                     kind.empty() ? "one of" : "known", list);
}

CLI::Validator whole_number(std::string option, std::int64_t min, std::int64_t max) {
  // Without an upper limit of its own an option only has its type's; the message says so.
  const bool bounded = max < std::numeric_limits<std::int32_t>::max();
  return CLI::Validator(
      [option, min, max, bounded](std::string& text) -> std::string {
        const auto fail = [&](std::string why) { throw ProblemError(Problem{Fault::invalid, option, std::move(why)}); };
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || end != text.data() + text.size() ||
            (ec != std::errc() && ec != std::errc::result_out_of_range))
          fail(fmt::format("'{}' is not a whole number", text));
        const bool negative = text[0] == '-';
        if (ec == std::errc::result_out_of_range ? negative : value < min)
          fail(bounded ? fmt::format("must be from {} to {}", min, max) : fmt::format("must be at least {}", min));
        if (ec == std::errc::result_out_of_range || value > max)
          fail(bounded ? fmt::format("must be from {} to {}", min, max) : fmt::format("'{}' is too large", text));
        return {};
      },
      bounded ? fmt::format("{}..{}", min, max) : fmt::format(">={}", min));
}

} // namespace epb::cli
