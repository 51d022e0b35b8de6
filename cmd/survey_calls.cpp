// epb survey export | record | import | opt-out: the call centre's side of a stored sample
// (lib/epb/survey/call_desk.hpp; man epb-survey(1), CALLS). The call list goes out masked
// unless --reveal-pii (recorded before the first unmasked byte), calls and answers come back
// one by one or as a results file through the import verb every record type shares.
#include "commands.hpp"
#include "import_verb.hpp"
#include "survey_verbs.hpp"

#include "epb/cases/case_store.hpp"
#include "epb/survey/answer_import.hpp"
#include "epb/survey/call_desk.hpp"
#include "epb/survey/member_store.hpp"

#include <fmt/format.h>

#include <limits>
#include <map>
#include <memory>

namespace epb::cli {
namespace survey_call_verbs {

constexpr std::int64_t k_max_id = std::numeric_limits<std::int64_t>::max();

[[noreturn]] void refuse(std::string option, std::string why) {
  throw ProblemError(Problem{Fault::invalid, std::move(option), std::move(why)});
}

// ---- export ---------------------------------------------------------------------------------

struct ExportArgs {
  std::int64_t sample_id = 0;
  std::string output;
  bool force = false;
  bool reveal_pii = false;
  bool excel = false;
};

// Every column but the name and the phone is the sample's or the case's handling; those two
// are masked unless the reveal was recorded (the phone shows only its kind: 0912******).
const std::vector<Column> k_export_columns = {
    {"sample_id", Column::Type::integer},
    {"ref"},
    {"role"},
    {"stratum"},
    {"position", Column::Type::integer},
    {"service"},
    {"unit"},
    {"closed"},
    {"district"},
    {"name"},
    {"phone"},
    {"status"},
    {"attempts", Column::Type::integer},
    {"replaces"},
};

void run_export(Context& context, const ExportArgs& a) {
  CallDesk desk(context.ledger_after_config(), context.config(), context.calendar());
  const std::vector<CallListRow> rows = value_or_throw(desk.call_list(a.sample_id));
  Format format = context.format();
  if (format == Format::table) format = Format::csv; // the call centre's file
  // The file is checked (never the ledger, the config) before anything is revealed.
  const ProtectedFiles protect = context.protected_files();
  std::optional<OutputFile> file;
  if (!a.output.empty()) file.emplace("--output", a.output, protect, OutputOptions{.replace = a.force});
  std::ostream& out = file ? file->stream() : context.out();
  std::vector<std::string> refs;
  std::map<std::int64_t, std::string> ref_of;
  for (const CallListRow& row : rows) {
    refs.push_back(row.member.ref);
    ref_of[row.member.id] = row.member.ref;
  }
  const Disclosure disclosure = context.disclosure(a.reveal_pii, "survey export", refs);
  // A spreadsheet opened on a CSV without a byte-order mark reads the names as Big5 or cp1252.
  if (a.excel) out << "\xEF\xBB\xBF";
  auto writer = make_row_writer(format, out, k_export_columns);
  for (const CallListRow& row : rows) {
    const SampleMember& m = row.member;
    writer->row({std::to_string(row.sample_id), m.ref, m.spare ? "spare" : "chosen", m.stratum,
                 std::to_string(m.position), row.service, row.unit,
                 row.closed == Date() ? std::string() : context.date(row.closed), row.district,
                 disclosure.show(PersonalData::name, row.name), disclosure.show(PersonalData::phone, row.phone),
                 std::string(member_status_name(m.status)), std::to_string(m.attempts),
                 m.replaces ? ref_of[*m.replaces] : std::string()});
  }
  writer->finish();
  if (file) {
    file->commit();
    context.info(fmt::format("epb: {} member{} of sample {} written to {}", rows.size(), rows.size() == 1 ? "" : "s",
                             a.sample_id, a.output));
  }
}

void add_export(CLI::App& parent, Context& context) {
  auto a = std::make_shared<ExportArgs>();
  auto* cmd = parent.add_subcommand("export", "The call list of a sample (CSV): the cases to call in stored order, "
                                              "then the spares not yet called; names and phones masked unless "
                                              "--reveal-pii");
  cmd->add_option("ID", a->sample_id, "the sample's id (epb survey list)")
      ->required()
      ->check(whole_number("ID", 1, k_max_id));
  text_checked(cmd->add_option("--output", a->output, "write to FILE (mode 0600) instead of standard output"),
               TextKind::line);
  cmd->add_flag("--force", a->force, "replace an existing --output file");
  cmd->add_flag("--excel", a->excel, "for spreadsheets: a UTF-8 byte-order mark first (csv and tsv only)");
  cmd->add_flag("--reveal-pii", a->reveal_pii,
                "names and phone numbers in full (one reveal-pii event per case, recorded first)");
  cmd->callback([&context, a, cmd] {
    // `--output "$FILE"` with FILE unset would otherwise print the call list on the terminal.
    if (cmd->count("--output") > 0 && a->output.empty()) refuse("--output", "an empty path: name the file");
    const Format format = context.format();
    if (a->excel && (format == Format::json || format == Format::jsonl))
      refuse("--excel", "a byte-order mark is for csv and tsv files, not JSON");
    run_export(context, *a);
  });
}

// ---- record ---------------------------------------------------------------------------------

struct RecordArgs {
  std::int64_t sample_id = 0;
  std::string ref;
  std::string answers;
  std::string comment;
  std::string attempt; // the outcome of a call that was not answered
  std::int64_t number = 0;
  std::string called_at;
};

// What the call did, one line each: what was recorded, the spare, the follow-up case.
void report(Context& context, const CallEffect& effect, std::string_view outcome) {
  const SampleMember& m = effect.member;
  std::ostream& out = context.out();
  if (effect.unchanged) {
    out << fmt::format("{}: attempt {} ({}) was recorded before: unchanged\n", m.ref, effect.attempt, outcome);
  } else {
    out << fmt::format("{}: attempt {} recorded: {}; {}", m.ref, effect.attempt, outcome, member_status_name(m.status));
    if (m.status == MemberStatus::pending) out << fmt::format(" ({} unanswered)", m.attempts);
    out << '\n';
  }
  if (effect.replacement)
    out << fmt::format("{}: unreachable, replaced by {} (spare {} of its stratum)\n", m.ref, effect.replacement->ref,
                       effect.replacement->position);
  if (effect.no_spare_left)
    out << fmt::format("{}: unreachable, and its stratum{} has no spare left\n", m.ref,
                       m.stratum.empty() ? "" : " " + m.stratum);
  if (effect.follow_up_ref) {
    const auto opened = CaseStore(context.ledger()).find(*effect.follow_up_ref);
    out << fmt::format("{}: follow-up case {} {}{}\n", m.ref, *effect.follow_up_ref,
                       effect.unchanged ? "opened before" : "opened",
                       opened ? fmt::format(", due {}", context.date(opened->due_date)) : "");
  }
}

void run_record(Context& context, const RecordArgs& a) {
  if (a.answers.empty() == a.attempt.empty())
    refuse("--answers", "give the answers (--answers 5,4,5) or the outcome of a call not answered (--attempt "
                        "no-answer|refused|wrong-number), one of them");
  if (!a.comment.empty() && a.answers.empty()) refuse("--comment", "only with --answers");
  CallResult call;
  call.ref = a.ref;
  if (!a.answers.empty()) {
    auto answers = parse_answers(a.answers);
    if (!answers) refuse("--answers", answers.error().why);
    call.answers = std::move(*answers);
  } else {
    const auto outcome = parse_call_outcome(a.attempt);
    if (!outcome || *outcome == CallOutcome::answered)
      refuse("--attempt", unknown_value_message(a.attempt, {"no-answer", "refused", "wrong-number"}, "outcome"));
    call.outcome = *outcome;
  }
  call.comment = a.comment;
  if (a.number > 0) call.attempt = static_cast<int>(a.number);
  if (!a.called_at.empty()) {
    auto at = parse_instant(a.called_at);
    if (!at) refuse("--called-at", at.error().why);
    call.called_at = *at;
  }
  const Stamp stamp = context.stamp("survey record");
  CallDesk desk(context.ledger_after_config(), context.config(), context.calendar());
  auto effect = desk.record(stamp, a.sample_id, call);
  if (!effect) { // the library names fields; here they are options
    Problem p = effect.error();
    if (p.what == "answers") p.what = "--answers";
    if (p.what == "comment") p.what = "--comment";
    if (p.what == "attempt") p.what = "--number";
    if (p.what == "called_at") p.what = a.called_at.empty() ? "--as-of" : "--called-at"; // the call is the clock's
    throw ProblemError(std::move(p));
  }
  report(context, *effect, call_outcome_name(call.outcome));
}

void add_record(CLI::App& parent, Context& context) {
  auto a = std::make_shared<RecordArgs>();
  auto* cmd = parent.add_subcommand("record", "Record one call to a member of a sample: the answers, or a call not "
                                              "answered (a spare takes an unreachable member's place; a low score "
                                              "opens the follow-up case)");
  cmd->add_option("ID", a->sample_id, "the sample's id")->required()->check(whole_number("ID", 1, k_max_id));
  text_checked(cmd->add_option("REF", a->ref, "the case called, e.g. PET-113-000042")->required(), TextKind::code);
  text_checked(cmd->add_option("--answers", a->answers,
                               "one score per questionnaire item, in order, e.g. 5,4,5 (a blank one: not answered)"),
               TextKind::line);
  text_checked(cmd->add_option("--comment", a->comment, "the answer to the free-text item"), TextKind::note);
  text_checked(cmd->add_option("--attempt", a->attempt, "a call not answered: no-answer, refused or wrong-number"),
               TextKind::code);
  cmd->add_option("--number", a->number, "the call centre's attempt number (default: the next)")
      ->check(whole_number("--number", 1, 999));
  text_checked(cmd->add_option("--called-at", a->called_at, "when the call was made, ISO or ROC (default: now)"),
               TextKind::line);
  cmd->callback([&context, a] { run_record(context, *a); });
}

// ---- import ---------------------------------------------------------------------------------

// The desk and the target, alive for the run.
struct SurveyImport {
  SurveyImport(Context& context, std::int64_t sample_id)
      : desk(context.ledger_after_config(), context.config(), context.calendar()),
        target(desk, context.ledger(), context.stamp("survey import"), sample_id,
               *value_or_throw(desk.questionnaire(sample_id))) {}
  CallDesk desk;
  AnswerImportTarget target;
};

void add_import(CLI::App& parent, Context& context) {
  auto sample_id = std::make_shared<std::int64_t>(0);
  ImportVerb spec;
  spec.help = "Import the call centre's results for a sample (CSV, TSV, JSON lines): validated against the "
              "questionnaire, all-or-nothing, idempotent (a call recorded before is skipped)";
  spec.file_help = "the results file (epb-survey(1), CALLS), or - for standard input";
  spec.on_duplicate = false; // a call recorded before, identically, is skipped; differently, refused
  spec.leading_arguments = [sample_id](CLI::App* cmd) {
    cmd->add_option("ID", *sample_id, "the sample's id")->required()->check(whole_number("ID", 1, k_max_id));
  };
  spec.make_target = [sample_id](Context& c, const ImportRun&) -> std::shared_ptr<ImportTarget> {
    auto owner = std::make_shared<SurveyImport>(c, *sample_id);
    return std::shared_ptr<ImportTarget>(owner, &owner->target);
  };
  add_import_verb(parent, context, std::move(spec));
}

// ---- opt-out --------------------------------------------------------------------------------

struct OptOutArgs {
  std::string ref;
  std::string reason;
};

void add_opt_out(CLI::App& parent, Context& context) {
  auto a = std::make_shared<OptOutArgs>();
  auto* cmd = parent.add_subcommand("opt-out", "The phone of a case goes on the opt-out list: no later sample "
                                               "calls it");
  text_checked(cmd->add_option("REF", a->ref, "the case whose applicant asked not to be called")->required(),
               TextKind::code);
  text_checked(cmd->add_option("--reason", a->reason, "what they said, for the record"), TextKind::line);
  cmd->callback([&context, a] {
    CallDesk desk(context.ledger_after_config(), context.config(), context.calendar());
    auto added = desk.opt_out(context.stamp("survey opt-out"), a->ref, a->reason);
    if (!added) {
      Problem p = added.error();
      if (p.what == "reason") p.what = "--reason";
      throw ProblemError(std::move(p));
    }
    context.out() << fmt::format("{}: {}\n", a->ref,
                                 *added ? "its phone is on the opt-out list: no later sample calls it"
                                        : "its phone was on the opt-out list already: unchanged");
  });
}

} // namespace survey_call_verbs

void add_survey_calls(CLI::App& parent, Context& context) {
  using namespace survey_call_verbs;
  add_export(parent, context);
  add_record(parent, context);
  add_import(parent, context);
  add_opt_out(parent, context);
}

} // namespace epb::cli
