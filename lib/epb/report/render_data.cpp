// PLACEHOLDER (helper "render"): csv, tsv, json, jsonl.
#include "epb/report/render.hpp"

namespace epb::report {

void render_delimited(const Table&, char, std::ostream&) {}
void render_json(const Document&, std::ostream&) {}
void render_jsonl(const Table&, std::ostream&) {}

} // namespace epb::report
