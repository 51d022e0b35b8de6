// Stored dates read back (stored_date.hpp).
#include "epb/ledger/stored_date.hpp"

#include "epb/core/error.hpp"

#include <fmt/format.h>

namespace epb {

Date stored_date(std::string_view text, std::string_view column) {
  const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  const auto number = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i)
      v = v * 10 + (text[i] - '0');
    return v;
  };
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' && digit(0) && digit(1) && digit(2) &&
                      digit(3) && digit(5) && digit(6) && digit(8) && digit(9);
  if (shaped)
    if (auto date = Date::from_ymd(number(0, 4), number(5, 2), number(8, 2))) return *date;
  throw Error(fmt::format("ledger column {}: bad date '{}'; run 'epb db check'", column, text));
}

} // namespace epb
