// PLACEHOLDER (helper "render"): html with inline SVG charts.
#include "epb/report/render.hpp"

namespace epb::report {

void render_html(const Document&, std::ostream&) {}

} // namespace epb::report
