#pragma once
// The run's state, built once in main and handed by reference to every command (after ccache's
// Context): global options, the clock, and the ledger and config, opened only when asked for.
#include "epb/calendar/office_calendar.hpp"
#include "epb/config/config.hpp"
#include "epb/io/output_file.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/output/rows.hpp"
#include "epb/privacy/reveal.hpp"
#include "epb/report/render.hpp"
#include "epb/time/date.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace epb::cli {

struct GlobalOptions {
  std::string ledger_path; // --ledger / EPB_LEDGER
  std::string config_path; // --config / EPB_CONFIG
  std::string format = "table";
  std::string as_of; // --as-of / EPB_NOW
  std::string actor; // --actor / EPB_ACTOR
  std::string lang = "zh-TW";
  std::string date_style = "iso";
  bool quiet = false;
  int verbose = 0;
};

class Context {
public:
  Context(std::ostream& out, std::ostream& err) : m_out(out), m_err(err) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  GlobalOptions options;
  // Tells `config show` whether --config or EPB_CONFIG named the file.
  bool config_on_command_line = false;

  std::ostream& out() { return m_out; }
  std::ostream& err() { return m_err; }

  // Checks every global option (the clock, the actor) before any command opens anything:
  // main runs it once parsing is complete, before the command's callback.
  void validate_global_options();

  // The one clock every command uses: --as-of / EPB_NOW, else the system clock, read once.
  Instant now();
  std::string actor() const;
  Stamp stamp(std::string command) { return Stamp{actor(), std::move(command), now()}; }
  // How personal data is shown: masked, or with --reveal-pii in full once one reveal event per
  // case in `refs` is committed (stamped `command`). Call it before the first byte of output.
  Disclosure disclosure(bool reveal_pii, std::string command, std::span<const std::string> refs) {
    if (!reveal_pii) return Disclosure::masked();
    return Disclosure::reveal(ledger(), stamp(std::move(command)), refs);
  }

  // The row format of every command; throws (exit 3) for a format only a report writes.
  Format format() const;
  // What `epb report` writes: the row formats and markdown, html and ods.
  report::DocumentFormat document_format() const;
  DateStyle date_style() const { return options.date_style == "roc" ? DateStyle::roc : DateStyle::iso; }
  bool english() const { return options.lang == "en"; }
  std::string date(Date date) const { return format_date(date, date_style()); }

  std::string ledger_path() const;
  bool ledger_exists() const;
  // Opens the existing, up-to-date ledger (the first call opens it).
  Ledger& ledger();
  // The ledger of a command that needs the config too: the config loads first, so a broken
  // config is the problem reported whatever the ledger's state. Passing ledger() and config()
  // as two arguments of one call left that to the compiler (g++ and clang evaluate arguments in
  // opposite orders).
  Ledger& ledger_after_config() {
    config();
    return ledger();
  }
  // Opens or creates the ledger without refusing an older schema: for init and db migrate.
  Ledger& ledger_for_upgrade();

  // The files no output of this command may be: the ledger (with its -wal, -shm and
  // -journal) and the configuration file; a command adds its inputs.
  ProtectedFiles protected_files();

  const ConfigLocation& config_location();
  const Config& config();
  // The built-in calendar plus the ledger's imported years and closures, when a ledger exists.
  const OfficeCalendar& calendar();
  // After a command changed the calendar (closure, import).
  void forget_calendar() { m_calendar.reset(); }

  // How long a command waits for another one writing to the ledger: EPB_BUSY_TIMEOUT, else
  // [ledger] busy_timeout; on a terminal it says what it waits for after a second.
  sql::BusyWait busy_wait();
  // Warns on stderr (even with -q: cron must see it) when next year's official calendar is due.
  void warn_calendar_horizon();

  // Prints a line to stderr unless -q.
  void info(std::string_view line);

private:
  std::ostream& m_out;
  std::ostream& m_err;
  std::optional<Instant> m_now;
  std::unique_ptr<Ledger> m_ledger;
  std::optional<ConfigLocation> m_config_location;
  std::optional<Config> m_config;
  std::optional<OfficeCalendar> m_calendar;
};

} // namespace epb::cli
