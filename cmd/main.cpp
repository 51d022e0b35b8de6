// epb: the command line of the bureau's service ledger.
// The only try/catch of the program lives here: it maps failures to exit codes.
#include "commands.hpp"
#include "context.hpp"

#include "epb/core/suggest.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/core/version.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using epb::cli::Context;

// `--ledger "$LEDGR"` with a misspelt variable must not fall back to the default ledger (and
// `init` create it): an empty file name given on the command line is refused. An empty
// EPB_LEDGER or EPB_CONFIG is unset, as CLI11 passes no empty environment value to a check.
CLI::Validator a_file_name(std::string option) {
  return CLI::Validator(
      [option](std::string& text) -> std::string {
        if (!text.empty()) return {};
        throw epb::ProblemError(epb::Problem{epb::Fault::invalid, option, "an empty file name"});
      },
      ""); // no description: the help shows TEXT as before
}

void add_global_options(CLI::App& app, Context& context) {
  auto& o = context.options;
  app.add_option("--ledger", o.ledger_path, "ledger file (default $XDG_DATA_HOME/epb/ledger.sqlite)")
      ->envname("EPB_LEDGER")
      ->check(a_file_name("--ledger"));
  app.add_option("--config", o.config_path, "configuration file (default: search, then built-in)")
      ->envname("EPB_CONFIG")
      ->check(a_file_name("--config"));
  app.add_option("--format", o.format, "output format (markdown, html and ods: epb report only)")
      ->check(epb::cli::one_of("--format", {"table", "csv", "tsv", "json", "jsonl", "markdown", "html", "ods"}));
  app.add_option("--as-of", o.as_of, "the clock for this run, ISO or ROC date[time]")->envname("EPB_NOW");
  app.add_option("--actor", o.actor, "who is acting (default: login name)")->envname("EPB_ACTOR");
  app.add_option("--lang", o.lang, "language of names in output")->check(epb::cli::one_of("--lang", {"zh-TW", "en"}));
  app.add_option("--date-style", o.date_style, "how dates are printed")
      ->check(epb::cli::one_of("--date-style", {"iso", "roc"}));
  app.add_flag("-q,--quiet", o.quiet, "print only results and errors");
  app.add_flag("-v,--verbose", o.verbose, "say more (repeatable)");
}

void print_error(std::ostream& err, const std::string& message) {
  // A message may hold several problems (one per line, e.g. config issues): prefix each.
  std::size_t start = 0;
  while (start <= message.size()) {
    auto end = message.find('\n', start);
    if (end == std::string::npos) end = message.size();
    // A message may quote input (a file name, a column): controls in it are shown, not obeyed.
    err << "epb: error: " << epb::terminal_safe(message.substr(start, end - start), true) << '\n';
    start = end + 1;
  }
}

// An option of `app` (or a parent, by fallthrough) that takes a value: the word after it is no command.
bool takes_value(const CLI::App& app, std::string_view arg) {
  for (const CLI::App* at = &app; at; at = at->get_parent())
    if (const CLI::Option* option = at->get_option_no_throw(std::string(arg))) return option->get_expected_min() > 0;
  return false;
}

// After a failed parse: the first word where a command was due that names none, with the
// command words before it ("case frob" for `epb case frob`), and the commands it could be;
// or, when the words stop where a command is due (`epb case`), no word and those commands.
struct UnknownCommand {
  std::string words;
  std::string word; // empty: the command is missing
  std::vector<std::string> known;
};

std::optional<UnknownCommand> unknown_command(const CLI::App& app, int argc, char** argv) {
  const CLI::App* current = &app;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return std::nullopt;
    if (arg.starts_with("-")) {
      if (takes_value(*current, arg)) ++i;
      continue;
    }
    const auto subcommands = current->get_subcommands([](const CLI::App*) { return true; });
    if (subcommands.empty()) return std::nullopt; // a verb's own arguments
    std::vector<std::string> known;
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : subcommands) {
      known.push_back(sub->get_name());
      if (sub->check_name(std::string(arg))) next = sub;
    }
    if (!next)
      return UnknownCommand{path.empty() ? std::string(arg) : path + " " + std::string(arg), std::string(arg), known};
    path += (path.empty() ? "" : " ") + next->get_name();
    current = next;
  }
  std::vector<std::string> known;
  for (const CLI::App* sub : current->get_subcommands([](const CLI::App*) { return true; }))
    known.push_back(sub->get_name());
  if (known.empty()) return std::nullopt;
  return UnknownCommand{path, "", known};
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names)
    out += (out.empty() ? "" : ", ") + name;
  return out;
}

} // namespace

int main(int argc, char** argv) {
  Context context(std::cout, std::cerr);
  CLI::App app{"epb — service ledger of the Kaohsiung Environmental Protection Bureau", "epb"};
  // Global options are accepted after the command words too: subcommands pass what they
  // do not know to their parent (CLI11 fallthrough, inherited by subcommands made after it).
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("epb ") + std::string(epb::version()));
  app.footer("Exit status: 0 ok, 1 failure, 2 usage, 3 invalid input (nothing written), 4 not found.\n"
             "See epb(1) and epb-COMMAND(1).");
  add_global_options(app, context);
  // Runs once parsing is complete and before any command's callback: no command can open the
  // ledger, or print, with an invalid global option. --help and --version end parsing before it.
  app.parse_complete_callback([&context] { context.validate_global_options(); });
  // CLI11 counts a value taken from the environment as given; `config show` must tell them apart.
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "--config" || std::string_view(argv[i]).starts_with("--config="))
      context.config_on_command_line = true;
  epb::cli::register_init(app, context);
  epb::cli::register_demo(app, context);
  epb::cli::register_config(app, context);
  epb::cli::register_case(app, context);
  epb::cli::register_notify(app, context);
  epb::cli::register_subsidy(app, context);
  epb::cli::register_fee(app, context);
  epb::cli::register_survey(app, context);
  epb::cli::register_report(app, context);
  epb::cli::register_calendar(app, context);
  epb::cli::register_db(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const auto unknown = unknown_command(app, argc, argv);
    const bool command_missing = std::string_view(e.what()).find("subcommand is required") != std::string_view::npos;
    if (unknown && unknown->word.empty() && command_missing) {
      std::cerr << "epb: error: "
                << (unknown->words.empty() ? "a command is required" : "'epb " + unknown->words + "' needs a command")
                << " (commands: " << joined(unknown->known) << ")\n";
      std::cerr << "Run with --help for more information.\n";
      return static_cast<int>(epb::Fault::usage);
    } else if (unknown && !unknown->word.empty()) {
      const auto close = epb::closest_name(unknown->word, unknown->known);
      // The word is the user's, and may hold a terminal's escape sequence: shown, not obeyed.
      std::cerr << "epb: error: unknown command '" << epb::terminal_safe(unknown->words) << "' ("
                << (close ? "did you mean '" + *close + "'? " : std::string()) << "commands: " << joined(unknown->known)
                << ")\n";
      std::cerr << "Run with --help for more information.\n";
      return static_cast<int>(epb::Fault::usage);
    }
    print_error(std::cerr, e.what());
    std::cerr << "Run with --help for more information.\n";
    return static_cast<int>(epb::Fault::usage);
  } catch (const epb::Error& e) {
    print_error(std::cerr, e.what());
    return static_cast<int>(e.fault());
  } catch (const std::exception& e) {
    print_error(std::cerr, e.what());
    return static_cast<int>(epb::Fault::failure);
  }
  // What did not reach standard output (a full disk, the file-size limit) is a failure: the
  // caller would otherwise take a cut-off export for the whole one.
  if (!std::cout.flush()) {
    const int error = errno;
    print_error(std::cerr, error != 0 ? std::string("standard output: cannot write: ") + std::strerror(error)
                                      : std::string("standard output: cannot write"));
    return static_cast<int>(epb::Fault::failure);
  }
  return 0;
}
