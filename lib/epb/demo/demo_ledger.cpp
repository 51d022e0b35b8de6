// Where the demo ledger lives, and replacing it safely: the demo deletes a file on every
// run, so it only ever deletes one that it made itself.
#include "epb/demo/demo.hpp"

#include "epb/ledger/schema.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace epb {
namespace {

namespace fs = std::filesystem;

// Every demo ledger carries an event on this subject from the moment it is created.
constexpr std::string_view k_mark_subject = "demo";
constexpr std::size_t k_header_size = 100;
constexpr std::size_t k_user_version_offset = 60; // SQLite file header, big-endian

// Reads PRAGMA user_version from the file header, so a file that is not SQLite (or not a
// ledger of this schema) is never opened, let alone switched to WAL.
std::optional<int> ledger_schema_in_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<char, k_header_size> header{};
  if (!in.read(header.data(), static_cast<std::streamsize>(header.size()))) return std::nullopt;
  if (std::memcmp(header.data(), "SQLite format 3", 16) != 0) return std::nullopt;
  int version = 0;
  for (std::size_t i = 0; i < 4; ++i)
    version = version * 256 + static_cast<unsigned char>(header[k_user_version_offset + i]);
  return version;
}

} // namespace

std::string default_demo_ledger_path() {
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
    return fmt::format("{}/epb/demo/ledger.sqlite", data);
  const char* home = std::getenv("HOME");
  return fmt::format("{}/.local/share/epb/demo/ledger.sqlite", home && *home ? home : ".");
}

// The demo's mark, read without opening the file as a ledger of this version: a demo ledger
// made by an earlier epb (an older schema) is replaced like any other. The event table and its
// subject column are in every version.
constexpr std::string_view k_find_mark = "SELECT 1 FROM event WHERE subject = :subject LIMIT 1";

bool is_demo_ledger(const std::string& path) {
  const auto version = ledger_schema_in_header(path);
  if (!version || *version < 1 || *version > schema::current_version()) return false;
  sql::Database db(path, sql::Database::Mode::read_only);
  auto& mark = db.prepare(k_find_mark);
  mark.bind(":subject", k_mark_subject);
  const bool found = mark.step();
  mark.reset();
  return found;
}

Result<std::unique_ptr<Ledger>> create_demo_ledger(const std::string& path, const Stamp& stamp) {
  std::error_code ec;
  if (fs::exists(path, ec)) {
    // An empty file (a run that died at once) holds nothing worth keeping.
    const bool empty = fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0;
    if (!fs::is_regular_file(path, ec) || (!empty && !is_demo_ledger(path)))
      return invalid(fmt::format("demo ledger {}", path),
                     "the file exists and was not made by 'epb demo'; remove it yourself or choose another path");
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::remove(path + suffix, ec);
    if (ec) throw Error(fmt::format("demo ledger {}{}: cannot remove: {}", path, suffix, ec.message()));
  }
  auto ledger = Ledger::open(path, Ledger::Open::create);
  ledger->migrate();
  sql::Transaction transaction(ledger->db());
  ledger->record(stamp, k_mark_subject, "create",
                 JsonObject().add("note", "sample data made by epb demo; replaced by each run").str());
  transaction.commit();
  return ledger;
}

} // namespace epb
