#pragma once
// One import verb for every record type: `epb case import`, later `epb subsidy import`, the
// household-check answers and the bank's payment results. The verb's options, its checks of
// them (mappings, --skip-invalid with --rejects, the rejects file neither the ledger nor the
// input), the progress bar, the summary line and exit 3 are the same everywhere (man epb(1),
// IMPORT OPTIONS); what differs is the record type's ImportTarget, made by the spec's factory.
#include "context.hpp"

#include "epb/config/fee_config.hpp"
#include "epb/io/import_engine.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace epb::cli {

// What one run of the verb gives the factory.
struct ImportRun {
  std::string source;                       // the input's name in messages: the file's, or "<stdin>"
  const FixedWidthLayout* layout = nullptr; // --layout: the fixed-width layout read by
};

struct ImportVerb {
  std::string name = "import";
  std::string help; // the verb's one line in --help
  std::string file_help = "the file, or - for standard input";
  std::vector<std::string> formats = {"csv", "tsv", "jsonl"}; // --input-format's values; the first is the default
  bool mapping = true;                                        // offers --map and --mapping
  bool on_duplicate = true;                                   // offers --on-duplicate; else every run uses `duplicates`
  OnDuplicate duplicates = OnDuplicate::skip;                 // the default of --on-duplicate
  bool commit_every = true;                                   // offers --commit-every
  // Column names read as fields without --map (a foreign system's headers, e.g. 統一編號 → ubn);
  // --mapping and --map come after them and win.
  std::vector<std::pair<std::string, std::string>> aliases{};
  // Set: the verb offers --layout CODE, a fixed-width layout of the configuration (input
  // format "fixed"), found by this function (nullptr: no such layout; `known` lists the codes).
  std::function<const FixedWidthLayout*(Context&, std::string_view code, std::string& known)> layout{};
  // Set: adds the verb's own arguments before FILE (`epb survey import ID FILE`: the sample),
  // which make_target then reads from what it shares with them.
  std::function<void(CLI::App*)> leading_arguments{};
  // Makes the record type's target for one run, once the options are checked and the input
  // is open; called inside the run, so it may open the ledger. A shared_ptr so that the
  // target's owner (e.g. the CaseDesk it works through) can live beside it (aliasing ctor).
  std::function<std::shared_ptr<ImportTarget>(Context&, const ImportRun&)> make_target;
};

// Adds the verb to `parent` and returns it (to add to its help or options).
CLI::App* add_import_verb(CLI::App& parent, Context& context, ImportVerb spec);

} // namespace epb::cli
