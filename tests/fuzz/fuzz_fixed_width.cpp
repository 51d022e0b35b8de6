// The fixed-width reader of collection files (`fee import-payments --layout`), under the
// shipped layouts: the bank's (a head line, a trailer) and the convenience stores' (ROC dates).
#include "fuzz_support.hpp"
#include "records.hpp"

#include "epb/config/config.hpp"

namespace {

const epb::Config& builtin() {
  static const epb::Config config = *epb::parse_config(epb::builtin_config_text(), "built-in");
  return config;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = epb::fuzz::text_of(data, size);
  const epb::fuzz::MemoryFile file(bytes);
  for (const auto& layout : builtin().fee.layouts) {
    for (const bool keep_raw : {false, true}) {
      epb::fuzz::expect_no_surprise([&] {
        epb::TextSource source(file.path());
        if (auto reader = epb::make_fixed_width_reader(source, layout, keep_raw)) epb::fuzz::read_all(**reader, size);
      });
    }
  }
  return 0;
}
