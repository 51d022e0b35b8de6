#pragma once
// The ledger: one SQLite file shared by every command (DESIGN.md "The ledger").
#include "epb/core/error.hpp"
#include "epb/ledger/sqlite.hpp"
#include "epb/time/date.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace epb {

// Who is changing the ledger, when, and with which command: stamped on every event.
struct Stamp {
  std::string actor;
  std::string command; // e.g. "calendar close"
  Instant at;
};

struct Event {
  std::int64_t id = 0;
  Instant at;                         // the command's clock (--as-of / EPB_NOW, else real time)
  std::optional<Instant> recorded_at; // the real time of the write; none before schema 5
  std::string actor;
  std::string command;
  std::string subject;
  std::string action;
  std::string detail; // JSON object
};

class Ledger {
public:
  enum class Open { existing, create };

  // Opens a ledger file. `existing` fails when there is none; both refuse a ledger whose
  // schema is newer than this binary, and `existing` refuses one that needs migrating.
  // `wait` says how long to wait while another command holds the ledger.
  static std::unique_ptr<Ledger> open(const std::string& path, Open how, sql::BusyWait wait = {});
  // A fully migrated in-memory ledger, for tests.
  static std::unique_ptr<Ledger> in_memory();

  sql::Database& db() { return m_db; }
  const std::string& path() const { return m_db.path(); }
  int schema_version();

  // Applies pending migrations in one transaction; returns the versions applied.
  std::vector<int> migrate();

  // Appends to the event log; call inside the command's transaction. Stamps the real time
  // of the write (recorded_at) besides `stamp.at`.
  // Returns the event's id.
  std::int64_t record(const Stamp& stamp, std::string_view subject, std::string_view action,
                      std::string_view detail_json);
  std::vector<Event> events(std::string_view subject);
  // The latest `at` among a subject's events, leaving out the given actions (events that only
  // read, such as reveal-pii). None when there is no such event.
  std::optional<Instant> latest_event_at(std::string_view subject, std::span<const std::string_view> except);
  // A subject's events of one action after `since` on the command's clock or after
  // `real_since` on the machine's (recorded_at), oldest first.
  std::vector<Event> recent_events(std::string_view subject, std::string_view action, Instant since,
                                   Instant real_since);

  // The machine's clock, which --as-of / EPB_NOW cannot set: events' recorded_at, and what
  // a lockout counts on. Tests replace it (a fake at the seam, as ninja fakes its clock).
  Instant real_now() const { return m_real_clock ? m_real_clock() : system_now(); }
  void set_real_clock(std::function<Instant()> clock) { m_real_clock = std::move(clock); }

  // SQLite's integrity check plus a comparison of the schema with the migrations'.
  // Empty when all is well; otherwise one line per problem.
  std::vector<std::string> check();

private:
  Ledger(const std::string& path, sql::Database::Mode mode);
  void configure();

  sql::Database m_db;
  std::function<Instant()> m_real_clock;
};

// Reads the events a query selects, in its order. The query's columns are, in this order:
// id, at, actor, command, subject, action, detail, recorded_at (the event table's, for
// stores with their own named queries over it).
std::vector<Event> read_events(sql::Statement& query);

// Sets the ledger file and its -wal and -shm files (those that exist) to mode 0600, for a
// ledger made before epb created them so or copied with looser permissions.
void make_ledger_private(const std::string& path);

// $XDG_DATA_HOME/epb/ledger.sqlite, falling back to ~/.local/share/epb/ledger.sqlite.
std::string default_ledger_path();

} // namespace epb
