// epb fee water: the water pollution control fee (水污染防治費) the city tracks per business and
// half-year: declare, pay, arrears and the import of the national system's declaration export.
// Each verb calls one WaterDesk function (lib/epb/fee/water_desk.hpp).
#include "commands.hpp"
#include "fee_verbs.hpp"
#include "import_verb.hpp"

#include "epb/core/text.hpp"
#include "epb/fee/water_desk.hpp"
#include "epb/fee/water_import.hpp"
#include "epb/io/field_parsers.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace fee_water_verbs {

std::string money(std::int64_t amount) { return "NT$" + format_money(amount); }

struct DeclareOptions {
  WaterDeclarationText text;
  bool amend = false;
};

void add_declare(CLI::App& water, Context& context) {
  auto o = std::make_shared<DeclareOptions>();
  auto* cmd = water.add_subcommand("declare", "Record a business's declared fee for a half-year (the same "
                                              "amount again changes nothing; another needs --amend)");
  cmd->add_option("--ubn", o->text.ubn, "the business's uniform business number (統一編號)")->required();
  cmd->add_option("--period", o->text.period, "the half-year: YYYY-H1 (Jan–Jun) or YYYY-H2, or ROC (113-H1)")
      ->required();
  cmd->add_option("--amount", o->text.amount, "the declared fee in NT$; decimals are truncated, never rounded")
      ->required();
  cmd->add_option("--business", o->text.business, "the business's name");
  cmd->add_option("--declared-on", o->text.declared_on, "the day it was declared, ISO or ROC (default: the clock)");
  cmd->add_flag("--amend", o->amend, "replace a different amount declared before (recorded as an amendment)");
  text_checked(cmd, {{"--ubn", TextKind::code},
                     {"--period", TextKind::code},
                     {"--amount", TextKind::code},
                     {"--business", TextKind::name},
                     {"--declared-on", TextKind::code}});
  cmd->callback([&context, o] {
    const Stamp stamp = context.stamp("fee water declare");
    const FeeSettings& fee = context.config().fee;
    const WaterDeclaration declaration =
        value_or_throw(check_water_declaration(fee.water, o->text, stamp.at, WaterFieldNames::options));
    WaterDesk desk(context.ledger(), fee);
    auto declared = desk.declare(stamp, declaration, o->amend ? WaterChange::amend : WaterChange::refuse);
    if (!declared && !o->amend && declared.error().fault == Fault::invalid)
      declared.error().why += " (--amend records the change)";
    const WaterDeclareResult result = value_or_throw(std::move(declared));
    const WaterFee& f = result.fee;
    const std::string exempt =
        f.exempt ? fmt::format(", exempt (below {}): nothing to pay", money(fee.water.exempt_below)) : "";
    switch (result.outcome) {
    case WaterDeclared::added:
      context.info(fmt::format("epb: {} {} declared: {}, due {}{}", f.ubn, f.period, money(f.declared),
                               context.date(f.due), exempt));
      break;
    case WaterDeclared::amended:
      context.info(fmt::format("epb: {} {} amended: {} (was {}), due {}{}", f.ubn, f.period, money(f.declared),
                               money(result.previous), context.date(f.due), exempt));
      break;
    case WaterDeclared::unchanged:
      context.info(fmt::format("epb: {} {} already declared: {}, unchanged", f.ubn, f.period, money(f.declared)));
      break;
    }
  });
}

struct PayOptions {
  std::string ubn;
  std::string period;
  std::string amount;
  std::string paid_on;
  std::string txn;
};

void add_pay(CLI::App& water, Context& context) {
  auto o = std::make_shared<PayOptions>();
  auto* cmd = water.add_subcommand("pay", "Record a payment of a business's fee for a half-year (idempotent by --txn)");
  cmd->add_option("--ubn", o->ubn, "the business's uniform business number")->required();
  cmd->add_option("--period", o->period, "the half-year: YYYY-H1 or YYYY-H2, or ROC (113-H1)")->required();
  cmd->add_option("--amount", o->amount, "what was paid, whole NT$ (the fee first, then its interest)")->required();
  cmd->add_option("--paid-on", o->paid_on, "the day it was paid, ISO or ROC")->required();
  cmd->add_option("--txn", o->txn, "the collector's transaction id (the same id again records nothing)")->required();
  text_checked(cmd, {{"--ubn", TextKind::code},
                     {"--period", TextKind::code},
                     {"--amount", TextKind::code},
                     {"--paid-on", TextKind::code},
                     {"--txn", TextKind::code}});
  cmd->callback([&context, o] {
    WaterPayRequest request;
    request.ubn = value_or_throw(parse::business_number("--ubn", o->ubn));
    request.period = value_or_throw(parse_water_period("--period", o->period));
    request.amount = value_or_throw(parse::money("--amount", o->amount));
    if (request.amount == 0) throw ProblemError(Problem{Fault::invalid, "--amount", "must be more than 0"});
    request.paid_on = parse_date_option("--paid-on", o->paid_on);
    request.txn_id = std::string(trim(o->txn));
    if (request.txn_id.empty()) throw ProblemError(Problem{Fault::invalid, "--txn", "must not be empty"});
    const FeeSettings& fee = context.config().fee;
    WaterDesk desk(context.ledger(), fee);
    const WaterPayResult paid = value_or_throw(desk.pay(context.stamp("fee water pay"), request));
    const WaterFee& f = paid.fee;
    if (paid.already) {
      context.info(fmt::format("epb: {} {}: payment {} already recorded, unchanged", f.ubn, f.period, request.txn_id));
      return;
    }
    std::string news = fmt::format("epb: {} {}: paid {} (fee {}, interest {})", f.ubn, f.period, money(request.amount),
                                   money(paid.applied.principal), money(paid.applied.interest));
    if (f.paid < f.declared) news += fmt::format("; {} of the fee still unpaid", money(f.declared - f.paid));
    if (paid.interest_owed > 0) news += fmt::format("; interest {} still owed", money(paid.interest_owed));
    if (paid.applied.overpaid > 0)
      news += paid.applied.credited ? fmt::format("; overpaid {}: credited, not refunded (below {})",
                                                  money(paid.applied.overpaid), money(fee.water.credit_below))
                                    : fmt::format("; overpaid {}: to be refunded", money(paid.applied.overpaid));
    context.info(news);
  });
}

const std::vector<Column> k_arrears_columns = {
    {"ubn"},
    {"business"},
    {"period"},
    {"declared", Column::Type::integer},
    {"paid", Column::Type::integer},
    {"unpaid", Column::Type::integer},
    {"due"},
    {"days_late", Column::Type::integer},
    {"postal_rate"},
    {"interest", Column::Type::integer},
    {"interest_waived", Column::Type::boolean},
    {"fine_candidate", Column::Type::boolean},
};

void add_arrears(CLI::App& water, Context& context) {
  auto* cmd = water.add_subcommand("arrears", "Fees unpaid after their due date on the day of the clock (--as-of), "
                                              "with the interest so far and the fine candidates");
  cmd->callback([&context] {
    const Date as_of = context.now().taipei_date();
    WaterDesk desk(context.ledger_after_config(), context.config().fee);
    const auto rows = value_or_throw(desk.arrears(as_of));
    const Format format = context.format();
    const bool table = format == Format::table;
    auto writer = make_row_writer(format, context.out(), k_arrears_columns);
    const auto yes_no = [&](bool value) -> std::string {
      return table ? (value ? "yes" : "no") : (value ? "true" : "false");
    };
    for (const WaterArrear& a : rows)
      writer->row({a.fee.ubn, a.fee.business, a.fee.period, std::to_string(a.fee.declared), std::to_string(a.paid),
                   std::to_string(a.late.unpaid), context.date(a.fee.due), std::to_string(a.late.days_late),
                   a.late.postal_rate ? a.late.postal_rate->str() : std::string(), std::to_string(a.late.interest),
                   yes_no(a.late.waived), yes_no(a.late.fine_candidate)});
    writer->finish();
  });
}

// The target and the desk it stores through, alive for the run.
struct WaterImport {
  WaterImport(Context& context, const ImportRun&)
      : target(context.ledger_after_config(), context.config().fee, context.stamp("fee water import")) {}
  WaterImportTarget target;
};

std::vector<std::pair<std::string, std::string>> aliases() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [column, field] : water_import_aliases())
    out.emplace_back(column, field);
  return out;
}

void add_import(CLI::App& water, Context& context) {
  add_import_verb(water, context,
                  ImportVerb{
                      .help = "Import the national system's declaration export: validated, all-or-nothing, "
                              "idempotent by UBN and period",
                      .file_help =
                          "the export, or - for standard input; columns 統一編號 or ubn, 事業名稱 or business, "
                          "申報期別 or period, 申報金額 or amount, 申報日期 or declared_on",
                      .aliases = aliases(),
                      .make_target = [](Context& run_context, const ImportRun& run) -> std::shared_ptr<ImportTarget> {
                        auto owner = std::make_shared<WaterImport>(run_context, run);
                        return std::shared_ptr<ImportTarget>(owner, &owner->target);
                      },
                  });
}

} // namespace fee_water_verbs

void add_fee_water(CLI::App& parent, Context& context) {
  // Qualified: in a unity batch other files' anonymous add_pay and add_arrears are visible too.
  auto* water = parent.add_subcommand("water", "Water pollution fee (水污染防治費): declare, pay, arrears, import");
  water->require_subcommand(1);
  fee_water_verbs::add_declare(*water, context);
  fee_water_verbs::add_pay(*water, context);
  fee_water_verbs::add_arrears(*water, context);
  fee_water_verbs::add_import(*water, context);
}

} // namespace epb::cli
