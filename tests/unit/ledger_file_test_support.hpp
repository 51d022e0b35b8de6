#pragma once
// A migrated ledger file in a scratch directory of its own (removed afterwards), protected from
// outputs as a command's ledger is; and the payment tests' verbs on any ledger: a count read
// with SQL, the bank's result file imported through a payment source.
#include "epb/io/import_engine.hpp"
#include "epb/io/output_file.hpp"
#include "epb/io/text_source.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/payment/payment_result.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace epb::test {

// The first column of the query's one row.
inline std::int64_t count_of(Ledger& ledger, std::string_view sql) {
  auto& s = ledger.db().prepare(sql);
  s.step();
  const std::int64_t n = s.int64(0);
  s.reset();
  return n;
}

// Writes `text` to `file` and imports it as the bank's result of `source`'s batches at `stamp`.
inline ImportSummary import_results(Ledger& ledger, const PaymentSource& source, const std::string& file,
                                    std::string_view text, const Stamp& stamp, const ImportOptions& options = {}) {
  std::ofstream(file, std::ios::binary) << text;
  TextSource input(file, TextSource::Encoding::utf8);
  auto reader = make_record_reader(input, InputFormat::csv);
  REQUIRE(reader);
  PaymentResultTarget target(ledger, source, stamp);
  return run_import(ledger, **reader, target, options, {});
}

struct LedgerFile {
  explicit LedgerFile(std::string_view tag)
      : dir(std::filesystem::temp_directory_path() / fmt::format("epb-{}-{}-{}", tag, ::getpid(), ++count)),
        ledger(open(dir)) {
    protect.add_ledger(ledger->path());
  }
  LedgerFile(const LedgerFile&) = delete;
  LedgerFile& operator=(const LedgerFile&) = delete;
  ~LedgerFile() {
    ledger.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  static std::unique_ptr<Ledger> open(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    auto ledger = Ledger::open((dir / "ledger.sqlite").string(), Ledger::Open::create);
    ledger->migrate();
    return ledger;
  }
  std::string path(std::string_view name) const { return (dir / name).string(); }

  std::filesystem::path dir;
  std::unique_ptr<Ledger> ledger;
  ProtectedFiles protect;
  static inline int count = 0;
};

} // namespace epb::test
