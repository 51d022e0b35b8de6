// PLACEHOLDER (helper "render"): table and markdown.
#include "epb/report/render.hpp"

namespace epb::report {

void render_table(const Document&, std::ostream&) {}
void render_markdown(const Document&, std::ostream&) {}

} // namespace epb::report
