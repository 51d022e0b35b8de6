// epb case: the clerk's tool for cases — intake, lifecycle along the SOP, and lookups.
#include "case/render.hpp"
#include "case/verbs.hpp"
#include "commands.hpp"

#include <fmt/format.h>

namespace epb::cli {
namespace {

struct OpenOptions {
  NewCase input;
};

struct MoveOptions {
  std::string ref;
  std::string state;
  std::string note;
  std::string reason;
  std::string outcome;
  std::string to;
  int days = 0;
};

// Prints what a writing verb did: the reference (scripts capture it) and, on stderr, the news.
void report(Context& context, const Case& c, std::string_view news) {
  const Format format = context.format();
  if (format == Format::json || format == Format::jsonl) {
    auto writer = make_row_writer(Format::jsonl, context.out(), case_columns(format));
    CaseStore store(context.ledger());
    writer->row(case_row(context, c, format, Disclosure::masked(), store));
    writer->finish();
    return;
  }
  context.out() << c.ref << '\n';
  context.info(fmt::format("epb: {} {}: {}, due {}{}", c.ref, news, state_name(context, c.service, c.status),
                           context.date(c.due_date),
                           c.due_provisional ? " (provisional: a calendar year not yet published)" : ""));
}

std::string_view past_tense(std::string_view verb) {
  if (verb == "move") return "moved";
  if (verb == "pause") return "paused";
  if (verb == "resume") return "resumed";
  if (verb == "extend") return "extended";
  if (verb == "assign") return "assigned";
  if (verb == "note") return "noted";
  if (verb == "close") return "closed";
  if (verb == "reopen") return "reopened";
  return verb;
}

void run_open(Context& context, const OpenOptions& options) {
  CaseDesk desk = make_desk(context);
  const Case c = value_or_throw(desk.open(context.stamp("case open"), options.input));
  report(context, c, c.repeat_of.empty() ? "opened" : fmt::format("opened (repeats {})", c.repeat_of));
}

void add_open(CLI::App& parent, Context& context) {
  auto o = std::make_shared<OpenOptions>();
  auto& in = o->input;
  auto* cmd = parent.add_subcommand("open", "Open a case: validate the intake, number it, compute its due date");
  cmd->add_option("--service", in.service, "service code from the config (e.g. petition)")->required();
  cmd->add_option("--channel", in.channel, "intake channel (phone, hotline, fax, mail, web, app, in_person)")
      ->required();
  cmd->add_option("--subject", in.subject, "what the case is about")->required();
  cmd->add_option("--applicant-kind", in.applicant_kind, "person (default), organisation or anonymous");
  cmd->add_option("--name", in.name, "applicant's name (person or organisation)");
  cmd->add_option("--id-number", in.id_number, "national ID or resident certificate number");
  cmd->add_option("--business-number", in.business_number, "uniform business number (organisations)");
  cmd->add_option("--phone", in.phone, "phone number (its last 4 digits open the progress lookup)");
  cmd->add_option("--email", in.email, "e-mail address");
  cmd->add_option("--address", in.address, "postal address");
  cmd->add_option("--applicant-lang", in.lang, "language of notices to the applicant: zh-TW (default) or en");
  cmd->add_option("--description", in.description, "details");
  cmd->add_option("--place", in.place, "where the matter is (for complaints)");
  cmd->add_option("--received", in.received, "when it was received (default: the clock), ISO or ROC");
  cmd->add_option("--source-system", in.source_system, "the system it came from (e.g. 1999)");
  cmd->add_option("--source-id", in.source_id, "its id there; a second open with the same id is refused");
  using K = TextKind;
  text_checked(cmd, {{"--service", K::code},
                     {"--channel", K::code},
                     {"--subject", K::subject},
                     {"--applicant-kind", K::code},
                     {"--name", K::name},
                     {"--id-number", K::line},
                     {"--business-number", K::line},
                     {"--phone", K::line},
                     {"--email", K::line},
                     {"--address", K::line},
                     {"--applicant-lang", K::code},
                     {"--description", K::note},
                     {"--place", K::line},
                     {"--received", K::line},
                     {"--source-system", K::code},
                     {"--source-id", K::name}});
  cmd->callback([&context, o] { run_open(context, *o); });
}

// Registers a verb taking REF and running `act` on the desk.
template <class Act>
CLI::App* add_change(CLI::App& parent, Context& context, const char* name, const char* help,
                     std::shared_ptr<MoveOptions> o, Act act) {
  auto* cmd = parent.add_subcommand(name, help);
  text_checked(cmd->add_option("REF", o->ref, "case reference, e.g. PET-113-000042")->required(), TextKind::code);
  cmd->callback([&context, o, act, name] {
    CaseDesk desk = make_desk(context);
    const Case c = value_or_throw(act(desk, context.stamp(fmt::format("case {}", name)), *o));
    report(context, c, past_tense(name));
  });
  return cmd;
}

void add_lifecycle(CLI::App& parent, Context& context) {
  auto o = std::make_shared<MoveOptions>();
  add_change(parent, context, "move", "Move a case to another state, only along the SOP's allowed moves", o,
             [](CaseDesk& d, const Stamp& s, const MoveOptions& m) { return d.move(s, m.ref, m.state, m.note); })
      ->add_option("STATE", o->state, "the state to move to")
      ->required();
  parent.get_subcommand("move")->add_option("--note", o->note, "why (kept in the history)");

  add_change(parent, context, "pause", "Stop the clock: move to the SOP's pause state (e.g. 補件)", o,
             [](CaseDesk& d, const Stamp& s, const MoveOptions& m) { return d.pause(s, m.ref, m.note); })
      ->add_option("--note", o->note, "what is awaited");
  add_change(parent, context, "resume", "Restart the clock; the due date moves by the working days paused", o,
             [](CaseDesk& d, const Stamp& s, const MoveOptions& m) { return d.resume(s, m.ref, m.note); })
      ->add_option("--note", o->note, "what arrived");

  auto* extend = add_change(
      parent, context, "extend", "Extend the due date within the SOP's extension policy", o,
      [](CaseDesk& d, const Stamp& s, const MoveOptions& m) { return d.extend(s, m.ref, m.days, m.reason); });
  extend->add_option("--days", o->days, "working days to add")
      ->required()
      ->check(whole_number("--days", std::numeric_limits<std::int32_t>::min()));
  extend->add_option("--reason", o->reason, "why (the applicant is told)")->required();

  add_change(parent, context, "assign", "Assign a case to a clerk", o,
             [](CaseDesk& d, const Stamp& s, const MoveOptions& m) { return d.assign(s, m.ref, m.to); })
      ->add_option("--to", o->to, "who handles it")
      ->required();
  add_change(parent, context, "note", "Add a note to a case's history", o,
             [](CaseDesk& d, const Stamp& s, const MoveOptions& m) { return d.note(s, m.ref, m.note); })
      ->add_option("TEXT", o->note, "the note")
      ->required();
  auto* close = add_change(
      parent, context, "close", "Close a case with its outcome; records on time or late", o,
      [](CaseDesk& d, const Stamp& s, const MoveOptions& m) { return d.close(s, m.ref, m.outcome, m.state); });
  close->add_option("--outcome", o->outcome, "the result, as told to the applicant")->required();
  close->add_option("--state", o->state, "closing state when the SOP has several (default: closed)");
  add_change(parent, context, "reopen", "Reopen a closed case; its deadline starts again", o,
             [](CaseDesk& d, const Stamp& s, const MoveOptions& m) { return d.reopen(s, m.ref, m.reason); })
      ->add_option("--reason", o->reason, "why")
      ->required();

  using K = TextKind;
  text_checked(parent.get_subcommand("move"), {{"STATE", K::code}, {"--note", K::note}});
  text_checked(parent.get_subcommand("pause"), {{"--note", K::note}});
  text_checked(parent.get_subcommand("resume"), {{"--note", K::note}});
  text_checked(parent.get_subcommand("extend"), {{"--reason", K::note}});
  text_checked(parent.get_subcommand("assign"), {{"--to", K::name}});
  text_checked(parent.get_subcommand("note"), {{"TEXT", K::note}});
  text_checked(close, {{"--outcome", K::note}, {"--state", K::code}});
  text_checked(parent.get_subcommand("reopen"), {{"--reason", K::note}});
}

void add_filters(CLI::App* cmd, CaseListOptions& o) {
  cmd->add_option("--service", o.services, "only these services (repeatable)");
  cmd->add_option("--unit", o.units, "only these units (repeatable)");
  cmd->add_option("--status", o.statuses, "only these states (repeatable)");
  cmd->add_option("--channel", o.channels, "only these intake channels (repeatable)");
  cmd->add_option("--assignee", o.assignee, "only cases assigned to this clerk");
  cmd->add_option("--opened-from", o.received_from, "received on or after this date");
  cmd->add_option("--opened-to", o.received_to, "received on or before this date");
  cmd->add_option("--due-from", o.due_from, "due on or after this date");
  cmd->add_option("--due-to", o.due_to, "due on or before this date");
  cmd->add_option("--due-within", o.due_within, "open and due within, e.g. '2 workdays', '3 days', '48 hours'");
  cmd->add_flag("--overdue", o.overdue, "open, running and past due");
  cmd->add_flag("--paused", o.paused, "clock stopped (e.g. waiting for documents)");
  cmd->add_flag("--open", o.open, "not closed");
  cmd->add_flag("--repeated", o.repeated, "repeated complaints");
  cmd->add_option("--sort", o.sort, "ref, received, due, status or service")
      ->check(one_of("--sort", {"ref", "received", "due", "status", "service"}));
  cmd->add_flag("--desc", o.descending, "sort descending");
  cmd->add_option("--limit", o.limit, "at most this many")->check(whole_number("--limit", 1));
  cmd->add_flag("--reveal-pii", o.reveal_pii, "show personal data in full (recorded in the event log)");
  using K = TextKind;
  text_checked(cmd, {{"--service", K::code},
                     {"--unit", K::code},
                     {"--status", K::code},
                     {"--channel", K::code},
                     {"--assignee", K::name},
                     {"--opened-from", K::line},
                     {"--opened-to", K::line},
                     {"--due-from", K::line},
                     {"--due-to", K::line},
                     {"--due-within", K::line}});
}

void add_views(CLI::App& parent, Context& context) {
  auto show = std::make_shared<CaseShowOptions>();
  auto* cmd = parent.add_subcommand("show", "Show one case");
  text_checked(cmd->add_option("REF", show->ref, "case reference")->required(), TextKind::code);
  cmd->add_flag("--explain", show->explain, "also explain the due date: rule, skipped days, pauses, extensions");
  cmd->add_flag("--reveal-pii", show->reveal_pii, "show personal data in full (recorded in the event log)");
  cmd->callback([&context, show] { run_case_show(context, *show); });

  auto list = std::make_shared<CaseListOptions>();
  cmd = parent.add_subcommand("list", "List cases with filters, sorted, in any --format");
  add_filters(cmd, *list);
  cmd->add_flag("--count", list->count, "print only how many match");
  cmd->callback([&context, list] { run_case_list(context, *list, false); });

  auto exported = std::make_shared<CaseListOptions>();
  cmd = parent.add_subcommand("export", "Stream cases as CSV (default), TSV or JSON lines, any size");
  add_filters(cmd, *exported);
  cmd->callback([&context, exported] { run_case_list(context, *exported, true); });

  auto ref = std::make_shared<std::string>();
  cmd = parent.add_subcommand("history", "Every change to a case, oldest first");
  text_checked(cmd->add_option("REF", *ref, "case reference")->required(), TextKind::code);
  cmd->callback([&context, ref] { run_case_history(context, *ref); });

  auto lookup = std::make_shared<std::pair<std::string, std::string>>();
  cmd = parent.add_subcommand("lookup", "Citizen progress lookup (進度查詢): status and dates only");
  text_checked(cmd->add_option("REF", lookup->first, "case reference")->required(), TextKind::code);
  cmd->add_option("--phone-last4", lookup->second, "last 4 digits of the phone given at intake")->required();
  cmd->callback([&context, lookup] { run_case_lookup(context, lookup->first, lookup->second); });

  auto overdue = std::make_shared<CaseListOptions>();
  cmd = parent.add_subcommand("overdue", "Open cases past due as of the clock, oldest first, with working days late");
  cmd->add_option("--unit", overdue->units, "only these units (repeatable)");
  cmd->add_option("--service", overdue->services, "only these services (repeatable)");
  cmd->add_option("--due-within", overdue->due_within, "instead: cases not yet late but due within, e.g. '2 workdays'");
  cmd->add_flag("--count", overdue->count, "print only how many");
  cmd->add_flag("--reveal-pii", overdue->reveal_pii, "show personal data in full (recorded in the event log)");
  cmd->callback([&context, overdue] { run_case_overdue(context, *overdue); });

  auto dry_run = std::make_shared<bool>(false);
  cmd = parent.add_subcommand("recompute", "After a calendar change: move open cases' due dates (before → after)");
  cmd->add_flag("--dry-run", *dry_run, "only list what would move");
  cmd->callback([&context, dry_run] { run_case_recompute(context, *dry_run); });
}

} // namespace

CaseDesk make_desk(Context& context) {
  return CaseDesk(context.ledger_after_config(), context.config(), context.calendar());
}

void register_case(CLI::App& app, Context& context) {
  auto* cases = app.add_subcommand("case", "Cases: intake, SOP lifecycle, deadlines, overdue, progress lookup");
  cases->require_subcommand(1);
  add_open(*cases, context);
  add_views(*cases, context);
  add_case_import(*cases, context);
  add_lifecycle(*cases, context);
  add_case_reward(*cases, context);
}

} // namespace epb::cli
