// The report as one self-contained HTML5 page: no external resource of any kind (no link, no
// src, no script, no web font), so it can be mailed, archived and printed as it is. Under the
// <h1> the run's facts; each section with its prose, then each of its tables preceded by the
// charts drawn from it (the table is the chart's data, right beside it); the definitions last.
// The same document gives the same bytes.
#include "epb/report/html_writer.hpp"
#include "epb/report/render.hpp"
#include "epb/report/render_svg.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

namespace epb::report {
namespace {

using html::escape;

// More columns than an A4 portrait page holds legibly: such a table is printed landscape.
constexpr std::size_t k_portrait_columns = 8;

class Page {
public:
  Page(const Document& document, std::ostream& out)
      : m_document(document), m_out(out), m_words(html::words_for(document.lang)) {
    for (const Table& table : document.tables)
      if (!m_table_ids.contains(table.key)) m_table_ids.emplace(table.key, m_ids.make("t", table.key));
    for (const Section& section : document.sections)
      m_in_sections.insert(section.tables.begin(), section.tables.end());
  }

  void write() {
    const std::string_view title = m_document.title.empty() ? m_document.kind : m_document.title;
    m_out << "<!DOCTYPE html>\n<html lang=\"" << escape(m_document.lang) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
          << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          << "<meta name=\"generator\" content=\"epb\">\n<title>" << escape(title) << "</title>\n<style>\n"
          << html::page_style() << "</style>\n</head>\n<body>\n<main>\n<h1>" << escape(title) << "</h1>\n";
    write_facts();
    for (const Section& section : m_document.sections)
      write_section(section);
    write_unplaced();
    write_definitions();
    m_out << "</main>\n</body>\n</html>\n";
    m_out.flush();
  }

private:
  void write_facts() {
    if (m_document.facts.empty()) return;
    m_out << "<dl class=\"facts\" aria-label=\"" << escape(m_words.facts) << "\">\n";
    for (const auto& [key, value] : m_document.facts)
      m_out << "<div><dt>" << escape(key) << "</dt><dd>" << escape(value) << "</dd></div>\n";
    m_out << "</dl>\n";
  }

  void open_section(std::string_view key, std::string_view title) {
    const std::string id = m_ids.make("s", key);
    m_out << "<section id=\"" << id << "\" aria-labelledby=\"" << id << "-h\">\n<h2 id=\"" << id << "-h\">"
          << escape(title) << "</h2>\n";
  }

  void write_section(const Section& section) {
    open_section(section.key, section.title);
    for (const std::string& paragraph : section.paragraphs)
      m_out << "<p>" << escape(paragraph) << "</p>\n";
    std::set<std::string, std::less<>> listed;
    for (const std::string& key : section.tables) {
      const Table* table = m_document.table(key);
      if (table == nullptr || !listed.insert(key).second) continue;
      for (const Chart& chart : section.charts)
        if (chart.table == key) write_chart(chart, *table);
      write_table(*table);
    }
    // A chart of a table this section does not list: drawn here, with its table unless another
    // section shows that one (then a link to it).
    for (const Chart& chart : section.charts) {
      const Table* table = m_document.table(chart.table);
      if (table == nullptr || listed.contains(chart.table)) continue;
      write_chart(chart, *table);
      if (!m_in_sections.contains(chart.table) && !m_shown.contains(chart.table)) write_table(*table);
    }
    m_out << "</section>\n";
  }

  void write_unplaced() {
    std::vector<const Table*> rest;
    for (const Table& table : m_document.tables)
      if (!m_in_sections.contains(table.key) && !m_shown.contains(table.key) && m_document.table(table.key) == &table)
        rest.push_back(&table);
    if (rest.empty()) return;
    open_section("more-tables", m_words.more_tables);
    for (const Table* table : rest)
      write_table(*table);
    m_out << "</section>\n";
  }

  void write_definitions() {
    if (m_document.definitions.empty()) return;
    open_section("definitions", m_words.definitions);
    m_out << "<dl class=\"definitions\">\n";
    for (const Definition& d : m_document.definitions)
      m_out << "<div id=\"" << m_ids.make("d", d.key) << "\"><dt>" << escape(d.term) << "</dt><dd>" << escape(d.text)
            << "</dd></div>\n";
    m_out << "</dl>\n</section>\n";
  }

  void write_chart(const Chart& chart, const Table& table) {
    const std::string id = m_ids.make("c", chart.table + "-" + std::to_string(++m_charts));
    m_out << "<figure>\n"
          << html::svg_chart(chart, table, id, m_words) << "\n<figcaption>" << escape(chart.title) << " — "
          << escape(m_words.data_in) << "<a href=\"#" << m_table_ids.at(table.key) << "\">"
          << escape(table.title.empty() ? table.key : table.title) << "</a></figcaption>\n</figure>\n";
  }

  void write_table(const Table& table) {
    m_shown.insert(table.key);
    m_out << "<div class=\"table-wrap" << (table.columns.size() > k_portrait_columns ? " wide" : "")
          << "\">\n<table id=\"" << m_table_ids.at(table.key) << "\">\n";
    if (!table.title.empty()) m_out << "<caption>" << escape(table.title) << "</caption>\n";
    m_out << "<thead><tr>";
    for (const Column& column : table.columns)
      m_out << "<th scope=\"col\" class=\"" << cell_class(column.type) << "\">"
            << escape(column.label.empty() ? column.key : column.label) << "</th>";
    m_out << "</tr></thead>\n<tbody>\n";
    // The first column names its row when it is text (a unit, a service, a month).
    const bool row_headers = !table.columns.empty() && table.columns.front().type == CellType::text;
    for (const auto& row : table.rows) {
      m_out << "<tr>";
      for (std::size_t c = 0; c < table.columns.size(); ++c)
        write_cell(table.columns[c].type, c < row.size() ? row[c] : Cell{}, row_headers && c == 0);
      m_out << "</tr>\n";
    }
    if (table.rows.empty())
      m_out << "<tr><td class=\"empty\" colspan=\"" << std::max<std::size_t>(table.columns.size(), 1) << "\">"
            << escape(m_words.no_data) << "</td></tr>\n";
    m_out << "</tbody>\n</table>\n</div>\n";
    if (!table.note.empty()) m_out << "<p class=\"note\">" << escape(table.note) << "</p>\n";
  }

  static std::string cell_class(CellType type) {
    return is_numeric(type) ? fmt::format("{} num", cell_type_name(type)) : std::string(cell_type_name(type));
  }

  // Numbers for people (1,234,567; 97.31%) with the canonical value in data-value, for whoever
  // reads the page back.
  void write_cell(CellType type, const Cell& cell, bool row_header) {
    const std::string_view tag = row_header ? "th" : "td";
    m_out << '<' << tag << (row_header ? " scope=\"row\"" : "") << " class=\"" << cell_class(type);
    if (!cell) {
      m_out << " none\"><span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">" << escape(m_words.no_value)
            << "</span></" << tag << '>';
      return;
    }
    const std::string value = escape(*cell);
    if (type != CellType::text) m_out << "\" data-value=\"" << value;
    m_out << "\">";
    switch (type) {
    case CellType::money: m_out << escape(html::grouped(*cell)); break;
    case CellType::percent: m_out << value << '%'; break;
    default: m_out << value;
    }
    m_out << "</" << tag << '>';
  }

  const Document& m_document;
  std::ostream& m_out;
  const html::Words& m_words;
  html::IdSet m_ids;
  std::map<std::string, std::string, std::less<>> m_table_ids;
  std::set<std::string, std::less<>> m_in_sections;
  std::set<std::string, std::less<>> m_shown;
  int m_charts = 0;
};

} // namespace

void render_html(const Document& document, std::ostream& out) { Page(document, out).write(); }

} // namespace epb::report
