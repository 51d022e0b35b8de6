#include "epb/time/date.hpp"

#include "epb/core/text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <vector>

namespace epb {
namespace {

// Howard Hinnant's civil calendar algorithms (public domain description), proleptic Gregorian.
std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int year, month, day;
};

Civil civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

// Splits on any of the given single-byte separators or the UTF-8 年/月/日 markers.
std::vector<std::string_view> split_date_parts(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    if (end > start) parts.push_back(text.substr(start, end - start));
  };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '-' || c == '/' || c == '.') {
      flush(i);
      start = ++i;
    } else if (text.substr(i, 3) == "年" || text.substr(i, 3) == "月" || text.substr(i, 3) == "日") {
      flush(i);
      i += 3;
      start = i;
    } else {
      ++i;
    }
  }
  flush(text.size());
  return parts;
}

Result<Date> date_from_parts(int year, int month, int day, bool roc, std::string_view text) {
  if (roc) year += 1911;
  if (auto date = Date::from_ymd(year, month, day)) return *date;
  return invalid(fmt::format("date '{}'", text), "no such day");
}

// Hand-formatted: dates and instants are written for every row of an import.
void put_digits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10)
    out[i] = static_cast<char>('0' + value % 10);
}

} // namespace

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1 || year > 9999) return std::nullopt;
  const Date date(days_from_civil(year, month, day));
  if (date.month() != month) return std::nullopt; // rolled into the next month: no such day
  return date;
}

int Date::year() const { return civil_from_days(m_days).year; }
int Date::month() const { return civil_from_days(m_days).month; }
int Date::day() const { return civil_from_days(m_days).day; }
// 1970-01-01 was a Thursday (4).
int Date::weekday() const { return ((m_days % 7) + 11) % 7; }

std::string Date::iso() const {
  const auto c = civil_from_days(m_days);
  std::string out = "0000-00-00";
  put_digits(out.data(), c.year, 4);
  put_digits(out.data() + 5, c.month, 2);
  put_digits(out.data() + 8, c.day, 2);
  return out;
}

std::string Date::roc() const {
  const auto c = civil_from_days(m_days);
  return fmt::format("{:03}/{:02}/{:02}", c.year - 1911, c.month, c.day);
}

std::string format_date(Date date, DateStyle style) { return style == DateStyle::roc ? date.roc() : date.iso(); }

Result<Date> parse_date(std::string_view text) {
  std::string_view s = trim(text);
  if (s.substr(0, 6) == "民國") s = trim(s.substr(6));
  if (is_digits(s)) {
    // Compact forms: 20180331 (Gregorian) or 1070331 / 990331 (ROC).
    if (s.size() == 8)
      return date_from_parts(to_int(s.substr(0, 4)), to_int(s.substr(4, 2)), to_int(s.substr(6, 2)), false, text);
    if (s.size() == 7 || s.size() == 6) {
      const auto ys = s.size() - 4;
      return date_from_parts(to_int(s.substr(0, ys)), to_int(s.substr(ys, 2)), to_int(s.substr(ys + 2, 2)), true, text);
    }
    return invalid(fmt::format("date '{}'", text), "expected YYYY-MM-DD or an ROC date such as 107/03/31");
  }
  const auto parts = split_date_parts(s);
  if (parts.size() != 3 || !is_digits(parts[0]) || !is_digits(parts[1]) || !is_digits(parts[2]) ||
      parts[1].size() > 2 || parts[2].size() > 2 || parts[0].size() > 4)
    return invalid(fmt::format("date '{}'", text), "expected YYYY-MM-DD or an ROC date such as 107/03/31");
  // A four-digit first part is a Gregorian year; one to three digits an ROC year.
  const bool roc = parts[0].size() <= 3;
  return date_from_parts(to_int(parts[0]), to_int(parts[1]), to_int(parts[2]), roc, text);
}

Date Instant::taipei_date() const {
  const std::int64_t local = m_seconds + k_taipei_offset;
  const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  return Date(static_cast<std::int32_t>(days));
}

int Instant::taipei_seconds_of_day() const {
  const std::int64_t local = m_seconds + k_taipei_offset;
  return static_cast<int>(((local % 86400) + 86400) % 86400);
}

std::string Instant::iso() const {
  const int sod = taipei_seconds_of_day();
  return fmt::format("{}T{:02}:{:02}:{:02}+08:00", taipei_date().iso(), sod / 3600, sod / 60 % 60, sod % 60);
}

std::string Instant::utc() const {
  const std::int64_t days = m_seconds >= 0 ? m_seconds / 86400 : (m_seconds - 86399) / 86400;
  const int sod = static_cast<int>(m_seconds - days * 86400);
  std::string out = Date(static_cast<std::int32_t>(days)).iso() + "T00:00:00Z";
  put_digits(out.data() + 11, sod / 3600, 2);
  put_digits(out.data() + 14, sod / 60 % 60, 2);
  put_digits(out.data() + 17, sod % 60, 2);
  return out;
}

namespace {

Result<Instant> parse_instant_unchecked(std::string_view text) {
  std::string_view s = trim(text);
  // The date ends at 'T' or the first space.
  std::size_t cut = s.find_first_of("T ");
  const auto date = parse_date(s.substr(0, cut));
  if (!date) return std::unexpected(date.error());
  if (cut == std::string_view::npos) return Instant::taipei_midnight(*date);
  std::string_view rest = trim(s.substr(cut + 1));
  std::int64_t offset = Instant::k_taipei_offset;
  if (!rest.empty() && (rest.back() == 'Z' || rest.back() == 'z')) {
    offset = 0;
    rest.remove_suffix(1);
  } else if (rest.size() > 6 && (rest[rest.size() - 6] == '+' || rest[rest.size() - 6] == '-') &&
             rest[rest.size() - 3] == ':') {
    const auto zone = rest.substr(rest.size() - 6);
    if (!is_digits(zone.substr(1, 2)) || !is_digits(zone.substr(4, 2)))
      return invalid(fmt::format("time '{}'", text), "bad zone offset");
    const int hours = to_int(zone.substr(1, 2));
    const int minutes = to_int(zone.substr(4, 2));
    // Real zones run from UTC-12:00 to UTC+14:00; anything else is a typo that would shift the time.
    const int total = (hours * 60 + minutes) * (zone[0] == '-' ? -1 : 1);
    if (minutes > 59 || total < -12 * 60 || total > 14 * 60)
      return invalid(fmt::format("time '{}'", text),
                     fmt::format("zone offset '{}' is impossible (from -12:00 to +14:00, minutes 00 to 59)", zone));
    offset = std::int64_t{total} * 60;
    rest.remove_suffix(6);
  }
  int fields[3] = {0, 0, 0};
  int count = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= rest.size(); ++i) {
    if (i == rest.size() || rest[i] == ':') {
      const auto piece = rest.substr(start, i - start);
      if (count == 3 || piece.size() != 2 || !is_digits(piece))
        return invalid(fmt::format("time '{}'", text), "expected HH:MM or HH:MM:SS");
      fields[count++] = to_int(piece);
      start = i + 1;
    }
  }
  if (count < 2 || fields[0] > 23 || fields[1] > 59 || fields[2] > 59)
    return invalid(fmt::format("time '{}'", text), "expected HH:MM or HH:MM:SS");
  const std::int64_t local = std::int64_t{date->days()} * 86400 + fields[0] * 3600 + fields[1] * 60 + fields[2];
  return Instant(local - offset);
}

} // namespace

Result<Instant> parse_instant(std::string_view text) {
  const auto instant = parse_instant_unchecked(text);
  if (!instant) return instant;
  // A zone (or Taipei's own, for the ledger's UTC form) can move the first or the last day past
  // the years a date is written in, 0001 to 9999: the instant would print as another day.
  const auto seconds = instant->unix_seconds();
  const Date utc_day(static_cast<std::int32_t>(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400));
  for (const Date day : {instant->taipei_date(), utc_day})
    if (day.year() < 1 || day.year() > 9999)
      return invalid(fmt::format("time '{}'", text), "falls outside the years 0001 to 9999");
  return instant;
}

Instant system_now() {
  const auto now = std::chrono::system_clock::now();
  return Instant(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

} // namespace epb
