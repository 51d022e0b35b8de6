#include "epb/calendar/office_calendar.hpp"

#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"

#include <fmt/format.h>

namespace epb::embedded {
extern const std::string_view office_calendar_csv;
}

namespace epb {
namespace {

Problem csv_problem(std::string_view source, std::size_t line, std::string why) {
  return Problem{Fault::invalid, fmt::format("{}:{}", source, line), std::move(why)};
}

// The government's file lists every day of the year; keep only the exceptions to Mon–Fri.
Result<void> read_government_csv(const std::vector<std::string_view>& lines, std::string_view source,
                                 std::set<int>& years, std::map<Date, CalendarException>& exceptions) {
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    const auto fields = split_csv_line(lines[i]);
    if (fields.size() < 3) return std::unexpected(csv_problem(source, i + 1, "expected 西元日期,星期,是否放假,備註"));
    auto date = parse_date(trim(fields[0]));
    if (!date) return std::unexpected(csv_problem(source, i + 1, date.error().message()));
    const auto flag = trim(fields[2]);
    if (flag != "0" && flag != "2")
      return std::unexpected(csv_problem(source, i + 1, fmt::format("是否放假 must be 0 or 2, not '{}'", flag)));
    const bool off = flag == "2";
    const std::string name = fields.size() > 3 ? std::string(trim(fields[3])) : std::string();
    if (auto bad = text_violation(TextKind::name, name))
      return std::unexpected(csv_problem(source, i + 1, "備註: " + *bad));
    years.insert(date->year());
    if (off && !date->is_weekend())
      exceptions[*date] = {*date, false, name.empty() ? "放假" : name};
    else if (!off && date->is_weekend())
      exceptions[*date] = {*date, true, name.empty() ? "補行上班" : name};
  }
  return {};
}

Result<void> read_epb_csv(const std::vector<std::string_view>& lines, std::string_view source, std::set<int>& years,
                          std::map<Date, CalendarException>& exceptions) {
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (trim(lines[i]).empty() || lines[i].front() == '#') continue;
    const auto fields = split_csv_line(lines[i]);
    if (fields.size() != 3) return std::unexpected(csv_problem(source, i + 1, "expected date,kind,name"));
    auto date = parse_date(trim(fields[0]));
    if (!date) return std::unexpected(csv_problem(source, i + 1, date.error().message()));
    const auto kind = trim(fields[1]);
    if (kind != "holiday" && kind != "workday")
      return std::unexpected(
          csv_problem(source, i + 1, fmt::format("kind must be holiday or workday, not '{}'", kind)));
    if (kind == "holiday" && date->is_weekend())
      return std::unexpected(csv_problem(source, i + 1, fmt::format("{} is a weekend day already", date->iso())));
    if (kind == "workday" && !date->is_weekend())
      return std::unexpected(
          csv_problem(source, i + 1, fmt::format("{} is a weekday, a working day already", date->iso())));
    if (auto bad = text_violation(TextKind::name, trim(fields[2])))
      return std::unexpected(csv_problem(source, i + 1, "name: " + *bad));
    years.insert(date->year());
    exceptions[*date] = {*date, kind == "workday", std::string(trim(fields[2]))};
  }
  return {};
}

} // namespace

std::string_view day_kind_name(DayKind kind) {
  switch (kind) {
  case DayKind::working: return "working day";
  case DayKind::makeup_workday: return "make-up working day";
  case DayKind::weekend: return "weekend";
  case DayKind::holiday: return "holiday";
  case DayKind::closure: return "closure";
  }
  return "?";
}

const OfficeCalendar& OfficeCalendar::builtin() {
  static const OfficeCalendar calendar = [] {
    auto parsed = from_csv(embedded::office_calendar_csv, "built-in office calendar");
    if (!parsed) throw Error("built-in office calendar: " + parsed.error().message());
    return std::move(*parsed);
  }();
  return calendar;
}

Result<OfficeCalendar> OfficeCalendar::from_csv(std::string_view text, std::string_view source) {
  const auto decoded = decode_text(text, source);
  if (!decoded) return std::unexpected(decoded.error());
  const auto lines = split_lines(*decoded);
  if (lines.empty()) return invalid(std::string(source), "empty calendar file");
  const auto header = split_csv_line(lines[0]);
  OfficeCalendar calendar;
  Result<void> read;
  if (!header.empty() && trim(header[0]) == "date")
    read = read_epb_csv(lines, source, calendar.m_years, calendar.m_exceptions);
  else if (!header.empty() && trim(header[0]) == "西元日期")
    read = read_government_csv(lines, source, calendar.m_years, calendar.m_exceptions);
  else
    return std::unexpected(
        csv_problem(source, 1, "unknown header: expected 'date,kind,name' or '西元日期,星期,是否放假,備註'"));
  if (!read) return std::unexpected(read.error());
  if (calendar.m_years.empty()) return invalid(std::string(source), "no days in the calendar file");
  return calendar;
}

void OfficeCalendar::merge_years(const OfficeCalendar& other) {
  for (int year : other.m_years) {
    std::erase_if(m_exceptions, [year](const auto& entry) { return entry.first.year() == year; });
    m_years.insert(year);
  }
  for (const auto& [date, exception] : other.m_exceptions)
    m_exceptions[date] = exception;
  m_version.clear();
}

void OfficeCalendar::add_closure(Closure closure) {
  const Date date = closure.date;
  m_closures[date] = std::move(closure);
  m_version.clear();
}

Problem OfficeCalendar::uncovered(Date date) const {
  const std::string range = m_years.empty() ? "no years" : fmt::format("{}–{}", *m_years.begin(), *m_years.rbegin());
  return Problem{Fault::invalid, fmt::format("date {}", date.iso()),
                 fmt::format("outside the office calendar ({}); import the year with 'epb calendar import'", range)};
}

Result<DayInfo> OfficeCalendar::day(Date date) const {
  if (!covers(date)) return std::unexpected(uncovered(date));
  if (auto closure = m_closures.find(date); closure != m_closures.end())
    return DayInfo{date, DayKind::closure, closure->second.reason};
  if (auto exception = m_exceptions.find(date); exception != m_exceptions.end())
    return DayInfo{date, exception->second.working ? DayKind::makeup_workday : DayKind::holiday,
                   exception->second.name};
  if (date.is_weekend()) return DayInfo{date, DayKind::weekend, date.weekday() == 0 ? "Sunday" : "Saturday"};
  return DayInfo{date, DayKind::working, {}};
}

Result<bool> OfficeCalendar::is_working(Date date) const {
  auto info = day(date);
  if (!info) return std::unexpected(info.error());
  return info->is_working();
}

std::vector<CalendarException> OfficeCalendar::exceptions_in(int year) const {
  std::vector<CalendarException> out;
  for (const auto& [date, exception] : m_exceptions)
    if (date.year() == year) out.push_back(exception);
  return out;
}

std::vector<Closure> OfficeCalendar::closures_in(int year) const {
  std::vector<Closure> out;
  for (const auto& [date, closure] : m_closures)
    if (date.year() == year) out.push_back(closure);
  return out;
}

std::string OfficeCalendar::version() const {
  if (!m_version.empty()) return m_version;
  // FNV-1a over a canonical listing: stable across runs and platforms.
  std::uint64_t hash = 1469598103934665603ULL;
  auto mix = [&hash](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  };
  if (m_years.empty()) return "empty";
  for (int year : m_years)
    mix(fmt::format("y{};", year));
  for (const auto& [date, exception] : m_exceptions)
    mix(fmt::format("{}{};", date.iso(), exception.working ? 'w' : 'h'));
  for (const auto& [date, closure] : m_closures)
    mix(fmt::format("{}c;", date.iso()));
  m_version = fmt::format("{}-{}+{}c-{:08x}", *m_years.begin(), *m_years.rbegin(), m_closures.size(),
                          static_cast<std::uint32_t>(hash ^ (hash >> 32)));
  return m_version;
}

} // namespace epb
