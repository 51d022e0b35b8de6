// The report for people in a terminal (table) and in Markdown. Both print the facts under the
// title, each section's prose and tables, and the definitions at the end; charts are the HTML
// report's (their data is the table each draws, printed here anyway).
#include "epb/core/text_policy.hpp"
#include "epb/output/rows.hpp"
#include "epb/report/render.hpp"

#include <algorithm>
#include <set>

namespace epb::report {
namespace {

constexpr std::size_t k_text_width = 78;
constexpr std::string_view k_no_value = "—";

bool is_chinese(const Document& document) { return document.lang.starts_with("zh"); }
std::string_view definitions_title(const Document& document) { return is_chinese(document) ? "定義" : "Definitions"; }

bool right_aligned(CellType type) { return type != CellType::text; }

// The tables each section shows, then those no section names (a provider's table is never lost).
std::vector<const Table*> unplaced_tables(const Document& document) {
  std::set<std::string, std::less<>> placed;
  for (const Section& section : document.sections)
    placed.insert(section.tables.begin(), section.tables.end());
  std::vector<const Table*> rest;
  for (const Table& table : document.tables)
    if (!placed.contains(table.key)) rest.push_back(&table);
  return rest;
}

// Splits text into the pieces a line may break between: words of narrow characters, each wide
// (CJK) character on its own, and the spaces between them.
struct Piece {
  std::string text;
  bool space_before = false;
};
std::vector<Piece> pieces(std::string_view text) {
  std::vector<Piece> out;
  bool space = false;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t end = i + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u)
      ++end;
    const std::string_view cp = text.substr(i, end - i);
    i = end;
    if (cp == " " || cp == "\n" || cp == "\t") {
      space = true;
      in_word = false;
      continue;
    }
    const bool wide = display_width(cp) == 2;
    if (in_word && !wide && !space) {
      out.back().text += cp;
    } else {
      out.push_back({std::string(cp), space && !out.empty()});
      in_word = !wide;
    }
    if (wide) in_word = false;
    space = false;
  }
  return out;
}

// Greedy word wrap by display width; a word longer than a line stands alone.
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t used = 0;
  for (const Piece& piece : pieces(text)) {
    const std::size_t w = display_width(piece.text);
    const std::size_t gap = piece.space_before && !line.empty() ? 1 : 0;
    if (!line.empty() && used + gap + w > width) {
      lines.push_back(std::move(line));
      line.clear();
      used = 0;
    } else if (gap > 0) {
      line += ' ';
      ++used;
    }
    line += piece.text;
    used += w;
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

void write_wrapped(std::ostream& out, std::string_view text, std::string_view indent) {
  for (const std::string& line : wrap(text, k_text_width - indent.size()))
    out << indent << line << '\n';
}

void write_heading(std::ostream& out, std::string_view title, char rule) {
  const std::string safe = terminal_safe(title);
  out << safe << '\n' << std::string(std::max<std::size_t>(display_width(safe), 1), rule) << '\n';
}

void write_text_table(std::ostream& out, const Table& table) {
  out << '\n';
  if (!table.title.empty()) out << terminal_safe(table.title) << '\n';
  std::vector<std::vector<std::string>> grid;
  std::vector<std::string>& header = grid.emplace_back();
  for (const Column& column : table.columns)
    header.push_back(terminal_safe(column.label.empty() ? column.key : column.label));
  for (const auto& row : table.rows) {
    std::vector<std::string>& line = grid.emplace_back();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const Cell& cell = c < row.size() ? row[c] : Cell{};
      line.push_back(cell ? terminal_safe(*cell) : std::string(k_no_value));
    }
  }
  std::vector<std::size_t> widths(table.columns.size());
  for (const auto& line : grid)
    for (std::size_t c = 0; c < line.size(); ++c)
      widths[c] = std::max(widths[c], display_width(line[c]));
  const auto write_line = [&](const std::vector<std::string>& line) {
    std::string text;
    for (std::size_t c = 0; c < line.size(); ++c) {
      const std::string pad(widths[c] - display_width(line[c]), ' ');
      const bool right = right_aligned(table.columns[c].type);
      if (c > 0) text += "  ";
      if (right) text += pad;
      text += line[c];
      if (!right && c + 1 < line.size()) text += pad;
    }
    out << text << '\n';
  };
  write_line(grid.front());
  std::string rule;
  for (std::size_t c = 0; c < widths.size(); ++c)
    rule += (c > 0 ? "  " : "") + std::string(widths[c], '-');
  out << rule << '\n';
  for (std::size_t r = 1; r < grid.size(); ++r)
    write_line(grid[r]);
  if (!table.note.empty()) write_wrapped(out, terminal_safe(table.note), "");
}

// Markdown: text that cannot start markup, break a pipe table or carry raw HTML.
std::string md(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
    case '\\': out += "\\\\"; break;
    case '|': out += "\\|"; break;
    case '*': out += "\\*"; break;
    case '_': out += "\\_"; break;
    case '`': out += "\\`"; break;
    case '[': out += "\\["; break;
    case ']': out += "\\]"; break;
    case '#': out += "\\#"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '&': out += "&amp;"; break;
    case '\n':
    case '\r': out += ' '; break;
    default: out += ch;
    }
  }
  return out;
}

void write_markdown_table(std::ostream& out, const Table& table) {
  if (!table.title.empty()) out << "### " << md(table.title) << "\n\n";
  std::string header = "|";
  std::string rule = "|";
  for (const Column& column : table.columns) {
    header += " " + md(column.label.empty() ? column.key : column.label) + " |";
    rule += right_aligned(column.type) ? " ---: |" : " --- |";
  }
  out << header << '\n' << rule << '\n';
  for (const auto& row : table.rows) {
    std::string line = "|";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const Cell& cell = c < row.size() ? row[c] : Cell{};
      line += " " + (cell ? md(*cell) : std::string(k_no_value)) + " |";
    }
    out << line << '\n';
  }
  out << '\n';
  if (!table.note.empty()) out << '*' << md(table.note) << "*\n\n";
}

} // namespace

void render_table(const Document& document, std::ostream& out) {
  write_heading(out, document.title, '=');
  for (const auto& [key, value] : document.facts)
    out << terminal_safe(key) << ": " << terminal_safe(value) << '\n';
  for (const Section& section : document.sections) {
    out << '\n';
    write_heading(out, section.title, '-');
    for (const std::string& paragraph : section.paragraphs)
      write_wrapped(out, terminal_safe(paragraph), "");
    for (const std::string& key : section.tables)
      if (const Table* table = document.table(key)) write_text_table(out, *table);
  }
  for (const Table* table : unplaced_tables(document))
    write_text_table(out, *table);
  if (!document.definitions.empty()) {
    out << '\n';
    write_heading(out, definitions_title(document), '-');
    for (const Definition& d : document.definitions) {
      out << terminal_safe(d.term) << '\n';
      write_wrapped(out, terminal_safe(d.text), "  ");
    }
  }
  out.flush();
}

void render_markdown(const Document& document, std::ostream& out) {
  out << "# " << md(document.title) << "\n\n";
  for (const auto& [key, value] : document.facts)
    out << "- **" << md(key) << "**: " << md(value) << '\n';
  if (!document.facts.empty()) out << '\n';
  for (const Section& section : document.sections) {
    out << "## " << md(section.title) << "\n\n";
    for (const std::string& paragraph : section.paragraphs)
      out << md(paragraph) << "\n\n";
    for (const std::string& key : section.tables)
      if (const Table* table = document.table(key)) write_markdown_table(out, *table);
  }
  for (const Table* table : unplaced_tables(document))
    write_markdown_table(out, *table);
  if (!document.definitions.empty()) {
    out << "## " << definitions_title(document) << "\n\n";
    for (const Definition& d : document.definitions)
      out << "- **" << md(d.term) << "**: " << md(d.text) << '\n';
  }
  out.flush();
}

} // namespace epb::report
