// Applying fee payments (fee_payments.hpp).
#include "epb/fee/fee_payments.hpp"

#include "epb/core/subject.hpp"
#include "epb/notify/notice_store.hpp"
#include "epb/output/json.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

std::string money(std::int64_t amount) { return "NT$" + format_money(amount); }

// What was due on the day, spelled out: the reason a short or an over payment is refused.
std::string due_breakdown(const PayableInstalment& instalment, const LateCharge& charge, Date paid_on) {
  std::string out =
      fmt::format("{} due on {}: principal {}", money(charge.total), paid_on.iso(), money(instalment.amount));
  if (charge.days_late > 0) {
    out += fmt::format(" + surcharge {} ({} day{}; paid {} day{} after the due date {})", money(charge.surcharge),
                       charge.surcharge_days, charge.surcharge_days == 1 ? "" : "s", charge.days_late,
                       charge.days_late == 1 ? "" : "s", instalment.due.iso());
    if (charge.interest_days > 0)
      out += fmt::format(" + interest {} ({} day{})", money(charge.interest), charge.interest_days,
                         charge.interest_days == 1 ? "" : "s");
  }
  return out;
}

} // namespace

std::string counter_txn_id(std::string_view slip, Date paid_on) {
  return fmt::format("{}-{:04}{:02}{:02}", slip, paid_on.year(), paid_on.month(), paid_on.day());
}

Result<FeePaymentResult> apply_fee_payment(Ledger& ledger, const FeeSettings& fee, const Stamp& stamp,
                                           const FeePaymentInput& in) {
  sql::Transaction transaction(ledger.db());
  auto result = apply_fee_payment_in_transaction(ledger, fee, stamp, in);
  if (result) transaction.commit();
  return result;
}

Result<FeePaymentResult> apply_fee_payment_in_transaction(Ledger& ledger, const FeeSettings& fee, const Stamp& stamp,
                                                          const FeePaymentInput& in) {
  if (auto slip = check_payment_slip(in.slip); !slip) return invalid("slip", slip.error().why);
  if (in.amount <= 0) return invalid("amount", "must be more than 0");
  if (in.collector.empty()) return invalid("collector", "required");
  if (in.txn_id.empty()) return invalid("txn_id", "required");
  if (in.paid_on > stamp.at.taipei_date())
    return invalid("paid_on",
                   fmt::format("{} is in the future (today is {})", in.paid_on.iso(), stamp.at.taipei_date().iso()));

  FeePaymentStore store(ledger);
  FeePaymentResult result;
  if (auto recorded = store.payment_by_txn(in.collector, in.txn_id)) {
    if (recorded->slip != in.slip || recorded->amount != in.amount || recorded->paid_on != in.paid_on)
      return invalid("txn_id", fmt::format("{} of {} was recorded for slip {}, {} paid on {}; this row says slip {}, "
                                           "{} paid on {}",
                                           in.txn_id, in.collector, recorded->slip, money(recorded->amount),
                                           recorded->paid_on.iso(), in.slip, money(in.amount), in.paid_on.iso()));
    result.outcome = FeePaymentOutcome::already_recorded;
    result.payment_id = recorded->id;
    if (auto instalment = store.instalment_by_slip(in.slip)) result.instalment = *instalment;
    return result;
  }
  auto instalment = store.instalment_by_slip(in.slip);
  if (!instalment)
    return not_found("slip", fmt::format("{}: no instalment has this slip (unmatched payment)", in.slip));
  result.instalment = *instalment;
  if (instalment->state == "paid")
    return invalid("slip", fmt::format("{} ({} instalment {}) was paid already on {} ({}); this payment of {} is "
                                       "not applied",
                                       in.slip, instalment->ref, instalment->seq,
                                       instalment->paid_on ? instalment->paid_on->iso() : "?",
                                       money(instalment->paid_total), money(in.amount)));
  if (instalment->state == "cancelled")
    return invalid("slip",
                   fmt::format("{} ({} instalment {}) was cancelled ({}); this payment of {} is not applied", in.slip,
                               instalment->ref, instalment->seq, instalment->cancelled_reason, money(in.amount)));

  // No one pays a slip before it exists: a date before the declaration is a typo or a foreign row.
  if (in.paid_on < instalment->issued_on)
    return invalid("paid_on", fmt::format("{} is before slip {} was issued on {} (the declaration of {})",
                                          in.paid_on.iso(), in.slip, instalment->issued_on.iso(), instalment->ref));
  result.charge = late_charge(fee, instalment->amount, instalment->due, in.paid_on);
  const LateCharge& charge = result.charge;
  if (in.amount < charge.total)
    return invalid("amount", fmt::format("{} is {} short of the {}", money(in.amount), money(charge.total - in.amount),
                                         due_breakdown(*instalment, charge, in.paid_on)));
  if (in.amount > charge.total)
    return invalid("amount", fmt::format("{} is {} over the {}", money(in.amount), money(in.amount - charge.total),
                                         due_breakdown(*instalment, charge, in.paid_on)));

  FeePaymentRow row;
  row.instalment_id = instalment->id;
  row.case_id = instalment->case_id;
  row.slip = in.slip;
  row.amount = in.amount;
  row.principal = instalment->amount;
  row.surcharge = charge.surcharge;
  row.interest = charge.interest;
  row.paid_on = in.paid_on;
  row.collector = in.collector;
  row.txn_id = in.txn_id;
  row.recorded_at = stamp.at;
  row.actor = stamp.actor;
  // The instalment first: under the write lock it is still open, and if it were not, nothing
  // would be written yet.
  if (!store.mark_paid(instalment->id, in.paid_on, in.amount))
    return invalid("slip", fmt::format("{}: the instalment changed while it was being paid", in.slip));
  result.payment_id = store.insert_payment(row);
  result.notices_cancelled =
      NoticeStore(ledger).cancel_pending(instalment->case_id, k_fee_notice_source, in.slip,
                                         fmt::format("paid on {} ({})", in.paid_on.iso(), money(in.amount)), stamp.at);
  ledger.record(stamp, subject::of_case(instalment->ref), "fee-payment",
                JsonObject()
                    .add("slip", in.slip)
                    .add("seq", instalment->seq)
                    .add("amount", in.amount)
                    .add("principal", instalment->amount)
                    .add("surcharge", charge.surcharge)
                    .add("interest", charge.interest)
                    .add("days_late", charge.days_late)
                    .add("paid_on", in.paid_on.iso())
                    .add("collector", in.collector)
                    .add("txn_id", in.txn_id)
                    .add("notices_cancelled", result.notices_cancelled)
                    .str());
  return result;
}

} // namespace epb
