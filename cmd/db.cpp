// epb db: look after the ledger file itself (check, backup, migrate).
#include "commands.hpp"

#include "epb/ledger/schema.hpp"

#include <fmt/format.h>

namespace epb::cli {
namespace {

struct BackupOptions {
  std::string target;
  bool force = false;
};

void run_check(Context& context) {
  Ledger& ledger = context.ledger();
  const auto problems = ledger.check();
  if (problems.empty()) {
    context.warn_calendar_horizon();
    if (!context.options.quiet)
      context.out() << fmt::format("ok: {} (schema version {}, integrity and schema checked)\n", ledger.path(),
                                   ledger.schema_version());
    return;
  }
  for (const auto& problem : problems)
    context.err() << "epb: error: " << problem << '\n';
  throw Error(
      fmt::format("ledger {}: {} problem{} found", ledger.path(), problems.size(), problems.size() == 1 ? "" : "s"));
}

// Into a temporary file beside the target, renamed into place once SQLite has finished: the
// target (never the ledger itself, however spelled) is replaced whole or not at all.
void run_backup(Context& context, const BackupOptions& options) {
  const ProtectedFiles protect = context.protected_files();
  const OutputOptions output{.replace = options.force, .regular_only = true};
  value_or_throw(check_output_path("backup", options.target, protect, output));
  // An older ledger too: every other command sends it here before 'epb db migrate'. A missing
  // one is refused as by every command (ledger() throws), never created.
  Ledger& ledger = context.ledger_exists() ? context.ledger_for_upgrade() : context.ledger();
  OutputFile copy("backup", options.target, protect, output);
  ledger.db().backup_to(copy.temp_path());
  copy.commit();
  context.info(fmt::format("epb: backed up {} to {}", ledger.path(), options.target));
}

void run_migrate(Context& context) {
  Ledger& ledger = context.ledger_for_upgrade();
  const int before = ledger.schema_version();
  const auto applied = ledger.migrate();
  if (applied.empty()) {
    context.info(fmt::format("epb: ledger {} is up to date (schema version {})", ledger.path(), before));
    return;
  }
  for (int version : applied)
    context.info(fmt::format("epb: applied migration {}: {}", version,
                             schema::migrations()[static_cast<std::size_t>(version - 1)].about));
}

} // namespace

void register_db(CLI::App& app, Context& context) {
  auto* db = app.add_subcommand("db", "Look after the ledger file: check, backup, migrate");
  db->require_subcommand(1);

  db->add_subcommand("check", "Run SQLite's integrity check and compare the schema with this epb's")
      ->callback([&context] { run_check(context); });

  auto backup_options = std::make_shared<BackupOptions>();
  auto* backup = db->add_subcommand("backup", "Copy the ledger consistently while others may be writing");
  backup->add_option("FILE", backup_options->target, "where to write the copy")->required();
  backup->add_flag("--force", backup_options->force, "replace FILE if it exists");
  backup->callback([&context, backup_options] { run_backup(context, *backup_options); });

  db->add_subcommand("migrate", "Apply pending schema migrations (back up first)")->callback([&context] {
    run_migrate(context);
  });
}

} // namespace epb::cli
