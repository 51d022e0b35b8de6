#include "report_output.hpp"

#include "epb/io/output_file.hpp"
#include "epb/report/render.hpp"

#include <fmt/format.h>

#include <optional>

#include <unistd.h>

namespace epb::cli {
namespace {

[[noreturn]] void refuse(std::string option, std::string why) {
  throw ProblemError(Problem{Fault::invalid, std::move(option), std::move(why)});
}

} // namespace

void add_document_output(CLI::App* cmd, DocumentOutput& output) {
  text_checked(cmd->add_option("--output", output.path, "write to FILE (mode 0600) instead of standard output"),
               TextKind::line);
  cmd->add_flag("--force", output.force, "replace an existing --output file");
  text_checked(
      cmd->add_option("--table", output.table, "csv, tsv, jsonl: which table to write (default: the main one)"),
      TextKind::code);
}

void check_document_output(Context& context, const DocumentOutput& output, const CLI::App& cmd) {
  // `--output "$FILE"` with FILE unset would otherwise print the report on the terminal.
  if (cmd.count("--output") > 0 && output.path.empty()) refuse("--output", "an empty path: name the file");
  const report::DocumentFormat format = context.document_format();
  if (output.path.empty() && report::is_binary(format) && isatty(STDOUT_FILENO))
    refuse("--format ods", "an OpenDocument spreadsheet is a binary file: give --output FILE.ods");
  if (!output.path.empty())
    if (auto checked = check_output_path("--output", output.path, context.protected_files(),
                                         OutputOptions{.replace = output.force});
        !checked)
      throw ProblemError(checked.error());
}

void write_document(Context& context, const report::Document& document, const DocumentOutput& output) {
  const report::DocumentFormat format = context.document_format();
  const ProtectedFiles protect = context.protected_files();
  std::optional<OutputFile> file;
  if (!output.path.empty()) file.emplace("--output", output.path, protect, OutputOptions{.replace = output.force});
  std::ostream& out = file ? file->stream() : context.out();
  if (auto rendered = report::render(document, format, out, report::RenderOptions{output.table}); !rendered)
    throw ProblemError(rendered.error());
  if (!file) return;
  file->commit();
  context.info(fmt::format("epb: {} report written to {} ({})", document.kind, output.path,
                           report::document_format_name(format)));
}

} // namespace epb::cli
