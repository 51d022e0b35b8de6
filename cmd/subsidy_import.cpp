// epb subsidy import: dealers' batches of applications (CSV, TSV, JSON lines), on the import
// verb every record type shares (cmd/import_verb.hpp).
#include "import_verb.hpp"
#include "subsidy_verbs.hpp"

#include "epb/cases/case_desk.hpp"
#include "epb/subsidy/subsidy_import.hpp"

namespace epb::cli {
namespace subsidy_import_verb {

// The target and the desk it stores through, alive for the run.
struct SubsidyImport {
  SubsidyImport(Context& context, const ImportRun& run)
      : desk(context.ledger_after_config(), context.config(), context.calendar()),
        target(desk, context.ledger(), context.calendar(), context.stamp("subsidy import"), run.source) {}
  CaseDesk desk;
  SubsidyImportTarget target;
};

} // namespace subsidy_import_verb

void add_subsidy_import(CLI::App& parent, Context& context) {
  using subsidy_import_verb::SubsidyImport;
  add_import_verb(parent, context,
                  ImportVerb{
                      .help = "Import a dealer's batch of applications: validated, all-or-nothing, idempotent by the "
                              "dealer's application number",
                      // A re-sent application is skipped; there is nothing an update could change.
                      .on_duplicate = false,
                      .make_target = [](Context& run_context, const ImportRun& run) -> std::shared_ptr<ImportTarget> {
                        auto owner = std::make_shared<SubsidyImport>(run_context, run);
                        return std::shared_ptr<ImportTarget>(owner, &owner->target);
                      },
                  });
}

} // namespace epb::cli
