#pragma once
// The ledger's schema is code: ordered migrations, the version in PRAGMA user_version.
#include <span>
#include <string_view>

namespace epb::schema {

struct Migration {
  int version;            // user_version after this migration
  std::string_view about; // one line for 'epb db migrate'
  std::string_view sql;
  bool rebuilds_tables = false; // runs with foreign keys off, checked before the commit
};

// In order; migration i takes the ledger from version i to i + 1.
std::span<const Migration> migrations();
int current_version();

} // namespace epb::schema
