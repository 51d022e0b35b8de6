// epb calendar: the government office calendar, local closures, and due-date arithmetic.
#include "case/explain_text.hpp"
#include "commands.hpp"

#include "epb/calendar/calendar_store.hpp"
#include "epb/calendar/deadline.hpp"
#include "epb/calendar/provisional_year.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/core/text.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

#include <array>

namespace epb::cli {
namespace {

struct DueOptions {
  std::string from;
  std::string rule;
  bool explain = false;
};

struct CloseOptions {
  std::string date;
  std::string reason;
};

std::string weekday_name(Date date, bool english) {
  static constexpr std::array<std::string_view, 7> k_en = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 7> k_zh = {"週日", "週一", "週二", "週三", "週四", "週五", "週六"};
  const auto index = static_cast<std::size_t>(date.weekday());
  return std::string(english ? k_en[index] : k_zh[index]);
}

void run_due(Context& context, const DueOptions& options) {
  auto start = parse_instant(options.from);
  if (!start) start.error().what = "--from: " + start.error().what;
  const Instant from = value_or_throw(std::move(start));
  const DeadlineRule rule = value_or_throw(parse_deadline_rule(options.rule));
  const Deadline deadline = value_or_throw(compute_deadline(context.calendar(), from, rule));
  const bool hours = rule.unit == DeadlineRule::Unit::hours;
  const std::string due = hours ? deadline.due_at.iso() : context.date(deadline.due_date);

  const Format format = context.format();
  if (format == Format::json || format == Format::jsonl) {
    std::string skipped = "[";
    for (const auto& day : deadline.skipped) {
      if (skipped.size() > 1) skipped += ',';
      skipped += JsonObject()
                     .add("date", context.date(day.date))
                     .add("kind", day_kind_name(day.kind))
                     .add("reason", day.reason)
                     .add("provisional", day.provisional)
                     .str();
    }
    skipped += ']';
    context.out() << JsonObject()
                         // Dates follow --date-style like every format's; instants stay ISO 8601.
                         .add("from", hours ? from.iso() : context.date(from.taipei_date()))
                         .add("rule", rule.text())
                         .add("due", hours ? deadline.due_at.iso() : context.date(deadline.due_date))
                         .add("calendar_version", deadline.calendar_version)
                         .add("provisional", deadline.provisional)
                         .add_raw("skipped", skipped)
                         .str()
                  << '\n';
    return;
  }
  if (format == Format::csv || format == Format::tsv) {
    // A machine row: the flag is a field, never a mark glued to the date.
    auto writer =
        make_row_writer(format, context.out(), {{"from"}, {"rule"}, {"due"}, {"calendar_version"}, {"provisional"}});
    writer->row({hours ? from.iso() : context.date(from.taipei_date()), rule.text(), due, deadline.calendar_version,
                 deadline.provisional ? "true" : "false"});
    writer->finish();
    return;
  }
  using T = ExplainText;
  // A provisional due date is marked, with the footnote a table gets, in the run's language.
  context.out() << due << (deadline.provisional ? "*" : "") << '\n';
  if (deadline.provisional && !options.explain) context.out() << explain_horizon(context, T::footnote);
  if (!options.explain) return;
  context.out() << explain(context, T::rule, rule_text(context, rule), context.date(from.taipei_date()),
                           weekday_name(from.taipei_date(), context.english()), deadline.calendar_version);
  if (rule.unit == DeadlineRule::Unit::days)
    context.out() << explain_format(context, T::counting_days);
  else if (rule.unit == DeadlineRule::Unit::workdays)
    context.out() << explain_format(context, T::counting_workdays);
  for (const auto& day : deadline.skipped) {
    const std::string reason = terminal_safe(day_reason_text(context, day.reason));
    context.out() << explain(context, T::skipped_day, context.date(day.date), weekday_name(day.date, context.english()),
                             day_kind_text(context, day.kind),
                             reason.empty() ? "" : (context.english() ? ": " : "：") + reason);
  }
  if (deadline.skipped.empty()) context.out() << explain_format(context, T::skipped_none);
  if (deadline.provisional) context.out() << explain_horizon(context, T::provisional);
}

void run_show(Context& context, int year) {
  const OfficeCalendar& calendar = context.calendar();
  if (year == 0) year = context.now().taipei_date().year();
  if (!calendar.covers(*Date::from_ymd(year, 1, 1)))
    throw ProblemError(
        Problem{Fault::invalid, fmt::format("year {}", year),
                fmt::format("outside the office calendar ({}–{}, provisional to {})", *calendar.years().begin(),
                            *calendar.years().rbegin(), k_last_calendar_year)});
  if (calendar.provisional(year))
    context.info(fmt::format("epb: {}: provisional, predicted from the statutory holidays (no bridge days or make-up "
                             "Saturdays); import the official calendar when it is published",
                             year));
  else
    context.info(fmt::format("epb: {}: {}", year, calendar.source(year)));
  // The kind is a code in csv, tsv and json and in English; a zh-TW table says it in Chinese.
  const bool words = context.format() == Format::table;
  const auto kind = [&](DayKind day_kind, std::string_view code) {
    return words && !context.english() ? day_kind_text(context, day_kind) : std::string(code);
  };
  // Machine formats carry per row what the table's standard-error line says once: whether the
  // day is predicted (a provisional year's holiday) and where it came from. A closure is
  // recorded by the city, never predicted.
  std::vector<Column> columns = {{"date"}, {"weekday"}, {"kind"}, {"name"}};
  if (!words) columns.insert(columns.end(), {{"provisional", Column::Type::boolean}, {"source"}});
  auto writer = make_row_writer(context.format(), context.out(), columns);
  const bool predicted = calendar.provisional(year);
  const std::string source = predicted ? std::string("provisional") : calendar.source(year);
  std::map<Date, Row> rows;
  for (const auto& exception : calendar.exceptions_in(year))
    rows[exception.date] = {context.date(exception.date),
                            weekday_name(exception.date, context.english()),
                            exception.working ? kind(DayKind::makeup_workday, "workday")
                                              : kind(DayKind::holiday, "holiday"),
                            exception.name,
                            predicted ? "true" : "false",
                            source};
  for (const auto& closure : calendar.closures_in(year))
    rows[closure.date] = {context.date(closure.date),
                          weekday_name(closure.date, context.english()),
                          kind(DayKind::closure, "closure"),
                          closure.reason,
                          "false",
                          "closure"};
  for (auto& [date, row] : rows) {
    if (words) row.resize(4);
    writer->row(row);
  }
  writer->finish();
}

void run_close(Context& context, const CloseOptions& options) {
  const Date date = parse_date_option("DATE", options.date);
  if (trim(options.reason).empty()) throw ProblemError(Problem{Fault::invalid, "--reason", "must not be empty"});
  CalendarStore store(context.ledger());
  value_or_throw(store.close_office(context.stamp("calendar close"), context.calendar(),
                                    Closure{date, std::string(trim(options.reason))}));
  context.forget_calendar();
  context.info(fmt::format("epb: offices closed on {} ({}); deadlines falling after it move by a working day",
                           context.date(date), trim(options.reason)));
}

std::string move_line(Context& context, const DueChange& move) {
  return fmt::format("{}: due {}{} → {}{}", move.ref, context.date(move.before),
                     move.provisional_before ? " (provisional)" : "", context.date(move.after),
                     move.provisional_after ? " (provisional)" : "");
}

void run_import(Context& context, const std::string& file, bool replace) {
  const std::string text = read_file(file);
  const OfficeCalendar imported = value_or_throw(OfficeCalendar::from_csv(text, file));
  const OfficeCalendar& current = context.calendar();
  // A published year is replaced only on request; a provisional one (a prediction) always,
  // and a secondary copy by the government's own day-by-day file.
  std::vector<int> replaced;
  for (int year : imported.years())
    if (current.published(year) && !(current.secondary(year) && imported.day_by_day())) replaced.push_back(year);
  OfficeCalendar next = current;
  next.merge_years(imported);
  CaseDesk desk(context.ledger_after_config(), context.config(), current);
  const auto moves = value_or_throw(desk.recompute(context.stamp("calendar import"), next, true));
  if (!replaced.empty() && !replace) {
    std::string years;
    for (int year : replaced)
      years += fmt::format("{}{} ({})", years.empty() ? "" : ", ", year, current.source(year));
    // The moves follow, one a line: what --replace would change.
    std::string why = fmt::format("replaces the published year{} {}; import again with --replace to replace {}; {} "
                                  "open case{} would move{}",
                                  replaced.size() == 1 ? "" : "s", years, replaced.size() == 1 ? "it" : "them",
                                  moves.size(), moves.size() == 1 ? "" : "s", moves.empty() ? "" : ":");
    for (const auto& move : moves)
      why += "\n  " + move_line(context, move);
    throw ProblemError(Problem{Fault::invalid, file, why});
  }
  CalendarStore store(context.ledger());
  store.import_years(context.stamp("calendar import"), imported, file);
  for (int year : imported.years())
    context.info(fmt::format("epb: imported the office calendar for {} ({} exceptions{})", year,
                             imported.exceptions_in(year).size(),
                             current.provisional(year) ? ", replacing the provisional year"
                             : current.published(year) ? fmt::format(", replacing {}", current.source(year))
                                                       : ""));
  context.forget_calendar(); // `current` is gone from here on
  if (moves.empty()) return;
  for (const auto& move : moves)
    context.info("epb: " + move_line(context, move));
  context.info(fmt::format("epb: {} open case{} change{} due date or provisional flag: run 'epb case recompute' to "
                           "apply",
                           moves.size(), moves.size() == 1 ? "" : "s", moves.size() == 1 ? "s its" : " their"));
}

} // namespace

void register_calendar(CLI::App& app, Context& context) {
  auto* calendar = app.add_subcommand("calendar", "The office calendar, local closures and due dates");
  calendar->require_subcommand(1);

  auto due_options = std::make_shared<DueOptions>();
  auto* due = calendar->add_subcommand("due", "Compute a due date from a start date and a deadline rule");
  due->add_option("--from", due_options->from, "start date or date-time (ISO or ROC)")->required();
  due->add_option("--rule", due_options->rule, "'N workdays', 'N days' (§48) or 'N hours'")->required();
  due->add_flag("--explain", due_options->explain, "also list each skipped day and why");
  text_checked(due, {{"--from", TextKind::line}, {"--rule", TextKind::line}});
  due->callback([&context, due_options] { run_due(context, *due_options); });

  auto year = std::make_shared<int>(0);
  auto* show = calendar->add_subcommand("show", "List a year's holidays, make-up workdays and closures");
  show->add_option("YEAR", *year, "Gregorian year (default: this year)")->check(whole_number("YEAR", 1900, 2200));
  show->callback([&context, year] { run_show(context, *year); });

  auto close_options = std::make_shared<CloseOptions>();
  auto* close = calendar->add_subcommand("close", "Record a local closure (typhoon day, 停止上班)");
  close->add_option("DATE", close_options->date, "the closed day (ISO or ROC)")->required();
  close->add_option("--reason", close_options->reason, "why the offices closed")->required();
  text_checked(close, {{"DATE", TextKind::line}, {"--reason", TextKind::line}});
  close->callback([&context, close_options] { run_close(context, *close_options); });

  auto file = std::make_shared<std::string>();
  auto replace = std::make_shared<bool>(false);
  auto* import = calendar->add_subcommand("import", "Add or replace years from a published office-calendar CSV");
  import->add_option("FILE", *file, "the government's yearly CSV (UTF-8 or Big5) or epb's date,kind,name CSV")
      ->required();
  import->add_flag("--replace", *replace, "replace years already published or imported");
  import->callback([&context, file, replace] { run_import(context, *file, *replace);
});
} // namespace epb::cli

} // namespace epb::cli
