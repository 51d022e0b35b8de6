#pragma once
// Each command family registers its verbs on the root app; main calls these in --help order.
#include "context.hpp"

#include "epb/core/text_policy.hpp"

#include <CLI/CLI.hpp>

namespace epb::cli {

void register_init(CLI::App& app, Context& context);
void register_demo(CLI::App& app, Context& context);
void register_config(CLI::App& app, Context& context);
void register_calendar(CLI::App& app, Context& context);
void register_case(CLI::App& app, Context& context);
void register_notify(CLI::App& app, Context& context);
void register_db(CLI::App& app, Context& context);

// Applies the text policy to every value of `option` as it is parsed: a violation ends the run
// with exit 3 naming the option ("--subject: invalid UTF-8 at byte 5") before any command runs.
CLI::Option* text_checked(CLI::Option* option, TextKind kind);

// text_checked() for options of `command` by name: {{"--subject", TextKind::subject}, ...}.
void text_checked(CLI::App* command, std::initializer_list<std::pair<const char*, TextKind>> options);

// Parses a date option value (ISO or ROC), naming the option in the error.
Date parse_date_option(std::string_view option, std::string_view value);

} // namespace epb::cli
