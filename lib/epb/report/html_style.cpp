#include "epb/report/html_writer.hpp"

namespace epb::report::html {

// System fonts only (a web font would be an external resource); the CJK faces first, so a
// Chinese report does not fall back glyph by glyph.
std::string_view page_style() {
  return R"css(:root { color-scheme: light; }
body { font-family: "Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", "PingFang TC", system-ui, sans-serif;
  line-height: 1.5; color: #111; background: #fff; margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .2rem; border-bottom: 2px solid #1f4e79; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 1.5rem; }
dl.facts div { display: contents; }
dl.facts dt, dl.definitions dt { font-weight: 600; }
dl.facts dd { margin: 0; }
dl.definitions dt { margin-top: .6rem; }
dl.definitions dd { margin: .1rem 0 0 1.5rem; }
figure { margin: 1rem 0 .25rem; }
svg.chart { display: block; max-width: 100%; height: auto; }
figcaption, p.note { font-size: .9rem; color: #333; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #999; padding: .25rem .5rem; vertical-align: top; }
thead th { border-bottom: 2px solid #333; background: #e8eef5; }
tbody th { text-align: left; font-weight: normal; }
.num { text-align: right; white-space: nowrap; }
td.none { color: #555; }
td.empty { text-align: center; color: #555; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
a { color: #0b4f8a; }
@page { size: A4; margin: 15mm 12mm; }
@page wide { size: A4 landscape; margin: 12mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  /* A wide table fits the A4 width: small type, headers and numbers wrap where they can. */
  .table-wrap { overflow: visible; }
  table { font-size: 7.5pt; }
  th, td { padding: 1pt 3pt; }
  .num { white-space: normal; }
  .table-wrap.wide { page: wide; } /* many columns: printed on a landscape page of their own */
  thead { display: table-header-group; }
  tr, figure, dl.definitions div { break-inside: avoid; page-break-inside: avoid; }
  h2, caption, figcaption { break-after: avoid; page-break-after: avoid; }
  thead th { background: none; }
  a { color: inherit; text-decoration: none; }
  svg.chart { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
)css";
}

} // namespace epb::report::html
