#pragma once
// Hand-built report documents for the renderer tests (test_report_render.cpp): every cell type,
// a none cell, text that is markup or a formula, CJK, a bar and a line chart.
#include "epb/report/document.hpp"
#include "epb/report/render.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>

namespace epb::report::test {

inline Table services_table() {
  Table t;
  t.key = "services";
  t.title = "各服務 <b>成果</b>";
  t.columns = {
      {"service", "服務", CellType::text},
      {"received", "受理", CellType::integer},
      {"fees", "規費", CellType::money},
      {"on_time_pct", "準時率", CellType::percent},
      {"median_days", "中位數", CellType::decimal},
      {"first", "首件", CellType::date},
      {"changed", "異動", CellType::instant},
  };
  t.rows = {
      {"陳情", "12", "-1500", "97.31", "2.5", "2018-01-02", "2019-01-01T00:00:00Z"},
      {"=1+1", "0", "1234567", Cell{}, Cell{}, Cell{}, Cell{}},
      {"<script>alert(1)</script>", "3", "0", "100.00", "-0.25", "2018-12-31", "2019-01-02T03:04:05Z"},
  };
  t.note = "provisional: 2027";
  return t;
}

inline Table months_table() {
  Table t;
  t.key = "months";
  t.title = "每月";
  t.columns = {{"month", "月份", CellType::text},
               {"received", "受理", CellType::integer},
               {"closed", "結案", CellType::integer}};
  t.rows = {{"2018-01", "5", "3"}, {"2018-02", "7", "9"}, {"2018-03", "2", "4"}};
  return t;
}

inline Document sample() {
  Document d;
  d.kind = "annual";
  d.title = "2018 年 <script>alert('x')</script> 成果";
  d.lang = "zh-TW";
  d.facts = {{"period", "2018"}, {"as_of", "2019-01-05T00:00:00Z"}};
  d.definitions = {{"on_time", "準時", "結案日不晚於期限 & 不逾期"}, {"overdue", "逾期", "期限已過 \"未結\""}};
  d.tables = {services_table(), months_table()};
  Section cases;
  cases.key = "cases";
  cases.title = "案件";
  cases.paragraphs = {"段落 <b>粗</b> & 'quote'"};
  cases.tables = {"services", "months"};
  cases.charts = {
      Chart{Chart::Kind::bar, "準時率 <各服務>", "每項服務的準時率", "services", "service", {"on_time_pct"}},
      Chart{Chart::Kind::line, "每月受理與結案", "每月受理件數與結案件數", "months", "month", {"received", "closed"}},
  };
  d.sections = {cases};
  d.primary = "services";
  return d;
}

inline std::string rendered(const Document& document, DocumentFormat format, const RenderOptions& options = {}) {
  std::ostringstream out;
  const auto result = render(document, format, out, options);
  REQUIRE(result.has_value());
  return out.str();
}

inline std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

} // namespace epb::report::test
