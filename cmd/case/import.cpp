// epb case import: batch intake from other systems' exports (CSV, TSV, JSON lines).
#include "case/verbs.hpp"
#include "commands.hpp"

#include "epb/cases/case_import.hpp"

#include <fmt/format.h>

#include <optional>

#include <unistd.h>

namespace epb::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string input_format;
  std::string encoding = "auto";
  std::vector<std::string> maps;
  std::string mapping;
  bool skip_invalid = false;
  std::string rejects;
  bool dry_run = false;
  std::string on_duplicate = "skip";
  std::size_t commit_every = 0;
};

ImportOptions import_options(Context& context, const ImportArgs& args) {
  ImportOptions options;
  options.format = args.input_format.empty()      ? input_format_for(args.file)
                   : args.input_format == "tsv"   ? InputFormat::tsv
                   : args.input_format == "jsonl" ? InputFormat::jsonl
                                                  : InputFormat::csv;
  if (!args.mapping.empty()) {
    const ColumnMapping* mapping = context.config().mapping(args.mapping);
    if (!mapping)
      throw ProblemError(
          Problem{Fault::invalid, "--mapping", fmt::format("no mapping '{}' in the configuration", args.mapping)});
    for (const auto& [column, field] : mapping->columns)
      options.mapping[column] = field;
  }
  for (const auto& map : args.maps) {
    const auto eq = map.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == map.size())
      throw ProblemError(Problem{Fault::invalid, "--map", fmt::format("'{}': expected COLUMN=FIELD", map)});
    options.mapping[map.substr(0, eq)] = map.substr(eq + 1);
  }
  if (args.skip_invalid && args.rejects.empty())
    throw ProblemError(Problem{Fault::invalid, "--skip-invalid", "needs --rejects FILE for the rows left out"});
  if (!args.rejects.empty() && !args.skip_invalid)
    throw ProblemError(Problem{Fault::invalid, "--rejects", "only with --skip-invalid"});
  options.skip_invalid = args.skip_invalid;
  options.dry_run = args.dry_run;
  options.on_duplicate = parse_on_duplicate(args.on_duplicate).value_or(OnDuplicate::skip);
  options.commit_every = args.commit_every;
  return options;
}

// A one-line progress bar on a terminal; nothing when stderr is a file or a pipe.
ProgressCallback progress_bar(Context& context) {
  if (context.options.quiet || !isatty(STDERR_FILENO)) return {};
  return [&context](const ImportProgress& p) {
    const double rate = p.seconds > 0 ? static_cast<double>(p.rows) / p.seconds : 0;
    std::string eta;
    if (p.bytes_total > 0 && p.bytes_read > 0 && p.seconds > 0) {
      const double left = p.seconds * (static_cast<double>(p.bytes_total) / static_cast<double>(p.bytes_read) - 1);
      eta = fmt::format("  ETA {}:{:02}", static_cast<int>(left) / 60, static_cast<int>(left) % 60);
    }
    context.err() << fmt::format("\r\033[K{} rows  {:.0f} rows/s{}", p.rows, rate, eta) << std::flush;
  };
}

void run_import(Context& context, const ImportArgs& args) {
  ImportOptions options = import_options(context, args);
  // The rejects file is checked before anything is opened: it must be neither the ledger nor
  // the file being read, however spelled. It is renamed into place after the import.
  ProtectedFiles protect = context.protected_files();
  protect.add_input(args.file);
  std::optional<OutputFile> rejects;
  if (options.skip_invalid) {
    rejects.emplace("--rejects", args.rejects, protect, OutputOptions{.replace = true});
    options.rejects = &rejects->stream();
  }
  TextSource source(args.file, args.encoding == "big5"   ? TextSource::Encoding::big5
                               : args.encoding == "utf8" ? TextSource::Encoding::utf8
                                                         : TextSource::Encoding::automatic);
  // Skipping invalid rows, a line of bad bytes is one more invalid row, kept in the rejects file.
  if (options.skip_invalid) source.hand_on_invalid_utf8();
  auto reader = value_or_throw(make_record_reader(source, options.format, options.skip_invalid));
  CaseDesk desk = make_desk(context);
  // A big transaction keeps its pages in the cache instead of spilling them to the WAL and
  // reading them back. 16 MB: the indexes a big import builds at the end sort in memory
  // of the same size, and the whole import must stay well under 64 MB.
  context.ledger().set_cache_size_kib(16000);
  CaseImportTarget target(desk, context.calendar(), context.stamp("case import"), source.name());
  auto progress = progress_bar(context);
  const ImportSummary summary = run_import(context.ledger(), *reader, target, options, progress);
  if (progress) context.err() << "\r\033[K";
  if (rejects) rejects->commit();

  for (const auto& error : summary.errors)
    context.err() << "epb: error: " << error << '\n';
  if (summary.errors_not_listed > 0)
    context.err() << fmt::format("epb: error: ... and {} more\n", summary.errors_not_listed);
  const bool stopped = summary.rejected > 0 && !options.skip_invalid;
  const std::string verdict = options.dry_run && summary.would_write && stopped
                                  ? "dry run, nothing written; the run would stop at the first invalid row, after "
                                    "committing the batches before it"
                              : options.dry_run       ? "dry run, nothing written"
                              : summary.rejected == 0 ? "committed"
                              : options.skip_invalid  ? fmt::format("committed; rejected rows in {}", args.rejects)
                              : summary.written       ? "stopped at the first invalid row; earlier batches committed"
                                                      : "nothing written";
  context.info(fmt::format("epb: {}: read {}, imported {}, updated {}, skipped {}, rejected {} in {:.1f} s ({})",
                           source.name(), summary.read, summary.imported, summary.updated, summary.skipped,
                           summary.rejected, summary.seconds, verdict));
  if (summary.rejected > 0 && !options.skip_invalid)
    throw ProblemError(Problem{Fault::invalid, source.name(),
                               fmt::format("{} invalid row{}", summary.rejected, summary.rejected == 1 ? "" : "s")});
}

} // namespace

void add_case_import(CLI::App& parent, Context& context) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = parent.add_subcommand("import",
                                    "Import cases from CSV, TSV or JSON lines: validated, all-or-nothing, idempotent");
  cmd->add_option("FILE", args->file, "the file, or - for standard input")->required();
  cmd->add_option("--input-format", args->input_format, "csv, tsv or jsonl (default: from the extension; csv)")
      ->check(one_of("--input-format", {"csv", "tsv", "jsonl"}));
  cmd->add_option("--encoding", args->encoding, "auto (UTF-8 with or without BOM, else Big5), utf8 or big5")
      ->check(one_of("--encoding", {"auto", "utf8", "big5"}));
  cmd->add_option("--map", args->maps, "COLUMN=FIELD for a foreign column name (repeatable)");
  cmd->add_option("--mapping", args->mapping, "a named column mapping from the configuration, e.g. hotline1999");
  cmd->add_flag("--skip-invalid", args->skip_invalid, "import the valid rows; write the others to --rejects");
  cmd->add_option("--rejects", args->rejects,
                  "file for the rejected records, as read, each after a note of why (never the ledger or FILE)");
  cmd->add_flag("--dry-run", args->dry_run, "validate everything and report, writing nothing");
  cmd->add_option("--on-duplicate", args->on_duplicate, "a row already in the ledger: skip (default), update or error")
      ->check(one_of("--on-duplicate", {"skip", "update", "error"}));
  cmd->add_option("--commit-every", args->commit_every, "commit every N rows (a re-run resumes after a crash)")
      ->check(whole_number("--commit-every", 1, std::numeric_limits<std::int64_t>::max()));
  text_checked(cmd, {{"--map", TextKind::line}, {"--mapping", TextKind::code}});
  cmd->callback([&context, args] { run_import(context, *args); });
}

} // namespace epb::cli
