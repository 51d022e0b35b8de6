// The office calendar importer (`calendar import`): epb's own CSV or the government's
// day-by-day file, UTF-8 or Big5.
#include "fuzz_support.hpp"

#include "epb/calendar/office_calendar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto calendar = epb::OfficeCalendar::from_csv(epb::fuzz::text_of(data, size), "fuzz.csv");
  if (!calendar) {
    if (calendar.error().message().empty()) epb::fuzz::broken();
    return 0;
  }
  // Every day of every year it publishes has a kind, and merging it into the built-in works.
  for (const int year : calendar->years()) {
    auto first = epb::Date::from_ymd(year, 1, 1);
    if (!first) epb::fuzz::broken();
    for (int day = 0; day < 366; day += 7)
      if (!calendar->day(*first + day) && (*first + day).year() == year) epb::fuzz::broken();
  }
  epb::OfficeCalendar merged = epb::OfficeCalendar::builtin();
  merged.merge_years(*calendar);
  (void)merged.version();
  return 0;
}
