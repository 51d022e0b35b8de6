// `epb db backup` while other commands write: the copy finishes however often they write, and
// holds the ledger as it was at one moment.
#include "ledger_file_test_support.hpp"

#include "epb/ledger/sqlite.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <thread>

using namespace epb;

namespace {

std::int64_t count_rows(sql::Database& db, const char* sql) {
  sql::Statement query(db, sql);
  return query.step() ? query.int64(0) : -1;
}

} // namespace

TEST_CASE("backup: finishes while another connection commits all the time, as one snapshot") {
  test::LedgerFile file("backup");
  sql::Database& db = file.ledger->db();
  // Some 3,000 pages: a dozen steps of the 256 pages the copy once took at a time. A commit
  // between two steps made it begin again, and it went on beginning again until the writes
  // stopped: it never finished while the ledger was in use.
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, pad BLOB NOT NULL)");
  db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
          "INSERT INTO t (pad) SELECT randomblob(4000) FROM n");

  std::atomic<bool> copied{false};
  bool gave_up = false;
  std::atomic<std::int64_t> writes{0};
  std::exception_ptr failure;
  std::thread writer([&] {
    try {
      sql::Database other(file.ledger->path(), sql::Database::Mode::read_write);
      other.exec("PRAGMA synchronous = OFF"); // a commit every few microseconds
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!copied) {
        if (std::chrono::steady_clock::now() > deadline) {
          gave_up = true;
          break;
        }
        other.exec("INSERT INTO t (pad) VALUES (randomblob(100))");
        ++writes;
      }
    } catch (...) {
      failure = std::current_exception();
    }
  });
  // The writer is under way before the copy begins.
  while (count_rows(db, "SELECT count(*) FROM t") == 6000 && !failure)
    std::this_thread::yield();
  const std::string target = file.path("copy.sqlite");
  sql::Database source(file.ledger->path(), sql::Database::Mode::read_write); // as `epb db backup` opens it
  source.backup_to(target);
  copied = true;
  writer.join();
  if (failure) std::rethrow_exception(failure);

  CHECK_FALSE(gave_up); // the copy finished while the writes went on
  sql::Database copy(target, sql::Database::Mode::read_write);
  const std::int64_t rows = count_rows(copy, "SELECT count(*) FROM t");
  CHECK(rows > 6000);
  CHECK(rows <= 6000 + writes);
  CHECK(count_rows(copy, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'") == 0);
}
