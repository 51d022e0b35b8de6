// epb fee: the construction air-pollution control fee from quote to settlement, and the water
// pollution fee the city tracks (DOMAIN.md §6). The verbs live in the files fee_verbs.hpp names.
#include "commands.hpp"
#include "fee_verbs.hpp"

namespace epb::cli {

void register_fee(CLI::App& app, Context& context) {
  auto* parent = app.add_subcommand("fee", "Construction air-pollution fee: quote, declare, pay, settle, dun");
  parent->require_subcommand(1);
  // Each group registers its verbs here, in --help order.
  add_fee_quote(*parent, context);
  add_fee_projects(*parent, context);
  add_fee_payments(*parent, context);
  add_fee_water(*parent, context);
}

} // namespace epb::cli
