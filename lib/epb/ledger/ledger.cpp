#include "epb/ledger/ledger.hpp"

#include "epb/io/output_file.hpp"
#include "epb/ledger/schema.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace epb {
namespace {

namespace fs = std::filesystem;

constexpr int k_page_size = 8192; // for new ledgers; see Ledger::open

// Creates the file with mode 0600 before SQLite sees it, in directories of mode 0700: the
// ledger holds personal data. SQLite gives its -wal and -shm files the same permissions.
void create_private_file(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) create_private_directories(parent.string(), fmt::format("ledger {}", path));
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) throw Error(fmt::format("ledger {}: cannot create: {}", path, std::strerror(errno)));
  ::close(fd);
}

// How many tables a database has, and whether one of them is the event table.
constexpr std::string_view k_count_tables =
    "SELECT count(*), count(*) FILTER (WHERE name = 'event') FROM sqlite_schema WHERE type = 'table'";

bool is_memory(const std::string& path) { return path == ":memory:" || path.empty(); }

// An existing file is opened only if it is an epb ledger or still empty (no tables: a run that
// died before its first migration); anything else (a text file, another program's SQLite
// database) is left untouched rather than migrated into a ledger.
void refuse_foreign_file(const std::string& path) {
  const auto refuse = [&](std::string_view why) {
    throw Error(fmt::format("ledger {}: not an epb ledger ({}); epb leaves it untouched", path, why), Fault::invalid);
  };
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) refuse("not a regular file");
  if (fs::file_size(path, ec) == 0) return;
  char magic[16] = {};
  if (FILE* file = std::fopen(path.c_str(), "rb")) {
    const std::size_t got = std::fread(magic, 1, sizeof magic, file);
    std::fclose(file);
    if (got != sizeof magic || std::memcmp(magic, "SQLite format 3", sizeof magic) != 0)
      refuse("not an SQLite database");
  } else {
    throw Error(fmt::format("ledger {}: cannot open: {}", path, std::strerror(errno)));
  }
  sql::Database db(path, sql::Database::Mode::read_only);
  auto& tables = db.prepare(k_count_tables);
  tables.step();
  const auto count = tables.int64(0);
  const auto events = tables.int64(1);
  tables.reset();
  auto& version = db.prepare("PRAGMA user_version");
  version.step();
  const auto user_version = version.int64(0);
  version.reset();
  if (count > 0 && (events == 0 || user_version == 0)) refuse("an SQLite database of another program");
}

// Foreign keys off while it lives (when `on`), for migrations that rebuild tables. Declared
// before the migration's transaction, so they come back on after it ends either way.
class ForeignKeysOff {
public:
  ForeignKeysOff(sql::Database& db, bool on) : m_db(on ? &db : nullptr) {
    if (m_db) m_db->exec("PRAGMA foreign_keys=OFF");
  }
  ~ForeignKeysOff() {
    try {
      if (m_db) m_db->exec("PRAGMA foreign_keys=ON");
    } catch (...) { // never throws from a destructor; the next open switches them on anyway
    }
  }
  ForeignKeysOff(const ForeignKeysOff&) = delete;
  ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

private:
  sql::Database* m_db;
};

} // namespace

std::string default_ledger_path() {
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) return fmt::format("{}/epb/ledger.sqlite", data);
  const char* home = std::getenv("HOME");
  return fmt::format("{}/.local/share/epb/ledger.sqlite", home && *home ? home : ".");
}

Ledger::Ledger(const std::string& path, sql::Database::Mode mode) : m_db(path, mode) {}

void Ledger::configure() {
  if (!is_memory(path())) {
    auto& mode = m_db.prepare("PRAGMA journal_mode=WAL");
    mode.step();
    mode.reset();
  }
  m_db.exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
}

std::unique_ptr<Ledger> Ledger::open(const std::string& path, Open how, sql::BusyWait wait) {
  const bool exists = fs::exists(path);
  if (!exists && how == Open::existing)
    throw Error(fmt::format("ledger {}: no such ledger; create it with 'epb init'", path), Fault::not_found);
  if (exists) refuse_foreign_file(path);
  if (!exists) create_private_file(path);
  std::unique_ptr<Ledger> ledger(new Ledger(path, sql::Database::Mode::read_write));
  ledger->m_db.set_busy_wait(std::move(wait));
  const int version = ledger->schema_version();
  if (version > schema::current_version())
    throw Error(fmt::format("ledger {}: schema version {} is newer than this epb understands ({}); use a newer epb",
                            path, version, schema::current_version()));
  if (how == Open::existing && version < schema::current_version())
    throw Error(fmt::format("ledger {}: schema version {} is older than this epb's ({}); run 'epb db migrate' "
                            "(after 'epb db backup FILE')",
                            path, version, schema::current_version()));
  // A case row is about 500 bytes: 8 KB pages hold twice the cases of SQLite's 4 KB default,
  // which makes a big import about 8% faster; a move or a notice still writes only a few
  // pages. The size is fixed when the first table is created, so only new ledgers get it.
  if (!exists) ledger->m_db.exec(fmt::format("PRAGMA page_size = {}", k_page_size));
  ledger->configure();
  return ledger;
}

void make_ledger_private(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string file = path + suffix;
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0 || (info.st_mode & 0777) == 0600) continue;
    if (::chmod(file.c_str(), 0600) != 0)
      throw Error(fmt::format("ledger {}: cannot make {} private (mode 0600): {}", path, file, std::strerror(errno)));
  }
}

std::unique_ptr<Ledger> Ledger::in_memory() {
  std::unique_ptr<Ledger> ledger(new Ledger(":memory:", sql::Database::Mode::create));
  ledger->configure();
  ledger->migrate();
  return ledger;
}

int Ledger::schema_version() {
  auto& query = m_db.prepare("PRAGMA user_version");
  query.step();
  const int version = query.integer(0);
  query.reset();
  return version;
}

std::vector<int> Ledger::migrate() {
  std::vector<int> applied;
  const int from = schema_version();
  // Rebuilding a table that others reference needs foreign keys off, and that can only be
  // switched outside a transaction; the keys are checked before the commit instead.
  bool rebuilds = false;
  for (const auto& migration : schema::migrations())
    rebuilds = rebuilds || (migration.version > from && migration.rebuilds_tables);
  const ForeignKeysOff keys_off(m_db, rebuilds);
  sql::Transaction transaction(m_db);
  for (const auto& migration : schema::migrations()) {
    if (migration.version <= from) continue;
    m_db.exec(migration.sql);
    m_db.exec(fmt::format("PRAGMA user_version = {}", migration.version));
    applied.push_back(migration.version);
  }
  if (rebuilds) {
    auto& keys = m_db.prepare("PRAGMA foreign_key_check");
    const bool broken = keys.step();
    keys.reset();
    if (broken) throw Error("migration: a rebuilt table lost rows other tables refer to; nothing was changed");
  }
  transaction.commit();
  return applied;
}

namespace {

// The id is handed out, not RETURNed: SQLite runs RETURNING as a trigger with a statement
// journal, which cost imports that record an event per row (payments, subsidies) as much as the
// rest of the row; every write holds the writer's lock, so max(id) + 1 is safe.
constexpr std::string_view k_next_event_id = "SELECT coalesce(max(id), 0) + 1 FROM event";
constexpr std::string_view k_insert_event =
    "INSERT INTO event(id, at, actor, command, subject, action, detail, recorded_at) "
    "VALUES (:id, :at, :actor, :command, :subject, :action, :detail, :recorded_at)";
constexpr std::string_view k_events_of_subject = "SELECT id, at, actor, command, subject, action, detail, recorded_at "
                                                 "FROM event WHERE subject = :subject ORDER BY id";
constexpr std::string_view k_recent_events =
    "SELECT id, at, actor, command, subject, action, detail, recorded_at FROM event "
    "WHERE subject = :subject AND action = :action AND (at > :since OR recorded_at > :real_since) ORDER BY id";
constexpr std::string_view k_latest_event_at =
    "SELECT max(at) FROM event WHERE subject = :subject AND action NOT IN (SELECT value FROM json_each(:except))";

} // namespace

std::vector<Event> read_events(sql::Statement& query) {
  std::vector<Event> out;
  while (query.step()) {
    Event event{query.int64(0), Instant(query.int64(1)), std::nullopt,  query.text(2),
                query.text(3),  query.text(4),           query.text(5), query.text(6)};
    if (!query.is_null(7)) event.recorded_at = Instant(query.int64(7));
    out.push_back(std::move(event));
  }
  return out;
}

std::int64_t Ledger::record(const Stamp& stamp, std::string_view subject, std::string_view action,
                            std::string_view detail_json) {
  auto& next = m_db.prepare(k_next_event_id);
  next.step();
  const std::int64_t id = next.int64(0);
  next.reset();
  m_db.prepare(k_insert_event)
      .bind(":id", id)
      .bind(":at", stamp.at.unix_seconds())
      .bind(":actor", stamp.actor)
      .bind(":command", stamp.command)
      .bind(":subject", subject)
      .bind(":action", action)
      .bind(":detail", detail_json.empty() ? std::string_view("{}") : detail_json)
      .bind(":recorded_at", real_now().unix_seconds())
      .run();
  return id;
}

std::vector<Event> Ledger::events(std::string_view subject) {
  return read_events(m_db.prepare(k_events_of_subject).bind(":subject", subject));
}

std::vector<Event> Ledger::recent_events(std::string_view subject, std::string_view action, Instant since,
                                         Instant real_since) {
  return read_events(m_db.prepare(k_recent_events)
                         .bind(":subject", subject)
                         .bind(":action", action)
                         .bind(":since", since.unix_seconds())
                         .bind(":real_since", real_since.unix_seconds()));
}

std::optional<Instant> Ledger::latest_event_at(std::string_view subject, std::span<const std::string_view> except) {
  const std::string actions = json_string_array(except);
  auto& query = m_db.prepare(k_latest_event_at);
  query.bind(":subject", subject).bind(":except", actions);
  std::optional<Instant> latest;
  if (query.step() && !query.is_null(0)) latest = Instant(query.int64(0));
  query.reset();
  return latest;
}

std::vector<std::string> Ledger::check() {
  std::vector<std::string> problems;
  auto& integrity = m_db.prepare("PRAGMA integrity_check");
  while (integrity.step())
    if (integrity.text(0) != "ok") problems.push_back("integrity: " + integrity.text(0));
  auto& keys = m_db.prepare("PRAGMA foreign_key_check");
  while (keys.step())
    problems.push_back(fmt::format("foreign key: {} row {} has no {}", keys.text(0), keys.int64(1), keys.text(2)));

  // The schema must be exactly what the migrations build: compare with a fresh copy.
  auto reference = in_memory();
  constexpr std::string_view k_schema =
      "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name";
  std::map<std::string, std::string> expected, actual;
  for (auto* source : {&reference->db(), &m_db}) {
    auto& rows = source->prepare(k_schema);
    auto& into = source == &m_db ? actual : expected;
    while (rows.step())
      into[rows.text(0) + " " + rows.text(1)] = rows.text(2);
  }
  for (const auto& [name, sql] : expected) {
    auto found = actual.find(name);
    if (found == actual.end())
      problems.push_back(fmt::format("schema: {} is missing", name));
    else if (found->second != sql)
      problems.push_back(fmt::format("schema: {} differs from version {}", name, schema::current_version()));
  }
  for (const auto& [name, sql] : actual)
    if (!expected.contains(name)) problems.push_back(fmt::format("schema: unexpected {}", name));
  if (schema_version() != schema::current_version())
    problems.push_back(fmt::format("schema: version {} (expected {})", schema_version(), schema::current_version()));
  return problems;
}

} // namespace epb
