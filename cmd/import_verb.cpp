// The import verb every record type shares (import_verb.hpp).
#include "import_verb.hpp"
#include "commands.hpp"

#include <fmt/format.h>

#include <optional>

#include <unistd.h>

namespace epb::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string input_format;
  std::string layout;
  std::string encoding = "auto";
  std::vector<std::string> maps;
  std::string mapping;
  bool skip_invalid = false;
  std::string rejects;
  bool dry_run = false;
  std::string on_duplicate;
  std::size_t commit_every = 0;
};

InputFormat format_named(std::string_view name) {
  return name == "tsv" ? InputFormat::tsv : name == "jsonl" ? InputFormat::jsonl : InputFormat::csv;
}

ImportOptions import_options(Context& context, const ImportVerb& spec, const ImportArgs& args) {
  ImportOptions options;
  options.format = format_named(!args.input_format.empty() ? args.input_format : spec.formats.front());
  if (args.input_format.empty() && args.layout.empty()) { // the extension decides among the verb's formats
    const InputFormat by_extension = input_format_for(args.file);
    for (const auto& name : spec.formats)
      if (format_named(name) == by_extension) options.format = by_extension;
  }
  for (const auto& [column, field] : spec.aliases)
    options.mapping[column] = field;
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
  if (!args.layout.empty() && !args.input_format.empty() && args.input_format != "fixed")
    throw ProblemError(Problem{Fault::invalid, "--layout",
                               fmt::format("reads a fixed-width file, not --input-format {}", args.input_format)});
  if (args.input_format == "fixed" && args.layout.empty())
    throw ProblemError(Problem{Fault::invalid, "--input-format", "fixed needs --layout CODE"});
  if (args.skip_invalid && args.rejects.empty())
    throw ProblemError(Problem{Fault::invalid, "--skip-invalid", "needs --rejects FILE for the rows left out"});
  if (!args.rejects.empty() && !args.skip_invalid)
    throw ProblemError(Problem{Fault::invalid, "--rejects", "only with --skip-invalid"});
  options.skip_invalid = args.skip_invalid;
  options.dry_run = args.dry_run;
  options.on_duplicate = parse_on_duplicate(args.on_duplicate).value_or(spec.duplicates);
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

// The summary's last words: what the run left in the ledger.
std::string verdict(const ImportOptions& options, const ImportSummary& summary, const std::string& rejects) {
  const bool stopped = summary.rejected > 0 && !options.skip_invalid;
  if (options.dry_run && summary.would_write && stopped)
    return "dry run, nothing written; the run would stop at the first invalid row, after committing the batches "
           "before it";
  if (options.dry_run) return "dry run, nothing written";
  if (summary.rejected == 0) return "committed";
  if (options.skip_invalid) return fmt::format("committed; rejected rows in {}", rejects);
  return summary.written ? "stopped at the first invalid row; earlier batches committed" : "nothing written";
}

void run_import_verb(Context& context, const ImportVerb& spec, const ImportArgs& args) {
  ImportOptions options = import_options(context, spec, args);
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
  const FixedWidthLayout* layout = nullptr;
  if (!args.layout.empty()) {
    std::string known;
    layout = spec.layout(context, args.layout, known);
    if (!layout)
      throw ProblemError(Problem{Fault::invalid, "--layout",
                                 fmt::format("no layout '{}' in the configuration{}", args.layout,
                                             known.empty() ? " (it has none)" : " (known: " + known + ")")});
  }
  auto reader = value_or_throw(layout ? make_fixed_width_reader(source, *layout, options.skip_invalid)
                                      : make_record_reader(source, options.format, options.skip_invalid));
  const std::shared_ptr<ImportTarget> target = spec.make_target(context, ImportRun{source.name(), layout});
  auto progress = progress_bar(context);
  const ImportSummary summary = run_import(context.ledger(), *reader, *target, options, progress);
  if (progress) context.err() << "\r\033[K";
  if (rejects) rejects->commit();

  for (const auto& error : summary.errors)
    context.err() << "epb: error: " << error << '\n';
  if (summary.errors_not_listed > 0)
    context.err() << fmt::format("epb: error: ... and {} more\n", summary.errors_not_listed);
  context.info(fmt::format("epb: {}: read {}, imported {}, updated {}, skipped {}, rejected {} in {:.1f} s ({})",
                           source.name(), summary.read, summary.imported, summary.updated, summary.skipped,
                           summary.rejected, summary.seconds, verdict(options, summary, args.rejects)));
  if (summary.rejected > 0 && !options.skip_invalid)
    throw ProblemError(Problem{Fault::invalid, source.name(),
                               fmt::format("{} invalid row{}", summary.rejected, summary.rejected == 1 ? "" : "s")});
}

std::string format_list(const std::vector<std::string>& formats) {
  std::string out;
  for (std::size_t i = 0; i < formats.size(); ++i)
    out += (i == 0 ? "" : i + 1 == formats.size() ? " or " : ", ") + formats[i];
  return out;
}

std::vector<std::string> with_fixed(std::vector<std::string> formats) {
  formats.push_back("fixed");
  return formats;
}

} // namespace

CLI::App* add_import_verb(CLI::App& parent, Context& context, ImportVerb spec) {
  auto args = std::make_shared<ImportArgs>();
  args->on_duplicate = spec.duplicates == OnDuplicate::update  ? "update"
                       : spec.duplicates == OnDuplicate::error ? "error"
                                                               : "skip";
  auto* cmd = parent.add_subcommand(spec.name, spec.help);
  if (spec.leading_arguments) spec.leading_arguments(cmd);
  cmd->add_option("FILE", args->file, spec.file_help)->required();
  cmd->add_option("--input-format", args->input_format,
                  fmt::format("{} (default: from the extension; {})",
                              format_list(spec.layout ? with_fixed(spec.formats) : spec.formats), spec.formats.front()))
      ->check(one_of("--input-format", spec.layout ? with_fixed(spec.formats) : spec.formats));
  if (spec.layout) {
    cmd->add_option("--layout", args->layout,
                    "a fixed-width layout of the configuration ([fee.layouts.CODE]): reads FILE as fixed-width");
    text_checked(cmd, {{"--layout", TextKind::code}});
  }
  cmd->add_option("--encoding", args->encoding, "auto (UTF-8 with or without BOM, else Big5), utf8 or big5")
      ->check(one_of("--encoding", {"auto", "utf8", "big5"}));
  if (spec.mapping) {
    cmd->add_option("--map", args->maps, "COLUMN=FIELD for a foreign column name (repeatable)");
    cmd->add_option("--mapping", args->mapping, "a named column mapping from the configuration, e.g. hotline1999");
  }
  cmd->add_flag("--skip-invalid", args->skip_invalid, "import the valid rows; write the others to --rejects");
  cmd->add_option("--rejects", args->rejects,
                  "file for the rejected records, as read, each after a note of why (never the ledger or FILE)");
  cmd->add_flag("--dry-run", args->dry_run, "validate everything and report, writing nothing");
  if (spec.on_duplicate)
    cmd->add_option("--on-duplicate", args->on_duplicate,
                    fmt::format("a row already in the ledger: skip{}, update{} or error{}",
                                spec.duplicates == OnDuplicate::skip ? " (default)" : "",
                                spec.duplicates == OnDuplicate::update ? " (default)" : "",
                                spec.duplicates == OnDuplicate::error ? " (default)" : ""))
        ->check(one_of("--on-duplicate", {"skip", "update", "error"}));
  if (spec.commit_every)
    cmd->add_option("--commit-every", args->commit_every, "commit every N rows (a re-run resumes after a crash)")
        ->check(whole_number("--commit-every", 1, std::numeric_limits<std::int64_t>::max()));
  if (spec.mapping) text_checked(cmd, {{"--map", TextKind::line}, {"--mapping", TextKind::code}});
  cmd->callback([&context, args, spec = std::move(spec)] { run_import_verb(context, spec, *args); });
  return cmd;
}

} // namespace epb::cli
