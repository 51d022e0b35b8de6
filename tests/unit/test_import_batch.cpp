// What the import engine does around each row and each commit for every record type: the
// opt-in row savepoint, the batch record, the bulk cache setting it restores.
#include "epb/io/import_engine.hpp"
#include "epb/ledger/ledger.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace epb;

namespace {

const Stamp k_stamp{"tester", "pair import", *parse_instant("2024-07-24 09:00")};
constexpr std::array<FieldSpec, 1> k_fields = {{{"n", true}}};

struct Pair final : PreparedRow {
  explicit Pair(std::int64_t value) : n(value) {}
  std::int64_t n;
};

// A record that is two rows in two tables, like a case and its subsidy row. Refuses, after
// writing the first, a number divisible by `divisor` (the second table's rule, found only then).
class PairTarget final : public ImportTarget {
public:
  PairTarget(Ledger& ledger, bool savepoint) : m_ledger(ledger), m_savepoint(savepoint) {
    ledger.db().exec("CREATE TABLE IF NOT EXISTS head (id INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT;"
                     "CREATE TABLE IF NOT EXISTS tail (id INTEGER PRIMARY KEY, head_id INTEGER NOT NULL) STRICT");
  }
  std::span<const FieldSpec> fields() const override { return k_fields; }
  Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues& row) const override {
    return std::make_unique<Pair>(std::stoll(std::string(row.get(0))));
  }
  Result<RowOutcome> store(PreparedRow& row, OnDuplicate) override {
    const auto n = static_cast<Pair&>(row).n;
    auto& head = m_ledger.db().prepare("INSERT INTO head (n) VALUES (:n) RETURNING id");
    head.bind(":n", n);
    REQUIRE(head.step());
    const std::int64_t id = head.int64(0);
    head.reset();
    if (n % divisor == 0) return invalid("n", fmt::format("{} is divisible by {}", n, divisor));
    m_ledger.db().prepare("INSERT INTO tail (head_id) VALUES (:id)").bind(":id", id).run();
    added(id);
    return RowOutcome::imported;
  }
  std::string_view record_type() const override { return "pair"; }
  void record_batch(const CommittedBatch& batch) override {
    batches.push_back(batch);
    record_import_batch(m_ledger, k_stamp, batch);
  }
  bool row_savepoint() const override { return m_savepoint; }

  std::vector<CommittedBatch> batches;
  std::int64_t divisor = 3;

private:
  Ledger& m_ledger;
  bool m_savepoint;
};

std::int64_t count(Ledger& ledger, std::string_view sql) {
  auto& s = ledger.db().prepare(sql);
  REQUIRE(s.step());
  const std::int64_t n = s.int64(0);
  s.reset();
  return n;
}

ImportOptions options(bool skip_invalid, bool dry_run = false, std::size_t commit_every = 0) {
  ImportOptions out;
  out.skip_invalid = skip_invalid;
  out.dry_run = dry_run;
  out.commit_every = commit_every;
  return out;
}

// Imports the numbers 1..rows.
ImportSummary import_pairs(Ledger& ledger, PairTarget& target, int rows, ImportOptions given,
                           std::ostream* rejects = nullptr) {
  const auto path = std::filesystem::temp_directory_path() / fmt::format("epb-pairs-{}.csv", ::getpid());
  {
    std::ofstream out(path, std::ios::binary);
    out << "n\n";
    for (int n = 1; n <= rows; ++n)
      out << n << '\n';
  }
  TextSource source(path.string(), TextSource::Encoding::utf8);
  auto reader = make_record_reader(source, InputFormat::csv, true);
  REQUIRE(reader);
  given.rejects = rejects;
  auto summary = run_import(ledger, **reader, target, given, {});
  std::filesystem::remove(path);
  return summary;
}

} // namespace

TEST_CASE("import engine: with a row savepoint, a row refused after its first write leaves nothing") {
  auto ledger = Ledger::in_memory();
  PairTarget target(*ledger, true);
  std::ostringstream rejects;
  const auto summary = import_pairs(*ledger, target, 10, options(true), &rejects);
  CHECK(summary.imported == 7);
  CHECK(summary.rejected == 3); // 3, 6, 9
  CHECK(count(*ledger, "SELECT count(*) FROM head") == 7);
  CHECK(count(*ledger, "SELECT count(*) FROM tail") == 7);
  CHECK(count(*ledger, "SELECT count(*) FROM head WHERE id NOT IN (SELECT head_id FROM tail)") == 0);
  CHECK(rejects.str().find("n: 6 is divisible by 3") != std::string::npos);
}

TEST_CASE("import engine: without the savepoint, what a refused row wrote stays (why targets opt in)") {
  auto ledger = Ledger::in_memory();
  PairTarget target(*ledger, false);
  std::ostringstream rejects;
  import_pairs(*ledger, target, 10, options(true), &rejects);
  CHECK(count(*ledger, "SELECT count(*) FROM head") == 10);
  CHECK(count(*ledger, "SELECT count(*) FROM tail") == 7);
}

TEST_CASE("import engine: all or nothing rolls back the savepointed rows too") {
  auto ledger = Ledger::in_memory();
  PairTarget target(*ledger, true);
  const auto summary = import_pairs(*ledger, target, 10, options(false));
  CHECK(summary.rejected == 3);
  CHECK_FALSE(summary.written);
  CHECK(count(*ledger, "SELECT count(*) FROM head") == 0);
  CHECK(target.batches.empty());
}

TEST_CASE("import engine: each commit records its batch: record type, source, the ids it added, counts") {
  auto ledger = Ledger::in_memory();
  PairTarget target(*ledger, true);
  target.divisor = 10;
  std::ostringstream rejects;
  const auto summary = import_pairs(*ledger, target, 10, options(true, false, 4), &rejects);
  CHECK(summary.imported == 9);
  REQUIRE(target.batches.size() == 3); // 1-4, 5-8, then 9-10
  const auto& first = target.batches[0];
  CHECK(first.record_type == "pair");
  CHECK(first.source.ends_with(".csv"));
  CHECK(first.imported == 4);
  CHECK(first.rejected == 0);
  CHECK(first.first_id == 1);
  CHECK(first.last_id == 4);
  CHECK(target.batches[1].first_id == 5);
  CHECK(target.batches[1].last_id == 8);
  const auto& last = target.batches[2];
  CHECK(last.imported == 1);
  CHECK(last.rejected == 1);
  CHECK(last.first_id == 9);
  CHECK(last.last_id == 9); // the refused row's id was rolled back with it
  const auto events = ledger->events("pair-import");
  REQUIRE(events.size() == 3);
  CHECK(events[2].action == "import");
  CHECK(events[2].detail.find(R"("first_id":9,"last_id":9,"imported":1,"updated":0,"skipped":0,"rejected":1)") !=
        std::string::npos);
}

TEST_CASE("import engine: a dry run records no batch") {
  auto ledger = Ledger::in_memory();
  PairTarget target(*ledger, true);
  std::ostringstream rejects;
  import_pairs(*ledger, target, 10, options(true, true, 4), &rejects);
  CHECK(target.batches.empty());
  CHECK(count(*ledger, "SELECT count(*) FROM event") == 0);
}

TEST_CASE("import engine: stopped in the first batch, the summary counts nothing imported") {
  auto ledger = Ledger::in_memory();
  PairTarget target(*ledger, true);
  const auto summary = import_pairs(*ledger, target, 10, options(false, false, 5));
  // Rows 1-2 stored, 3 refused: the batch is rolled back, and the run stops there.
  CHECK(summary.rejected >= 1);
  CHECK_FALSE(summary.written);
  CHECK(summary.imported == 0);
}

TEST_CASE("import engine: the bulk cache setting holds for the run only") {
  auto ledger = Ledger::in_memory();
  ledger->db().exec("PRAGMA cache_size = -3000");
  PairTarget target(*ledger, true);
  std::ostringstream rejects;
  import_pairs(*ledger, target, 10, options(true), &rejects);
  CHECK(count(*ledger, "PRAGMA cache_size") == -3000);
}
