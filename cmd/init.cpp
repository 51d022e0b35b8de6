// epb init: create the ledger, or bring an older one up to date. Safe to run again.
#include "commands.hpp"

#include "epb/ledger/schema.hpp"

#include <fmt/format.h>

namespace epb::cli {
namespace {

void run_init(Context& context) {
  const bool existed = context.ledger_exists();
  Ledger& ledger = context.ledger_for_upgrade();
  const int before = ledger.schema_version();
  const auto applied = ledger.migrate();
  make_ledger_private(ledger.path()); // a ledger copied or made with looser permissions
  if (!existed)
    context.info(fmt::format("epb: created ledger {} (schema version {})", ledger.path(), schema::current_version()));
  else if (!applied.empty())
    context.info(fmt::format("epb: upgraded ledger {} from schema version {} to {}", ledger.path(), before,
                             schema::current_version()));
  else
    context.info(fmt::format("epb: ledger {} is up to date (schema version {})", ledger.path(), before));
}

} // namespace

void register_init(CLI::App& app, Context& context) {
  auto* init = app.add_subcommand("init", "Create the ledger, or upgrade an older one (safe to repeat)");
  init->callback([&context] { run_init(context); });
}

} // namespace epb::cli
