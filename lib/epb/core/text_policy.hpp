#pragma once
// The one text policy for every text value that enters epb, whatever it came from: command-line
// options, CSV, TSV and JSON-lines imports, the configuration, calendar files (DESIGN.md "One text
// policy"). What is refused, for every kind of field:
// - bytes that are not UTF-8 (overlong forms, surrogates U+D800–U+DFFF, past U+10FFFF);
// - NUL and every other C0 control, DEL and the C1 controls U+0080–U+009F, except newline and
//   tab (and CR before a newline) in multi-line fields;
// - the bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069 in every field (they
//   reorder what a terminal or a letter shows); the marks U+200E, U+200F, U+061C and the line
//   and paragraph separators U+2028, U+2029 in single-line fields;
// - more characters (code points) than the kind allows.
// Human output escapes the same characters (terminal_safe), for ledgers written before.
#include "epb/core/error.hpp"
#include "epb/core/utf8.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace epb {

enum class TextKind {
  code,     // single line, 64: service, channel, state and unit codes, languages, source systems
  name,     // single line, 100: people's and organisations' names, assignees, actors, holiday names
  line,     // single line, 200: addresses, places, e-mail addresses, phones, ids, reasons
  subject,  // single line, 200: a case's subject (what a list shows)
  note,     // multi-line, 4000: notes, descriptions, outcomes, extension and reopening reasons
  document, // multi-line, 20000: notice templates and other long configured text
};

struct TextRule {
  std::size_t max_chars = 0;
  bool multiline = false;
};

TextRule text_rule(TextKind kind);
std::string_view text_kind_name(TextKind kind);

// Why `text` breaks the policy for `kind` ("control character U+001B not allowed", "invalid
// UTF-8 at byte 5", "longer than 100 characters (101)"), or nothing when it is fine.
std::optional<std::string> text_violation(TextKind kind, std::string_view text);

// The same as a Problem (exit 3) whose `what` is `field`: an option ("--subject"), a field
// ("name") or a place and field ("cases.csv:12: name").
Result<void> check_text(TextKind kind, std::string_view field, std::string_view text);
// Throws ProblemError: for cmd/, where a bad option ends the run.
void require_text(TextKind kind, std::string_view field, std::string_view text);

// `text` made safe to print on a terminal: what the policy refuses is shown, not obeyed.
// C0 controls and DEL as \n, \t, \r or \xNN (ESC is \x1b), bytes that are not UTF-8 as \xNN,
// C1 and bidi controls and U+2028/U+2029 as <U+202E>. With `keep_lines` newline and tab
// stay as they are (multi-line text such as `case show`).
std::string terminal_safe(std::string_view text, bool keep_lines = false);

} // namespace epb
