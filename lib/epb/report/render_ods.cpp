// PLACEHOLDER (helper "ods"): OpenDocument spreadsheet via libzip.
#include "epb/report/render.hpp"

namespace epb::report {

void render_ods(const Document&, std::ostream&) {}

} // namespace epb::report
