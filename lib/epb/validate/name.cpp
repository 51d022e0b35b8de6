#include "epb/validate/name.hpp"

#include <algorithm>

namespace epb {
namespace {

constexpr std::string_view k_district = "區";

} // namespace

std::string district_of(std::string_view address) {
  const auto district = address.find(k_district);
  if (district == std::string_view::npos) return {};
  std::string_view head = address.substr(0, district + k_district.size());
  std::size_t start = 0;
  for (std::string_view marker : {std::string_view("市"), std::string_view("縣")})
    if (const auto at = head.substr(0, district).rfind(marker); at != std::string_view::npos)
      start = std::max(start, at + marker.size());
  head.remove_prefix(start);
  // What is left may still start with a postcode or spaces (802 苓雅區).
  const auto name = head.find_first_not_of(" \t0123456789");
  return std::string(head.substr(name));
}

} // namespace epb
