#include "epb/ledger/sqlite.hpp"

#include <doctest/doctest.h>

using namespace epb;

namespace {
std::int64_t pragma(sql::Database& db, const char* name) {
  sql::Statement query(db, std::string("PRAGMA ") + name);
  return query.step() ? query.int64(0) : -1;
}
} // namespace

TEST_CASE("scoped pragma: a setting for one scope, as it was again afterwards") {
  sql::Database db(":memory:", sql::Database::Mode::create);
  const std::int64_t before = pragma(db, "cache_size");
  {
    const sql::ScopedPragma cache(db, "cache_size", -32000);
    CHECK(pragma(db, "cache_size") == -32000);
  }
  CHECK(pragma(db, "cache_size") == before);
}

TEST_CASE("scoped pragma: only_raise leaves a setting that is already high enough") {
  sql::Database db(":memory:", sql::Database::Mode::create);
  db.exec("PRAGMA temp_store = 2");
  {
    const sql::ScopedPragma store(db, "temp_store", 1, true);
    CHECK(pragma(db, "temp_store") == 2);
  }
  CHECK(pragma(db, "temp_store") == 2);
  {
    const sql::ScopedPragma store(db, "temp_store", 2, true);
    db.exec("PRAGMA temp_store = 0");
  }
  CHECK(pragma(db, "temp_store") == 0); // nothing was changed by the scope, so nothing is set back
}
