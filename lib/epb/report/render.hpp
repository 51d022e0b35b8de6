#pragma once
// Writes a report document (document.hpp) in each of the formats `epb report` offers. table,
// markdown and html are for people; csv, tsv, json and jsonl are a stable contract; ods is the
// plan's open format (OpenDocument spreadsheet, one sheet per table, written with libzip).
#include "epb/core/error.hpp"
#include "epb/report/document.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace epb::report {

enum class DocumentFormat { table, csv, tsv, json, jsonl, markdown, html, ods };
std::optional<DocumentFormat> parse_document_format(std::string_view name);
std::string_view document_format_name(DocumentFormat format);
// ods is a zip archive: not for a terminal.
bool is_binary(DocumentFormat format);

struct RenderOptions {
  // csv, tsv, jsonl write one table: this one (a key of Document::tables), else the primary.
  std::string table;
};

// Fails (Fault::invalid, what "--table") for a table the document lacks; nothing is written then.
Result<void> render(const Document& document, DocumentFormat format, std::ostream& out,
                    const RenderOptions& options = {});

// One renderer per file (render_*.cpp); render() picks one.
void render_table(const Document& document, std::ostream& out);
void render_delimited(const Table& table, char separator, std::ostream& out); // CRLF rows
void render_json(const Document& document, std::ostream& out);
void render_jsonl(const Table& table, std::ostream& out);
void render_markdown(const Document& document, std::ostream& out);
void render_html(const Document& document, std::ostream& out);
// Fails (Fault::invalid) for a table larger than a spreadsheet sheet; throws Error when libzip fails.
Result<void> render_ods(const Document& document, std::ostream& out);

} // namespace epb::report
