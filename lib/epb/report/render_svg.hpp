#pragma once
// Bar and line charts of the HTML report as inline SVG (render_svg.cpp).
#include "epb/report/document.hpp"
#include "epb/report/html_writer.hpp"

#include <string>
#include <string_view>

namespace epb::report::html {

// An <svg role="img"> drawing `chart` from `table`: one category per row (its label_column),
// one series per value column (bar: grouped bars; line: a polyline each), a value axis from 0
// (0..100 when every series is a percent) with its ticks, category labels, a legend; labelled
// by its <title> and described by its <desc>. Series differ by colour and by pattern (bars) or
// dash and marker shape (lines), for readers who do not tell the colours apart. `id` makes its
// element ids unique in the page. No external reference of any kind, not even the xmlns URL,
// which the HTML parser does not need.
std::string svg_chart(const Chart& chart, const Table& table, std::string_view id, const Words& words);

} // namespace epb::report::html
