#include "epb/report/render.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace epb::report {
namespace {

constexpr std::array<std::pair<std::string_view, DocumentFormat>, 8> k_formats{{
    {"table", DocumentFormat::table},
    {"csv", DocumentFormat::csv},
    {"tsv", DocumentFormat::tsv},
    {"json", DocumentFormat::json},
    {"jsonl", DocumentFormat::jsonl},
    {"markdown", DocumentFormat::markdown},
    {"html", DocumentFormat::html},
    {"ods", DocumentFormat::ods},
}};

Result<const Table*> chosen_table(const Document& document, const RenderOptions& options) {
  const std::string& key = options.table.empty() ? document.primary : options.table;
  if (const Table* table = document.table(key)) return table;
  std::string known;
  for (const Table& t : document.tables)
    known += (known.empty() ? "" : ", ") + t.key;
  return std::unexpected(
      Problem{Fault::invalid, "--table", fmt::format("this report has no table '{}' (it has: {})", key, known)});
}

} // namespace

std::optional<DocumentFormat> parse_document_format(std::string_view name) {
  for (const auto& [text, format] : k_formats)
    if (text == name) return format;
  return std::nullopt;
}

std::string_view document_format_name(DocumentFormat format) {
  for (const auto& [text, f] : k_formats)
    if (f == format) return text;
  return "table";
}

bool is_binary(DocumentFormat format) { return format == DocumentFormat::ods; }

Result<void> render(const Document& document, DocumentFormat format, std::ostream& out, const RenderOptions& options) {
  const bool one_table =
      format == DocumentFormat::csv || format == DocumentFormat::tsv || format == DocumentFormat::jsonl;
  if (!one_table && !options.table.empty())
    return std::unexpected(
        Problem{Fault::invalid, "--table", "csv, tsv and jsonl write one table; this format writes them all"});
  const Table* table = nullptr;
  if (one_table) {
    auto chosen = chosen_table(document, options);
    if (!chosen) return std::unexpected(chosen.error());
    table = *chosen;
  }
  switch (format) {
  case DocumentFormat::table: render_table(document, out); break;
  case DocumentFormat::csv: render_delimited(*table, ',', out); break;
  case DocumentFormat::tsv: render_delimited(*table, '\t', out); break;
  case DocumentFormat::json: render_json(document, out); break;
  case DocumentFormat::jsonl: render_jsonl(*table, out); break;
  case DocumentFormat::markdown: render_markdown(document, out); break;
  case DocumentFormat::html: render_html(document, out); break;
  case DocumentFormat::ods: return render_ods(document, out);
  }
  return {};
}

} // namespace epb::report
