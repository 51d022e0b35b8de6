// The OpenDocument spreadsheet renderer: the zip layout ODF asks for (mimetype first, stored,
// no extra field), the manifest, one sheet per table plus "About", typed cells, escaping, sheet
// names, and the refusal of a table larger than a sheet. The produced bytes are opened with
// libzip, as a reader would.
#include "epb/report/ods_xml.hpp"
#include "epb/report/render.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <sstream>
#include <string>

#include <zip.h>

using namespace epb;
using namespace epb::report;

namespace {

// An .ods in memory, read back through libzip.
class OdsFile {
public:
  explicit OdsFile(std::string bytes) : m_bytes(std::move(bytes)) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(m_bytes.data(), m_bytes.size(), 0, &error);
    REQUIRE(source != nullptr);
    m_zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (!m_zip) zip_source_free(source);
    REQUIRE_MESSAGE(m_zip != nullptr, zip_error_strerror(&error));
  }
  ~OdsFile() {
    if (m_zip) zip_discard(m_zip);
  }
  OdsFile(const OdsFile&) = delete;
  OdsFile& operator=(const OdsFile&) = delete;

  const std::string& bytes() const { return m_bytes; }
  zip_int64_t entries() const { return zip_get_num_entries(m_zip, 0); }
  std::string name(zip_uint64_t index) const { return zip_get_name(m_zip, index, 0); }
  zip_uint16_t method(zip_uint64_t index) const {
    zip_stat_t stat;
    REQUIRE(zip_stat_index(m_zip, index, 0, &stat) == 0);
    return stat.comp_method;
  }
  std::string read(const char* name) const {
    zip_stat_t stat;
    REQUIRE_MESSAGE(zip_stat(m_zip, name, 0, &stat) == 0, name);
    zip_file_t* file = zip_fopen(m_zip, name, 0);
    REQUIRE(file != nullptr);
    std::string data(stat.size, '\0');
    const zip_int64_t got = zip_fread(file, data.data(), stat.size);
    zip_fclose(file);
    REQUIRE(got == static_cast<zip_int64_t>(stat.size));
    return data;
  }

private:
  std::string m_bytes;
  zip_t* m_zip = nullptr;
};

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

std::string ods_bytes(const Document& document) {
  std::ostringstream out;
  auto rendered = render(document, DocumentFormat::ods, out);
  REQUIRE_MESSAGE(rendered, (rendered ? "" : rendered.error().message()));
  return out.str();
}

Document sample() {
  Document document;
  document.kind = "annual";
  document.title = "高雄市政府環境保護局 2018 年服務品質執行成果";
  document.facts = {{"period", "2018"}, {"as_of", "2026-01-05T00:00:00Z"}};
  document.definitions = {{"on_time", "準時", "closed on or before the due date"}};
  Table services;
  services.key = "services";
  services.title = "各單位服務";
  services.columns = {{"unit", "單位", CellType::text},
                      {"received", "收件", CellType::integer},
                      {"paid", "金額", CellType::money},
                      {"on_time_pct", "準時率", CellType::percent},
                      {"median_days", "中位數", CellType::decimal},
                      {"first", "首件", CellType::date},
                      {"changed", "異動", CellType::instant}};
  services.rows = {{"空噪科 <&\"", "12", "-1500", "97.31", "2.5", "2018-03-01", "2026-01-05T00:00:00Z"},
                   {"水質科", "0", "1234567", std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
  Table months;
  months.key = "months";
  months.columns = {{"month", "月", CellType::text}, {"received", "收件", CellType::integer}};
  months.rows = {{"2018-01", "3"}};
  document.tables = {services, months};
  document.primary = "services";
  return document;
}

} // namespace

TEST_CASE("report ods: mimetype is the first entry, stored, with no extra field") {
  const OdsFile ods(ods_bytes(sample()));
  REQUIRE(ods.entries() == 5);
  CHECK(ods.name(0) == "mimetype");
  CHECK(ods.method(0) == ZIP_CM_STORE);
  CHECK(ods.read("mimetype") == "application/vnd.oasis.opendocument.spreadsheet");
  // The local header: the name at byte 30, the type right after it (what `file` looks at).
  const std::string& bytes = ods.bytes();
  REQUIRE(bytes.size() > 80);
  CHECK(bytes.substr(0, 4) == std::string("PK\x03\x04", 4));
  CHECK(bytes[28] == 0);
  CHECK(bytes[29] == 0); // extra field length
  CHECK(bytes.substr(30, 8) == "mimetype");
  CHECK(bytes.substr(38, 46) == "application/vnd.oasis.opendocument.spreadsheet");
  CHECK(ods.name(1) == "META-INF/manifest.xml");
  CHECK(ods.method(4) == ZIP_CM_DEFLATE);
}

TEST_CASE("report ods: the manifest lists every part and meta names epb and the title") {
  const OdsFile ods(ods_bytes(sample()));
  const std::string manifest = ods.read("META-INF/manifest.xml");
  CHECK(manifest.find(R"(manifest:full-path="/" manifest:version="1.3" )"
                      R"(manifest:media-type="application/vnd.oasis.opendocument.spreadsheet")") != std::string::npos);
  for (const char* part : {"content.xml", "styles.xml", "meta.xml"})
    CHECK(manifest.find(std::string(R"(manifest:full-path=")") + part + "\"") != std::string::npos);
  const std::string meta = ods.read("meta.xml");
  CHECK(meta.find("<meta:generator>epb</meta:generator>") != std::string::npos);
  CHECK(meta.find("<dc:title>高雄市政府環境保護局 2018 年服務品質執行成果</dc:title>") != std::string::npos);
  CHECK(ods.read("styles.xml").find("<office:document-styles") != std::string::npos);
}

TEST_CASE("report ods: one sheet per table in order, then About") {
  const std::string content = OdsFile(ods_bytes(sample())).read("content.xml");
  CHECK(count(content, "<table:table ") == 3);
  const std::size_t services = content.find(R"(<table:table table:name="各單位服務">)");
  const std::size_t months = content.find(R"(<table:table table:name="months">)");
  const std::size_t about = content.find(R"(<table:table table:name="About">)");
  REQUIRE(services != std::string::npos);
  REQUIRE(months != std::string::npos);
  REQUIRE(about != std::string::npos);
  CHECK(services < months);
  CHECK(months < about);
  // The header row holds the keys, as the CSV header does; the labels are on About.
  CHECK(content.find(R"(<table:table-cell table:style-name="ce_head" office:value-type="string">)"
                     "<text:p>on_time_pct</text:p>") != std::string::npos);
  CHECK(content.find("<text:p>on_time_pct</text:p></table:table-cell><table:table-cell "
                     "office:value-type=\"string\"><text:p>準時率</text:p>") != std::string::npos);
  CHECK(content.find("<text:p>準時</text:p></table:table-cell><table:table-cell office:value-type=\"string\">"
                     "<text:p>closed on or before the due date</text:p>") != std::string::npos);
}

TEST_CASE("report ods: cells carry their types") {
  const std::string content = OdsFile(ods_bytes(sample())).read("content.xml");
  CHECK(content.find(R"(office:value-type="float" office:value="12")") != std::string::npos);
  CHECK(content.find(R"(office:value-type="currency" office:currency="TWD" office:value="-1500")"
                     "><text:p>-NT$1,500</text:p>") != std::string::npos);
  CHECK(content.find(R"(office:value="1234567"><text:p>NT$1,234,567</text:p>)") != std::string::npos);
  CHECK(content.find(R"(office:value-type="percentage" office:value="0.9731"><text:p>97.31%</text:p>)") !=
        std::string::npos);
  CHECK(content.find(R"(office:value-type="float" office:value="2.5")") != std::string::npos);
  CHECK(content.find(R"(office:value-type="date" office:date-value="2018-03-01")") != std::string::npos);
  CHECK(content.find(R"(office:value-type="string"><text:p>2026-01-05T00:00:00Z</text:p>)") != std::string::npos);
  // none is an empty cell; zero is a number
  CHECK(content.find(R"(office:value="0"><text:p>0</text:p>)") != std::string::npos);
  CHECK(count(content, "<table:table-cell/>") == 4);
  CHECK(content.find("number:currency-style style:name=\"N_TWD\"") != std::string::npos);
  CHECK(content.find("number:decimal-places=\"2\"") != std::string::npos);
}

TEST_CASE("report ods: text is escaped, CJK kept, characters XML forbids replaced") {
  const std::string content = OdsFile(ods_bytes(sample())).read("content.xml");
  CHECK(content.find("<text:p>空噪科 &lt;&amp;&quot;</text:p>") != std::string::npos);
  CHECK(ods::xml_text("a\x01"
                      "b\x7f"
                      "c") == "a\xEF\xBF\xBD"
                              "b\x7f"
                              "c");
  CHECK(ods::xml_text("\xff\xc3(") == "\xEF\xBF\xBD\xEF\xBF\xBD(");
  CHECK(ods::xml_text("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // a surrogate
  CHECK(ods::xml_text("'>\r") == "&apos;&gt;&#13;");
  CHECK(ods::text_paragraphs("a  b\n c\td") == "<text:p>a <text:s/>b</text:p><text:p><text:s/>c<text:tab/>d</text:p>");
}

TEST_CASE("report ods: a value not in its type's canonical text stays as text") {
  CHECK(ods::typed_cell(CellType::integer, "12a") ==
        R"(<table:table-cell office:value-type="string"><text:p>12a</text:p></table:table-cell>)");
  CHECK(ods::typed_cell(CellType::money, "1.5").find(R"(value-type="string")") != std::string::npos);
  CHECK(ods::typed_cell(CellType::date, "2018/03/01").find(R"(value-type="string")") != std::string::npos);
  CHECK(ods::typed_cell(CellType::percent, "").find(R"(value-type="string")") != std::string::npos);
}

TEST_CASE("report ods: a percentage is its value over 100, exactly") {
  CHECK(ods::percent_fraction("97.31") == "0.9731");
  CHECK(ods::percent_fraction("100") == "1");
  CHECK(ods::percent_fraction("100.00") == "1");
  CHECK(ods::percent_fraction("0") == "0");
  CHECK(ods::percent_fraction("0.00") == "0");
  CHECK(ods::percent_fraction("5.5") == "0.055");
  CHECK(ods::percent_fraction("-3.25") == "-0.0325");
  CHECK(ods::percent_fraction("1234.5") == "12.345");
}

TEST_CASE("report ods: sheet names lose what spreadsheets refuse and stay unique") {
  const auto names = ods::sheet_names({"a[b]*c?d:e/f\\g", "", "'quoted'", "x", "X",
                                       "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "About"});
  REQUIRE(names.size() == 7);
  CHECK(names[0] == "a_b__c_d_e_f_g");
  CHECK(names[1] == "Sheet");
  CHECK(names[2] == "quoted");
  CHECK(names[3] == "x");
  CHECK(names[4] == "X (2)");
  CHECK(names[5] == "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一");
  CHECK(names[6] == "About");
  const auto repeated = ods::sheet_names({std::string(40, 'a'), std::string(40, 'a')});
  CHECK(repeated[0] == std::string(31, 'a'));
  CHECK(repeated[1] == std::string(27, 'a') + " (2)");
}

TEST_CASE("report ods: the same document gives the same bytes") { CHECK(ods_bytes(sample()) == ods_bytes(sample())); }

TEST_CASE("report ods: a document without tables is still a spreadsheet") {
  const OdsFile ods(ods_bytes(Document{}));
  CHECK(count(ods.read("content.xml"), "<table:table ") == 1);
}

TEST_CASE("report ods: a table larger than a sheet is refused before anything is written") {
  Document document = sample();
  Table& big = document.tables[1];
  big.rows.assign(1'048'576, {"2018-01", "1"});
  std::ostringstream out;
  auto rendered = render(document, DocumentFormat::ods, out);
  REQUIRE_FALSE(rendered);
  CHECK(rendered.error().fault == Fault::invalid);
  CHECK(rendered.error().message() ==
        "--format ods: table 'months' has 1048576 rows; a spreadsheet sheet holds at most 1048575 under its "
        "header: use --format csv");
  CHECK(out.str().empty());
}
