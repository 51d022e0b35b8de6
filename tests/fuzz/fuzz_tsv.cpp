// The TSV reader of every import (lib/epb/io/).
#include "records.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  epb::fuzz::read_records(epb::fuzz::text_of(data, size), epb::InputFormat::tsv);
  return 0;
}
