#pragma once
// A realistic CSV of cases for import tests and the benchmark (scripts/gen-sample):
// Traditional Chinese names, valid ID numbers and phones, Kaohsiung addresses, the services
// and channels of the configuration, received times over 2018–2026, about 1% of rows with
// quoted commas or newlines, nearly all older cases closed (as in a real ledger), and on
// request a share of deliberately invalid rows.
#include "epb/config/config.hpp"

#include <cstdint>
#include <ostream>

namespace epb {

struct SampleCsvOptions {
  std::uint64_t rows = 1000;
  int invalid_percent = 0; // rows with a bad checksum, date, service or phone
  std::uint64_t seed = 20260101;
};

// The column names `epb case import` reads, in the order written.
std::string_view sample_csv_header();
void write_sample_csv(std::ostream& out, const Config& config, const SampleCsvOptions& options);

} // namespace epb
