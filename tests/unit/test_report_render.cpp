// The report renderers against hand-built documents (report_render_test_support.hpp): csv and
// tsv (typed cells unguarded, text guarded, none empty), json's shape, jsonl, the terminal table
// (CJK double width), markdown escaping, and the HTML page (escaping, no external reference,
// one SVG per chart with its title, beside its table, deterministic bytes).
#include "epb/report/html_writer.hpp"
#include "report_render_test_support.hpp"

using namespace epb;
using namespace epb::report;
using namespace epb::report::test;

namespace {

// A small document whose JSON is written out by hand below.
Document tiny() {
  Document d;
  d.kind = "annual";
  d.title = "T";
  d.lang = "en";
  d.facts = {{"period", "2018"}};
  d.definitions = {{"on_time", "On time", "closed by the due date"}};
  Table t;
  t.key = "units";
  t.title = "Units";
  t.columns = {{"unit", "Unit", CellType::text},
               {"closed", "Closed", CellType::integer},
               {"pct", "On time %", CellType::percent}};
  t.rows = {{"A", "3", "66.67"}, {"B", "0", Cell{}}};
  d.tables = {t};
  d.primary = "units";
  return d;
}

} // namespace

// --- csv, tsv, json, jsonl -----------------------------------------------------------------------

TEST_CASE("report render csv: CRLF rows, typed cells unguarded, text guarded, none empty") {
  CHECK(rendered(sample(), DocumentFormat::csv) ==
        "service,received,fees,on_time_pct,median_days,first,changed\r\n"
        "陳情,12,-1500,97.31,2.5,2018-01-02,2019-01-01T00:00:00Z\r\n"
        "'=1+1,0,1234567,,,,\r\n"
        "<script>alert(1)</script>,3,0,100.00,-0.25,2018-12-31,2019-01-02T03:04:05Z\r\n");
}

TEST_CASE("report render csv: a negative text cell is guarded, a negative money cell is not") {
  Table t;
  t.key = "t";
  t.columns = {{"note", "", CellType::text}, {"amount", "", CellType::money}, {"low", "", CellType::decimal}};
  t.rows = {{"-5", "-1500", "-0.5"}, {"a,\"b\"", "+3", "@x"}};
  Document d;
  d.tables = {t};
  d.primary = "t";
  // Typed cells are written as they are, even a provider's odd "+3": a number column is no formula.
  CHECK(rendered(d, DocumentFormat::csv) == "note,amount,low\r\n'-5,-1500,-0.5\r\n\"a,\"\"b\"\"\",+3,@x\r\n");
}

TEST_CASE("report render tsv: tabs, LF rows, tabs inside cells as spaces") {
  Document d = tiny();
  d.tables[0].rows.push_back({"C\tD", "1", "100.00"});
  CHECK(rendered(d, DocumentFormat::tsv) == "unit\tclosed\tpct\nA\t3\t66.67\nB\t0\t\nC D\t1\t100.00\n");
}

TEST_CASE("report render csv: --table picks another table, an unknown one is refused") {
  CHECK(rendered(sample(), DocumentFormat::csv, RenderOptions{"months"}) ==
        "month,received,closed\r\n2018-01,5,3\r\n2018-02,7,9\r\n2018-03,2,4\r\n");
  std::ostringstream out;
  const auto result = render(sample(), DocumentFormat::csv, out, RenderOptions{"nope"});
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().what == "--table");
  CHECK(result.error().why.find("services, months") != std::string::npos);
  CHECK(out.str().empty());
  CHECK_FALSE(render(sample(), DocumentFormat::html, out, RenderOptions{"months"}).has_value());
}

TEST_CASE("report render json: the document's shape, numbers as numbers, none as null") {
  CHECK(rendered(tiny(), DocumentFormat::json) ==
        R"({"report":"annual","title":"T","lang":"en","facts":{"period":"2018"},)"
        R"("definitions":{"on_time":{"term":"On time","text":"closed by the due date"}},"primary":"units",)"
        R"("tables":{"units":{"title":"Units","columns":[{"key":"unit","label":"Unit","type":"text"},)"
        R"({"key":"closed","label":"Closed","type":"integer"},{"key":"pct","label":"On time %","type":"percent"}],)"
        R"("rows":[{"unit":"A","closed":3,"pct":66.67},{"unit":"B","closed":0,"pct":null}],"note":""}}})"
        "\n");
}

TEST_CASE("report render json: every table and escaped text, a broken number as a string") {
  Document d = sample();
  d.tables[1].rows.push_back({"2018-04", "n/a", "1e5"});
  const std::string json = rendered(d, DocumentFormat::json);
  CHECK(json.find(R"("title":"2018 年 <script>alert('x')</script> 成果")") != std::string::npos);
  CHECK(json.find(R"("services":{"title":)") != std::string::npos);
  CHECK(json.find(R"("months":{"title":"每月")") != std::string::npos);
  CHECK(json.find(R"({"service":"陳情","received":12,"fees":-1500,"on_time_pct":97.31,"median_days":2.5,)"
                  R"("first":"2018-01-02","changed":"2019-01-01T00:00:00Z"})") != std::string::npos);
  CHECK(json.find(R"({"month":"2018-04","received":"n/a","closed":"1e5"})") != std::string::npos);
  CHECK(json.find(R"("overdue":{"term":"逾期","text":"期限已過 \"未結\""})") != std::string::npos);
}

TEST_CASE("report render jsonl: one object per row of the chosen table") {
  CHECK(rendered(tiny(), DocumentFormat::jsonl) ==
        "{\"unit\":\"A\",\"closed\":3,\"pct\":66.67}\n{\"unit\":\"B\",\"closed\":0,\"pct\":null}\n");
  CHECK(rendered(sample(), DocumentFormat::jsonl, RenderOptions{"months"})
            .find("{\"month\":\"2018-02\",\"received\":7,"
                  "\"closed\":9}\n") != std::string::npos);
}

// --- table, markdown ---------------------------------------------------------------------------

TEST_CASE("report render table: columns aligned by display width, CJK counting two") {
  Document d;
  d.title = "T";
  d.lang = "en";
  Table t;
  t.key = "t";
  t.columns = {{"name", "Name", CellType::text}, {"n", "N", CellType::integer}};
  t.rows = {{"陳情", "5"}, {"ab", "123"}, {Cell{}, Cell{}}};
  d.tables = {t};
  CHECK(rendered(d, DocumentFormat::table) == "T\n=\n\nName    N\n----  ---\n陳情    5\nab    123\n—       —\n");
}

TEST_CASE("report render table: facts, sections, notes and definitions, controls shown not obeyed") {
  Document d = sample();
  d.facts.emplace_back("evil", "a\x1b[31mb");
  const std::string text = rendered(d, DocumentFormat::table);
  CHECK(text.starts_with("2018 年 <script>alert('x')</script> 成果\n"));
  CHECK(text.find("period: 2018\n") != std::string::npos);
  CHECK(text.find("evil: a\\x1b[31mb\n") != std::string::npos);
  CHECK(text.find("案件\n----\n") != std::string::npos);
  CHECK(text.find("provisional: 2027\n") != std::string::npos);
  CHECK(text.find("定義\n") != std::string::npos);
  CHECK(text.find("準時\n  結案日不晚於期限 & 不逾期\n") != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
}

TEST_CASE("report render markdown: | * and markup escaped, numbers right-aligned") {
  Document d;
  d.title = "a|b*c";
  d.lang = "en";
  Table t;
  t.key = "t";
  t.title = "_t_";
  t.columns = {{"name", "Na|me", CellType::text}, {"n", "N", CellType::money}};
  t.rows = {{"x|y **bold** <b>", "-1500"}, {Cell{}, "0"}};
  t.note = "*note*";
  d.tables = {t};
  d.definitions = {{"k", "Term*", "text | more"}};
  const std::string md = rendered(d, DocumentFormat::markdown);
  CHECK(md.starts_with("# a\\|b\\*c\n\n"));
  CHECK(md.find("### \\_t\\_\n\n| Na\\|me | N |\n| --- | ---: |\n| x\\|y \\*\\*bold\\*\\* &lt;b&gt; | -1500 |\n| — | 0 "
                "|\n") != std::string::npos);
  CHECK(md.find("*\\*note\\**\n") != std::string::npos);
  CHECK(md.find("## Definitions\n\n- **Term\\***: text \\| more\n") != std::string::npos);
}

// --- html --------------------------------------------------------------------------------------

TEST_CASE("report render html: escaping of text, attributes and characters XML forbids") {
  CHECK(html::escape("a&b<c>\"d'e") == "a&amp;b&lt;c&gt;&quot;d&#39;e");
  CHECK(html::escape("x\x01y\x7fz") == "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
  CHECK(html::escape("bad \xff byte") == "bad \xEF\xBF\xBD byte");
  CHECK(html::escape("c1 \xC2\x85 nonchar \xEF\xBF\xBE") == "c1 \xEF\xBF\xBD nonchar \xEF\xBF\xBD");
  CHECK(html::escape("a\r\nb\tc") == "a\nb\tc");
  CHECK(html::escape("陳情 ✓") == "陳情 ✓");
}

TEST_CASE("report render html: thousands separators and ids") {
  CHECK(html::grouped("0") == "0");
  CHECK(html::grouped("999") == "999");
  CHECK(html::grouped("1000") == "1,000");
  CHECK(html::grouped("-1234567") == "-1,234,567");
  CHECK(html::grouped("12.5") == "12.5");
  CHECK(html::grouped("n/a") == "n/a");
  html::IdSet ids;
  CHECK(ids.make("t", "services") == "t-services");
  CHECK(ids.make("t", "services") == "t-services-2");
  CHECK(ids.make("t", "On Time %") == "t-on-time");
  CHECK(ids.make("t", "陳情") == "t");
  CHECK(ids.make("t", "") == "t-2");
}

TEST_CASE("report render html: one self-contained page with lang, title and escaped text") {
  const std::string page = rendered(sample(), DocumentFormat::html);
  CHECK(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-TW\">\n"));
  CHECK(page.ends_with("</html>\n"));
  CHECK(page.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(page.find("<title>2018 年 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 成果</title>") != std::string::npos);
  CHECK(page.find("<h1>2018 年 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 成果</h1>") != std::string::npos);
  CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;</th>") != std::string::npos);
  CHECK(page.find("<caption>各服務 &lt;b&gt;成果&lt;/b&gt;</caption>") != std::string::npos);
  CHECK(page.find("<p>段落 &lt;b&gt;粗&lt;/b&gt; &amp; &#39;quote&#39;</p>") != std::string::npos);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("<b>") == std::string::npos);
  // Nothing outside the file: no URL, no src, no link, no url() but same-page patterns.
  CHECK(page.find("http") == std::string::npos);
  CHECK(page.find("src=") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);
  CHECK(count(page, "url(") == count(page, "url(#"));
  CHECK(count(page, "<style>") == 1);
  CHECK(page.find("@media print") != std::string::npos);
}

TEST_CASE("report render html: facts under the title, sections, definitions as their own section") {
  const std::string page = rendered(sample(), DocumentFormat::html);
  const auto h1 = page.find("<h1>");
  const auto facts = page.find("<dl class=\"facts\"");
  const auto section = page.find("<section id=\"s-cases\"");
  const auto definitions = page.find("<section id=\"s-definitions\"");
  REQUIRE(facts != std::string::npos);
  CHECK(h1 < facts);
  CHECK(facts < section);
  CHECK(section < definitions);
  CHECK(page.find("<div><dt>period</dt><dd>2018</dd></div>") != std::string::npos);
  CHECK(page.find("<h2 id=\"s-cases-h\">案件</h2>") != std::string::npos);
  CHECK(page.find("<h2 id=\"s-definitions-h\">定義</h2>") != std::string::npos);
  CHECK(page.find("<div id=\"d-on-time\"><dt>準時</dt><dd>結案日不晚於期限 &amp; 不逾期</dd></div>") !=
        std::string::npos);
  CHECK(page.find("<dd>期限已過 &quot;未結&quot;</dd>") != std::string::npos);
  Document english = sample();
  english.lang = "en";
  const std::string en = rendered(english, DocumentFormat::html);
  CHECK(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
  CHECK(en.find(">Definitions</h2>") != std::string::npos);
}

TEST_CASE("report render html: tables with column headers, typed cells and none labelled") {
  const std::string page = rendered(sample(), DocumentFormat::html);
  CHECK(count(page, "<th scope=\"col\"") == 7 + 3);
  CHECK(page.find("<th scope=\"col\" class=\"money num\">規費</th>") != std::string::npos);
  CHECK(page.find("<th scope=\"row\" class=\"text\">陳情</th>") != std::string::npos);
  CHECK(page.find("<td class=\"money num\" data-value=\"-1500\">-1,500</td>") != std::string::npos);
  CHECK(page.find("<td class=\"money num\" data-value=\"1234567\">1,234,567</td>") != std::string::npos);
  CHECK(page.find("<td class=\"percent num\" data-value=\"97.31\">97.31%</td>") != std::string::npos);
  CHECK(page.find("<td class=\"decimal num\" data-value=\"-0.25\">-0.25</td>") != std::string::npos);
  CHECK(page.find("<td class=\"date\" data-value=\"2018-12-31\">2018-12-31</td>") != std::string::npos);
  CHECK(page.find("<td class=\"percent num none\"><span aria-hidden=\"true\">—</span>"
                  "<span class=\"visually-hidden\">無資料</span></td>") != std::string::npos);
  CHECK(count(page, " none\">") == 4);
  CHECK(page.find("</table>\n</div>\n<p class=\"note\">provisional: 2027</p>") != std::string::npos);
  CHECK(page.find(".num { text-align: right;") != std::string::npos);
}

TEST_CASE("report render html: an inline SVG with title and desc for each chart, before its table") {
  const std::string page = rendered(sample(), DocumentFormat::html);
  CHECK(count(page, "<svg role=\"img\"") == 2);
  CHECK(count(page, "</svg>") == 2);
  CHECK(page.find("xmlns") == std::string::npos);
  CHECK(page.find("<svg role=\"img\" aria-labelledby=\"c-services-1-title\" aria-describedby=\"c-services-1-desc\"") !=
        std::string::npos);
  CHECK(page.find("<title id=\"c-services-1-title\">準時率 &lt;各服務&gt;</title>") != std::string::npos);
  CHECK(page.find("<desc id=\"c-services-1-desc\">每項服務的準時率</desc>") != std::string::npos);
  CHECK(page.find("<title id=\"c-months-2-title\">每月受理與結案</title>") != std::string::npos);
  // Each chart just before the table it draws, with a link to it.
  const auto bar = page.find("c-services-1-title");
  const auto services = page.find("<table id=\"t-services\">");
  const auto line = page.find("c-months-2-title");
  const auto months = page.find("<table id=\"t-months\">");
  CHECK(bar < services);
  CHECK(services < line);
  CHECK(line < months);
  CHECK(page.find("<a href=\"#t-services\">") != std::string::npos);
  CHECK(page.find("<a href=\"#t-months\">每月</a>") != std::string::npos);
}

TEST_CASE("report render html: a percent chart runs 0 to 100, a line chart has a line per series") {
  const std::string page = rendered(sample(), DocumentFormat::html);
  const std::string bar = page.substr(page.find("<svg"), page.find("</svg>") - page.find("<svg"));
  CHECK(bar.find(">0%</text>") != std::string::npos);
  CHECK(bar.find(">100%</text>") != std::string::npos);
  CHECK(count(bar, "<rect x=") == 2 + 1); // two values (the none draws nothing) and the legend
  CHECK(bar.find("<title>陳情, 準時率: 97.31%</title>") != std::string::npos);
  const auto second = page.find("<svg", page.find("</svg>"));
  const std::string line = page.substr(second, page.find("</svg>", second) - second);
  CHECK(count(line, "<polyline") == 2);
  CHECK(count(line, "stroke-dasharray") == 2); // the second series' line and its legend
  CHECK(line.find(">10</text>") != std::string::npos);
  CHECK(line.find("<title>2018-02, 結案: 9</title>") != std::string::npos);
}

TEST_CASE("report render html: bars of several series differ by pattern as well as colour") {
  Document d = sample();
  d.sections[0].charts[1].kind = Chart::Kind::bar;
  const std::string page = rendered(d, DocumentFormat::html);
  CHECK(page.find("<pattern id=\"c-months-2-p1\"") != std::string::npos);
  CHECK(count(page, "fill=\"url(#c-months-2-p1)\"") == 3 + 1);
}

TEST_CASE("report render html: printable on A4, a table of many columns on a landscape page") {
  Document d = sample();
  d.tables[0].columns.push_back({"extra1", "x", CellType::integer});
  d.tables[0].columns.push_back({"extra2", "y", CellType::integer});
  const std::string page = rendered(d, DocumentFormat::html);
  CHECK(page.find("@page { size: A4;") != std::string::npos);
  CHECK(page.find("@page wide { size: A4 landscape;") != std::string::npos);
  CHECK(page.find("tr, figure, dl.definitions div { break-inside: avoid;") != std::string::npos);
  CHECK(page.find("<div class=\"table-wrap wide\">\n<table id=\"t-services\">") != std::string::npos);
  CHECK(page.find("<div class=\"table-wrap\">\n<table id=\"t-months\">") != std::string::npos);
}

TEST_CASE("report render html: the same document gives the same bytes") {
  CHECK(rendered(sample(), DocumentFormat::html) == rendered(sample(), DocumentFormat::html));
}

TEST_CASE("report render html: an empty table and an empty chart still render") {
  Document d = sample();
  d.tables[0].rows.clear();
  const std::string page = rendered(d, DocumentFormat::html);
  CHECK(page.find("<tr><td class=\"empty\" colspan=\"7\">無資料</td></tr>") != std::string::npos);
  CHECK(count(page, "<svg role=\"img\"") == 2);
  CHECK(page.find(">無資料</text>") != std::string::npos);
  Document bare;
  bare.kind = "annual";
  const std::string minimal = rendered(bare, DocumentFormat::html);
  CHECK(minimal.find("<title>annual</title>") != std::string::npos);
  CHECK(minimal.find("<section") == std::string::npos);
  CHECK(minimal.ends_with("</main>\n</body>\n</html>\n"));
}

TEST_CASE("report render html: a table no section shows is not lost, a chart without its table is not drawn") {
  Document d = sample();
  d.sections[0].tables = {"services"};
  d.sections[0].charts.erase(d.sections[0].charts.begin() + 1);
  d.sections[0].charts.push_back(Chart{Chart::Kind::bar, "ghost", "", "nowhere", "x", {"y"}});
  const std::string page = rendered(d, DocumentFormat::html);
  CHECK(count(page, "<svg") == 1);
  CHECK(page.find("ghost") == std::string::npos);
  CHECK(page.find("<h2 id=\"s-more-tables-h\">其他資料表</h2>") != std::string::npos);
  CHECK(page.find("<table id=\"t-months\">") > page.find("s-more-tables"));
}

TEST_CASE("report render html: a chart of a table shown in another section links to it") {
  Document d = sample();
  Section other;
  other.key = "trend";
  other.title = "趨勢";
  other.charts = {d.sections[0].charts[1]};
  d.sections[0].charts.pop_back();
  d.sections.push_back(other);
  const std::string page = rendered(d, DocumentFormat::html);
  CHECK(count(page, "<table id=\"t-months\">") == 1);
  CHECK(count(page, "<svg role=\"img\"") == 2);
  CHECK(page.find("<a href=\"#t-months\">") > page.find("<section id=\"s-trend\""));
}
