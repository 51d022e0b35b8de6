#pragma once
// The `epb fee` verbs, each group in a file of its own, registered by cmd/fee.cpp. Each verb
// calls one library function (lib/epb/fee/).
#include "context.hpp"

#include <CLI/CLI.hpp>

namespace epb::cli {

// quote: the calculator (試算) a clerk and a builder use (fee_quote.cpp).
void add_fee_quote(CLI::App& parent, Context& context);
// project add|list|show, declare, stop, resume, settle (fee_projects.cpp).
void add_fee_projects(CLI::App& parent, Context& context);
// project list|show (fee_project_views.cpp), under `fee project`.
void add_fee_project_views(CLI::App& project, Context& context);
// pay, import-payments, arrears, statement (fee_payments.cpp).
void add_fee_payments(CLI::App& parent, Context& context);
// water declare|pay|arrears|import (fee_water.cpp).
void add_fee_water(CLI::App& parent, Context& context);

} // namespace epb::cli
