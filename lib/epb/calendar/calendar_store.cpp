#include "epb/calendar/calendar_store.hpp"

#include "epb/core/text_policy.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

namespace epb {

OfficeCalendar CalendarStore::effective(const OfficeCalendar& builtin) {
  OfficeCalendar calendar = builtin;
  auto& db = m_ledger.db();
  OfficeCalendar imported;
  bool any_imported = false;
  {
    // Rebuild imported years as epb CSV so one reader validates both sources.
    std::string csv = "date,kind,name\n";
    auto& days = db.prepare("SELECT date, working, name FROM calendar_day ORDER BY date");
    while (days.step())
      csv += fmt::format("{},{},{}\n", days.text(0), days.integer(1) ? "workday" : "holiday", days.text(2));
    auto& years = db.prepare("SELECT year FROM calendar_year ORDER BY year");
    std::vector<int> year_list;
    while (years.step())
      year_list.push_back(years.integer(0));
    if (!year_list.empty()) {
      auto parsed = OfficeCalendar::from_csv(csv, "ledger calendar");
      if (parsed) imported = std::move(*parsed);
      // A year with no exceptions at all still counts as covered.
      for (int year : year_list)
        imported.add_covered_year(year);
      any_imported = true;
    }
  }
  if (any_imported) calendar.merge_years(imported);
  auto& closures = db.prepare("SELECT date, reason FROM calendar_closure ORDER BY date");
  while (closures.step())
    if (auto date = parse_date(closures.text(0))) calendar.add_closure({*date, closures.text(1)});
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
  db.prepare("INSERT INTO calendar_closure(date, reason, created_at, created_by) VALUES (:date, :reason, :at, :by)")
      .bind(":date", closure.date.iso())
      .bind(":reason", closure.reason)
      .bind(":at", stamp.at.utc())
      .bind(":by", stamp.actor)
      .run();
  m_ledger.record(stamp, "calendar:" + closure.date.iso(), "close-office",
                  JsonObject().add("date", closure.date.iso()).add("reason", closure.reason).str());
  transaction.commit();
  return {};
}

void CalendarStore::import_years(const Stamp& stamp, const OfficeCalendar& imported, std::string_view source) {
  auto& db = m_ledger.db();
  sql::Transaction transaction(db);
  for (int year : imported.years()) {
    db.prepare("DELETE FROM calendar_year WHERE year = :year").bind(":year", year).run();
    db.prepare("INSERT INTO calendar_year(year, source, imported_at) VALUES (:year, :source, :at)")
        .bind(":year", year)
        .bind(":source", source)
        .bind(":at", stamp.at.utc())
        .run();
    const auto exceptions = imported.exceptions_in(year);
    for (const auto& exception : exceptions)
      db.prepare("INSERT INTO calendar_day(date, year, working, name) VALUES (:date, :year, :working, :name)")
          .bind(":date", exception.date.iso())
          .bind(":year", year)
          .bind(":working", exception.working ? 1 : 0)
          .bind(":name", exception.name)
          .run();
    m_ledger.record(stamp, fmt::format("calendar:{}", year), "import-year",
                    JsonObject()
                        .add("year", year)
                        .add("source", source)
                        .add("exceptions", static_cast<int>(exceptions.size()))
                        .str());
  }
  transaction.commit();
}

} // namespace epb
