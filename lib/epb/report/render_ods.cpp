// An OpenDocument spreadsheet (ODF 1.3): one sheet per table, in the document's order, so the
// primary table is the one a converter reads by default; then an "About" sheet with the run's
// facts, the definitions and each column's label. Header rows hold the column keys, as the CSV
// report's header does, so the two compare cell for cell.
#include "epb/report/ods_xml.hpp"
#include "epb/report/render.hpp"
#include "epb/report/zip_archive.hpp"

#include <fmt/format.h>

#include <vector>

namespace epb::report {
namespace {

// A sheet holds 1,048,576 rows and 16,384 columns (Calc since 7.4, Excel since 2007).
constexpr std::size_t k_max_data_rows = 1'048'575; // under the header row
constexpr std::size_t k_max_columns = 16'384;

constexpr std::string_view k_mimetype = "application/vnd.oasis.opendocument.spreadsheet";
constexpr std::string_view k_xml_head = R"(<?xml version="1.0" encoding="UTF-8"?>)"
                                        "\n";
constexpr std::string_view k_namespaces = R"( xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0")"
                                          R"( xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0")"
                                          R"( xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0")"
                                          R"( xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0")"
                                          R"( xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0")"
                                          R"( xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0")"
                                          R"( xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0")"
                                          R"( xmlns:dc="http://purl.org/dc/elements/1.1/")"
                                          R"( office:version="1.3")";

// NT$ without decimals, percentages to two decimals, ISO dates; a bold header row.
constexpr std::string_view k_cell_styles =
    R"(<office:automatic-styles>)"
    R"(<number:currency-style style:name="N_TWD"><number:currency-symbol number:language="zh")"
    R"( number:country="TW">NT$</number:currency-symbol><number:number number:decimal-places="0")"
    R"( number:min-decimal-places="0" number:min-integer-digits="1" number:grouping="true"/>)"
    R"(</number:currency-style>)"
    R"(<number:percentage-style style:name="N_PERCENT"><number:number number:decimal-places="2")"
    R"( number:min-decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text>)"
    R"(</number:percentage-style>)"
    R"(<number:date-style style:name="N_DATE"><number:year number:style="long"/><number:text>-</number:text>)"
    R"(<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>)"
    R"(</number:date-style>)"
    R"(<style:style style:name="ce_money" style:family="table-cell" style:data-style-name="N_TWD"/>)"
    R"(<style:style style:name="ce_percent" style:family="table-cell" style:data-style-name="N_PERCENT"/>)"
    R"(<style:style style:name="ce_date" style:family="table-cell" style:data-style-name="N_DATE"/>)"
    R"(<style:style style:name="ce_head" style:family="table-cell"><style:text-properties)"
    R"( fo:font-weight="bold"/></style:style>)"
    R"(</office:automatic-styles>)";

Result<void> check_fits(const Document& document) {
  for (const Table& table : document.tables) {
    if (table.rows.size() > k_max_data_rows)
      return invalid("--format ods", fmt::format("table '{}' has {} rows; a spreadsheet sheet holds at most {} "
                                                 "under its header: use --format csv",
                                                 table.key, table.rows.size(), k_max_data_rows));
    if (table.columns.size() > k_max_columns)
      return invalid("--format ods", fmt::format("table '{}' has {} columns; a spreadsheet sheet holds at most {}: "
                                                 "use --format csv",
                                                 table.key, table.columns.size(), k_max_columns));
  }
  return {};
}

std::string text_cell(std::string_view text, bool head = false) {
  return fmt::format(R"(<table:table-cell{} office:value-type="string">{}</table:table-cell>)",
                     head ? R"( table:style-name="ce_head")" : "", ods::text_paragraphs(text));
}

std::string row(const std::vector<std::string>& cells) {
  std::string out = "<table:table-row>";
  for (const std::string& cell : cells)
    out += cell;
  return out + "</table:table-row>";
}

void append_sheet(std::string& out, const Table& table, const std::string& name) {
  out += fmt::format(R"(<table:table table:name="{}">)", ods::xml_text(name));
  if (!table.columns.empty())
    out += fmt::format(R"(<table:table-column table:number-columns-repeated="{}"/>)", table.columns.size());
  out += "<table:table-header-rows><table:table-row>";
  for (const Column& column : table.columns)
    out += text_cell(column.key, true);
  out += "</table:table-row></table:table-header-rows>";
  for (const std::vector<Cell>& cells : table.rows) {
    out += "<table:table-row>";
    for (std::size_t i = 0; i < table.columns.size(); ++i)
      out += ods::typed_cell(table.columns[i].type, i < cells.size() ? cells[i] : Cell{});
    out += "</table:table-row>";
  }
  out += "</table:table>";
}

// The facts of the run, the definitions and the column labels, as two columns of text.
bool has_about(const Document& document) {
  return !document.title.empty() || !document.facts.empty() || !document.definitions.empty() ||
         !document.tables.empty();
}

void append_about(std::string& out, const Document& document, const std::string& name) {
  out += fmt::format(R"(<table:table table:name="{}"><table:table-column table:number-columns-repeated="2"/>)",
                     ods::xml_text(name));
  const auto pair = [&](std::string_view left, std::string_view right, bool head = false) {
    out += row({text_cell(left, head), text_cell(right, head)});
  };
  if (!document.title.empty()) pair("title", document.title, true);
  for (const auto& [key, value] : document.facts)
    pair(key, value);
  if (!document.definitions.empty()) pair("definitions", "", true);
  for (const Definition& definition : document.definitions)
    pair(definition.term, definition.text);
  for (const Table& table : document.tables) {
    pair(table.key, table.title, true);
    for (const Column& column : table.columns)
      pair(column.key, column.label);
    if (!table.note.empty()) pair("note", table.note);
  }
  out += "</table:table>";
}

std::string content_xml(const Document& document) {
  std::vector<std::string> wanted;
  for (const Table& table : document.tables)
    wanted.push_back(table.title.empty() ? table.key : table.title);
  const bool about = has_about(document);
  if (about) wanted.emplace_back("About");
  const std::vector<std::string> names = ods::sheet_names(wanted);

  std::string out(k_xml_head);
  out += fmt::format("<office:document-content{}>", k_namespaces);
  out += k_cell_styles;
  out += "<office:body><office:spreadsheet>";
  for (std::size_t i = 0; i < document.tables.size(); ++i)
    append_sheet(out, document.tables[i], names[i]);
  if (about) append_about(out, document, names.back());
  // A spreadsheet needs one sheet; a document without tables or facts gets an empty one.
  if (names.empty()) out += R"(<table:table table:name="Sheet"/>)";
  out += "</office:spreadsheet></office:body></office:document-content>\n";
  return out;
}

std::string styles_xml() {
  return fmt::format("{}<office:document-styles{}><office:styles/></office:document-styles>\n", k_xml_head,
                     k_namespaces);
}

std::string meta_xml(const Document& document) {
  return fmt::format("{}<office:document-meta{}><office:meta><meta:generator>epb</meta:generator>"
                     "<dc:title>{}</dc:title><dc:language>{}</dc:language></office:meta></office:document-meta>\n",
                     k_xml_head, k_namespaces, ods::xml_text(document.title), ods::xml_text(document.lang));
}

std::string manifest_xml() {
  std::string out(k_xml_head);
  out += R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0")"
         R"( manifest:version="1.3">)";
  out += fmt::format(R"(<manifest:file-entry manifest:full-path="/" manifest:version="1.3")"
                     R"( manifest:media-type="{}"/>)",
                     k_mimetype);
  for (std::string_view part : {"content.xml", "styles.xml", "meta.xml"})
    out += fmt::format(R"(<manifest:file-entry manifest:full-path="{}" manifest:media-type="text/xml"/>)", part);
  return out + "</manifest:manifest>\n";
}

} // namespace

Result<void> render_ods(const Document& document, std::ostream& out) {
  if (auto fits = check_fits(document); !fits) return fits;
  ZipArchive zip;
  // ODF 1.3 part 2, 3.3: `mimetype` first, stored, so `file` and others can read the type at a
  // fixed offset.
  zip.add("mimetype", std::string(k_mimetype), ZipArchive::Method::store);
  zip.add("META-INF/manifest.xml", manifest_xml());
  zip.add("meta.xml", meta_xml(document));
  zip.add("styles.xml", styles_xml());
  zip.add("content.xml", content_xml(document));
  const std::string bytes = zip.finish();
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return {};
}

} // namespace epb::report
