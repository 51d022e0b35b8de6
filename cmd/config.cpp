// epb config: check a configuration file, show the effective one and where it came from.
#include "commands.hpp"

#include <fmt/format.h>

namespace epb::cli {
namespace {

void run_check(Context& context, const std::string& file) {
  const ConfigLocation location = file.empty() ? context.config_location() : ConfigLocation{file, "argument"};
  const Config config = load_config(location); // throws with every issue, exit 3
  if (!context.options.quiet)
    context.out() << fmt::format("ok: {} ({} units, {} channels, {} services)\n",
                                 location.path.empty() ? "built-in default" : location.path, config.units.size(),
                                 config.channels.size(), config.services.size());
}

void run_show(Context& context) {
  const ConfigLocation& location = context.config_location();
  const Config& config = context.config();
  context.out() << fmt::format("# source: {} ({})\n", location.path.empty() ? "built-in" : location.path, location.why)
                << render_config(config);
}

} // namespace

void register_config(CLI::App& app, Context& context) {
  auto* config = app.add_subcommand("config", "Check or show the configuration (units, channels, services, SOPs)");
  config->require_subcommand(1);

  auto file = std::make_shared<std::string>();
  auto* check = config->add_subcommand("check", "Report every problem in a config file as FILE:LINE:COL (exit 3)");
  check->add_option("FILE", *file, "file to check (default: the effective configuration)");
  check->callback([&context, file] { run_check(context, *file); });

  config->add_subcommand("show", "Print the effective configuration and where it came from")->callback([&context] {
    run_show(context);
  });
}

} // namespace epb::cli
