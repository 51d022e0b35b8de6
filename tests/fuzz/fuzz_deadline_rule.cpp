// Deadline rules of the SOPs ("3 workdays", "30 days", "24 hours"), and the due date each
// gives from a fixed start on the built-in office calendar.
#include "fuzz_support.hpp"

#include "epb/calendar/deadline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto rule = epb::parse_deadline_rule(epb::fuzz::text_of(data, size));
  if (!rule) return 0;
  // The canonical text reads back as the same rule.
  const auto again = epb::parse_deadline_rule(rule->text());
  if (!again || *again != *rule) epb::fuzz::broken();
  const auto start = epb::Instant::taipei_midnight(*epb::Date::from_ymd(2023, 1, 19)) + 9 * 3600;
  if (auto deadline = epb::compute_deadline(epb::OfficeCalendar::builtin(), start, *rule))
    if (deadline->due_at < start) epb::fuzz::broken();
  return 0;
}
