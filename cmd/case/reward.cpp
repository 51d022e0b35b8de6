// epb case reward: whistleblower rewards (檢舉獎勵金) decided for a case and paid by bank
// transfer through the payment engine (RewardDesk, RewardPaymentSource: lib/epb/reward/), by
// the pay verbs every purpose shares (payment_verbs.hpp). epb-case(1) REWARDS.
#include "case/verbs.hpp"
#include "commands.hpp"
#include "payment_verbs.hpp"

#include "epb/reward/reward.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace case_reward_verbs {

void add_add(CLI::App& parent, Context& context) {
  auto in = std::make_shared<NewReward>();
  auto* cmd = parent.add_subcommand("add", "Decide a whistleblower reward for a case: payee, ID number, bank "
                                           "account, amount (one per case; paid by `case reward pay`)");
  cmd->add_option("REF", in->case_ref, "the case the reward is for, e.g. PET-113-000042")->required();
  cmd->add_option("--payee", in->payee, "the payee's name, as the bank account is held")->required();
  cmd->add_option("--id-number", in->id_number, "the payee's national ID or resident certificate number")->required();
  cmd->add_option("--bank-code", in->bank_code, "3-digit bank code (004 Bank of Taiwan, 700 Chunghwa Post)")
      ->required();
  cmd->add_option("--account-number", in->account_number, "the payee's account number")->required();
  cmd->add_option("--amount", in->amount, "whole NT$, more than 0 (5000, 5,000, NT$5,000)")->required();
  cmd->add_option("--reason", in->reason, "why it is paid, e.g. the fine the report led to");
  using K = TextKind;
  text_checked(cmd, {{"REF", K::code},
                     {"--payee", K::name},
                     {"--id-number", K::line},
                     {"--bank-code", K::line},
                     {"--account-number", K::line},
                     {"--amount", K::line},
                     {"--reason", K::line}});
  cmd->callback([&context, in] {
    RewardDesk desk(context.ledger());
    const Reward r = value_or_throw(desk.add(context.stamp("case reward add"), *in));
    context.out() << r.ref << '\n';
    context.info(fmt::format("epb: {}: reward of NT${} decided, to be paid to {} ({} {})", r.ref,
                             format_money(r.amount), mask_name(r.payee), r.bank_code,
                             mask_personal(PersonalData::bank_account, r.account_number)));
  });
}

void add_list(CLI::App& parent, Context& context) {
  auto reveal = std::make_shared<bool>(false);
  auto* cmd = parent.add_subcommand("list", "Every reward, oldest decision first: payee and account masked, amount, "
                                            "state (decided, paid), the batch that paid it");
  cmd->add_flag("--reveal-pii", *reveal, "show payees, ID numbers and accounts in full (recorded in the event log)");
  cmd->callback([&context, reveal] {
    const std::vector<Reward> rewards = RewardDesk(context.ledger()).list();
    std::vector<std::string> refs;
    for (const auto& r : rewards)
      refs.push_back(r.ref);
    const Disclosure shown = context.disclosure(*reveal, "case reward list", refs);
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"ref"},
                                   {"payee"},
                                   {"id_number"},
                                   {"bank_code"},
                                   {"account"},
                                   {"amount", Column::Type::integer},
                                   {"state"},
                                   {"decided"},
                                   {"paid_on"},
                                   {"batch"},
                                   {"reason"}});
    for (const auto& r : rewards)
      writer->row({r.ref, shown.show(PersonalData::name, r.payee), shown.show(PersonalData::id_number, r.id_number),
                   r.bank_code, shown.show(PersonalData::bank_account, r.account_number), std::to_string(r.amount),
                   std::string(reward_state_name(r.state)), context.date(r.decided_at.taipei_date()),
                   r.paid_on ? context.date(*r.paid_on) : "", r.payment_batch, r.reason});
    writer->finish();
  });
}

void add_pay(CLI::App& parent, Context& context) {
  auto* pay = parent.add_subcommand("pay", "Reward payment batches: build one and its roster, confirm the bank's "
                                           "result, list, show (epb-payment(5))");
  PaymentVerbs verbs;
  verbs.purpose = "reward";
  verbs.command = "case reward pay";
  verbs.noun = "reward";
  verbs.due = "decided, unpaid reward";
  verbs.nothing_due = "no decided reward awaits payment";
  verbs.none_payable = "the rewards due cannot be paid as they are";
  verbs.confirm_help = "Import the bank's result file: paid marks the reward paid, failed leaves it due again";
  verbs.list_help = "Reward payment batches, newest first, with their results so far";
  verbs.make_source = [](Context&) -> std::unique_ptr<PaymentSource> {
    return std::make_unique<RewardPaymentSource>();
  };
  add_payment_verbs(*pay, context, std::move(verbs));
}

} // namespace case_reward_verbs

void add_case_reward(CLI::App& parent, Context& context) {
  using namespace case_reward_verbs;
  auto* reward = parent.add_subcommand("reward", "Whistleblower rewards (檢舉獎勵金): decide one for a case, list, "
                                                 "pay through the payment engine");
  reward->require_subcommand(1, 1);
  add_add(*reward, context);
  add_list(*reward, context);
  add_pay(*reward, context);
}

} // namespace epb::cli
