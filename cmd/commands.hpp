#pragma once
// Each command family registers its verbs on the root app; main calls these in --help order.
#include "context.hpp"

#include "epb/core/text_policy.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace epb::cli {

void register_init(CLI::App& app, Context& context);
void register_demo(CLI::App& app, Context& context);
void register_config(CLI::App& app, Context& context);
void register_calendar(CLI::App& app, Context& context);
void register_case(CLI::App& app, Context& context);
void register_notify(CLI::App& app, Context& context);
void register_subsidy(CLI::App& app, Context& context);
void register_subsidy_pay(CLI::App& subsidy, Context& context); // epb subsidy pay (subsidy_pay.cpp)
void register_fee(CLI::App& app, Context& context);
void register_survey(CLI::App& app, Context& context);
void register_report(CLI::App& app, Context& context);
void register_db(CLI::App& app, Context& context);

// Applies the text policy to every value of `option` as it is parsed: a violation ends the run
// with exit 3 naming the option ("--subject: invalid UTF-8 at byte 5") before any command runs.
CLI::Option* text_checked(CLI::Option* option, TextKind kind);

// text_checked() for options of `command` by name: {{"--subject", TextKind::subject}, ...}.
void text_checked(CLI::App* command, std::initializer_list<std::pair<const char*, TextKind>> options);

// Parses a date option value (ISO or ROC), naming the option in the error.
Date parse_date_option(std::string_view option, std::string_view value);

// Checks a whole-number option before CLI11 converts it: a value that is no whole number, or
// lies outside min..max, is invalid input (exit 3) with an epb message naming the option
// ("--commit-every: must be at least 1"), never CLI11's range text.
// Checks an option whose value is one of a fixed list: anything else is invalid input (exit 3),
// "--sort: 'recieved' is not one of ref, received, ... (did you mean 'received'?)".
CLI::Validator one_of(std::string option, std::vector<std::string> values);
// "unknown state 'nosuch', did you mean 'closed'? (known: received, assigned, ...)"; with no
// kind: "unknown value 'x' (one of: a, b)".
std::string unknown_value_message(std::string_view value, const std::vector<std::string>& known,
                                  std::string_view kind = {});

CLI::Validator whole_number(std::string option, std::int64_t min,
                            std::int64_t max = std::numeric_limits<std::int32_t>::max());

} // namespace epb::cli
