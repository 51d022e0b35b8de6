// The pay verbs every payment purpose shares: see payment_verbs.hpp.
#include "payment_verbs.hpp"

#include "commands.hpp"
#include "import_verb.hpp"

#include "epb/payment/payment.hpp"
#include "epb/payment/payment_result.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

namespace epb::cli {
namespace payment_verbs {

using Spec = std::shared_ptr<const PaymentVerbs>;

struct RosterOptions {
  std::string roster;
  std::string ref; // roster-again: the batch
  bool force = false;
  std::size_t limit = 0;
};

BatchRequest request_for(const RosterOptions& o, const ProtectedFiles& protect) {
  // Not standard output: the roster is a file renamed into place once the ledger holds its batch.
  if (o.roster == "-")
    throw ProblemError(
        Problem{Fault::invalid, "--roster", "the roster is written to a file (mode 0600), not to standard output"});
  BatchRequest request;
  request.option = "--roster";
  request.roster_path = o.roster;
  request.protect = &protect;
  request.output.replace = o.force;
  request.max_items = o.limit;
  return request;
}

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// The batch REF of this purpose, or exit 4.
PaymentBatch batch_of(Context& context, const PaymentVerbs& spec, const std::string& ref) {
  auto found = find_payment_batch(context.ledger(), ref);
  if (!found || found->purpose != spec.purpose)
    throw ProblemError(Problem{Fault::not_found, fmt::format("{} payment batch {}", spec.purpose, ref), "not found"});
  return *found;
}

// Nothing due is no failure: a nightly `pay --batch` from cron exits 0 and says so on stderr.
void add_batch(CLI::App& pay, Context& context, const Spec& spec) {
  auto o = std::make_shared<RosterOptions>();
  auto* cmd = pay.add_subcommand(
      "batch", fmt::format("Build a batch of every {} and write its roster (nothing due: says so, exit 0)", spec->due));
  cmd->alias("--batch");
  text_checked(
      cmd->add_option("--roster", o->roster, "the bank file to write (account numbers in full, mode 0600)")->required(),
      TextKind::line);
  cmd->add_flag("--force", o->force, "replace an existing roster file");
  cmd->add_option("--limit", o->limit,
                  fmt::format("at most N {}s, oldest first (the rest wait for the next batch)", spec->noun))
      ->check(whole_number("--limit", 1, std::numeric_limits<std::int64_t>::max()));
  cmd->callback([&context, o, spec] {
    const auto source = spec->make_source(context);
    const ProtectedFiles protect = context.protected_files();
    auto built = build_payment_batch(context.ledger(), *source, context.stamp(spec->command + " batch"),
                                     request_for(*o, protect));
    if (!built && built.error().fault == Fault::not_found) {
      context.info(fmt::format("epb: nothing to pay: {}",
                               built.error().why == "none payable" ? spec->none_payable : spec->nothing_due));
      return;
    }
    const BuiltBatch batch = value_or_throw(std::move(built));
    for (const Problem& p : batch.left_out)
      context.err() << fmt::format("epb: warning: {}: left out of {}: {}\n", p.what, batch.ref, p.why);
    context.out() << batch.ref << '\n';
    context.info(fmt::format("epb: {}: {}, NT${}, roster {}", batch.ref, plural(batch.items, spec->noun),
                             format_money(batch.total), batch.roster_path));
  });
}

// A roster lost, or never renamed into place (a crash after the commit): the same bytes again.
void add_roster_again(CLI::App& pay, Context& context, const Spec& spec) {
  auto o = std::make_shared<RosterOptions>();
  auto* cmd = pay.add_subcommand("roster-again", "Write a batch's roster again, byte for byte as built");
  cmd->alias("--roster-again");
  text_checked(cmd->add_option("REF", o->ref, "the batch, e.g. PAY-107-0001")->required(), TextKind::code);
  text_checked(cmd->add_option("--roster", o->roster, "the file to write (mode 0600)")->required(), TextKind::line);
  cmd->add_flag("--force", o->force, "replace an existing file");
  cmd->callback([&context, o, spec] {
    const ProtectedFiles protect = context.protected_files();
    const PaymentBatch found = batch_of(context, *spec, o->ref);
    value_or_throw(write_payment_roster(context.ledger(), context.stamp(spec->command + " roster-again"), o->ref,
                                        request_for(*o, protect)));
    context.info(fmt::format("epb: {}: roster written again to {}", found.ref, o->roster));
  });
}

// What one confirm works with, kept until the run ends: its target says which batches it confirmed.
struct ConfirmRun {
  ConfirmRun(Context& c, const PaymentVerbs& spec)
      : source(spec.make_source(c)), stamp(c.stamp(spec.command + " confirm")), target(c.ledger(), *source, stamp) {}
  std::unique_ptr<PaymentSource> source;
  Stamp stamp;
  PaymentResultTarget target;
};

// The bank's result file through the one import verb: all or nothing unless --skip-invalid.
// `run` receives the run's target, so `pay` can say which batches the committed run confirmed.
void add_confirm(CLI::App& pay, Context& context, const Spec& spec, std::shared_ptr<std::shared_ptr<ConfirmRun>> run) {
  ImportVerb verb;
  verb.name = "confirm";
  verb.help = spec->confirm_help;
  verb.file_help = "the result file (epb-payment(5)), or - for standard input";
  verb.commit_every = false; // a confirm is none or whole
  verb.make_target = [run, spec](Context& c, const ImportRun&) -> std::shared_ptr<ImportTarget> {
    *run = std::make_shared<ConfirmRun>(c, *spec);
    return std::shared_ptr<ImportTarget>(*run, &(*run)->target);
  };
  add_import_verb(pay, context, std::move(verb))->alias("--confirm");
}

void add_list(CLI::App& pay, Context& context, const Spec& spec) {
  auto* cmd = pay.add_subcommand("list", spec->list_help);
  cmd->alias("--list");
  cmd->callback([&context, spec] {
    using T = Column::Type;
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"batch"},
                                   {"state"},
                                   {"created"},
                                   {"items", T::integer},
                                   {"total", T::integer},
                                   {"awaiting", T::integer},
                                   {"paid", T::integer},
                                   {"paid_total", T::integer},
                                   {"failed", T::integer},
                                   {"roster"}});
    for (const PaymentBatch& b : list_payment_batches(context.ledger(), spec->purpose))
      writer->row({b.ref, std::string(batch_state_name(b.state)), context.date(b.created_at.taipei_date()),
                   std::to_string(b.item_count), std::to_string(b.total), std::to_string(b.awaiting),
                   std::to_string(b.paid), std::to_string(b.paid_total), std::to_string(b.failed), b.roster_file});
    writer->finish();
  });
}

void add_show(CLI::App& pay, Context& context, const Spec& spec) {
  auto o = std::make_shared<std::pair<std::string, bool>>();
  auto* cmd = pay.add_subcommand("show", "One batch's items: payee, account (masked), amount, result");
  cmd->alias("--show");
  text_checked(cmd->add_option("REF", o->first, "the batch, e.g. PAY-107-0001")->required(), TextKind::code);
  cmd->add_flag("--reveal-pii", o->second, "show payees and account numbers in full (recorded in the event log)");
  cmd->callback([&context, o, spec] {
    const PaymentBatch batch = batch_of(context, *spec, o->first);
    const auto items = payment_batch_items(context.ledger(), batch.id, AccountShown::full);
    std::vector<std::string> refs;
    for (const auto& item : items)
      refs.push_back(item.ref);
    const Disclosure shown = context.disclosure(o->second, spec->command + " show", refs);
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"batch"},
                                   {"ref"},
                                   {"payee"},
                                   {"bank_code"},
                                   {"account"},
                                   {"amount", Column::Type::integer},
                                   {"state"},
                                   {"paid_on"},
                                   {"reason"}});
    for (const auto& item : items)
      writer->row({item.batch_ref, item.ref, shown.show(PersonalData::name, item.payee), item.bank_code,
                   shown.show(PersonalData::bank_account, item.account), std::to_string(item.amount),
                   std::string(payment_state_name(item.state)), item.paid_on ? context.date(*item.paid_on) : "",
                   item.failure_reason});
    writer->finish();
  });
}

} // namespace payment_verbs

void add_payment_verbs(CLI::App& pay, Context& context, PaymentVerbs verbs) {
  using namespace payment_verbs;
  const auto spec = std::make_shared<const PaymentVerbs>(std::move(verbs));
  pay.require_subcommand(1, 1);
  auto confirm = std::make_shared<std::shared_ptr<ConfirmRun>>();
  add_batch(pay, context, spec);
  add_confirm(pay, context, spec, confirm);
  add_roster_again(pay, context, spec);
  add_list(pay, context, spec);
  add_show(pay, context, spec);
  // Runs after the sub-verb, and only when it succeeded: a confirm's batches are committed then
  // (before_commit() names them only for a run that commits; a dry run names none).
  pay.callback([&context, confirm] {
    if (!*confirm) return;
    for (const auto& ref : (*confirm)->target.confirmed())
      context.info(fmt::format("epb: {} confirmed: every item has its result", ref));
    confirm->reset();
  });
}

} // namespace epb::cli
