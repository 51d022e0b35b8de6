// ISO and ROC dates, instants and periods as forms, files and --options write them.
#include "fuzz_support.hpp"

#include "epb/time/date.hpp"
#include "epb/time/period.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = epb::fuzz::text_of(data, size);
  if (auto date = epb::parse_date(text)) {
    // A date that parses prints as ISO and ROC, and both read back as the same day.
    const auto iso = epb::parse_date(date->iso());
    if (!iso || *iso != *date) epb::fuzz::broken();
    if (date->year() > 1911 && date->year() - 1911 <= 999) { // ROC years have 1 to 3 digits
      const auto roc = epb::parse_date(date->roc());
      if (!roc || *roc != *date) epb::fuzz::broken();
    }
  }
  if (auto instant = epb::parse_instant(text)) {
    const auto iso = epb::parse_instant(instant->iso());
    if (!iso || *iso != *instant) epb::fuzz::broken();
  }
  if (auto period = epb::parse_period(text)) {
    if (period->to < period->from) epb::fuzz::broken();
    const auto again = epb::parse_period(period->text());
    if (!again || *again != *period) epb::fuzz::broken();
  }
  if (auto month = epb::parse_month(text))
    if (month->to < month->from || month->from.day() != 1) epb::fuzz::broken();
  (void)epb::parse_year(text);
  return 0;
}
