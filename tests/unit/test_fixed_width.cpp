// Fixed-width collection files (make_fixed_width_reader): fields by 1-based character position
// and width in code points, head and trailer lines skipped, FILE:LINE for lines too short, NUL
// bytes and bytes that are not UTF-8.
#include "epb/config/fee_config.hpp"
#include "epb/io/record_reader.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace epb;

namespace {

FixedWidthLayout bank_layout() {
  FixedWidthLayout layout;
  layout.code = "bank-a";
  layout.collector = "bank-a";
  layout.fields = {{"slip", 1, 12}, {"amount", 13, 8}, {"paid_on", 21, 8}, {"txn_id", 29, 6}, {"payer", 35, 3}};
  layout.skip_head = 1;
  layout.trailer_prefix = "T";
  return layout;
}

class File {
public:
  File(std::string_view name, std::string_view text)
      : m_path((std::filesystem::temp_directory_path() / fmt::format("epb-fw-{}-{}", ::getpid(), name)).string()) {
    std::ofstream(m_path, std::ios::binary) << text;
  }
  ~File() { std::filesystem::remove(m_path); }
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

// Every record's fields joined by '|', or the first error as "LINE: why".
std::vector<std::string> read_all(std::string_view text, const FixedWidthLayout& layout, bool hand_on = false) {
  File file("in.txt", text);
  TextSource source(file.path(), TextSource::Encoding::utf8);
  if (hand_on) source.hand_on_invalid_utf8();
  auto reader = make_fixed_width_reader(source, layout, true);
  REQUIRE(reader);
  std::vector<std::string> out;
  Record record;
  for (;;) {
    auto got = (*reader)->next(record);
    if (!got) {
      const std::string& what = got.error().what;
      out.push_back(what.substr(what.rfind(':') + 1) + ": " + got.error().why);
      continue;
    }
    if (!*got) break;
    std::string joined = std::to_string(record.line);
    for (const auto& field : record.fields)
      joined += "|" + field;
    out.push_back(joined);
  }
  return out;
}

} // namespace

TEST_CASE("fixed width: fields by position, head and trailer skipped, spaces trimmed") {
  const std::string text = "H20260105BANKA\n"
                           "1150000420110000795020260103000001王小明\n"
                           "\n"
                           "115000043019   1200020260104000002    \n"
                           "T000002\n";
  const auto rows = read_all(text, bank_layout());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == "2|115000042011|00007950|20260103|000001|王小明");
  CHECK(rows[1] == "4|115000043019|12000|20260104|000002|");
}

TEST_CASE("fixed width: the header is the layout's field names, the raw header its head lines") {
  File file("head.txt", "HEAD\n1150000420110000795020260103000001王小明\n");
  TextSource source(file.path(), TextSource::Encoding::utf8);
  const FixedWidthLayout layout = bank_layout(); // the reader keeps a reference
  auto reader = make_fixed_width_reader(source, layout, true);
  REQUIRE(reader);
  CHECK((*reader)->header() == std::vector<std::string>{"slip", "amount", "paid_on", "txn_id", "payer"});
  CHECK((*reader)->raw_header() == "HEAD\n");
  Record record;
  REQUIRE((*reader)->next(record).value());
  CHECK(record.raw == "1150000420110000795020260103000001王小明\n");
}

TEST_CASE("fixed width: a short line is an error at its line naming the field, and the reader goes on") {
  const auto rows = read_all("H\n1150000420110000795020260103\n1150000420110000795020260103000001ABC\n", bank_layout());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == "2: the line has 28 characters; field txn_id takes characters 29-34 (layout bank-a)");
  CHECK(rows[1].starts_with("3|115000042011|"));
}

TEST_CASE("fixed width: a NUL byte is an error at its line") {
  std::string line = "1150000420110000795020260103000001ABC\n";
  line[15] = '\0';
  const auto rows = read_all("H\n" + line, bank_layout());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == "2: a NUL byte at byte 16 of the line");
}

TEST_CASE("fixed width: bytes that are not UTF-8 end the read, or are one bad record when handed on") {
  const std::string text = "H\n1150000420110000795020260103000001A\xff\xfe\n1150000420110000795020260103000002ABC\n";
  {
    File file("bad.txt", text);
    TextSource source(file.path(), TextSource::Encoding::utf8);
    const FixedWidthLayout layout = bank_layout();
    CHECK_THROWS_AS((void)make_fixed_width_reader(source, layout, false), ProblemError);
  }
  const auto rows = read_all(text, bank_layout(), true);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].starts_with("2: "));
  CHECK(rows[1].starts_with("3|"));
}

TEST_CASE("fixed width: a file with nothing after its head lines is refused") {
  File file("empty.txt", "");
  TextSource source(file.path(), TextSource::Encoding::utf8);
  const FixedWidthLayout layout = bank_layout();
  auto reader = make_fixed_width_reader(source, layout, false);
  REQUIRE(!reader);
  CHECK(reader.error().why == "no records after the head lines");
}
