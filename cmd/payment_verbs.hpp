#pragma once
// The `pay` verbs of every payment purpose (lib/epb/payment/, layouts in epb-payment(5)):
// batch, confirm FILE, roster-again REF, list, show REF, each also spelled as a flag (--batch).
// `epb subsidy pay` and `epb case reward pay` are this one set of verbs over their own source.
#include "context.hpp"

#include "epb/payment/payment_source.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

namespace epb::cli {

struct PaymentVerbs {
  std::string purpose;      // the source's purpose: batches of other purposes are "not found"
  std::string command;      // "subsidy pay": prefixes the events' command ("subsidy pay batch")
  std::string noun;         // what an item is, counted in messages: "application", "reward"
  std::string due;          // what a batch takes, in --help: "approved, unpaid application"
  std::string nothing_due;  // after "nothing to pay: ": "no approved application awaits payment"
  std::string none_payable; // after "nothing to pay: ": "the approved applications due cannot be paid as they are"
  std::string confirm_help; // what paid and failed do to the source's cases
  std::string list_help;    // "Subsidy payment batches, newest first, with their results so far"
  std::function<std::unique_ptr<PaymentSource>(Context&)> make_source;
};

// Adds the verbs to `pay` (which requires one of them) and its callback, which names the
// batches a committed confirm completed.
void add_payment_verbs(CLI::App& pay, Context& context, PaymentVerbs spec);

} // namespace epb::cli
