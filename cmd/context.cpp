#include "context.hpp"

#include "epb/calendar/calendar_store.hpp"

#include <fmt/format.h>

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

std::string Context::actor() const {
  if (!options.actor.empty()) return options.actor;
  if (const passwd* user = getpwuid(geteuid()); user && user->pw_name) return user->pw_name;
  return "unknown";
}

Format Context::format() const { return parse_format(options.format).value_or(Format::table); }

std::string Context::ledger_path() const {
  return options.ledger_path.empty() ? default_ledger_path() : options.ledger_path;
}

bool Context::ledger_exists() const { return std::filesystem::exists(ledger_path()); }

Ledger& Context::ledger() {
  if (!m_ledger) {
    m_ledger = Ledger::open(ledger_path(), Ledger::Open::existing);
    if (options.verbose > 0)
      info(fmt::format("epb: ledger {} (schema version {})", ledger_path(), m_ledger->schema_version()));
  }
  return *m_ledger;
}

Ledger& Context::ledger_for_upgrade() {
  if (!m_ledger) m_ledger = Ledger::open(ledger_path(), Ledger::Open::create);
  return *m_ledger;
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
  if (!options.quiet) m_err << line << '\n';
}

} // namespace epb::cli
