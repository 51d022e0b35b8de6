// [ledger] and [lookup]: how long writers wait for each other, and how many wrong progress
// lookups a reference takes before it is locked for a while.
#include "epb/config/config_reader.hpp"
#include "epb/time/duration.hpp"

#include <fmt/format.h>

namespace epb::config_detail {
namespace {

constexpr int k_max_lookup_failures = 1000;
constexpr std::int64_t k_max_busy_timeout_seconds = 24 * 3600;

// A duration key from `min_seconds` to `max_seconds`; a bad one is reported at its value.
std::optional<std::int64_t> duration(TableReader& reader, std::string_view key, std::string_view section,
                                     std::int64_t min_seconds, std::int64_t max_seconds, IssueLog& log) {
  const auto text = reader.string(key);
  if (!text) return std::nullopt;
  const auto seconds = parse_duration_seconds(*text, key);
  if (!seconds) {
    log.add(reader.where(key), fmt::format("bad {} in [{}]: {}", key, section, seconds.error().why));
    return std::nullopt;
  }
  if (*seconds < min_seconds || *seconds > max_seconds) {
    log.add(reader.where(key), fmt::format("{} '{}' in [{}] must be from {} to {}", key, *text, section,
                                           format_duration(min_seconds), format_duration(max_seconds)));
    return std::nullopt;
  }
  return *seconds;
}

} // namespace

void read_ledger_and_lookup(TableReader& root, Config& config, IssueLog& log) {
  if (const auto* section = root.table("ledger")) {
    TableReader reader(*section, "in [ledger]", log);
    config.ledger.busy_timeout_seconds = duration(reader, "busy_timeout", "ledger", 0, k_max_busy_timeout_seconds, log)
                                             .value_or(config.ledger.busy_timeout_seconds);
    reader.finish();
  }
  if (const auto* section = root.table("lookup")) {
    LookupSettings& lookup = config.lookup;
    TableReader reader(*section, "in [lookup]", log);
    lookup.max_failures = reader.integer("max_failures", 1, k_max_lookup_failures).value_or(lookup.max_failures);
    lookup.window_seconds = duration(reader, "window", "lookup", 60, 366 * 86400, log).value_or(lookup.window_seconds);
    lookup.cooling_off_seconds =
        duration(reader, "cooling_off", "lookup", 60, 366 * 86400, log).value_or(lookup.cooling_off_seconds);
    reader.finish();
  }
}

} // namespace epb::config_detail
