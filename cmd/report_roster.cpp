// epb report roster subsidy|reward: the remittance roster (匯款清冊) of a payment batch or of a
// year's paid transfers (lib/epb/report/roster.hpp; epb-report(1) ROSTERS), personal data
// masked unless --reveal-pii, whose reveal of every case listed is committed before the
// document is rendered; written through report_output.hpp.
#include "commands.hpp"
#include "report_output.hpp"
#include "report_verbs.hpp"

#include "epb/report/roster.hpp"
#include "epb/time/period.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace roster_report {

struct Args {
  std::string batch;
  std::string year;
  bool reveal_pii = false;
  DocumentOutput output;
};

[[noreturn]] void refuse(std::string option, std::string why) {
  throw ProblemError(Problem{Fault::invalid, std::move(option), std::move(why)});
}

report::RosterScope scope_of(Context& context, const Args& a, const CLI::App& cmd, report::RosterPurpose purpose) {
  const bool by_batch = cmd.count("--batch") > 0;
  const bool by_year = cmd.count("--year") > 0;
  if (by_batch == by_year) refuse("--batch, --year", "give one: a batch (--batch REF) or a year (--year Y)");
  report::RosterScope scope;
  scope.purpose = purpose;
  if (by_batch) {
    if (a.batch.empty()) refuse("--batch", "an empty batch reference");
    scope.batch = a.batch;
  } else {
    const auto year = parse_year(a.year);
    if (!year)
      refuse("--year", fmt::format("'{}' is no year: 4 digits Gregorian from 1912 (2018) or ROC (107)", a.year));
    scope.year = *year;
  }
  scope.as_of = context.now();
  scope.generated_at = context.ledger().real_now();
  scope.english = context.english();
  return scope;
}

void run(Context& context, const Args& a, const CLI::App& cmd, report::RosterPurpose purpose) {
  check_document_output(context, a.output, cmd);
  const report::RosterScope scope = scope_of(context, a, cmd, purpose);
  const auto lines = value_or_throw(report::roster_lines(context.ledger(), scope));
  // Committed before the document holds one unmasked value, so before any byte is written.
  const Disclosure shown = context.disclosure(
      a.reveal_pii, fmt::format("report roster {}", report::roster_purpose_name(purpose)), report::roster_refs(lines));
  write_document(context, report::roster_document(scope, lines, shown), a.output);
}

void add(CLI::App& roster, Context& context, report::RosterPurpose purpose) {
  auto a = std::make_shared<Args>();
  const bool subsidy = purpose == report::RosterPurpose::subsidy;
  auto* cmd = roster.add_subcommand(subsidy ? "subsidy" : "reward",
                                    subsidy ? "The subsidy remittance roster (補助款匯款清冊) of a batch or a year"
                                            : "The whistleblower reward remittance roster (檢舉獎勵金匯款清冊) of a "
                                              "batch or a year");
  text_checked(cmd->add_option("--batch", a->batch,
                               subsidy ? "every transfer of this batch, e.g. PAY-107-0001, whatever its result"
                                       : "every transfer of this batch, e.g. RWD-107-0001, whatever its result"),
               TextKind::code);
  text_checked(cmd->add_option("--year", a->year, "the transfers paid in this year, Gregorian (2018) or ROC (107)"),
               TextKind::code);
  cmd->add_flag("--reveal-pii", a->reveal_pii,
                "names, ID numbers and accounts in full (one reveal event per case, recorded first)");
  add_document_output(cmd, a->output);
  cmd->footer("One row per transfer (payments table) and the count and sum (total table); personal data masked "
              "unless --reveal-pii. The roster is the ledger as it stood at --as-of (default: now). Formats: table, "
              "csv, tsv, json, jsonl, markdown, html, ods (--format). See "
              "epb-report(1).");
  cmd->callback([&context, a, cmd, purpose] { run(context, *a, *cmd, purpose); });
}

} // namespace roster_report

void add_report_rosters(CLI::App& parent, Context& context) {
  auto* roster =
      parent.add_subcommand("roster", "Remittance rosters (匯款清冊) of the payment engine: subsidy, reward");
  roster->require_subcommand(1, 1);
  roster_report::add(*roster, context, report::RosterPurpose::subsidy);
  roster_report::add(*roster, context, report::RosterPurpose::reward);
}

} // namespace epb::cli
