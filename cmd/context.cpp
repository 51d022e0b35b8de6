#include "context.hpp"

#include "epb/calendar/calendar_store.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/time/duration.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

#include <pwd.h>
#include <unistd.h>

namespace epb::cli {

Instant Context::now() {
  if (!m_now) {
    if (options.as_of.empty())
      m_now = system_now();
    else {
      auto parsed = parse_instant(options.as_of);
      if (!parsed) parsed.error().what = "--as-of / EPB_NOW: " + parsed.error().what;
      m_now = value_or_throw(std::move(parsed));
    }
  }
  return *m_now;
}

void Context::validate_global_options() {
  // The actor is written into every event: it follows the text policy of names.
  require_text(TextKind::name, "--actor / EPB_ACTOR", options.actor);
  (void)now();
  // A named configuration must exist even for a command that would not read it; reading and
  // checking it is left to the commands that use it (config check names its own file).
  if (options.config_path.empty()) return;
  const std::string what = (config_on_command_line ? "--config " : "EPB_CONFIG ") + options.config_path;
  std::error_code error;
  if (std::filesystem::is_directory(options.config_path, error))
    throw ProblemError(Problem{Fault::invalid, what, "is a directory, not a file"});
  if (!std::filesystem::is_regular_file(options.config_path, error))
    throw ProblemError(Problem{Fault::invalid, what, "no such file"});
}

std::string Context::actor() const {
  if (!options.actor.empty()) return options.actor;
  if (const passwd* user = getpwuid(geteuid()); user && user->pw_name) return user->pw_name;
  return "unknown";
}

Format Context::format() const {
  if (auto format = parse_format(options.format)) return *format;
  // markdown, html and ods lay out a whole document: only `epb report` writes them.
  throw ProblemError(Problem{Fault::invalid, "--format " + options.format,
                             "only 'epb report' writes this format; use table, csv, tsv, json or jsonl"});
}

report::DocumentFormat Context::document_format() const {
  return report::parse_document_format(options.format).value_or(report::DocumentFormat::table);
}

std::string Context::ledger_path() const {
  return options.ledger_path.empty() ? default_ledger_path() : options.ledger_path;
}

bool Context::ledger_exists() const { return std::filesystem::exists(ledger_path()); }

Ledger& Context::ledger() {
  if (!m_ledger) {
    m_ledger = Ledger::open(ledger_path(), Ledger::Open::existing, busy_wait());
    if (options.verbose > 0)
      info(fmt::format("epb: ledger {} (schema version {})", ledger_path(), m_ledger->schema_version()));
  }
  return *m_ledger;
}

Ledger& Context::ledger_for_upgrade() {
  if (!m_ledger) m_ledger = Ledger::open(ledger_path(), Ledger::Open::create, busy_wait());
  return *m_ledger;
}

sql::BusyWait Context::busy_wait() {
  sql::BusyWait wait;
  std::int64_t seconds = 0;
  if (const char* env = std::getenv("EPB_BUSY_TIMEOUT"); env && *env)
    seconds = value_or_throw(parse_duration_seconds(env, "EPB_BUSY_TIMEOUT"));
  else {
    // A broken config must not keep `db backup` or `db check` from the ledger: they wait the
    // default time; a command that needs the config reports the config's problem itself.
    try {
      seconds = config().ledger.busy_timeout_seconds;
    } catch (const Error&) {
      seconds = LedgerSettings{}.busy_timeout_seconds;
    }
  }
  wait.timeout = std::chrono::seconds(seconds);
  if (!options.quiet && isatty(STDERR_FILENO))
    wait.on_wait = [this] { m_err << "epb: waiting for the ledger (another epb command is writing) ..." << std::endl; };
  return wait;
}

ProtectedFiles Context::protected_files() {
  ProtectedFiles files;
  files.add_ledger(ledger_path());
  if (const auto& config = config_location(); !config.path.empty()) files.add(config.path, "the configuration in use");
  return files;
}

const ConfigLocation& Context::config_location() {
  if (!m_config_location)
    m_config_location = locate_config(options.config_path, config_on_command_line ? "--config" : "EPB_CONFIG");
  return *m_config_location;
}

const Config& Context::config() {
  if (!m_config) {
    m_config = load_config(config_location());
    if (options.verbose > 0) info(fmt::format("epb: config {} ({})", m_config->source, config_location().why));
  }
  return *m_config;
}

const OfficeCalendar& Context::calendar() {
  if (!m_calendar) {
    if (m_ledger || ledger_exists())
      m_calendar = CalendarStore(ledger()).effective(OfficeCalendar::builtin());
    else
      m_calendar = OfficeCalendar::builtin();
  }
  return *m_calendar;
}

void Context::warn_calendar_horizon() {
  if (auto warning = calendar_horizon_warning(calendar(), now().taipei_date()))
    m_err << "epb: warning: " << *warning << '\n';
}

void Context::info(std::string_view line) {
  // News may quote input (a file name): its controls are shown, not obeyed.
  if (!options.quiet) m_err << terminal_safe(line) << '\n';
}

} // namespace epb::cli
