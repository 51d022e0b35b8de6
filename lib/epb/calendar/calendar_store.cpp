#include "epb/calendar/calendar_store.hpp"

#include "epb/core/subject.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::string_view k_years = "SELECT year, source FROM calendar_year ORDER BY year";
constexpr std::string_view k_days = "SELECT date, year, working, name FROM calendar_day ORDER BY date";
constexpr std::string_view k_closures = "SELECT date, reason FROM calendar_closure ORDER BY date";
constexpr std::string_view k_add_closure =
    "INSERT INTO calendar_closure(date, reason, created_at, created_by) VALUES (:date, :reason, :at, :by)";
constexpr std::string_view k_drop_days = "DELETE FROM calendar_day WHERE year = :year";
constexpr std::string_view k_drop_year = "DELETE FROM calendar_year WHERE year = :year";
constexpr std::string_view k_add_year =
    "INSERT INTO calendar_year(year, source, imported_at) VALUES (:year, :source, :at)";
constexpr std::string_view k_add_day =
    "INSERT INTO calendar_day(date, year, working, name) VALUES (:date, :year, :working, :name)";

// A stored row that does not read back is a damaged ledger, never something to skip.
Date stored_date(std::string_view table, const std::string& text) {
  auto date = parse_date(text);
  if (!date || date->iso() != text)
    throw Error(fmt::format("ledger table {}: bad date '{}'; run 'epb db check'", table, text));
  return *date;
}

} // namespace

OfficeCalendar CalendarStore::effective(const OfficeCalendar& builtin) {
  OfficeCalendar calendar = builtin;
  auto& db = m_ledger.db();
  // Imported years are read as rows, not re-parsed text: any name (commas, quotes) comes back.
  std::map<int, std::pair<std::string, std::vector<CalendarException>>> years;
  auto& year_rows = db.prepare(k_years);
  while (year_rows.step())
    years[year_rows.integer(0)].first = year_rows.text(1);
  auto& days = db.prepare(k_days);
  while (days.step()) {
    const Date date = stored_date("calendar_day", days.text(0));
    auto year = years.find(days.integer(1));
    if (year == years.end() || date.year() != days.integer(1))
      throw Error(fmt::format("ledger table calendar_day: {} is filed under year {}; run 'epb db check'", date.iso(),
                              days.integer(1)));
    year->second.second.push_back(CalendarException{date, days.integer(2) != 0, days.text(3)});
  }
  for (auto& [year, entry] : years)
    calendar.add_year(year, "imported from " + entry.first, entry.second);
  auto& closures = db.prepare(k_closures);
  while (closures.step())
    calendar.add_closure({stored_date("calendar_closure", closures.text(0)), closures.text(1)});
  return calendar;
}

Result<void> CalendarStore::close_office(const Stamp& stamp, const OfficeCalendar& calendar, const Closure& closure) {
  if (auto checked = check_text(TextKind::line, "--reason", closure.reason); !checked) return checked;
  auto info = calendar.day(closure.date);
  if (!info) return std::unexpected(info.error());
  if (info->kind == DayKind::closure)
    return invalid(fmt::format("date {}", closure.date.iso()), fmt::format("already closed ({})", info->reason));
  if (!info->is_working())
    return invalid(fmt::format("date {}", closure.date.iso()),
                   fmt::format("not a working day ({}{}{})", day_kind_name(info->kind),
                               info->reason.empty() ? "" : ": ", info->reason));
  auto& db = m_ledger.db();
  sql::Transaction transaction(db);
  db.prepare(k_add_closure)
      .bind(":date", closure.date.iso())
      .bind(":reason", closure.reason)
      .bind(":at", stamp.at.unix_seconds())
      .bind(":by", stamp.actor)
      .run();
  m_ledger.record(stamp, subject::calendar_day(closure.date), "close-office",
                  JsonObject().add("date", closure.date.iso()).add("reason", closure.reason).str());
  transaction.commit();
  return {};
}

void CalendarStore::import_years(const Stamp& stamp, const OfficeCalendar& imported, std::string_view source) {
  auto& db = m_ledger.db();
  sql::Transaction transaction(db);
  for (int year : imported.years()) {
    db.prepare(k_drop_days).bind(":year", year).run();
    db.prepare(k_drop_year).bind(":year", year).run();
    db.prepare(k_add_year).bind(":year", year).bind(":source", source).bind(":at", stamp.at.unix_seconds()).run();
    const auto exceptions = imported.exceptions_in(year);
    for (const auto& exception : exceptions)
      db.prepare(k_add_day)
          .bind(":date", exception.date.iso())
          .bind(":year", year)
          .bind(":working", exception.working ? 1 : 0)
          .bind(":name", exception.name)
          .run();
    m_ledger.record(stamp, subject::calendar_year(year), "import-year",
                    JsonObject()
                        .add("year", year)
                        .add("source", source)
                        .add("exceptions", static_cast<int>(exceptions.size()))
                        .str());
  }
  transaction.commit();
}

} // namespace epb
