#pragma once
// The CSV, TSV and JSON-lines targets: one reader over the input, read to its end as an import
// reads it (a broken record is a Problem, and the reader goes on after it).
#include "fuzz_support.hpp"

#include "epb/io/record_reader.hpp"
#include "epb/io/text_source.hpp"

namespace epb::fuzz {

inline void read_all(RecordReader& reader, std::size_t input_size) {
  Record record;
  std::size_t records = 0;
  std::size_t last_line = 0;
  while (true) {
    auto more = reader.next(record);
    if (more && !*more) break;
    if (more) {
      // Lines only go forward, and there cannot be more records than bytes.
      if (record.line < last_line || record.line == 0) broken();
      last_line = record.line;
    }
    if (++records > input_size + 1) broken();
  }
}

inline void read_records(std::string_view bytes, InputFormat format) {
  const MemoryFile file(bytes);
  // As a plain import reads: the encoding guessed, no raw text kept.
  expect_no_surprise([&] {
    TextSource source(file.path());
    if (auto reader = make_record_reader(source, format)) read_all(**reader, bytes.size());
  });
  // As `--skip-invalid --rejects` reads: UTF-8, bad bytes handed on, each record's text kept.
  expect_no_surprise([&] {
    TextSource source(file.path(), TextSource::Encoding::utf8);
    source.hand_on_invalid_utf8();
    if (auto reader = make_record_reader(source, format, true)) read_all(**reader, bytes.size());
  });
}

} // namespace epb::fuzz
