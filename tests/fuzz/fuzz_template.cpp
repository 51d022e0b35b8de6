// Notice templates: {placeholder} rendering as `notify` fills them. The input is the template
// text; the values are those of a real notice, one of them holding braces itself.
#include "fuzz_support.hpp"

#include "epb/notify/outbox.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::pair<std::string, std::string>> values = {
      {"ref", "PET-115-000001"}, {"name", "王小明"}, {"due", "2026-02-03"}, {"subject", "{ref} }{ {{"}, {"", "empty"}};
  const auto text = epb::fuzz::text_of(data, size);
  const auto out = epb::render_template(text, values);
  // Text without braces comes out as it went in.
  if (text.find_first_of("{}") == std::string_view::npos && out != text) epb::fuzz::broken();
  return 0;
}
