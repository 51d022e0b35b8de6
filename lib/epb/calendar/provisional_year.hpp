#pragma once
// A provisional office-calendar year: what the statutory rules (紀念日及節日實施條例, DOMAIN.md §10)
// predict for a year the government has not published yet. No bridge days (調整放假) and no
// make-up Saturdays: those are discretionary and cannot be predicted.
#include "epb/calendar/office_calendar.hpp"
#include "epb/time/date.hpp"

#include <vector>

namespace epb {

// The years provisional calendars can be built for (and calendar files may name).
constexpr int k_first_calendar_year = 1990;
constexpr int k_last_calendar_year = 2100;

// The day in April of 清明 (民族掃墓節): ⌊Y×0.2422 + 4.81⌋ − ⌊Y/4⌋, Y = year − 2000, in integers.
int qingming_day(int year);

// The Gregorian date of a day of the lunar (Chinese) calendar, in lunar year `year` (the one
// whose 初一 falls in Gregorian `year`), month 1–12 (never a leap month), day 1–30.
// ICU computes it for UTC+8; the override table (ICU 72.1's known errors) wins over ICU.
Date lunar_to_gregorian(int year, int month, int day);

// The weekdays off of `year` (k_first_calendar_year..k_last_calendar_year) by the rules: fixed
// memorial days, lunar festivals, 清明 and 兒童節, and 補假 for those on a weekend, plus 12/31
// when the next 1/1 is a Saturday. Sorted by date; every entry is a holiday (working = false).
// Built once per year and kept: the rules never change within a run.
const std::vector<CalendarException>& provisional_year(int year);

} // namespace epb
