// PLACEHOLDER: replaced by its owner (see /work/wt/COMMON.md).
#include "report_verbs.hpp"

namespace epb::cli {

void add_report_open_data(CLI::App&, Context&) {}

} // namespace epb::cli
