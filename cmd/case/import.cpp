// epb case import: batch intake from other systems' exports (CSV, TSV, JSON lines), on the
// import verb every record type shares (cmd/import_verb.hpp).
#include "case/verbs.hpp"
#include "import_verb.hpp"

#include "epb/cases/case_import.hpp"

namespace epb::cli {
namespace {

// The target and the desk it stores through, alive for the run.
struct CaseImport {
  CaseImport(Context& context, const ImportRun& run)
      : desk(make_desk(context)), target(desk, context.calendar(), context.stamp("case import"), run.source) {}
  CaseDesk desk;
  CaseImportTarget target;
};

} // namespace

void add_case_import(CLI::App& parent, Context& context) {
  add_import_verb(parent, context,
                  ImportVerb{
                      .help = "Import cases from CSV, TSV or JSON lines: validated, all-or-nothing, idempotent",
                      .make_target = [](Context& run_context, const ImportRun& run) -> std::shared_ptr<ImportTarget> {
                        auto owner = std::make_shared<CaseImport>(run_context, run);
                        return std::shared_ptr<ImportTarget>(owner, &owner->target);
                      },
                  });
}

} // namespace epb::cli
