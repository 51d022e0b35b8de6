// epb subsidy list and epb subsidy export: applications by programme, state, district, dealer
// and received dates, personal data masked unless --reveal-pii (recorded first).
#include "commands.hpp"
#include "subsidy_verbs.hpp"

#include "epb/cases/case_fields.hpp"
#include "epb/core/text.hpp"
#include "epb/subsidy/subsidy_fields.hpp"
#include "epb/subsidy/subsidy_store.hpp"
#include "epb/validate/business_number.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace epb::cli {
namespace subsidy_view_verbs {

struct ViewOptions {
  std::string programme; // YEAR or YEAR:KIND
  std::vector<std::string> states;
  std::string district;
  std::string dealer;
  std::string received; // FROM..TO
  bool reveal_pii = false;
  std::string output; // export: the file, else standard output
  bool force = false;
};

[[noreturn]] void refuse(std::string option, std::string why) {
  throw ProblemError(Problem{Fault::invalid, std::move(option), std::move(why)});
}

// The programmes a --programme may name: the configured ones and any the ledger has
// applications of (a programme since removed from the config).
std::vector<std::string> known_programmes(Context& context, SubsidyStore& store) {
  std::vector<std::string> known;
  for (const auto& p : context.config().subsidy.programmes)
    known.push_back(p.code());
  for (const auto& use : store.budget_use()) {
    const std::string code = fmt::format("{}/{}", use.year, programme_kind_name(use.kind));
    if (std::ranges::find(known, code) == known.end()) known.push_back(code);
  }
  return known;
}

void parse_programme(Context& context, SubsidyStore& store, const std::string& text, SubsidyFilter& f) {
  const auto colon = text.find(':');
  const std::string year_text(trim(std::string_view(text).substr(0, colon)));
  int year = 0;
  if (year_text.empty() || year_text.size() > 4 ||
      !std::ranges::all_of(year_text, [](char c) { return c >= '0' && c <= '9'; }))
    refuse("--programme", fmt::format("'{}' is not YEAR or YEAR:KIND (e.g. 2018, 107 or 2018:scrap_only)", text));
  year = std::stoi(year_text);
  if (year < 1000) year += 1911; // a ROC year
  f.programme_year = year;
  const auto known = known_programmes(context, store);
  if (colon != std::string::npos) {
    const std::string kind_text(trim(std::string_view(text).substr(colon + 1)));
    const auto kind = parse_programme_kind(kind_text);
    if (!kind)
      refuse("--programme",
             unknown_value_message(kind_text,
                                   {"scrap_only", "scrap_buy_heavy", "scrap_buy_other", "buy_heavy", "buy_other"},
                                   "programme kind"));
    f.kind = *kind;
    const std::string code = fmt::format("{}/{}", year, kind_text);
    if (std::ranges::find(known, code) == known.end())
      refuse("--programme", unknown_value_message(code, known, "programme"));
    return;
  }
  const std::string prefix = fmt::format("{}/", year);
  if (std::ranges::none_of(known, [&](const std::string& code) { return code.starts_with(prefix); }))
    refuse("--programme", unknown_value_message(std::to_string(year), known, "programme year"));
}

// FROM..TO, either end left open; dates ISO or ROC.
void parse_received(const std::string& text, CaseFilter& f) {
  const auto dots = text.find("..");
  if (dots == std::string::npos)
    refuse("--received", fmt::format("'{}' is not FROM..TO (dates ISO or ROC; either may be left out)", text));
  const std::string from(trim(std::string_view(text).substr(0, dots)));
  const std::string to(trim(std::string_view(text).substr(dots + 2)));
  if (from.empty() && to.empty()) refuse("--received", "give FROM, TO or both (FROM..TO)");
  if (!from.empty()) f.received_from = parse_date_option("--received", from);
  if (!to.empty()) f.received_to = parse_date_option("--received", to);
  if (f.received_from && f.received_to && *f.received_from > *f.received_to)
    refuse("--received", fmt::format("{} is after {}", f.received_from->iso(), f.received_to->iso()));
}

SubsidyFilter make_filter(Context& context, SubsidyStore& store, const ViewOptions& o) {
  const SubsidySettings& settings = context.config().subsidy;
  if (settings.service.empty())
    refuse("subsidy", "the configuration has no [subsidy] section (no programmes, no review service)");
  SubsidyFilter f;
  if (!o.programme.empty()) parse_programme(context, store, o.programme, f);
  if (!o.states.empty()) {
    std::vector<std::string> known;
    if (const Service* service = context.config().service(settings.service))
      for (const auto& state : service->states)
        known.push_back(state.code);
    for (const auto& state : o.states)
      if (std::ranges::find(known, state) == known.end())
        refuse("--state", unknown_value_message(state, known, "state"));
    f.cases.statuses = o.states;
  }
  if (!o.district.empty()) f.district = std::string(trim(o.district));
  if (!o.dealer.empty()) {
    auto ubn = validate_business_number(o.dealer);
    if (!ubn) refuse("--dealer", ubn.error().message());
    f.dealer_ubn = *ubn;
  }
  if (!o.received.empty()) parse_received(o.received, f.cases);
  return f;
}

std::string state_name(Context& context, const Case& c) {
  const Service* service = context.config().service(c.service);
  const State* state = service ? service->state(c.status) : nullptr;
  if (!state) return c.status;
  return context.english() ? state->name_en : state->name_zh;
}

// The table: what a clerk scans for; every other format has the export's columns.
const std::vector<Column> k_table_columns = {{"ref"},       {"status"},   {"programme"},
                                             {"applicant"}, {"scrapped"}, {"new_vehicle"},
                                             {"dealer"},    {"received"}, {"amount", Column::Type::integer}};

Row table_row(Context& context, const Case& c, const SubsidyApplication& a, const Disclosure& disclosure) {
  return {c.ref,
          state_name(context, c),
          fmt::format("{}/{}", a.programme_year, programme_kind_name(a.kind)),
          applicant_name_text(c.applicant, disclosure),
          a.scrapped_plate,
          a.new_plate.empty() ? a.new_frame : a.new_plate,
          a.dealer_ubn,
          context.date(c.received_at.taipei_date()),
          a.amount ? std::to_string(*a.amount) : std::string()};
}

Row record_row(Context& context, const Case& c, const SubsidyApplication& a, const Disclosure& disclosure) {
  const SubsidyRecordView view{c, a, context.date_style()};
  Row row;
  for (const auto& field : subsidy_fields())
    row.push_back(subsidy_field_text(field, view, disclosure));
  return row;
}

void run_view(Context& context, const ViewOptions& o, bool export_mode) {
  SubsidyStore store(context.ledger());
  const SubsidyFilter filter = make_filter(context, store, o);
  Format format = context.format();
  if (export_mode && format == Format::table) format = Format::csv;
  // The file is checked (never the ledger or the config) before anything is revealed.
  const ProtectedFiles protect = context.protected_files();
  std::optional<OutputFile> file;
  if (!o.output.empty()) file.emplace("--output", o.output, protect, OutputOptions{.replace = o.force});
  std::ostream& out = file ? file->stream() : context.out();
  // Revealing: the applications are recorded first, and only those are shown, so one that came
  // to match the filter in between is not shown unlogged.
  std::vector<std::int64_t> logged;
  std::vector<std::string> refs;
  if (o.reveal_pii)
    store.for_each(filter, [&](const Case& c, const SubsidyApplication&) {
      refs.push_back(c.ref);
      logged.push_back(c.id);
      return true;
    });
  const Disclosure disclosure = context.disclosure(o.reveal_pii, export_mode ? "subsidy export" : "subsidy list", refs);
  std::ranges::sort(logged);
  const bool table = format == Format::table;
  auto writer = make_row_writer(format, out, table ? k_table_columns : export_columns(subsidy_record_fields()));
  std::size_t rows = 0;
  store.for_each(filter, [&](const Case& c, const SubsidyApplication& a) {
    if (disclosure.reveals() && !std::ranges::binary_search(logged, c.id)) return true;
    writer->row(table ? table_row(context, c, a, disclosure) : record_row(context, c, a, disclosure));
    ++rows;
    return true;
  });
  writer->finish();
  if (file) {
    file->commit();
    context.info(fmt::format("epb: {} application{} written to {}", rows, rows == 1 ? "" : "s", o.output));
  }
}

void add_filters(CLI::App* cmd, ViewOptions& o) {
  cmd->add_option("--programme", o.programme, "YEAR or YEAR:KIND, e.g. 2018, 107 or 2018:scrap_only");
  cmd->add_option("--state", o.states, "only applications in this state (repeatable), e.g. approved");
  cmd->add_option("--district", o.district, "the household check's district, e.g. 苓雅區");
  cmd->add_option("--dealer", o.dealer, "the dealer's UBN");
  cmd->add_option("--received", o.received, "FROM..TO, the dates received (ISO or ROC; either end may be open)");
  cmd->add_flag("--reveal-pii", o.reveal_pii, "show personal data in full (recorded in the event log)");
  text_checked(cmd, {{"--programme", TextKind::code},
                     {"--state", TextKind::code},
                     {"--district", TextKind::line},
                     {"--dealer", TextKind::code},
                     {"--received", TextKind::line}});
}

} // namespace subsidy_view_verbs

void add_subsidy_views(CLI::App& parent, Context& context) {
  using namespace subsidy_view_verbs;
  auto list = std::make_shared<ViewOptions>();
  auto* cmd = parent.add_subcommand("list", "Applications by programme, state, district, dealer, received dates");
  add_filters(cmd, *list);
  cmd->callback([&context, list] { run_view(context, *list, false); });

  auto exported = std::make_shared<ViewOptions>();
  cmd = parent.add_subcommand("export", "Every field of the applications selected, as epb subsidy import reads them");
  add_filters(cmd, *exported);
  text_checked(cmd->add_option("--output", exported->output, "write to FILE (mode 0600) instead of standard output"),
               TextKind::line);
  cmd->add_flag("--force", exported->force, "replace an existing --output file");
  cmd->callback([&context, exported] { run_view(context, *exported, true); });
}

} // namespace epb::cli
