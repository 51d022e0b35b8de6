#include "epb/ledger/sqlite.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace epb::sql {
namespace {

// What a locked ledger means to the user: someone else is writing, and for how long epb waited.
std::string locked_message(std::chrono::milliseconds waited) {
  return fmt::format("ledger: another epb command held the ledger for more than {} s (database is locked); try "
                     "again later, or wait longer with [ledger] busy_timeout or EPB_BUSY_TIMEOUT",
                     waited.count() / 1000);
}

// Plain SQLITE_BUSY is what the busy handler's giving up leaves; the extended kinds (an old
// snapshot, a recovery) fail without waiting and keep SQLite's own message.
bool is_locked(int code) { return code == SQLITE_BUSY; }

// An empty view may have no data at all; SQLite would bind that as NULL, not as ''.
const char* text_data(std::string_view value) { return value.data() ? value.data() : ""; }

// A full disk or the file-size limit (SQLITE_FULL, SQLITE_IOERR_*): the file and the system's
// reason, not the statement that happened to be running. SQLite rolls the transaction back.
std::optional<std::string> io_failure(sqlite3* db, const std::string& path, int code) {
  const int primary = code & 0xff;
  if (primary != SQLITE_IOERR && primary != SQLITE_FULL) return std::nullopt;
  const int system = db ? sqlite3_system_errno(db) : 0;
  const char* why = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  if (system == 0) return fmt::format("ledger {}: cannot be written: {}", path, why);
  return fmt::format("ledger {}: cannot be written: {} ({})", path, why, std::strerror(system));
}

} // namespace

[[noreturn]] void Database::fail(int code, std::string_view doing) const {
  if (is_locked(code)) throw SqliteError(locked_message(m_busy.timeout), code);
  const char* why = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(code);
  // A write-protected ledger (or its directory, where a WAL ledger's -shm must be made) is the
  // user's to fix; the statement SQLite was running tells them nothing.
  if ((code & 0xff) == SQLITE_READONLY)
    throw SqliteError(fmt::format("ledger {}: cannot be written (check the modes of the file and of its directory, "
                                  "where SQLite keeps its -wal and -shm files): {}",
                                  m_path, why),
                      code);
  if (auto io = io_failure(m_db, m_path, code)) throw SqliteError(*io, code);
  throw SqliteError(fmt::format("ledger: {}: {}", doing, why), code);
}

Database::Database(const std::string& path, Mode mode) : m_path(path) {
  // No allocation statistics: SQLite would take a global mutex for every allocation, which
  // costs a bulk import several percent now that it reads on a second thread. Must come
  // before SQLite initialises, i.e. before the first connection.
  static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
  (void)configured;
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (mode) {
  case Mode::read_only: flags |= SQLITE_OPEN_READONLY; break;
  case Mode::read_write: flags |= SQLITE_OPEN_READWRITE; break;
  case Mode::create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
  }
  const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    sqlite3_close(m_db);
    m_db = nullptr;
    throw SqliteError(fmt::format("ledger {}: cannot open: {}", path, why), rc);
  }
  sqlite3_extended_result_codes(m_db, 1);
  sqlite3_busy_handler(m_db, &Database::on_busy, this);
}

int Database::on_busy(void* self, int count) {
  auto& db = *static_cast<Database*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (count == 0) db.m_busy_since = now;
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - db.m_busy_since);
  if (waited >= db.m_busy.timeout) return 0; // SQLite then fails with SQLITE_BUSY
  if (!db.m_told_waiting && db.m_busy.on_wait && waited >= db.m_busy.notice_after) {
    db.m_told_waiting = true;
    try {
      db.m_busy.on_wait();
    } catch (...) { // a message that cannot be written is no reason to stop waiting
    }
  }
  // Short sleeps first, for the common short wait; then a steady 100 ms.
  constexpr std::array<int, 8> k_sleeps_ms{1, 2, 5, 10, 15, 20, 25, 50};
  const int sleep_ms = count < static_cast<int>(k_sleeps_ms.size()) ? k_sleeps_ms[count] : 100;
  const auto left = (db.m_busy.timeout - waited).count();
  sqlite3_sleep(static_cast<int>(std::min<std::int64_t>(sleep_ms, std::max<std::int64_t>(left, 1))));
  return 1;
}

bool Database::in_transaction() const { return sqlite3_get_autocommit(m_db) == 0; }

bool Database::read_only() const { return sqlite3_db_readonly(m_db, "main") == 1; }

void Database::finish_reads() {
  for (sqlite3_stmt* stmt = sqlite3_next_stmt(m_db, nullptr); stmt; stmt = sqlite3_next_stmt(m_db, stmt))
    if (sqlite3_stmt_busy(stmt)) sqlite3_reset(stmt);
}

Database::~Database() {
  m_cache.clear(); // statements must be finalized before the connection closes
  sqlite3_close(m_db);
}

void Database::exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string why = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if (is_locked(rc)) throw SqliteError(locked_message(m_busy.timeout), rc);
    if (auto io = io_failure(m_db, m_path, rc)) throw SqliteError(*io, rc);
    throw SqliteError(fmt::format("ledger: {}", why), rc);
  }
}

std::size_t Database::SqlHash::operator()(std::string_view sql) const noexcept {
  // The length and both ends tell cached statements apart; equality checks the rest.
  const std::size_t edge = std::min<std::size_t>(sql.size(), 48);
  std::size_t hash = std::hash<std::string_view>{}(sql.substr(0, edge)) ^ (sql.size() * 0x9E3779B97F4A7C15ULL);
  return hash ^ (std::hash<std::string_view>{}(sql.substr(sql.size() - edge)) << 1);
}

Statement& Database::prepare(std::string_view sql) {
  auto found = m_cache.find(sql);
  if (found == m_cache.end()) found = m_cache.emplace(std::string(sql), std::make_unique<Statement>(*this, sql)).first;
  found->second->reset();
  return *found->second;
}

int Database::changes() const { return sqlite3_changes(m_db); }

void Database::backup_to(const std::string& target_path) {
  sqlite3* target = nullptr;
  int rc = sqlite3_open_v2(target_path.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close(target);
    throw SqliteError(fmt::format("backup {}: cannot open: {}", target_path, sqlite3_errstr(rc)), rc);
  }
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", m_db, "main");
  if (!backup) {
    const std::string why = sqlite3_errmsg(target);
    sqlite3_close(target);
    throw SqliteError(fmt::format("backup {}: {}", target_path, why), SQLITE_ERROR);
  }
  // All pages in one step: one read transaction, so the copy is the ledger as it was when the
  // step began. In WAL mode a reader holds no writer up, so commands go on writing meanwhile.
  // Step by step instead, each commit between two steps made SQLite begin the copy again:
  // under a steady stream of writes it never finished.
  do {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  const int final_rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
  const std::string why = sqlite3_errstr(final_rc);
  sqlite3_close(target);
  if (final_rc != SQLITE_OK) throw SqliteError(fmt::format("backup {}: {}", target_path, why), final_rc);
}

Statement::Statement(Database& db, std::string_view sql) : m_db(db) {
  const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &m_stmt, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, fmt::format("prepare '{}'", sql.substr(0, 60)));
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
  m_needs_reset = false;
  return *this;
}

int Statement::index_of(const char* name) const {
  const std::size_t count = m_parameters.size();
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t at = (m_next_parameter + i) % count;
    if (m_parameters[at].first == name) {
      m_next_parameter = at + 1;
      return m_parameters[at].second;
    }
  }
  const int index = sqlite3_bind_parameter_index(m_stmt, name);
  if (index == 0) throw Error(fmt::format("ledger: no parameter {} in '{}'", name, sqlite3_sql(m_stmt)));
  m_parameters.emplace_back(name, index);
  m_next_parameter = m_parameters.size();
  return index;
}

Statement& Statement::bind(const char* name, std::int64_t value) {
  sqlite3_bind_int64(m_stmt, index_of(name), value);
  return *this;
}

Statement& Statement::bind(const char* name, std::string_view value) {
  sqlite3_bind_text64(m_stmt, index_of(name), text_data(value), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_in_place(const char* name, std::string_view value) {
  sqlite3_bind_text64(m_stmt, index_of(name), text_data(value), value.size(), SQLITE_STATIC, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_named(const std::string& name, std::string_view value) {
  const int index = sqlite3_bind_parameter_index(m_stmt, name.c_str());
  if (index == 0) throw Error(fmt::format("ledger: no parameter {} in '{}'", name, sqlite3_sql(m_stmt)));
  sqlite3_bind_text64(m_stmt, index, text_data(value), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_blob(const char* name, std::string_view bytes) {
  sqlite3_bind_blob64(m_stmt, index_of(name), text_data(bytes), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(const char* name) {
  sqlite3_bind_null(m_stmt, index_of(name));
  return *this;
}

bool Statement::step() {
  if (m_needs_reset) {
    sqlite3_reset(m_stmt);
    m_needs_reset = false;
  }
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    m_needs_reset = true;
    return false;
  }
  m_needs_reset = true;
  m_db.fail(rc, fmt::format("'{}'", std::string_view(sqlite3_sql(m_stmt)).substr(0, 60)));
}

void Statement::run() {
  while (step()) {
  }
}

std::int64_t Statement::run_returning_id() {
  if (!step()) throw Error(fmt::format("'{}': returned no id", std::string_view(sqlite3_sql(m_stmt)).substr(0, 60)));
  const std::int64_t id = int64(0);
  run(); // to the end, which completes the statement
  return id;
}

bool Statement::is_null(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(m_stmt, column);
  if (!data) return {};
  return std::string(reinterpret_cast<const char*>(data),
                     static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::string_view Statement::text_view(int column) const {
  const auto* data = sqlite3_column_text(m_stmt, column);
  if (!data) return {};
  return std::string_view(reinterpret_cast<const char*>(data),
                          static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::string Statement::blob(int column) const {
  const void* data = sqlite3_column_blob(m_stmt, column);
  if (!data) return {};
  return std::string(static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

Transaction::Transaction(Database& db) : m_db(db), m_nested(sqlite3_get_autocommit(db.handle()) == 0) {
  // Inside an outer transaction (a batch), a savepoint makes this one undoable on its own.
  if (!m_nested) m_db.finish_reads();
  m_db.exec(m_nested ? "SAVEPOINT epb_nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (m_done) return;
  try {
    m_db.exec(m_nested ? "ROLLBACK TO epb_nested; RELEASE epb_nested" : "ROLLBACK");
  } catch (...) {
    // The connection may already have rolled back (e.g. after SQLITE_FULL); nothing to add.
  }
}

void Transaction::commit() {
  m_db.exec(m_nested ? "RELEASE epb_nested" : "COMMIT");
  m_done = true;
}

ScopedPragma::ScopedPragma(Database& db, std::string_view name, std::int64_t value, bool only_raise)
    : m_db(db), m_name(name) {
  Statement query(db, fmt::format("PRAGMA {}", m_name));
  const std::int64_t current = query.step() ? query.int64(0) : 0;
  query.reset();
  if (only_raise && current >= value) return;
  m_db.exec(fmt::format("PRAGMA {} = {}", m_name, value));
  m_saved = current;
}

ScopedPragma::~ScopedPragma() {
  if (!m_saved) return;
  try {
    m_db.exec(fmt::format("PRAGMA {} = {}", m_name, *m_saved));
  } catch (...) { // a broken connection: the run's own error is the one to report
  }
}

} // namespace epb::sql
