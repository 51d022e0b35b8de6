// The words of a sample's definition: methods, strata fields, rates, stratum names and frame
// lines. The draw itself is in sample_draw.cpp.
#include "epb/survey/sample.hpp"

#include "epb/core/suggest.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <numeric>

namespace epb {

namespace {

constexpr std::array<StratumField, 3> k_stratum_fields = {StratumField::unit, StratumField::district,
                                                          StratumField::service};

// The largest denominator a rate may have: past it a "rate" is a typo, not a sampling plan,
// and num * frame stays far inside 64 bits.
constexpr std::uint64_t k_max_rate_denominator = 1'000'000;
// Digits read from either side of a rate; more could not give a denominator in range anyway.
constexpr std::size_t k_max_rate_digits = 15;

const std::string_view k_rate_shape = "expected a fraction such as 1/10 or a percentage such as 10% or 12.5%";

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

std::uint64_t digits_value(std::string_view text) { // all_digits, at most k_max_rate_digits
  std::uint64_t value = 0;
  for (char c : text)
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  return value;
}

// num / den from the two integers, reduced, checked against (0, 1] and the denominator limit.
Result<SurveyRate> reduced_rate(std::string_view text, std::uint64_t num, std::uint64_t den) {
  if (den == 0) return invalid("--rate", fmt::format("'{}' divides by 0", text));
  if (num == 0) return invalid("--rate", fmt::format("'{}' is 0: a rate must be more than 0 and at most 1", text));
  if (num > den)
    return invalid("--rate", fmt::format("'{}' is more than 1: a rate must be more than 0 and at most 1", text));
  const std::uint64_t common = std::gcd(num, den);
  num /= common;
  den /= common;
  if (den > k_max_rate_denominator)
    return invalid(
        "--rate", fmt::format("'{}' is 1 in more than {}: the denominator is too large", text, k_max_rate_denominator));
  return SurveyRate{static_cast<int>(num), static_cast<int>(den)};
}

Result<SurveyRate> parse_percentage(std::string_view text, std::string_view number) {
  const std::size_t dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
  if (!all_digits(whole) || (dot != std::string_view::npos && !all_digits(fraction)))
    return invalid("--rate", fmt::format("'{}': {}", text, k_rate_shape));
  if (whole.size() + fraction.size() > k_max_rate_digits)
    return invalid("--rate", fmt::format("'{}' has too many digits", text));
  std::uint64_t den = 100;
  for (std::size_t i = 0; i < fraction.size(); ++i)
    den *= 10;
  return reduced_rate(text, digits_value(whole) * (den / 100) + digits_value(fraction), den);
}

} // namespace

std::string_view sample_method_name(SampleMethod method) {
  return method == SampleMethod::simple ? "simple" : "systematic";
}

std::optional<SampleMethod> parse_sample_method(std::string_view name) {
  if (name == "systematic") return SampleMethod::systematic;
  if (name == "simple") return SampleMethod::simple;
  return std::nullopt;
}

std::string_view stratum_field_name(StratumField field) {
  switch (field) {
  case StratumField::unit: return "unit";
  case StratumField::district: return "district";
  case StratumField::service: return "service";
  }
  return "unit";
}

Result<std::vector<StratumField>> parse_strata(std::string_view text) {
  std::vector<StratumField> fields;
  if (text.empty()) return fields; // one stratum: strata_text() of no fields reads back
  std::vector<std::string> names;
  for (StratumField field : k_stratum_fields)
    names.emplace_back(stratum_field_name(field));
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string_view name = text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    if (name.empty()) return invalid("--strata", fmt::format("'{}' has an empty field", text));
    std::optional<StratumField> found;
    for (StratumField field : k_stratum_fields)
      if (stratum_field_name(field) == name) found = field;
    if (!found)
      return invalid("--strata",
                     fmt::format("'{}' is not unit, district or service{}", name, did_you_mean(name, names)));
    for (StratumField seen : fields)
      if (seen == *found) return invalid("--strata", fmt::format("'{}' is given twice", name));
    fields.push_back(*found);
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

std::string strata_text(const std::vector<StratumField>& fields) {
  std::string text;
  for (StratumField field : fields) {
    if (!text.empty()) text += ',';
    text += stratum_field_name(field);
  }
  return text;
}

Result<SurveyRate> parse_survey_rate(std::string_view text) {
  if (text.empty()) return invalid("--rate", std::string(k_rate_shape));
  if (text.front() == '-')
    return invalid("--rate", fmt::format("'{}' is negative: a rate must be more than 0 and at most 1", text));
  if (text.back() == '%') return parse_percentage(text, text.substr(0, text.size() - 1));
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return invalid("--rate", fmt::format("'{}': {}", text, k_rate_shape));
  const std::string_view num = text.substr(0, slash);
  const std::string_view den = text.substr(slash + 1);
  if (!all_digits(num) || !all_digits(den)) return invalid("--rate", fmt::format("'{}': {}", text, k_rate_shape));
  if (num.size() > k_max_rate_digits || den.size() > k_max_rate_digits)
    return invalid("--rate", fmt::format("'{}' has too many digits", text));
  return reduced_rate(text, digits_value(num), digits_value(den));
}

std::string_view stratum_field_value(StratumField field, const FrameRow& row) {
  switch (field) {
  case StratumField::unit: return row.unit;
  case StratumField::district: return row.district;
  case StratumField::service: return row.service;
  }
  return row.unit;
}

std::string stratum_name(const std::vector<StratumField>& strata, const FrameRow& row) {
  std::string name;
  for (StratumField field : strata) {
    if (!name.empty()) name += '|';
    name += stratum_field_name(field);
    name += '=';
    name += stratum_field_value(field, row);
  }
  return name;
}

std::string frame_line(const FrameRow& row) {
  std::string line;
  append_frame_line(line, row);
  return line;
}

void append_frame_line(std::string& out, const FrameRow& row) {
  for (const std::string* field : {&row.ref, &row.service, &row.unit, &row.district}) {
    out += *field;
    out += '\t';
  }
  out += row.closed.iso();
  out += '\n';
}

} // namespace epb
