#pragma once
// A thin RAII layer over the SQLite C API, after SQLiteCpp: Database, Statement, Transaction.
// <sqlite3.h> stays out of this header; SQLite failures become epb::SqliteError.
#include "epb/core/error.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace epb::sql {

class SqliteError : public Error {
public:
  SqliteError(const std::string& message, int code) : Error(message), m_code(code) {}
  int code() const noexcept { return m_code; }

private:
  int m_code;
};

class Statement;

// How a connection waits for another connection's lock before failing with "database is
// locked": up to `timeout`, and after `notice_after` of waiting it calls `on_wait` once (a
// command tells a user at a terminal what it waits for; the library prints nothing itself).
struct BusyWait {
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds notice_after{std::chrono::seconds(1)};
  std::function<void()> on_wait;
};

class Database {
public:
  enum class Mode { read_only, read_write, create };
  // Opens `path` (":memory:" for tests). `create` makes the file if needed.
  Database(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  void set_busy_wait(BusyWait wait) { m_busy = std::move(wait); }
  // True when SQLite opened the file read-only (no write permission).
  bool read_only() const;
  // True inside BEGIN ... COMMIT.
  bool in_transaction() const;
  // Statements are prepared once per connection and reused: `sql` is the cache key.
  Statement& prepare(std::string_view sql);
  int changes() const;
  const std::string& path() const { return m_path; }
  sqlite3* handle() const { return m_db; }

  // Copies this database into `target_path` with the online backup API, in one read
  // transaction: a snapshot, while writers on other connections carry on (WAL).
  void backup_to(const std::string& target_path);

  // Resets every statement still holding a row. Called before a transaction begins: a
  // connection in the middle of a read holds a snapshot, and a write lock asked for on an old
  // snapshot fails at once (SQLITE_BUSY_SNAPSHOT) instead of waiting.
  void finish_reads();
  // Throws the SqliteError for `code`; a locked ledger gets a message saying who holds it.
  [[noreturn]] void fail(int code, std::string_view doing) const;

private:
  static int on_busy(void* self, int count);

  sqlite3* m_db = nullptr;
  std::string m_path;
  BusyWait m_busy;
  std::chrono::steady_clock::time_point m_busy_since;
  bool m_told_waiting = false;
  // Looked up by the SQL text without copying it: statements run once per imported row.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept;
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> m_cache;
};

// A prepared statement bound by `:name`. Reset automatically before each new use.
class Statement {
public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& reset();
  Statement& bind(const char* name, std::int64_t value);
  Statement& bind(const char* name, int value) { return bind(name, std::int64_t{value}); }
  Statement& bind(const char* name, std::string_view value);
  Statement& bind(const char* name, const char* value) { return bind(name, std::string_view(value)); }
  Statement& bind(const char* name, const std::string& value) { return bind(name, std::string_view(value)); }
  // Binds text without copying it: `value` must stay alive and unchanged until the statement
  // has been stepped for the last time. For hot paths that bind a record's own fields.
  Statement& bind_in_place(const char* name, std::string_view value);
  Statement& bind_null(const char* name);
  // Binds bytes as a BLOB (a STRICT table's BLOB column takes no text).
  Statement& bind_blob(const char* name, std::string_view bytes);
  // For a parameter name built at run time (":service3"); bind() takes string literals only,
  // since it remembers each name's index by the literal's address.
  Statement& bind_named(const std::string& name, std::string_view value);
  template <class T> Statement& bind(const char* name, const std::optional<T>& value) {
    return value ? bind(name, *value) : bind_null(name);
  }

  // Advances to the next row; false when done.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  // Runs an `INSERT ... RETURNING id` and returns the id.
  std::int64_t run_returning_id();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int integer(int column) const { return static_cast<int>(int64(column)); }
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  // The column's bytes without a copy: valid until the next step() or reset(). For loops that
  // read a million rows and keep only some of them.
  std::string_view text_view(int column) const;
  // A BLOB column's bytes ("" for an empty blob or NULL).
  std::string blob(int column) const;

private:
  int index_of(const char* name) const;

  // Parameter names are string literals: remember each literal's index by its address.
  // Callers bind in the same order every time, so the search starts after the last hit.
  mutable std::vector<std::pair<const char*, int>> m_parameters;
  mutable std::size_t m_next_parameter = 0;

  Database& m_db;
  sqlite3_stmt* m_stmt = nullptr;
  bool m_needs_reset = false;
};

// BEGIN IMMEDIATE on construction, so a writer waits for the write lock (BusyWait) before it
// reads anything, instead of failing half-way on a read-to-write upgrade, which SQLite does not
// wait for; rolls back in its destructor unless committed. Never throws from the destructor.
// Opened inside another transaction it becomes a savepoint, so library functions that
// each run "in one transaction" can also be batched into a larger one.
class Transaction {
public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

private:
  Database& m_db;
  bool m_nested;
  bool m_done = false;
};

// A connection setting (PRAGMA NAME = VALUE: cache_size, mmap_size, temp_store) for one scope,
// as it was again afterwards, so a tuning for one bulk step never outlives it. With
// `only_raise`, a setting already at least `value` is left alone.
class ScopedPragma {
public:
  ScopedPragma(Database& db, std::string_view name, std::int64_t value, bool only_raise = false);
  ~ScopedPragma();
  ScopedPragma(const ScopedPragma&) = delete;
  ScopedPragma& operator=(const ScopedPragma&) = delete;

private:
  Database& m_db;
  std::string m_name;
  std::optional<std::int64_t> m_saved; // none: nothing was changed
};

} // namespace epb::sql
