// The numbers stay readable without the picture: the HTML report puts the data table it draws
// right after every chart, and each bar and marker carries its value as a <title> (a tooltip).
#include "epb/report/render_svg.hpp"

#include "epb/core/utf8.hpp"
#include "epb/output/rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

namespace epb::report::html {
namespace {

// Series styles: dark enough for 3:1 against white (WCAG 1.4.11, graphics), of different
// lightness, and each with its own pattern (bars) or dash and marker (lines).
struct SeriesStyle {
  std::string_view colour;
  std::string_view dash; // stroke-dasharray of a line; empty: solid
};
constexpr std::array<SeriesStyle, 6> k_styles{{
    {"#1f4e79", ""},
    {"#c55a11", "9 4"},
    {"#2e7d32", "2 3"},
    {"#7b2d8e", "10 3 2 3"},
    {"#5c5c5c", "5 5"},
    {"#00707f", "1 4"},
}};
const SeriesStyle& style(std::size_t series) { return k_styles[series % k_styles.size()]; }

constexpr double k_min_width = 760;
constexpr double k_plot_height = 260;
constexpr double k_left = 84;
constexpr double k_right = 20;
constexpr double k_char = 6.6;              // the width of one display column of 11px text, roughly
constexpr std::size_t k_label_columns = 20; // a longer category is cut with an ellipsis
constexpr int k_max_ticks = 6;

std::optional<double> number(const Cell& cell) {
  if (!cell) return std::nullopt;
  double value = 0;
  const char* end = cell->data() + cell->size();
  const auto [ptr, ec] = std::from_chars(cell->data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// A round step (1, 2, 2.5 or 5 × 10^k) for at most k_max_ticks ticks up to `high` (> 0).
double tick_step(double high, bool whole) {
  const double rough = high / k_max_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = 10 * magnitude;
  for (double m : {1.0, 2.0, 2.5, 5.0})
    if (m * magnitude >= rough * (1 - 1e-9)) {
      step = m * magnitude;
      break;
    }
  return whole ? std::max(1.0, std::round(step)) : step;
}

std::string tick_text(double value, bool percent) {
  std::string text;
  if (std::abs(value - std::round(value)) < 1e-9)
    text = grouped(fmt::format("{}", static_cast<long long>(std::round(value))));
  else
    text = fmt::format("{:.2f}", value);
  return percent ? text + "%" : text;
}

// At most `columns` display columns of `text`, cut with an ellipsis.
std::string shortened(std::string_view text, std::size_t columns) {
  if (display_width(text) <= columns) return std::string(text);
  std::string out;
  std::size_t used = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = std::max<std::size_t>(utf8_length_at(text, i), 1);
    const std::string_view cp = text.substr(i, length);
    const std::size_t w = display_width(cp);
    if (used + w + 1 > columns) break;
    out += cp;
    used += w;
    i += length;
  }
  return out + "…";
}

struct Series {
  std::string label;
  std::vector<std::optional<double>> values;
};

struct LegendItem {
  double x, y;
};

struct Plot {
  std::vector<std::string> categories;
  std::vector<Series> series;
  bool percent = false; // every series is a percent: the axis runs 0..100
  bool whole = true;    // every value is a whole number: no fractional ticks
  bool any_value = false;
  double low = 0, high = 1, step = 1;
  std::string x_label, y_label;
  double width = k_min_width;
  double top = 40;     // below the legend
  double height = 400; // the plot, then the category labels (turned when crowded) and the axis label
  bool turned = false;
  std::vector<LegendItem> legend;

  double plot_width() const { return width - k_left - k_right; }
  double plot_height() const { return k_plot_height; }
  double y(double value) const { return top + plot_height() * (high - value) / (high - low); }
  double slot() const { return plot_width() / static_cast<double>(std::max<std::size_t>(categories.size(), 1)); }
  double centre(std::size_t i) const { return k_left + slot() * (static_cast<double>(i) + 0.5); }
};

void read_table(Plot& plot, const Chart& chart, const Table& table) {
  const auto label_at = table.column(chart.label_column);
  if (label_at) plot.x_label = table.columns[*label_at].label;
  for (const auto& row : table.rows)
    plot.categories.push_back(label_at && *label_at < row.size() && row[*label_at] ? *row[*label_at] : "");
  plot.percent = true;
  for (const std::string& key : chart.value_columns) {
    const auto at = table.column(key);
    if (!at) continue;
    const Column& column = table.columns[*at];
    plot.percent = plot.percent && column.type == CellType::percent;
    Series& series = plot.series.emplace_back();
    series.label = column.label.empty() ? key : column.label;
    for (const auto& row : table.rows) {
      const auto value = *at < row.size() ? number(row[*at]) : std::nullopt;
      series.values.push_back(value);
      if (value) {
        plot.any_value = true;
        plot.whole = plot.whole && std::abs(*value - std::round(*value)) < 1e-9;
        plot.low = std::min(plot.low, *value);
        plot.high = std::max(plot.high, *value);
      }
    }
  }
  if (plot.series.empty()) plot.percent = false;
  if (plot.series.size() == 1) plot.y_label = plot.series.front().label;
}

void scale(Plot& plot) {
  if (plot.percent && plot.low >= 0 && plot.high <= 100) {
    plot.low = 0, plot.high = 100, plot.step = 20;
    return;
  }
  const double span = std::max({plot.high, -plot.low, 1.0});
  plot.step = tick_step(span, plot.whole);
  plot.high = plot.high > 0 ? std::ceil(plot.high / plot.step - 1e-9) * plot.step : plot.step;
  plot.low = plot.low < 0 ? std::floor(plot.low / plot.step + 1e-9) * plot.step : 0;
}

void lay_out(Plot& plot) {
  const double per_category = std::max(28.0, 12.0 * static_cast<double>(plot.series.size()) + 8);
  plot.width = std::max(k_min_width, k_left + k_right + per_category * static_cast<double>(plot.categories.size()));
  double x = k_left;
  double y = 14;
  for (const Series& series : plot.series) {
    const double item = 26 + k_char * static_cast<double>(display_width(shortened(series.label, 40))) + 18;
    if (x > k_left && x + item > plot.width - k_right) x = k_left, y += 20;
    plot.legend.push_back({x, y});
    x += item;
  }
  plot.top = y + 30;
  std::size_t widest = 0;
  for (const std::string& category : plot.categories)
    widest = std::max(widest, display_width(shortened(category, k_label_columns)));
  const double label_width = k_char * static_cast<double>(widest);
  plot.turned = label_width > plot.slot() * 0.9;
  // A label turned by 40 degrees reaches down sin(40°) of its length.
  const double labels = plot.turned ? 0.643 * label_width + 24 : 24;
  plot.height = std::ceil(plot.top + k_plot_height + labels + 28);
}

void draw_axes(std::string& svg, const Plot& plot) {
  for (double value = plot.low; value <= plot.high + plot.step * 1e-6; value += plot.step) {
    const double y = plot.y(value);
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#d0d0d0" stroke-width="1"/>)",
                       k_left, y, plot.width - k_right, y);
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="end" font-size="11">{}</text>)", k_left - 6, y + 4,
                       escape(tick_text(value, plot.percent)));
  }
  const double bottom = plot.top + plot.plot_height();
  svg += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#333" stroke-width="1"/>)",
                     k_left, plot.top, bottom);
  svg += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#333" stroke-width="1"/>)",
                     k_left, plot.y(0), plot.width - k_right, plot.y(0));
  const bool turned = plot.turned;
  for (std::size_t i = 0; i < plot.categories.size(); ++i) {
    const double x = plot.centre(i);
    const double y = bottom + 16;
    const std::string text = escape(shortened(plot.categories[i], k_label_columns));
    if (turned)
      svg += fmt::format(R"~(<text x="{0:.1f}" y="{1:.1f}" text-anchor="end" transform="rotate(-40 {0:.1f} {1:.1f})" )~"
                         R"(font-size="11">{2}</text>)",
                         x + 4, y, text);
    else
      svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="11">{}</text>)", x, y, text);
  }
  if (!plot.x_label.empty())
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="12">{}</text>)",
                       k_left + plot.plot_width() / 2, plot.height - 10, escape(plot.x_label));
  if (!plot.y_label.empty())
    svg += fmt::format(R"~(<text x="14" y="{0:.1f}" text-anchor="middle" transform="rotate(-90 14 {0:.1f})" )~"
                       R"(font-size="12">{1}</text>)",
                       plot.top + plot.plot_height() / 2, escape(plot.y_label));
}

// Bars: series 0 solid, then white stripes, dots, cross-hatch... over the series' colour.
std::string pattern(std::string_view id, std::size_t s) {
  const std::string_view colour = style(s).colour;
  const std::size_t kind = s % k_styles.size();
  if (kind == 0) return {};
  std::string marks;
  switch (kind) {
  case 1: marks = R"(<path d="M0 0V8" stroke="#fff" stroke-width="2.5"/>)"; break;
  case 2: marks = R"(<circle cx="4" cy="4" r="1.6" fill="#fff"/>)"; break;
  case 3: marks = R"(<path d="M0 0V8M0 0H8" stroke="#fff" stroke-width="1.5"/>)"; break;
  case 4: marks = R"(<path d="M0 4H8" stroke="#fff" stroke-width="2.5"/>)"; break;
  default: marks = R"(<path d="M4 0V8" stroke="#fff" stroke-width="1.2"/>)"; break;
  }
  const std::string_view turn = kind == 1 || kind == 3 ? R"~( patternTransform="rotate(45)")~" : "";
  return fmt::format(R"(<pattern id="{}-p{}" width="8" height="8" patternUnits="userSpaceOnUse"{}>)"
                     R"(<rect width="8" height="8" fill="{}"/>{}</pattern>)",
                     id, s, turn, colour, marks);
}

std::string bar_fill(std::string_view id, std::size_t s) {
  if (s % k_styles.size() == 0) return std::string(style(s).colour);
  return fmt::format("url(#{}-p{})", id, s);
}

// Lines: a marker shape per series (circle, square, triangle, diamond, plus, cross).
std::string marker(std::size_t s, double x, double y, std::string_view title) {
  const std::string_view colour = style(s).colour;
  const std::string tip = title.empty() ? std::string() : fmt::format("<title>{}</title>", title);
  switch (s % k_styles.size()) {
  case 0: return fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="{}">{}</circle>)", x, y, colour, tip);
  case 1:
    return fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="8" height="8" fill="{}">{}</rect>)", x - 4, y - 4, colour,
                       tip);
  case 2: return fmt::format(R"(<path d="M{:.1f} {:.1f}l5 9h-10z" fill="{}">{}</path>)", x, y - 5.5, colour, tip);
  case 3: return fmt::format(R"(<path d="M{:.1f} {:.1f}l5 5l-5 5l-5-5z" fill="{}">{}</path>)", x, y - 5, colour, tip);
  case 4:
    return fmt::format(R"(<path d="M{:.1f} {:.1f}h10M{:.1f} {:.1f}v10" stroke="{}" stroke-width="2.5">{}</path>)",
                       x - 5, y, x, y - 5, colour, tip);
  default:
    return fmt::format(R"(<path d="M{:.1f} {:.1f}l8 8M{:.1f} {:.1f}l-8 8" stroke="{}" stroke-width="2.5">{}</path>)",
                       x - 4, y - 4, x + 4, y - 4, colour, tip);
  }
}

void draw_legend(std::string& svg, const Plot& plot, const Chart& chart, std::string_view id) {
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    const LegendItem& at = plot.legend[s];
    if (chart.kind == Chart::Kind::bar) {
      svg += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="16" height="14" fill="{}" stroke="{}"/>)", at.x, at.y,
                         bar_fill(id, s), style(s).colour);
    } else {
      svg += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2.5"{}/>)",
                         at.x - 2, at.y + 7, at.x + 20, at.y + 7, style(s).colour,
                         style(s).dash.empty() ? "" : fmt::format(R"( stroke-dasharray="{}")", style(s).dash));
      svg += marker(s, at.x + 9, at.y + 7, "");
    }
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="12">{}</text>)", at.x + 26, at.y + 12,
                       escape(shortened(plot.series[s].label, 40)));
  }
}

std::string point_title(const Plot& plot, std::size_t s, std::size_t i, double value) {
  const std::string shown =
      plot.whole ? grouped(fmt::format("{}", static_cast<long long>(std::round(value)))) : fmt::format("{}", value);
  return escape(fmt::format("{}, {}: {}{}", plot.categories[i], plot.series[s].label, shown, plot.percent ? "%" : ""));
}

void draw_bars(std::string& svg, const Plot& plot, std::string_view id) {
  const double group = std::min(plot.slot() * 0.8, 56.0 * static_cast<double>(plot.series.size()));
  const double bar = group / static_cast<double>(std::max<std::size_t>(plot.series.size(), 1));
  for (std::size_t s = 0; s < plot.series.size(); ++s)
    for (std::size_t i = 0; i < plot.categories.size(); ++i) {
      const auto value = plot.series[s].values[i];
      if (!value) continue;
      const double x = plot.centre(i) - group / 2 + bar * static_cast<double>(s);
      const double top = plot.y(std::max(*value, 0.0));
      const double height = std::abs(plot.y(*value) - plot.y(0));
      svg += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" stroke="{}" )"
                         R"(stroke-width="0.5"><title>{}</title></rect>)",
                         x, top, std::max(bar - 1, 1.0), height, bar_fill(id, s), style(s).colour,
                         point_title(plot, s, i, *value));
    }
}

// A line per series, broken where a value is missing; a marker at each value.
void draw_lines(std::string& svg, const Plot& plot) {
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    std::string points;
    const auto flush = [&] {
      if (!points.empty())
        svg += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>)", points,
                           style(s).colour,
                           style(s).dash.empty() ? "" : fmt::format(R"( stroke-dasharray="{}")", style(s).dash));
      points.clear();
    };
    for (std::size_t i = 0; i < plot.categories.size(); ++i) {
      const auto value = plot.series[s].values[i];
      if (!value) {
        flush();
        continue;
      }
      points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", plot.centre(i), plot.y(*value));
    }
    flush();
    for (std::size_t i = 0; i < plot.categories.size(); ++i)
      if (const auto value = plot.series[s].values[i])
        svg += marker(s, plot.centre(i), plot.y(*value), point_title(plot, s, i, *value));
  }
}

} // namespace

std::string svg_chart(const Chart& chart, const Table& table, std::string_view id, const Words& words) {
  Plot plot;
  read_table(plot, chart, table);
  scale(plot);
  lay_out(plot);
  std::string svg = fmt::format(R"(<svg role="img" aria-labelledby="{0}-title" aria-describedby="{0}-desc" )"
                                R"(viewBox="0 0 {1:.0f} {2:.0f}" width="{1:.0f}" height="{2:.0f}" class="chart" )"
                                R"(font-family="inherit">)",
                                id, plot.width, plot.height);
  svg += fmt::format(R"(<title id="{}-title">{}</title>)", id, escape(chart.title));
  svg += fmt::format(R"(<desc id="{}-desc">{}</desc>)", id, escape(chart.description));
  if (chart.kind == Chart::Kind::bar) {
    std::string defs;
    for (std::size_t s = 0; s < plot.series.size(); ++s)
      defs += pattern(id, s);
    if (!defs.empty()) svg += "<defs>" + defs + "</defs>";
  }
  draw_axes(svg, plot);
  if (chart.kind == Chart::Kind::bar)
    draw_bars(svg, plot, id);
  else
    draw_lines(svg, plot);
  if (!plot.any_value)
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="14" fill="#555">{}</text>)",
                       k_left + plot.plot_width() / 2, plot.top + plot.plot_height() / 2, escape(words.no_data));
  draw_legend(svg, plot, chart, id);
  return svg + "</svg>";
}

} // namespace epb::report::html
