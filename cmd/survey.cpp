// epb survey: reproducible satisfaction-survey samples drawn inside the ledger, the call
// centre's list and answers, and the results with their uncertainty (DOMAIN.md §8,
// epb-survey(1)). The verbs live in the files survey_verbs.hpp names.
#include "commands.hpp"
#include "survey_verbs.hpp"

namespace epb::cli {

void register_survey(CLI::App& app, Context& context) {
  auto* parent = app.add_subcommand("survey", "Satisfaction surveys: draw, verify, call, answer, results");
  parent->require_subcommand(1);
  add_survey_sample(*parent, context);
  add_survey_calls(*parent, context);
  add_survey_results(*parent, context);
}

} // namespace epb::cli
