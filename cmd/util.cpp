#include "commands.hpp"

namespace epb::cli {

Date parse_date_option(std::string_view option, std::string_view value) {
  auto date = parse_date(value);
  if (!date) date.error().what = std::string(option) + ": " + date.error().what;
  return value_or_throw(std::move(date));
}

} // namespace epb::cli
