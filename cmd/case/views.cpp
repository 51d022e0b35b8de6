// The reading verbs of `epb case`: show, list, export, history, lookup, overdue, recompute.
#include "case/explain_text.hpp"
#include "case/render.hpp"
#include "case/verbs.hpp"
#include "commands.hpp"

#include "epb/core/suggest.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace epb::cli {
namespace {

std::optional<Date> optional_date(std::string_view option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  return parse_date_option(option, text);
}

// The instant a "--due-within" rule reaches from now: '2 workdays' is the end of the second
// working day after today.
Instant due_limit(Context& context, const std::string& rule_text) {
  auto rule = parse_deadline_rule(rule_text);
  if (!rule) rule.error().what = "--due-within: " + rule.error().what;
  const DeadlineRule rule_value = value_or_throw(std::move(rule));
  return value_or_throw(compute_deadline(context.calendar(), context.now(), rule_value)).due_at;
}

CaseFilter::Sort parse_sort(const std::string& name) {
  if (name == "received") return CaseFilter::Sort::received;
  if (name == "due") return CaseFilter::Sort::due;
  if (name == "status") return CaseFilter::Sort::status;
  if (name == "service") return CaseFilter::Sort::service;
  return CaseFilter::Sort::ref;
}

template <class Named> std::vector<std::string> codes_of(const std::vector<Named>& items) {
  std::vector<std::string> codes;
  for (const auto& item : items)
    codes.push_back(item.code);
  return codes;
}

// The states a --status may name: those of the services asked for, else of every service.
std::vector<std::string> state_codes(const Config& config, const std::vector<std::string>& services) {
  std::vector<std::string> codes;
  for (const auto& service : config.services) {
    if (!services.empty() && std::find(services.begin(), services.end(), service.code) == services.end()) continue;
    for (const auto& state : service.states)
      if (std::find(codes.begin(), codes.end(), state.code) == codes.end()) codes.push_back(state.code);
  }
  return codes;
}

// Every code a filter names must exist: a typo would otherwise list nothing, and exit 0.
void check_codes(Context& context, const CaseListOptions& o) {
  const Config& config = context.config();
  const auto check = [](std::string_view option, std::string_view kind, const std::vector<std::string>& given,
                        const std::vector<std::string>& known) {
    for (const auto& code : given)
      if (std::find(known.begin(), known.end(), code) == known.end())
        throw ProblemError(Problem{Fault::invalid, std::string(option), unknown_value_message(code, known, kind)});
  };
  check("--service", "service", o.services, codes_of(config.services));
  check("--unit", "unit", o.units, codes_of(config.units));
  check("--channel", "channel", o.channels, codes_of(config.channels));
  check("--status", "state", o.statuses, state_codes(config, o.services));
  if (!o.assignee.empty()) {
    // Anyone cases are assigned to, and the staff of the configuration (who may have none yet).
    std::vector<std::string> known = CaseStore(context.ledger()).assignees();
    for (const auto& member : config.notify.staff) {
      known.push_back(member.code);
      known.push_back(member.name);
    }
    if (std::find(known.begin(), known.end(), o.assignee) == known.end())
      throw ProblemError(Problem{
          Fault::invalid, "--assignee",
          fmt::format(
              "unknown assignee '{}'{} (no case is assigned to them, and no staff member has that name or code)",
              o.assignee, did_you_mean(o.assignee, known))});
  }
}

} // namespace

CaseFilter make_filter(Context& context, const CaseListOptions& o) {
  check_codes(context, o);
  CaseFilter f;
  f.services = o.services;
  f.units = o.units;
  f.statuses = o.statuses;
  f.channels = o.channels;
  if (!o.assignee.empty()) f.assignee = o.assignee;
  f.received_from = optional_date("--opened-from", o.received_from);
  f.received_to = optional_date("--opened-to", o.received_to);
  f.due_from = optional_date("--due-from", o.due_from);
  f.due_to = optional_date("--due-to", o.due_to);
  if (o.overdue) f.overdue_at = context.now();
  if (!o.due_within.empty()) f.due_by = due_limit(context, o.due_within);
  f.paused_only = o.paused;
  f.open_only = o.open;
  f.repeated_only = o.repeated;
  f.sort = parse_sort(o.sort);
  f.descending = o.descending;
  if (o.limit > 0) f.limit = o.limit;
  return f;
}

void print_explanation(Context& context, const Case& c, const CaseDeadlineExplanation& e) {
  using T = ExplainText;
  const auto day_line = [&](const DayInfo& day) {
    const std::string reason = day_reason_text(context, day.reason);
    return explain(context, T::stepped_day, context.date(day.date), day_kind_text(context, day.kind),
                   reason.empty() ? "" : (context.english() ? ": " : "：") + reason);
  };
  std::string text =
      explain(context, T::deadline, rule_text(context, e.rule), short_time(context, e.start), e.calendar_version);
  text += explain(context, T::sop_due, context.date(e.base_due),
                  e.base_skipped.empty() ? std::string() : std::string(explain_format(context, T::stepping_over)));
  for (const auto& day : e.base_skipped)
    text += day_line(day);
  for (const auto& pause : e.pauses)
    text += explain(context, T::paused, context.date(pause.from), context.date(pause.to), pause.workdays,
                    plural(context, pause.workdays));
  for (const auto& extension : e.extensions)
    text += explain(context, T::extended, context.date(extension.at.taipei_date()), extension.days,
                    plural(context, extension.days), extension.reason);
  if (!e.shift_skipped.empty()) text += explain_format(context, T::moved_over);
  for (const auto& day : e.shift_skipped)
    text += day_line(day);
  text += explain(context, T::due, context.date(e.due_date));
  if (e.provisional) text += "  " + explain_horizon(context, T::provisional);
  if (e.calendar_version != c.calendar_version || e.due_date != c.due_date)
    text += explain(context, T::ledger_differs, context.date(c.due_date), c.calendar_version);
  context.out() << terminal_safe(text, true); // fields of old ledgers may hold controls
}

void run_case_show(Context& context, const CaseShowOptions& o) {
  CaseDesk desk = make_desk(context);
  const Case c = value_or_throw(desk.find(o.ref));
  std::optional<CaseDeadlineExplanation> explanation;
  if (o.explain) explanation = value_or_throw(desk.explain(c));
  const Disclosure disclosure = context.disclosure(o.reveal_pii, "case show", std::span(&c.ref, 1));
  const Format format = context.format();
  if (format != Format::table) {
    // The explanation travels as one more column, so every format stays one document.
    auto columns = case_columns(format);
    Row row = case_row(context, c, format, disclosure, desk.store());
    if (explanation) {
      columns.push_back({"deadline_explain", Column::Type::json});
      row.push_back(explanation->json(context.date_style()));
    }
    auto writer = make_row_writer(format, context.out(), columns);
    writer->row(row);
    writer->finish();
    return;
  }
  const auto columns = case_columns(Format::csv);
  const Row row = case_row(context, c, Format::csv, disclosure, desk.store());
  std::string text;
  bool marked = c.due_provisional;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == "provisional") continue; // the '*' on the due date says it
    if (!row[i].empty() && row[i] != "[]")
      text += fmt::format("{:<16}{}\n", columns[i].name,
                          columns[i].name == "due" ? due_text(context, c.due_date, c.due_provisional) : row[i]);
  }
  text += fmt::format("{:<16}{}\n", "state", state_name(context, c.service, c.status));
  if (c.is_open() && !c.is_paused() && c.due_at < context.now()) {
    const WorkdayCount late =
        value_or_throw(count_working_days(context.calendar(), c.due_date, context.now().taipei_date()));
    text +=
        fmt::format("{:<16}{}{}\n", "late", explain(context, ExplainText::late, late.days, plural(context, late.days)),
                    late.provisional ? "*" : "");
    marked = marked || late.provisional;
  }
  context.out() << terminal_safe(text, true); // fields of old ledgers may hold controls
  if (marked) provisional_footnote(context);
  if (explanation) print_explanation(context, c, *explanation);
}

void run_case_list(Context& context, const CaseListOptions& o, bool export_mode) {
  CaseDesk desk = make_desk(context);
  const CaseFilter filter = make_filter(context, o);
  if (o.count) {
    context.out() << desk.store().count(filter) << '\n';
    return;
  }
  Format format = context.format();
  if (export_mode && format == Format::table) format = Format::csv;
  // Revealing: the cases are recorded first (their ids kept, 8 bytes each), and the output
  // shows only those, so a case that came to match the filter in between is not shown unlogged.
  std::vector<std::int64_t> logged;
  std::vector<std::string> refs;
  if (o.reveal_pii)
    desk.store().for_each(filter, [&](const Case& c) {
      refs.push_back(c.ref);
      logged.push_back(c.id);
      return true;
    });
  const Disclosure disclosure = context.disclosure(o.reveal_pii, export_mode ? "case export" : "case list", refs);
  std::ranges::sort(logged);
  auto writer = make_row_writer(format, context.out(), case_columns(format));
  bool marked = false;
  desk.store().for_each(filter, [&](const Case& c) {
    if (disclosure.reveals() && !std::ranges::binary_search(logged, c.id)) return true;
    writer->row(case_row(context, c, format, disclosure, desk.store()));
    marked = marked || c.due_provisional;
    return true;
  });
  writer->finish();
  if (marked && format == Format::table) provisional_footnote(context);
}

void run_case_history(Context& context, const std::string& ref) {
  CaseDesk desk = make_desk(context);
  const Case c = value_or_throw(desk.find(ref));
  const Format format = context.format();
  // `at` is the command's clock (--as-of / EPB_NOW may set it); `recorded_at` the real time
  // of the write, in UTC, empty for events written before schema version 5.
  auto writer =
      make_row_writer(format, context.out(), {{"at"}, {"actor"}, {"command"}, {"action"}, {"detail"}, {"recorded_at"}});
  const bool table = format == Format::table;
  for (const auto& event : desk.history(c))
    writer->row({table ? short_time(context, event.at) : event.at.iso(), event.actor, event.command, event.action,
                 event.detail, event.recorded_at ? event.recorded_at->utc() : std::string()});
  writer->finish();
}

void run_case_lookup(Context& context, const std::string& ref, const std::string& phone_last4) {
  CaseDesk desk = make_desk(context);
  const Case c = value_or_throw(desk.lookup(context.stamp("case lookup"), ref, phone_last4));
  // Only what the citizen may see: no names, no notes, no assignee.
  const Format format = context.format();
  // A provisional due date is a '*' in the table and a field elsewhere: it says only how sure
  // the date is. A failed lookup never gets this far, so its one answer is unchanged.
  const bool table = format == Format::table;
  std::vector<Column> columns = {{"ref"}, {"service"}, {"status"}, {"received"}, {"due"}, {"last_update"}};
  if (!table) columns.push_back({"provisional", Column::Type::boolean});
  auto writer = make_row_writer(format, context.out(), columns);
  Row row = {c.ref,
             table ? service_name(context, c.service) : c.service,
             table ? state_name(context, c.service, c.status) : c.status,
             context.date(c.received_at.taipei_date()),
             table ? due_text(context, c.due_date, c.due_provisional) : context.date(c.due_date),
             context.date(c.updated_at.taipei_date())};
  if (!table) row.push_back(c.due_provisional ? "true" : "false");
  writer->row(row);
  writer->finish();
  // The citizen's footnote: what the mark means, without the clerk's import-and-recompute advice.
  if (table && c.due_provisional) context.out() << explain_horizon(context, ExplainText::footnote);
}

void run_case_overdue(Context& context, const CaseListOptions& o) {
  CaseDesk desk = make_desk(context);
  CaseListOptions scope_options;
  scope_options.services = o.services;
  scope_options.units = o.units;
  CaseFilter scope = make_filter(context, scope_options);
  const bool due_soon = !o.due_within.empty();
  if (due_soon) {
    // Not late yet, but due within the window.
    scope.due_by = due_limit(context, o.due_within);
    scope.due_from = context.now().taipei_date();
    scope.sort = CaseFilter::Sort::due;
  }
  if (o.count) {
    context.out() << (due_soon ? desk.store().count(scope) : desk.overdue_count(context.now(), scope)) << '\n';
    return;
  }
  std::vector<OverdueCase> cases;
  if (due_soon)
    desk.store().for_each(scope, [&](const Case& c) {
      if (c.due_at >= context.now()) cases.push_back({c, 0, c.due_provisional});
      return true;
    });
  else
    cases = desk.overdue(context.now(), scope);
  std::vector<std::string> refs;
  if (o.reveal_pii)
    for (const auto& overdue : cases)
      refs.push_back(overdue.c.ref);
  const Disclosure disclosure = context.disclosure(o.reveal_pii, "case overdue", refs);
  const Format format = context.format();
  const bool table = format == Format::table;
  auto writer = make_row_writer(format, context.out(),
                                {{"ref"},
                                 {"service"},
                                 {"unit"},
                                 {"status"},
                                 {"due"},
                                 {due_soon ? "workdays_left" : "workdays_late", Column::Type::integer},
                                 {"assignee"},
                                 {"applicant"},
                                 {"subject"},
                                 {"provisional", Column::Type::boolean}});
  bool marked = false;
  for (const auto& [c, late, late_provisional] : cases) {
    int days = late;
    bool provisional = late_provisional;
    if (due_soon) {
      const WorkdayCount left =
          value_or_throw(count_working_days(context.calendar(), context.now().taipei_date(), c.due_date));
      days = left.days;
      provisional = provisional || left.provisional;
    }
    marked = marked || provisional;
    writer->row({c.ref, table ? service_name(context, c.service) : c.service,
                 table ? unit_name(context, c.unit) : c.unit,
                 table ? state_name(context, c.service, c.status) : c.status,
                 // The mark stands by what is provisional: the due date, or only the count.
                 table ? due_text(context, c.due_date, c.due_provisional) : context.date(c.due_date),
                 std::to_string(days) + (table && provisional ? "*" : ""), c.assignee,
                 shown_name(c.applicant, disclosure), c.subject, provisional ? "true" : "false"});
  }
  writer->finish();
  if (marked && table) provisional_footnote(context);
}

void run_case_recompute(Context& context, bool dry_run) {
  CaseDesk desk = make_desk(context);
  const auto changes = value_or_throw(desk.recompute(context.stamp("case recompute"), context.calendar(), dry_run));
  const bool table = context.format() == Format::table;
  auto writer = make_row_writer(context.format(), context.out(),
                                {{"ref"}, {"due_before"}, {"due_after"}, {"provisional", Column::Type::boolean}});
  std::size_t moved = 0;
  bool marked = false;
  for (const auto& change : changes) {
    if (change.before != change.after) ++moved;
    marked = marked || change.provisional_before || change.provisional_after;
    writer->row({change.ref,
                 table ? due_text(context, change.before, change.provisional_before) : context.date(change.before),
                 table ? due_text(context, change.after, change.provisional_after) : context.date(change.after),
                 change.provisional_after ? "true" : "false"});
  }
  if (!changes.empty() || !table) writer->finish();
  // Not the common footnote: a due_before mark was provisional under the calendar before the
  // import, which may be published further now ("2029 on" would misdate a 2028 mark).
  if (marked && table)
    context.out() << explain(context, ExplainText::recompute_note, context.calendar().last_published_year());
  const std::size_t confirmed = changes.size() - moved;
  context.info(fmt::format("epb: {} open case{} {}{}", moved, moved == 1 ? "" : "s",
                           dry_run ? "would move (dry run: nothing written)" : "moved",
                           confirmed == 0
                               ? ""
                               : fmt::format("; {} due date{} {} (provisional flag changed, same day)", confirmed,
                                             confirmed == 1 ? "" : "s", dry_run ? "would be confirmed" : "confirmed")));
}

} // namespace epb::cli
