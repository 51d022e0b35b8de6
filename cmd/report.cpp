// epb report: the yearly results report and the monthly SOP compliance report, open data
// without personal data, and payment rosters (DOMAIN.md §9, epb-report(1)). The verbs live in
// the files report_verbs.hpp names; every verb writes through report_output.hpp.
#include "commands.hpp"
#include "report_verbs.hpp"

namespace epb::cli {

void register_report(CLI::App& app, Context& context) {
  auto* parent =
      app.add_subcommand("report", "Reports: the yearly results, monthly SOP compliance, open data, payment rosters");
  parent->require_subcommand(1);
  add_report_periodic(*parent, context);
  add_report_open_data(*parent, context);
  add_report_rosters(*parent, context);
}

} // namespace epb::cli
