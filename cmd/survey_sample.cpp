// epb survey sample | verify: a sample drawn inside the ledger and stored with all that
// re-draws it, then re-drawn and checked (lib/epb/survey/sample_desk.hpp; epb-survey(1)
// SAMPLING). list and show are in survey_sample_views.cpp.
#include "commands.hpp"
#include "survey_sample_views.hpp"
#include "survey_verbs.hpp"

#include "epb/output/json.hpp"
#include "epb/survey/sample_desk.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace survey_sample_verbs {

struct SampleArgs {
  SampleRequest request;
  bool dry_run = false;
  std::string note;
};

void add_sample(CLI::App& survey, Context& context) {
  auto a = std::make_shared<SampleArgs>();
  SampleRequest& r = a->request;
  auto* cmd = survey.add_subcommand(
      "sample", "Draw a reproducible sample of closed cases to phone: prints its number; the strata table, frame size "
                "and the SHA-256 of frame and sample go to stderr (--dry-run: the table on stdout, nothing stored)");
  text_checked(cmd->add_option("--service", r.services,
                               "the services to sample, comma-separated (subsidy; "
                               "petition,complaint): one questionnaire must survey them all"),
               TextKind::line);
  text_checked(cmd->add_option("--period", r.period,
                               "cases closed FROM..TO (ISO or ROC, both days included), or a year (2018, 107) or a "
                               "month (2018-03, 107/03)"),
               TextKind::line);
  text_checked(cmd->add_option("--rate", r.rate,
                               "the share to draw: 1/10, 10%, 12.5% (default: the questionnaire's "
                               "required rate); per stratum, rounded up"),
               TextKind::line);
  text_checked(cmd->add_option("--size", r.size,
                               "the number to draw instead of a rate, shared among the strata in "
                               "proportion to their size"),
               TextKind::line);
  text_checked(cmd->add_option("--strata", r.strata,
                               "draw within each value of these fields: unit, district, "
                               "service, comma-separated (default: one stratum)"),
               TextKind::line);
  cmd->add_option("--min-per-stratum", r.min_per_stratum,
                  "at least this many from every stratum (fewer only where the stratum is smaller) (default 1)")
      ->check(whole_number("--min-per-stratum", 0));
  cmd->add_option("--spares", r.spares,
                  "this many spares per stratum, in a stored order: they take the place of cases that cannot be "
                  "reached (default 0)")
      ->check(whole_number("--spares", 0));
  text_checked(cmd->add_option("--method", r.method,
                               "systematic (1 in k with a random start, k exact) or simple (random without "
                               "replacement) (default systematic)"),
               TextKind::code);
  text_checked(cmd->add_option("--seed", r.seed,
                               "the random seed, a whole number 0..18446744073709551615 (required: with the same "
                               "ledger and options it draws the same sample)"),
               TextKind::code);
  text_checked(cmd->add_option("--exclude-surveyed-within", r.exclude_surveyed_within,
                               "leave out people called in another sample drawn this many days before (90d; "
                               "default: the questionnaire's; 0d: none)"),
               TextKind::code);
  cmd->add_flag("--dry-run", a->dry_run, "show the strata table on stdout, storing nothing");
  text_checked(cmd->add_option("--note", a->note, "why the sample was drawn, stored with it"), TextKind::note);
  cmd->callback([&context, a] {
    SampleDesk desk(context.ledger_after_config(), context.config());
    const SampleDefinition definition = value_or_throw(desk.define(a->request));
    const DrawnSample drawn =
        value_or_throw(desk.draw(context.stamp("survey sample"), definition, a->dry_run, a->note));
    const StoredSample& s = drawn.sample;
    std::int64_t chosen = 0;
    std::int64_t spares = 0;
    for (const auto& st : s.strata) {
      chosen += st.drawn;
      spares += st.spares;
    }
    const std::string summary = fmt::format(
        "{} case{} in the frame (SHA-256 {}); {} drawn and {} spare{} in {} {}; sample SHA-256 {}; generator {}, "
        "seed {}",
        s.frame_size, s.frame_size == 1 ? "" : "s", s.frame_sha256, chosen, spares, spares == 1 ? "" : "s",
        s.strata.size(), s.strata.size() == 1 ? "stratum" : "strata", s.sample_sha256, definition.generator,
        definition.seed);
    if (a->dry_run) {
      print_strata(context, context.out(), s.strata);
      context.info("epb: dry run, nothing stored: " + summary);
      return;
    }
    context.out() << s.id << '\n';
    if (!context.options.quiet) print_strata(context, context.err(), s.strata);
    context.info(fmt::format("epb: survey sample {}: {}", s.id, summary));
  });
}

std::string verdict(const VerifyReport& r) {
  if (r.identical()) return "identical";
  std::string text;
  if (r.sample_edited())
    text = "the stored sample was edited: its rows disagree with themselves or with the event its draw recorded";
  if (r.frame_changed())
    text += std::string(text.empty() ? "" : "; ") +
            (r.sample_edited() ? "the frame changed too"
                               : "the ledger changed since the draw: the frame differs, the stored sample agrees with "
                                 "itself and with its event");
  if (text.empty()) text = "the re-draw differs";
  return text;
}

void add_verify(CLI::App& survey, Context& context) {
  auto id = std::make_shared<std::int64_t>(0);
  auto* cmd = survey.add_subcommand("verify", "Re-build a sample's frame and re-draw it: exit 0 'identical', else exit "
                                              "1 with what differs (cases added, removed or changed since; a stored "
                                              "sample edited)");
  cmd->add_option("ID", *id, "the sample's number (epb survey list)")
      ->required()
      ->check(whole_number("ID", 1, std::numeric_limits<std::int64_t>::max()));
  cmd->callback([&context, id] {
    SampleDesk desk(context.ledger_after_config(), context.config());
    const VerifyReport r = value_or_throw(desk.verify(*id));
    const Format format = context.format();
    if (format == Format::table) {
      std::string text = fmt::format("survey sample {}: {}\n", *id, verdict(r));
      for (const auto& line : r.differences)
        text += "  " + line + "\n";
      const auto cases = [](std::int64_t n) { return fmt::format("{} case{}", n, n == 1 ? "" : "s"); };
      text += fmt::format("  frame then: {}, SHA-256 {}\n  frame now:  {}, SHA-256 {}\n", cases(r.sample.frame_size),
                          r.sample.frame_sha256, cases(r.frame_size_now), r.frame_sha256_now);
      context.out() << terminal_safe(text, true);
    } else {
      using T = Column::Type;
      auto writer = make_row_writer(format, context.out(),
                                    {{"sample", T::integer},
                                     {"identical", T::boolean},
                                     {"verdict"},
                                     {"frame_size", T::integer},
                                     {"frame_sha256"},
                                     {"frame_size_now", T::integer},
                                     {"frame_sha256_now"},
                                     {"added", T::json},
                                     {"removed", T::json},
                                     {"changed", T::json},
                                     {"stored_hash_mismatch", T::boolean},
                                     {"stored_members_altered", T::boolean},
                                     {"definition_altered", T::boolean},
                                     {"redraw_differs", T::boolean},
                                     {"differences", T::json}});
      const auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
      writer->row({std::to_string(*id), flag(r.identical()), verdict(r), std::to_string(r.sample.frame_size),
                   r.sample.frame_sha256, std::to_string(r.frame_size_now), r.frame_sha256_now,
                   json_string_array(r.added), json_string_array(r.removed), json_string_array(r.changed),
                   flag(r.stored_hash_mismatch), flag(r.stored_members_altered), flag(r.definition_altered),
                   flag(r.redraw_differs), json_string_array(r.differences)});
      writer->finish();
    }
    if (!r.identical())
      throw Error(fmt::format("survey sample {}: not identical: {}", *id, verdict(r)), Fault::failure);
  });
}

} // namespace survey_sample_verbs

void add_survey_sample(CLI::App& parent, Context& context) {
  using namespace survey_sample_verbs;
  add_sample(parent, context);
  add_verify(parent, context);
  add_survey_sample_views(parent, context);
}

} // namespace epb::cli
