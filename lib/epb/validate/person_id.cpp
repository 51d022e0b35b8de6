#include "epb/validate/person_id.hpp"

#include "epb/core/text.hpp"

#include <array>

namespace epb {
namespace {

constexpr std::size_t k_id_length = 10;
constexpr std::array<int, 11> k_weights{1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1};

// The letter values are not alphabetical: I, O, W, X, Y, Z were added after the
// original 20 prefectures were numbered, so they got the values left over.
constexpr std::array<int, 26> k_letter_values{10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,  // A-M
                                              22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33}; // N-Z

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
int letter_value(char c) { return k_letter_values[static_cast<std::size_t>(c - 'A')]; }
int digit_value(char c) { return c - '0'; }

std::string normalise(std::string_view text) {
  std::string out(trim(text));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool digits_from(const std::string& id, std::size_t first) {
  for (std::size_t i = first; i < id.size(); ++i)
    if (!is_digit(id[i])) return false;
  return true;
}

// `second` is the digit that takes weight 8: the gender digit, or for the old
// resident format the units digit of the second letter's value.
bool checksum_ok(const std::string& id, int second) {
  const int first = letter_value(id[0]);
  std::array<int, 11> digits{first / 10, first % 10, second};
  for (std::size_t i = 2; i < k_id_length; ++i)
    digits[i + 1] = digit_value(id[i]);
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i)
    sum += digits[i] * k_weights[i];
  return sum % 10 == 0;
}

std::string national_what(const std::string& id) { return "national id '" + id + "'"; }
std::string resident_what(const std::string& id) { return "resident certificate '" + id + "'"; }

} // namespace

Result<std::string> validate_national_id(std::string_view text) {
  std::string id = normalise(text);
  const std::string what = national_what(id);
  if (id.size() != k_id_length || !is_upper(id[0]) || !digits_from(id, 1))
    return invalid(what, "expected a letter and 9 digits");
  if (id[1] != '1' && id[1] != '2')
    return invalid(what, "second digit must be 1 or 2 (or 8/9 for a resident certificate)");
  if (!checksum_ok(id, digit_value(id[1]))) return invalid(what, "checksum does not match");
  return id;
}

Result<std::string> validate_resident_id(std::string_view text) {
  std::string id = normalise(text);
  const std::string what = resident_what(id);
  if (id.size() != k_id_length || !is_upper(id[0]) || !digits_from(id, 2))
    return invalid(what, "expected a letter, 8, 9 or A-D, then 8 digits");
  int second = 0;
  if (id[1] == '8' || id[1] == '9')
    second = digit_value(id[1]);
  else if (id[1] >= 'A' && id[1] <= 'D')
    second = letter_value(id[1]) % 10;
  else
    return invalid(what, "second character must be 8, 9 or A-D");
  if (!checksum_ok(id, second)) return invalid(what, "checksum does not match");
  return id;
}

Result<std::string> validate_person_id(std::string_view text) {
  const std::string id = normalise(text);
  if (id.size() >= 2) {
    const char second = id[1];
    if (second == '8' || second == '9' || (second >= 'A' && second <= 'D')) return validate_resident_id(id);
    if (is_upper(second)) return invalid("person id '" + id + "'", "second character must be 1, 2, 8, 9 or A-D");
  }
  // Everything else is most likely a mistyped national ID, so say what that needs.
  return validate_national_id(id);
}

} // namespace epb
