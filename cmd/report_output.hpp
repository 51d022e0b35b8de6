#pragma once
// Where every `epb report` verb writes its document: standard output, or --output FILE written
// whole (mode 0600, never over the ledger, its config or an input), in the run's --format.
#include "context.hpp"

#include "epb/report/document.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace epb::cli {

struct DocumentOutput {
  std::string path; // --output; empty: standard output
  bool force = false;
  std::string table; // --table: which table csv, tsv and jsonl write
};

// Adds --output, --force and --table to `cmd`.
void add_document_output(CLI::App* cmd, DocumentOutput& output);

// Checks the output before the report is computed (so a wrong path costs nothing): an empty
// --output, an ods for a terminal, a protected path. Throws ProblemError (exit 3).
void check_document_output(Context& context, const DocumentOutput& output, const CLI::App& cmd);

// Renders `document` in the run's --format to the chosen output; says where on stderr (-q
// silences it) when a file was written.
void write_document(Context& context, const report::Document& document, const DocumentOutput& output);

} // namespace epb::cli
