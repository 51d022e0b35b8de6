#pragma once
// The `epb survey` verbs, by group, registered by cmd/survey.cpp in --help order.
#include "context.hpp"

#include <CLI/CLI.hpp>

namespace epb::cli {

// sample, verify, list, show (survey_sample.cpp).
void add_survey_sample(CLI::App& parent, Context& context);
// export, record, import, opt-out (survey_calls.cpp).
void add_survey_calls(CLI::App& parent, Context& context);
// results, coverage (survey_results.cpp).
void add_survey_results(CLI::App& parent, Context& context);

} // namespace epb::cli
