#pragma once
// The `epb subsidy` verbs that live in files of their own, registered by cmd/subsidy.cpp.
#include "context.hpp"

#include <CLI/CLI.hpp>

namespace epb::cli {

// import: dealers' batches through the import verb every record type shares (subsidy_import.cpp).
void add_subsidy_import(CLI::App& parent, Context& context);
// list and export, with filters, masked by default (subsidy_views.cpp).
void add_subsidy_views(CLI::App& parent, Context& context);

} // namespace epb::cli
