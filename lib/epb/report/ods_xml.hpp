#pragma once
// The pieces of OpenDocument XML that render_ods.cpp assembles: escaped text, text paragraphs,
// typed cells and sheet names. Separate so the unit tests can check each rule on its own.
#include "epb/report/document.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace epb::report::ods {

// `text` as XML 1.0 character data or attribute value: & < > " ' escaped; bytes that are not
// UTF-8 and characters XML 1.0 forbids (controls but tab, newline, return; U+FFFE, U+FFFF)
// become U+FFFD, so a stray byte can never make the file unreadable.
std::string xml_text(std::string_view text);

// `text` as one or more <text:p> (one per line), with tabs and runs of spaces kept
// (<text:tab/>, <text:s/>) where XML would collapse them.
std::string text_paragraphs(std::string_view text);

// One <table:table-cell> for a cell of a column of `type`: numbers as float, money as TWD
// currency, percent (0..100) as a percentage value 0..1, dates as dates; none is an empty cell.
// A value that is not in its type's canonical text is written as a string rather than lost.
std::string typed_cell(CellType type, const Cell& cell);

// A canonical decimal ("97.31", "-5") divided by 100 as text ("0.9731", "-0.05"), exactly.
std::string percent_fraction(std::string_view percent);

// Sheet names for `wanted` (titles, or keys where a title is empty), in order: without the
// characters spreadsheets refuse ([ ] * ? : / \), no leading or trailing apostrophe, at most 31
// characters (Excel's limit), never empty, and unique (case-insensitively for ASCII, as Calc and
// Excel compare them) — a repeat gets " (2)", " (3)", ...
std::vector<std::string> sheet_names(const std::vector<std::string>& wanted);

} // namespace epb::report::ods
