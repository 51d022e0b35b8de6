#pragma once
// The reading verbs of a stored sample (survey_sample_views.cpp): list and show, and the strata
// table `survey sample` prints too.
#include "context.hpp"

#include "epb/survey/sample.hpp"

#include <CLI/CLI.hpp>

#include <ostream>
#include <vector>

namespace epb::cli {

// stratum, frame, planned, drawn, spares in the run's --format, to `out`.
void print_strata(Context& context, std::ostream& out, const std::vector<StratumDraw>& strata);
// survey list, survey show ID.
void add_survey_sample_views(CLI::App& survey, Context& context);

} // namespace epb::cli
