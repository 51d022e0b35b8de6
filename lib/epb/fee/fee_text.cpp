// How fee amounts and units are shown to people (fee.hpp).
#include "epb/fee/fee.hpp"

#include <fmt/format.h>

namespace epb {

std::string format_ntd(std::int64_t amount) {
  // The magnitude as unsigned: -INT64_MIN does not fit in int64.
  const std::uint64_t magnitude =
      amount < 0 ? static_cast<std::uint64_t>(-(amount + 1)) + 1 : static_cast<std::uint64_t>(amount);
  const std::string digits = fmt::format("{}", magnitude);
  std::string out = amount < 0 ? "-NT$" : "NT$";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string_view fee_basis_unit(FeeBasis basis) {
  switch (basis) {
  case FeeBasis::m2: return "m²";
  case FeeBasis::ha: return "ha";
  case FeeBasis::m3: return "m³";
  case FeeBasis::ntd: return "NT$";
  }
  return "";
}

} // namespace epb
