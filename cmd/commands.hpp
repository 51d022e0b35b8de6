#pragma once
// Each command family registers its verbs on the root app; main calls these in --help order.
#include "context.hpp"

#include <CLI/CLI.hpp>

namespace epb::cli {

void register_init(CLI::App& app, Context& context);
void register_demo(CLI::App& app, Context& context);
void register_config(CLI::App& app, Context& context);
void register_calendar(CLI::App& app, Context& context);
void register_case(CLI::App& app, Context& context);
void register_notify(CLI::App& app, Context& context);
void register_db(CLI::App& app, Context& context);

// Parses a date option value (ISO or ROC), naming the option in the error.
Date parse_date_option(std::string_view option, std::string_view value);

} // namespace epb::cli
