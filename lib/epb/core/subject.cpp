#include "epb/core/subject.hpp"

#include <fmt/format.h>

namespace epb::subject {
namespace {

constexpr std::string_view k_case = "case:";
constexpr std::string_view k_calendar = "calendar:";

} // namespace

std::string of_case(std::string_view ref) { return fmt::format("{}{}", k_case, ref); }

std::string calendar_day(Date day) { return fmt::format("{}{}", k_calendar, day.iso()); }

std::string calendar_year(int year) { return fmt::format("{}{}", k_calendar, year); }

std::string imports_of(std::string_view family) { return fmt::format("{}-import", family); }

std::string water_fee(std::string_view ubn, std::string_view period) {
  return fmt::format("water-fee:{}/{}", ubn, period);
}

std::string_view case_ref(std::string_view subject) {
  return subject.starts_with(k_case) ? subject.substr(k_case.size()) : std::string_view();
}

} // namespace epb::subject
