// epb fee pay | import-payments | arrears: payments of the construction fee at the counter and
// from collection files (through the one import verb), and what is owed as of a day
// (lib/epb/fee/fee_payments.hpp, fee_arrears.hpp; man epb-fee(1), PAYMENTS and ARREARS).
#include "commands.hpp"
#include "fee_verbs.hpp"
#include "import_verb.hpp"

#include "epb/fee/fee_arrears.hpp"
#include "epb/fee/fee_payments.hpp"
#include "epb/fee/fee_statement.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace {

struct PayArgs {
  std::string slip;
  std::string amount;
  std::string paid_on;
  std::string collector;
  std::string txn;
};

std::int64_t amount_option(std::string_view option, std::string_view text) {
  auto amount = parse_money(text);
  if (!amount) throw ProblemError(Problem{Fault::invalid, std::string(option), amount.error().why});
  if (*amount <= 0) throw ProblemError(Problem{Fault::invalid, std::string(option), "must be more than 0"});
  return *amount;
}

void add_pay(CLI::App& fee, Context& context) {
  auto a = std::make_shared<PayArgs>();
  auto* cmd = fee.add_subcommand("pay", "Record a payment of an instalment by its slip: the amount must equal what "
                                        "was due on the day paid (principal + surcharge + interest)");
  text_checked(cmd->add_option("SLIP", a->slip, "the payment slip number (12 digits)")->required(), TextKind::code);
  text_checked(cmd->add_option("--amount", a->amount, "NT$ paid (12000, 12,000, NT$12,000)")->required(),
               TextKind::line);
  text_checked(
      cmd->add_option("--paid-on", a->paid_on, "the day the payer paid, ISO or ROC (not in the future)")->required(),
      TextKind::line);
  text_checked(cmd->add_option("--collector", a->collector, "who took the payment (default: counter)"), TextKind::code);
  text_checked(cmd->add_option("--txn", a->txn,
                               "the collector's transaction id (default for the counter: "
                               "SLIP-YYYYMMDD, so a payment keyed in twice is recorded once)"),
               TextKind::code);
  cmd->callback([&context, a] {
    FeePaymentInput in;
    in.slip = a->slip;
    in.amount = amount_option("--amount", a->amount);
    in.paid_on = parse_date_option("--paid-on", a->paid_on);
    in.collector = a->collector.empty() ? std::string(k_counter_collector) : a->collector;
    if (!a->txn.empty())
      in.txn_id = a->txn;
    else if (in.collector == k_counter_collector)
      in.txn_id = counter_txn_id(in.slip, in.paid_on);
    else
      throw ProblemError(Problem{Fault::invalid, "--txn", fmt::format("required with --collector {}", in.collector)});
    const Stamp stamp = context.stamp("fee pay");
    auto result = apply_fee_payment(context.ledger_after_config(), context.config().fee, stamp, in);
    if (!result) { // the library names the field; here it is an option
      Problem p = result.error();
      if (p.what == "amount") p.what = "--amount";
      if (p.what == "paid_on") p.what = "--paid-on";
      if (p.what == "txn_id") p.what = "--txn";
      throw ProblemError(std::move(p));
    }
    const FeePaymentResult& paid = *result;
    using T = Column::Type;
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"slip"},
                                   {"ref"},
                                   {"seq", T::integer},
                                   {"outcome"},
                                   {"amount", T::integer},
                                   {"principal", T::integer},
                                   {"surcharge", T::integer},
                                   {"interest", T::integer},
                                   {"days_late", T::integer},
                                   {"paid_on"},
                                   {"collector"},
                                   {"txn_id"},
                                   {"notices_cancelled", T::integer}});
    const bool applied = paid.outcome == FeePaymentOutcome::applied;
    writer->row(
        {in.slip, paid.instalment.ref, std::to_string(paid.instalment.seq), applied ? "applied" : "already_recorded",
         std::to_string(in.amount), applied ? std::to_string(paid.instalment.amount) : "",
         applied ? std::to_string(paid.charge.surcharge) : "", applied ? std::to_string(paid.charge.interest) : "",
         applied ? std::to_string(paid.charge.days_late) : "", context.date(in.paid_on), in.collector, in.txn_id,
         std::to_string(paid.notices_cancelled)});
    writer->finish();
    if (!applied)
      context.info(
          fmt::format("epb: {}: {} of {} was recorded already; nothing changed", in.slip, in.txn_id, in.collector));
  });
}

// A collection file through the one import verb (--layout for fixed-width bank files).
struct PaymentImportRun {
  PaymentImportRun(Context& c, const FixedWidthLayout* layout)
      : stamp(c.stamp("fee import-payments")), target(c.ledger_after_config(), c.config().fee, stamp, layout) {}
  Stamp stamp;
  FeePaymentTarget target;
};

void add_import_payments(CLI::App& fee, Context& context) {
  ImportVerb spec;
  spec.name = "import-payments";
  spec.help = "Import a bank's or convenience-store chain's collection file (CSV, TSV, JSON lines, or fixed-width "
              "with --layout): unmatched, short and over payments are invalid rows";
  spec.file_help = "the collection file (epb-fee(1), PAYMENTS), or - for standard input";
  spec.mapping = true;
  spec.on_duplicate = false; // a payment recorded already is skipped: a file imported twice changes nothing
  spec.layout = [](Context& c, std::string_view code, std::string& known) -> const FixedWidthLayout* {
    for (const auto& layout : c.config().fee.layouts)
      known += (known.empty() ? "" : ", ") + layout.code;
    return c.config().fee.layout(code);
  };
  spec.make_target = [](Context& c, const ImportRun& run) -> std::shared_ptr<ImportTarget> {
    auto owner = std::make_shared<PaymentImportRun>(c, run.layout);
    return std::shared_ptr<ImportTarget>(owner, &owner->target);
  };
  add_import_verb(fee, context, std::move(spec));
}

void add_arrears(CLI::App& fee, Context& context) {
  auto count_only = std::make_shared<bool>(false);
  auto* cmd = fee.add_subcommand("arrears", "Every unpaid instalment past due as of today (--as-of): days late, "
                                            "surcharge, interest, total due, next dunning stage, referral");
  cmd->add_flag("--count", *count_only, "print only how many instalments are late");
  cmd->callback([&context, count_only] {
    const Config& config = context.config();
    const Date as_of = context.now().taipei_date();
    DunningStages stages(config.notify, context.calendar(), config.fee.service);
    if (*count_only) {
      const ArrearsSummary summary = fee_arrears(context.ledger(), config.fee, stages, as_of, [](const ArrearsRow&) {});
      context.out() << summary.count << '\n';
      return;
    }
    using T = Column::Type;
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"ref"},
                                   {"slip"},
                                   {"seq", T::integer},
                                   {"principal", T::integer},
                                   {"due"},
                                   {"days_late", T::integer},
                                   {"surcharge_days", T::integer},
                                   {"surcharge", T::integer},
                                   {"interest_days", T::integer},
                                   {"postal_rate"},
                                   {"interest", T::integer},
                                   {"total", T::integer},
                                   {"next_stage"},
                                   {"next_stage_on"},
                                   {"referral", T::boolean}});
    const ArrearsSummary summary = fee_arrears(context.ledger(), config.fee, stages, as_of, [&](const ArrearsRow& r) {
      const LateCharge& c = r.charge;
      writer->row({r.ref, r.slip, std::to_string(r.seq), std::to_string(r.principal), context.date(r.due),
                   std::to_string(c.days_late), std::to_string(c.surcharge_days), std::to_string(c.surcharge),
                   std::to_string(c.interest_days), c.postal_rate ? c.postal_rate->str() : "",
                   std::to_string(c.interest), std::to_string(c.total), r.next_stage,
                   r.next_stage_on ? context.date(*r.next_stage_on) : "", r.referral ? "true" : "false"});
    });
    writer->finish();
    if (context.format() == Format::table)
      context.info(fmt::format("epb: {} late instalment{} as of {}: principal NT${}, total due NT${}; {} for referral",
                               summary.count, summary.count == 1 ? "" : "s", context.date(as_of),
                               format_money(summary.principal), format_money(summary.total), summary.referrals));
  });
}

void add_statement(CLI::App& fee, Context& context) {
  auto project = std::make_shared<std::string>();
  auto* cmd = fee.add_subcommand("statement", "One project's statement as of today (--as-of): declarations, "
                                              "instalments, payments, stops, refund or top-up, balance");
  text_checked(
      cmd->add_option("PROJECT", *project, "the case number (CFD-115-000001) or the permit number")->required(),
      TextKind::line);
  cmd->callback([&context, project] {
    const Date as_of = context.now().taipei_date();
    FeeDesk desk(context.ledger_after_config(), context.config(), context.calendar());
    const FeeProjectDetail detail = value_or_throw(desk.detail(*project));
    const auto payments = FeePaymentStore(context.ledger()).payments_of_case(detail.c.id);
    const FeeStatement statement = fee_statement(context.config().fee, detail, payments, as_of);
    using T = Column::Type;
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"entry"},
                                   {"date"},
                                   {"item"},
                                   {"amount", T::integer},
                                   {"principal", T::integer},
                                   {"surcharge", T::integer},
                                   {"interest", T::integer},
                                   {"state"},
                                   {"note"}});
    const auto number = [](const std::optional<std::int64_t>& n) { return n ? std::to_string(*n) : std::string(); };
    for (const StatementLine& l : statement.lines)
      writer->row({l.entry, context.date(l.date), l.item, number(l.amount), number(l.principal), number(l.surcharge),
                   number(l.interest), l.state, l.note});
    writer->finish();
    if (context.format() == Format::table)
      context.info(fmt::format(
          "epb: {} as of {}: owed NT${}{}", detail.c.ref, context.date(as_of), format_money(statement.balance),
          statement.refund > 0 ? fmt::format(", refund NT${}", format_money(statement.refund)) : ""));
  });
}

} // namespace

void add_fee_payments(CLI::App& parent, Context& context) {
  add_pay(parent, context);
  add_import_payments(parent, context);
  add_arrears(parent, context);
  add_statement(parent, context);
}

} // namespace epb::cli
