#include "epb/validate/plate.hpp"

#include "epb/core/text.hpp"

#include <algorithm>

namespace epb {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_upper(std::string_view s) { return std::ranges::all_of(s, is_upper); }
bool all_digits(std::string_view s) { return std::ranges::all_of(s, is_digit); }

// Whether `head`-`tail` is one of the accepted forms.
bool is_plate(std::string_view head, std::string_view tail) {
  if (head.size() == 3 && tail.size() == 4) return all_upper(head) && all_digits(tail);
  if (head.size() == 3 && tail.size() == 3)
    return std::ranges::all_of(head, [](char c) { return is_upper(c) || is_digit(c); }) &&
           std::ranges::any_of(head, is_upper) && all_digits(tail);
  if (head.size() == 2 && tail.size() == 3) return all_upper(head) && all_digits(tail);
  return false;
}

} // namespace

Result<std::string> validate_motorcycle_plate(std::string_view text) {
  const std::string_view trimmed = trim(text);
  std::string plate(trimmed);
  for (char& c : plate)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  const std::string what = "plate '" + std::string(trimmed) + "'";

  std::string head;
  std::string tail;
  if (const auto hyphen = plate.find('-'); hyphen != std::string::npos) {
    head = plate.substr(0, hyphen);
    tail = plate.substr(hyphen + 1);
  } else {
    // Without the hyphen the length decides where it goes; every form has a
    // 2-3 character head, and only the 5-character form has a 2-character one.
    const std::size_t head_size = plate.size() == 5 ? 2 : 3;
    if (plate.size() >= head_size) {
      head = plate.substr(0, head_size);
      tail = plate.substr(head_size);
    }
  }
  if (!is_plate(head, tail)) return invalid(what, "expected a plate like ABC-1234, ABC-123 or AB-123");
  return head + "-" + tail;
}

bool is_electric_plate(std::string_view normalised) {
  return normalised.size() == 8 && normalised[0] == 'E' && normalised[3] == '-' &&
         is_plate(normalised.substr(0, 3), normalised.substr(4));
}

} // namespace epb
