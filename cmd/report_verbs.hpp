#pragma once
// The `epb report` verbs, by group, registered by cmd/report.cpp in --help order.
#include "context.hpp"

#include <CLI/CLI.hpp>

namespace epb::cli {

// annual, monthly (report_periodic.cpp).
void add_report_periodic(CLI::App& parent, Context& context);
// open-data (report_open_data.cpp).
void add_report_open_data(CLI::App& parent, Context& context);
// roster (report_roster.cpp): the subsidy payment roster and the whistleblower reward roster.
void add_report_rosters(CLI::App& parent, Context& context);

} // namespace epb::cli
