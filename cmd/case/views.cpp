// The reading verbs of `epb case`: show, list, export, history, lookup, overdue, recompute.
#include "case/render.hpp"
#include "case/verbs.hpp"
#include "commands.hpp"

#include "epb/output/json.hpp"

#include <fmt/format.h>

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

void check_codes(Context& context, const CaseListOptions& o) {
  const Config& config = context.config();
  for (const auto& code : o.services)
    if (!config.service(code))
      throw ProblemError(Problem{Fault::invalid, "--service", fmt::format("unknown service '{}'", code)});
  for (const auto& code : o.units)
    if (!config.unit(code))
      throw ProblemError(Problem{Fault::invalid, "--unit", fmt::format("unknown unit '{}'", code)});
  for (const auto& code : o.channels)
    if (!config.channel(code))
      throw ProblemError(Problem{Fault::invalid, "--channel", fmt::format("unknown channel '{}'", code)});
}

void record_reveal(Context& context, CaseDesk& desk, const std::vector<std::string>& refs, std::string command) {
  desk.record_reveal(context.stamp(std::move(command)), refs);
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
  const auto day_line = [&](const DayInfo& day) {
    return fmt::format("    {} {}{}{}\n", context.date(day.date), day_kind_name(day.kind),
                       day.reason.empty() ? "" : ": ", day.reason);
  };
  std::string text = fmt::format("\ndeadline: {} from {}, calendar {}\n", e.rule.text(), short_time(context, e.start),
                                 e.calendar_version);
  text += fmt::format("  the SOP's due date: {}{}\n", context.date(e.base_due),
                      e.base_skipped.empty() ? "" : ", stepping over");
  for (const auto& day : e.base_skipped)
    text += day_line(day);
  for (const auto& pause : e.pauses)
    text += fmt::format("  paused {} → {}: {} working day{} added\n", context.date(pause.from), context.date(pause.to),
                        pause.workdays, pause.workdays == 1 ? "" : "s");
  for (const auto& extension : e.extensions)
    text += fmt::format("  extended on {} by {} working day{}: {}\n", context.date(extension.at.taipei_date()),
                        extension.days, extension.days == 1 ? "" : "s", extension.reason);
  if (!e.shift_skipped.empty()) text += "  moving the due date stepped over\n";
  for (const auto& day : e.shift_skipped)
    text += day_line(day);
  text += fmt::format("  due: {}\n", context.date(e.due_date));
  if (e.provisional)
    text += fmt::format("  provisional: counted over a calendar year not yet published (after {}): predicted from the "
                        "statutory holidays, without bridge days; it moves if the official calendar differs\n",
                        context.calendar().last_published_year());
  if (e.calendar_version != c.calendar_version || e.due_date != c.due_date)
    text += fmt::format(
        "  note: the ledger says {} (calendar {}); run 'epb case recompute' to apply the current calendar\n",
        context.date(c.due_date), c.calendar_version);
  context.out() << text;
}

void run_case_show(Context& context, const CaseShowOptions& o) {
  CaseDesk desk = make_desk(context);
  const Case c = value_or_throw(desk.find(o.ref));
  std::optional<CaseDeadlineExplanation> explanation;
  if (o.explain) explanation = value_or_throw(desk.explain(c));
  if (o.reveal_pii) record_reveal(context, desk, {c.ref}, "case show");
  const Format format = context.format();
  if (format != Format::table) {
    // The explanation travels as one more column, so every format stays one document.
    auto columns = case_columns(format);
    Row row = case_row(context, c, format, o.reveal_pii);
    if (explanation) {
      columns.push_back({"deadline_explain"});
      row.push_back(explanation->json());
    }
    auto writer = make_row_writer(format, context.out(), columns);
    writer->row(row);
    writer->finish();
    return;
  }
  const auto columns = case_columns(Format::csv);
  const Row row = case_row(context, c, Format::csv, o.reveal_pii);
  std::string text;
  bool marked = c.due_provisional;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == "provisional") continue; // the '*' on the due date says it
    if (!row[i].empty())
      text += fmt::format("{:<16}{}\n", columns[i].name,
                          columns[i].name == "due" ? due_text(context, c.due_date, c.due_provisional) : row[i]);
  }
  text += fmt::format("{:<16}{}\n", "state", state_name(context, c.service, c.status));
  if (c.is_open() && !c.is_paused() && c.due_at < context.now()) {
    const WorkdayCount late =
        value_or_throw(count_working_days(context.calendar(), c.due_date, context.now().taipei_date()));
    text += fmt::format("{:<16}{} working days{}\n", "late", late.days, late.provisional ? "*" : "");
    marked = marked || late.provisional;
  }
  context.out() << text;
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
  auto writer = make_row_writer(format, context.out(), case_columns(format));
  std::vector<std::string> revealed;
  bool marked = false;
  desk.store().for_each(filter, [&](const Case& c) {
    writer->row(case_row(context, c, format, o.reveal_pii));
    marked = marked || c.due_provisional;
    if (o.reveal_pii) revealed.push_back(c.ref);
    return true;
  });
  writer->finish();
  if (marked && format == Format::table) provisional_footnote(context);
  record_reveal(context, desk, revealed, export_mode ? "case export" : "case list");
}

void run_case_history(Context& context, const std::string& ref) {
  CaseDesk desk = make_desk(context);
  const Case c = value_or_throw(desk.find(ref));
  const Format format = context.format();
  auto writer = make_row_writer(format, context.out(), {{"at"}, {"actor"}, {"command"}, {"action"}, {"detail"}});
  for (const auto& event : desk.history(c))
    writer->row({format == Format::table ? short_time(context, event.at) : event.at.iso(), event.actor, event.command,
                 event.action, event.detail});
  writer->finish();
}

void run_case_lookup(Context& context, const std::string& ref, const std::string& phone_last4) {
  CaseDesk desk = make_desk(context);
  const Case c = value_or_throw(desk.lookup(ref, phone_last4));
  // Only what the citizen may see: no names, no notes, no assignee.
  const Format format = context.format();
  auto writer = make_row_writer(format, context.out(),
                                {{"ref"}, {"service"}, {"status"}, {"received"}, {"due"}, {"last_update"}});
  const bool table = format == Format::table;
  writer->row({c.ref, table ? service_name(context, c.service) : c.service,
               table ? state_name(context, c.service, c.status) : c.status, context.date(c.received_at.taipei_date()),
               table ? due_text(context, c.due_date, c.due_provisional) : context.date(c.due_date),
               context.date(c.updated_at.taipei_date())});
  writer->finish();
  if (table && c.due_provisional) provisional_footnote(context);
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
  std::vector<std::string> revealed;
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
                 table ? due_text(context, c.due_date, provisional) : context.date(c.due_date), std::to_string(days),
                 c.assignee, shown_name(c.applicant, o.reveal_pii), c.subject, provisional ? "true" : "false"});
    if (o.reveal_pii) revealed.push_back(c.ref);
  }
  writer->finish();
  if (marked && table) provisional_footnote(context);
  record_reveal(context, desk, revealed, "case overdue");
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
  if (marked && table) provisional_footnote(context);
  const std::size_t confirmed = changes.size() - moved;
  context.info(fmt::format("epb: {} open case{} {}{}", moved, moved == 1 ? "" : "s",
                           dry_run ? "would move (dry run: nothing written)" : "moved",
                           confirmed == 0
                               ? ""
                               : fmt::format("; {} due date{} {} (provisional flag changed, same day)", confirmed,
                                             confirmed == 1 ? "" : "s", dry_run ? "would be confirmed" : "confirmed")));
}

} // namespace epb::cli
