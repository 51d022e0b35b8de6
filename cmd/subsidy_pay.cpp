// epb subsidy pay: payment batches of approved applications through the payment engine
// (lib/epb/payment/, layouts in epb-payment(5)) with the subsidy purpose (SubsidyPaymentSource),
// by the pay verbs every purpose shares (payment_verbs.hpp).
#include "commands.hpp"
#include "payment_verbs.hpp"

#include "epb/subsidy/subsidy_payment.hpp"

namespace epb::cli {

void register_subsidy_pay(CLI::App& subsidy, Context& context) {
  auto* pay = subsidy.add_subcommand(
      "pay", "Payment batches: build one and its roster, confirm the bank's result, list, show (epb-payment(5))");
  PaymentVerbs verbs;
  verbs.purpose = "subsidy";
  verbs.command = "subsidy pay";
  verbs.noun = "application";
  verbs.due = "approved, unpaid application";
  verbs.nothing_due = "no approved application awaits payment";
  verbs.none_payable = "the approved applications due cannot be paid as they are";
  verbs.confirm_help =
      "Import the bank's result file: paid moves the application to paid, failed returns it to approved";
  verbs.list_help = "Subsidy payment batches, newest first, with their results so far";
  verbs.make_source = [](Context& c) -> std::unique_ptr<PaymentSource> {
    return std::make_unique<SubsidyPaymentSource>(c.config(), c.calendar());
  };
  add_payment_verbs(*pay, context, std::move(verbs));
}

} // namespace epb::cli
