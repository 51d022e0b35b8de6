// The import engine's two threads: rows are prepared on the reading thread and stored, in
// file order, on the caller's; a failure on either side leaves nothing written.
#include "epb/core/bounded_queue.hpp"
#include "epb/io/import_engine.hpp"
#include "epb/ledger/ledger.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace epb;

namespace {

const Stamp k_stamp{"tester", "test", *parse_instant("2024-07-24 09:00")};
constexpr std::array<FieldSpec, 1> k_fields = {{{"n", true}}};

struct Number final : PreparedRow {
  explicit Number(int value) : n(value) {}
  int n;
  std::thread::id prepared_on = std::this_thread::get_id();
};

// Stores each row's number as an event; fails as told.
class NumberTarget final : public ImportTarget {
public:
  explicit NumberTarget(Ledger& ledger) : m_ledger(ledger) {}
  std::span<const FieldSpec> fields() const override { return k_fields; }
  Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues& row) const override {
    const int n = std::stoi(std::string(row.get(0)));
    if (n < 0) return invalid("n", "negative");
    return std::make_unique<Number>(n);
  }
  Result<RowOutcome> store(PreparedRow& row, OnDuplicate) override {
    const auto& number = static_cast<Number&>(row);
    if (number.prepared_on == std::this_thread::get_id()) ++prepared_here;
    if (number.n == throw_at) throw Error("the ledger broke");
    in_order = in_order && number.n == last + 1;
    last = number.n;
    m_ledger.record(k_stamp, fmt::format("n:{}", number.n), "import", "{}");
    return RowOutcome::imported;
  }
  std::string_view record_type() const override { return "number"; }
  void record_batch(const CommittedBatch& batch) override { batches.push_back(batch); }

  std::vector<CommittedBatch> batches; // kept here, not in the ledger: the tests count events

  int throw_at = -1;
  int last = 0;
  bool in_order = true;
  int prepared_here = 0;

private:
  Ledger& m_ledger;
};

// A CSV file of the numbers 1..rows, with `extra` appended to line `at` (0: none).
std::string numbers_file(int rows, int at = 0, std::string_view extra = {}) {
  const auto path = std::filesystem::temp_directory_path() / fmt::format("epb-engine-{}.csv", ::getpid());
  std::ofstream out(path, std::ios::binary);
  out << "n\n";
  for (int n = 1; n <= rows; ++n)
    out << n << (n + 1 == at ? extra : "") << '\n';
  return path.string();
}

std::int64_t events(Ledger& ledger) {
  auto& s = ledger.db().prepare("SELECT count(*) FROM event");
  s.step();
  const std::int64_t n = s.int64(0);
  s.reset();
  return n;
}

ImportSummary import_numbers(Ledger& ledger, NumberTarget& target, const std::string& path,
                             ImportOptions options = {}) {
  TextSource source(path, TextSource::Encoding::utf8);
  auto reader = make_record_reader(source, InputFormat::csv);
  REQUIRE(reader);
  return run_import(ledger, **reader, target, options, {});
}

} // namespace

TEST_CASE("bounded queue: holds what fits, drains after close, then refuses") {
  BoundedQueue<int> queue(2);
  CHECK(queue.push(1));
  CHECK(queue.push(2));
  std::thread third([&] { CHECK(queue.push(3)); }); // waits until there is room
  CHECK(queue.pop() == 1);
  third.join();
  queue.close();
  CHECK_FALSE(queue.push(4));
  CHECK(queue.pop() == 2);
  CHECK(queue.pop() == 3);
  CHECK_FALSE(queue.pop().has_value());
  CHECK_FALSE(queue.try_pop().has_value());
}

TEST_CASE("import engine: rows are prepared on another thread and stored in file order") {
  auto ledger = Ledger::in_memory();
  NumberTarget target(*ledger);
  const auto path = numbers_file(5000);
  const auto summary = import_numbers(*ledger, target, path);
  CHECK(summary.imported == 5000);
  CHECK(target.in_order);
  CHECK(target.last == 5000);
  CHECK(target.prepared_here == 0);
  CHECK(events(*ledger) == 5000);
  std::filesystem::remove(path);
}

TEST_CASE("import engine: a failure while storing stops the reading thread and writes nothing") {
  auto ledger = Ledger::in_memory();
  NumberTarget target(*ledger);
  target.throw_at = 700;
  const auto path = numbers_file(100000);
  CHECK_THROWS_WITH_AS(import_numbers(*ledger, target, path), "the ledger broke", Error);
  CHECK(events(*ledger) == 0);
  std::filesystem::remove(path);
}

TEST_CASE("import engine: bytes that are not UTF-8 late in the file end the import with nothing written") {
  auto ledger = Ledger::in_memory();
  NumberTarget target(*ledger);
  const auto path = numbers_file(300000, 299000, "\xff"); // well past the first chunk read
  CHECK_THROWS_AS(import_numbers(*ledger, target, path), ProblemError);
  CHECK(target.last > 0); // rows before it were stored, and rolled back
  CHECK(events(*ledger) == 0);
  std::filesystem::remove(path);
}

TEST_CASE("import engine: invalid rows are listed with their lines, then by default nothing is written") {
  auto ledger = Ledger::in_memory();
  NumberTarget target(*ledger);
  const auto path = numbers_file(1000);
  std::ofstream(path, std::ios::app) << "-1\n";
  const auto summary = import_numbers(*ledger, target, path);
  CHECK(summary.imported == 1000); // counted, then rolled back
  CHECK(summary.rejected == 1);
  REQUIRE(summary.errors.size() == 1);
  CHECK(summary.errors[0] == fmt::format("{}:1002: n: negative", path));
  CHECK_FALSE(summary.written);
  CHECK(events(*ledger) == 0);
  std::filesystem::remove(path);
}
