// Reading office-calendar files: epb's own `date,kind,name` CSV and the government's
// day-by-day yearly CSV. Every problem names FILE:LINE; nothing half-read is ever returned.
#include "epb/calendar/office_calendar.hpp"
#include "epb/calendar/provisional_year.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace epb {
namespace {

Problem at_line(std::string_view source, std::size_t line, std::string why) {
  return Problem{Fault::invalid, fmt::format("{}:{}", source, line), std::move(why)};
}

// Raw lines split at '\n' (no multi-byte sequence of UTF-8 or Big5 contains that byte).
std::vector<std::string_view> raw_lines(std::string_view bytes) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < bytes.size()) {
    const std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(bytes.substr(start));
      break;
    }
    lines.push_back(bytes.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// UTF-8 (with or without a BOM) or Big5, as the government publishes both. A byte that is
// neither is reported on its line.
Result<std::string> decode(std::string_view bytes, std::string_view source) {
  const bool bom = starts_with_bom(bytes);
  const std::string_view body = bom ? strip_bom(bytes) : bytes;
  if (is_valid_utf8(body)) return std::string(body);
  const auto lines = raw_lines(body);
  if (!bom) {
    if (auto converted = big5_to_utf8(body)) return converted;
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (!is_valid_utf8(lines[i]) && !big5_to_utf8(lines[i]))
        return std::unexpected(at_line(source, i + 1, "invalid bytes: neither UTF-8 nor Big5 text"));
    // Each line alone is one or the other: the file mixes them.
    return std::unexpected(at_line(source, 1, "invalid bytes: the file mixes UTF-8 and Big5 lines"));
  }
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (!is_valid_utf8(lines[i]))
      return std::unexpected(at_line(source, i + 1, "invalid UTF-8 (the file starts with a UTF-8 byte-order mark)"));
  return std::string(body);
}

// An odd number of quotes leaves a field open: a record split over lines is not a calendar row.
bool unterminated_quote(std::string_view line) { return std::count(line.begin(), line.end(), '"') % 2 != 0; }

Result<int> year_in_range(Date date, std::string_view source, std::size_t line) {
  if (date.year() < k_first_calendar_year || date.year() > k_last_calendar_year)
    return std::unexpected(
        at_line(source, line,
                fmt::format("year {} is outside {}–{}", date.year(), k_first_calendar_year, k_last_calendar_year)));
  return date.year();
}

// 星期: 一…日, also written 星期一 or 週一.
std::optional<int> parse_weekday(std::string_view text) {
  static constexpr std::array<std::string_view, 7> k_days = {"日", "一", "二", "三", "四", "五", "六"};
  if (text.starts_with("星期")) text.remove_prefix(std::string_view("星期").size());
  if (text.starts_with("週")) text.remove_prefix(std::string_view("週").size());
  if (text == "天") return 0;
  for (std::size_t i = 0; i < k_days.size(); ++i)
    if (text == k_days[i]) return static_cast<int>(i);
  return std::nullopt;
}

int days_in_year(int year) { return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 366 : 365; }

} // namespace

struct CalendarFileReader {
  std::string_view source;
  OfficeCalendar calendar;
  std::map<Date, std::size_t> seen; // date → line, for duplicates
  std::set<int> secondary;

  Result<void> once(Date date, std::size_t line) {
    auto [slot, added] = seen.try_emplace(date, line);
    if (!added)
      return std::unexpected(
          at_line(source, line, fmt::format("{} is listed twice (first on line {})", date.iso(), slot->second)));
    return {};
  }

  Result<Date> date_field(std::string_view text, std::size_t line) {
    auto date = parse_date(trim(text));
    if (!date) return std::unexpected(at_line(source, line, date.error().message()));
    if (auto year = year_in_range(*date, source, line); !year) return std::unexpected(year.error());
    if (auto unique = once(*date, line); !unique) return std::unexpected(unique.error());
    return *date;
  }

  // "# secondary-copy: 2027" in epb's format marks years copied from a secondary source.
  Result<void> directive(std::string_view line, std::size_t number) {
    constexpr std::string_view k_secondary = "# secondary-copy:";
    if (!line.starts_with(k_secondary)) return {};
    for (const auto& field : split_csv_line(line.substr(k_secondary.size()))) {
      const auto text = trim(field);
      int year = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
      if (ec != std::errc() || ptr != text.data() + text.size() || year < k_first_calendar_year ||
          year > k_last_calendar_year)
        return std::unexpected(at_line(source, number, fmt::format("secondary-copy: '{}' is not a year", text)));
      secondary.insert(year);
    }
    return {};
  }

  Result<void> read_epb(const std::vector<std::string_view>& lines) {
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const std::size_t n = i + 1;
      if (trim(lines[i]).empty()) continue;
      if (lines[i].front() == '#') {
        if (auto read = directive(lines[i], n); !read) return read;
        continue;
      }
      if (unterminated_quote(lines[i])) return std::unexpected(at_line(source, n, "unterminated quote"));
      const auto fields = split_csv_line(lines[i]);
      if (fields.size() != 3)
        return std::unexpected(
            at_line(source, n, fmt::format("expected date,kind,name, not {} fields", fields.size())));
      auto date = date_field(fields[0], n);
      if (!date) return std::unexpected(date.error());
      const auto kind = trim(fields[1]);
      if (kind != "holiday" && kind != "workday")
        return std::unexpected(at_line(source, n, fmt::format("kind must be holiday or workday, not '{}'", kind)));
      if (kind == "holiday" && date->is_weekend())
        return std::unexpected(at_line(source, n, fmt::format("{} is a weekend day already", date->iso())));
      if (kind == "workday" && !date->is_weekend())
        return std::unexpected(at_line(source, n, fmt::format("{} is a weekday, a working day already", date->iso())));
      const auto name = trim(fields[2]);
      if (name.empty()) return std::unexpected(at_line(source, n, "the name is empty"));
      if (auto bad = text_violation(TextKind::name, name)) return std::unexpected(at_line(source, n, "name: " + *bad));
      calendar.m_years.insert(date->year());
      calendar.m_exceptions[*date] = {*date, kind == "workday", std::string(name)};
    }
    return {};
  }

  // The government's file lists every day of the year; keep only the exceptions to Mon–Fri.
  Result<void> read_government(const std::vector<std::string_view>& lines) {
    std::map<int, std::size_t> last_line; // year → its last row's line
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const std::size_t n = i + 1;
      if (trim(lines[i]).empty()) continue;
      if (unterminated_quote(lines[i])) return std::unexpected(at_line(source, n, "unterminated quote"));
      const auto fields = split_csv_line(lines[i]);
      if (fields.size() < 3 || fields.size() > 4)
        return std::unexpected(
            at_line(source, n, fmt::format("expected 西元日期,星期,是否放假,備註, not {} fields", fields.size())));
      auto date = date_field(fields[0], n);
      if (!date) return std::unexpected(date.error());
      const auto weekday_text = trim(fields[1]);
      const auto weekday = parse_weekday(weekday_text);
      if (!weekday)
        return std::unexpected(at_line(source, n, fmt::format("星期 must be 一 to 日, not '{}'", weekday_text)));
      if (*weekday != date->weekday())
        return std::unexpected(at_line(
            source, n,
            fmt::format("{} is a 星期{}, not {}", date->iso(),
                        std::array{"日", "一", "二", "三", "四", "五", "六"}[static_cast<std::size_t>(date->weekday())],
                        weekday_text)));
      const auto flag = trim(fields[2]);
      if (flag != "0" && flag != "2")
        return std::unexpected(at_line(source, n, fmt::format("是否放假 must be 0 or 2, not '{}'", flag)));
      const bool off = flag == "2";
      const std::string name = fields.size() > 3 ? std::string(trim(fields[3])) : std::string();
      if (auto bad = text_violation(TextKind::name, name)) return std::unexpected(at_line(source, n, "備註: " + *bad));
      calendar.m_years.insert(date->year());
      last_line[date->year()] = n;
      if (off && !date->is_weekend())
        calendar.m_exceptions[*date] = {*date, false, name.empty() ? "放假" : name};
      else if (!off && date->is_weekend())
        calendar.m_exceptions[*date] = {*date, true, name.empty() ? "補行上班" : name};
    }
    // Each year it names, day by day: a short file is not a year without holidays.
    for (const auto& [year, line] : last_line) {
      Date day = *Date::from_ymd(year, 1, 1);
      int rows = 0;
      std::optional<Date> missing;
      for (int k = 0; k < days_in_year(year); ++k, ++day) {
        if (seen.contains(day))
          ++rows;
        else if (!missing)
          missing = day;
      }
      if (missing)
        return std::unexpected(
            at_line(source, line,
                    fmt::format("year {} has {} of its {} days: no row for {} (the government's file lists every "
                                "day of the year)",
                                year, rows, days_in_year(year), missing->iso())));
    }
    calendar.m_day_by_day = true;
    return {};
  }
};

Result<OfficeCalendar> OfficeCalendar::from_csv(std::string_view text, std::string_view source) {
  const auto decoded = decode(text, source);
  if (!decoded) return std::unexpected(decoded.error());
  const auto lines = split_lines(*decoded);
  if (lines.empty() || (lines.size() == 1 && trim(lines[0]).empty()))
    return invalid(std::string(source), "empty calendar file");
  const auto header = split_csv_line(lines[0]);
  CalendarFileReader reader{source, {}, {}, {}};
  Result<void> read;
  if (!header.empty() && trim(header[0]) == "date")
    read = reader.read_epb(lines);
  else if (!header.empty() && trim(header[0]) == "西元日期")
    read = reader.read_government(lines);
  else
    return std::unexpected(
        at_line(source, 1, "unknown header: expected 'date,kind,name' or '西元日期,星期,是否放假,備註'"));
  if (!read) return std::unexpected(read.error());
  OfficeCalendar& calendar = reader.calendar;
  if (calendar.m_years.empty()) return invalid(std::string(source), "no days in the calendar file");
  for (int year : calendar.m_years) {
    calendar.m_sources[year] = std::string(source);
    if (reader.secondary.contains(year)) {
      calendar.m_secondary.insert(year);
      calendar.m_sources[year] += ", from a secondary copy of the official calendar";
    }
  }
  return std::move(calendar);
}

} // namespace epb
