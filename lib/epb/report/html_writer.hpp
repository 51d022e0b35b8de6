#pragma once
// The pieces of the HTML report that its page (render_html.cpp) and its charts (render_svg.cpp)
// share: escaped text, element ids, numbers for people. Separate so the unit tests can check
// each rule on its own.
#include "epb/report/document.hpp"

#include <set>
#include <string>
#include <string_view>

namespace epb::report::html {

// `text` as HTML (and SVG) character data or a double-quoted attribute value: & < > " '
// escaped; bytes that are not UTF-8 and characters neither HTML nor XML may hold (controls but
// tab and newline, C1 controls, noncharacters such as U+FFFE) become U+FFFD. A CR is dropped:
// the parser would read it back as a newline anyway.
std::string escape(std::string_view text);

// Element ids for one page: `prefix` and a key reduced to [a-z0-9-], never repeated (a repeat
// gets "-2", "-3", ...), so every aria reference and #anchor names one element.
class IdSet {
public:
  std::string make(std::string_view prefix, std::string_view key);

private:
  std::set<std::string, std::less<>> m_used;
};

// A canonical integer ("-1234567") with thousands separators ("-1,234,567"); anything else
// unchanged (a provider's slip is shown as it is rather than misread).
std::string grouped(std::string_view canonical);

// Words the page itself says, in the document's language (zh* is Chinese, else English).
struct Words {
  std::string_view definitions;
  std::string_view more_tables;
  std::string_view no_value; // the accessible name of a cell without a value
  std::string_view data_in;  // "data: " before a link to the table a chart draws
  std::string_view no_data;  // drawn in an empty chart
  std::string_view facts;    // the accessible name of the facts list
};
const Words& words_for(std::string_view lang);

// The page's one inline style sheet (html_style.cpp): screen and print (A4, rows and charts
// kept whole across pages, nothing that needs background printing). No url() of any kind.
std::string_view page_style();

} // namespace epb::report::html
