// WaterDesk: declarations, payments and arrears of the water pollution fee (water_desk.hpp).
#include "epb/fee/water_desk.hpp"

#include "epb/core/subject.hpp"
#include "epb/core/text.hpp"
#include "epb/io/field_parsers.hpp"
#include "epb/output/json.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

// "declared_on" as a file's column, "--declared-on" as an option.
std::string field_name(WaterFieldNames names, std::string_view column) {
  if (names == WaterFieldNames::columns) return std::string(column);
  std::string option = "--" + std::string(column);
  std::ranges::replace(option, '_', '-');
  return option;
}

std::string money(std::int64_t amount) { return "NT$" + format_money(amount); }

std::vector<WaterPaid> principal_paid(const std::vector<WaterPayment>& payments) {
  std::vector<WaterPaid> paid;
  for (const auto& p : payments)
    paid.push_back(WaterPaid{p.paid_on, p.amount - p.interest});
  return paid;
}

// The day the payments (in paid_on order) first gave the fee `declared`; none while short.
std::optional<Date> paid_in_full_on(const std::vector<WaterPayment>& payments, std::int64_t declared) {
  std::int64_t paid = 0;
  for (const auto& p : payments) {
    paid += p.amount - p.interest;
    if (paid >= declared) return p.paid_on;
  }
  return std::nullopt;
}

// A change dated before the fee's latest event would put its history out of order (an amendment
// before the declaration it amends); the case desk refuses the same (case_desk.cpp check_clock).
Result<void> check_clock(Ledger& ledger, const Stamp& stamp, const std::string& subject, std::string_view what) {
  const auto latest = ledger.latest_event_at(subject, {});
  if (!latest || stamp.at >= *latest) return {};
  return invalid(std::string(what), fmt::format("the clock ({}) is earlier than its latest event ({}); a change "
                                                "cannot be dated before what it follows (check --as-of / EPB_NOW)",
                                                stamp.at.iso(), latest->iso()));
}

} // namespace

Result<WaterDeclaration> check_water_declaration(const WaterFeeRules& rules, const WaterDeclarationText& text,
                                                 Instant now, WaterFieldNames names) {
  WaterDeclaration d;
  auto ubn = parse::business_number(field_name(names, "ubn"), text.ubn);
  if (!ubn) return std::unexpected(ubn.error());
  d.ubn = *ubn;
  d.business = std::string(trim(text.business));
  auto period = parse_water_period(field_name(names, "period"), text.period);
  if (!period) return std::unexpected(period.error());
  d.period = *period;
  auto amount = parse_water_amount(field_name(names, "amount"), text.amount);
  if (!amount) return std::unexpected(amount.error());
  d.declared = *amount;
  d.exempt = water_fee_exempt(rules, d.declared);
  const std::string date_field = field_name(names, "declared_on");
  Date on = now.taipei_date();
  d.declared_at = now;
  if (!trim(text.declared_on).empty()) {
    auto given = parse::date(date_field, trim(text.declared_on));
    if (!given) return std::unexpected(given.error());
    if (*given > now.taipei_date())
      return invalid(date_field,
                     fmt::format("{} is in the future (today is {})", given->iso(), now.taipei_date().iso()));
    on = *given;
    d.declared_at = Instant::taipei_midnight(on);
  }
  // A half-year is declared once it is over: its figures are the period's.
  if (on <= d.period.last_day())
    return invalid(trim(text.declared_on).empty() ? field_name(names, "period") : date_field,
                   fmt::format("{} ends on {}: it cannot be declared on {}", d.period.code(), d.period.last_day().iso(),
                               on.iso()));
  return d;
}

Result<WaterDeclareResult> WaterDesk::declare(const Stamp& stamp, const WaterDeclaration& declaration,
                                              WaterChange change) {
  sql::Transaction transaction(m_ledger.db());
  auto result = record(stamp, declaration, change);
  if (result) transaction.commit();
  return result;
}

Result<WaterDeclareResult> WaterDesk::record(const Stamp& stamp, const WaterDeclaration& d, WaterChange change) {
  const std::string period = d.period.code();
  const std::string subject = subject::water_fee(d.ubn, period);
  WaterDeclareResult result;
  if (auto existing = m_store.find(d.ubn, period)) {
    result.fee = *existing;
    result.previous = existing->declared;
    // The same figures again (a re-sent export, a repeated command): nothing to record.
    const bool same_business = d.business.empty() || d.business == existing->business;
    if (d.declared == existing->declared && (same_business || change == WaterChange::refuse)) {
      result.outcome = WaterDeclared::unchanged;
      return result;
    }
    if (change == WaterChange::refuse)
      return invalid(fmt::format("{} {}", d.ubn, period),
                     fmt::format("already declared {} on {}; this declares {}", money(existing->declared),
                                 existing->declared_at.taipei_date().iso(), money(d.declared)));
    if (auto clock = check_clock(m_ledger, stamp, subject, fmt::format("{} {}", d.ubn, period)); !clock)
      return std::unexpected(clock.error());
    WaterFee amended = *existing;
    if (!d.business.empty()) amended.business = d.business;
    amended.declared = d.declared;
    amended.exempt = d.exempt;
    amended.source = d.source;
    amended.declared_at = d.declared_at;
    amended.actor = stamp.actor;
    // The fee paid in full may be so no longer, or only now, or on an earlier day.
    amended.paid_on = paid_in_full_on(m_store.payments_of(amended.id), amended.declared);
    m_store.update_declaration(amended);
    m_store.update_paid(amended.id, amended.paid, amended.paid_on);
    m_ledger.record(stamp, subject, "amend",
                    JsonObject()
                        .add("from", existing->declared)
                        .add("to", amended.declared)
                        .add("exempt", amended.exempt)
                        .add("business", amended.business)
                        .add("source", amended.source)
                        .add("declared_on", amended.declared_at.taipei_date().iso())
                        .str());
    result.fee = amended;
    result.outcome = WaterDeclared::amended;
    return result;
  }
  WaterFee fee;
  fee.ubn = d.ubn;
  fee.business = d.business;
  fee.period = period;
  fee.declared = d.declared;
  fee.exempt = d.exempt;
  fee.due = d.period.due();
  fee.source = d.source;
  fee.declared_at = d.declared_at;
  fee.actor = stamp.actor;
  fee.id = m_store.insert(fee);
  m_ledger.record(stamp, subject, "declare",
                  JsonObject()
                      .add("declared", fee.declared)
                      .add("exempt", fee.exempt)
                      .add("due", fee.due.iso())
                      .add("business", fee.business)
                      .add("source", fee.source)
                      .add("declared_on", fee.declared_at.taipei_date().iso())
                      .str());
  result.fee = fee;
  result.outcome = WaterDeclared::added;
  return result;
}

Result<WaterPayResult> WaterDesk::pay(const Stamp& stamp, const WaterPayRequest& request) {
  sql::Transaction transaction(m_ledger.db());
  const std::string period = request.period.code();
  auto found = m_store.find(request.ubn, period);
  if (!found)
    return not_found(fmt::format("{} {}", request.ubn, period), "no water pollution fee declared for that half-year");
  WaterFee fee = *found;
  WaterPayResult result;
  if (auto earlier = m_store.payment_by_txn(request.txn_id)) {
    const auto of = m_store.find(earlier->water_fee_id);
    if (earlier->water_fee_id == fee.id && earlier->amount == request.amount && earlier->paid_on == request.paid_on) {
      result.fee = fee;
      result.already = true;
      return result;
    }
    return invalid("--txn",
                   fmt::format("{} is already recorded: {} on {} for {} {}", request.txn_id, money(earlier->amount),
                               earlier->paid_on.iso(), of ? of->ubn : "?", of ? of->period : "?"));
  }
  if (fee.exempt)
    return invalid(fmt::format("{} {}", fee.ubn, period),
                   fmt::format("exempt (declared {}, below {}): nothing to pay", money(fee.declared),
                               money(m_fee.water.exempt_below)));
  if (request.paid_on > stamp.at.taipei_date())
    return invalid("--paid-on", fmt::format("{} is in the future (today is {})", request.paid_on.iso(),
                                            stamp.at.taipei_date().iso()));
  if (request.paid_on <= request.period.last_day())
    return invalid("--paid-on", fmt::format("{} is before {} ended ({})", request.paid_on.iso(), period,
                                            request.period.last_day().iso()));
  if (auto clock =
          check_clock(m_ledger, stamp, subject::water_fee(fee.ubn, period), fmt::format("{} {}", fee.ubn, period));
      !clock)
    return std::unexpected(clock.error());
  const auto payments = m_store.payments_of(fee.id);
  auto late = water_late(m_fee, fee.declared, fee.due, principal_paid(payments), request.paid_on);
  if (!late) return std::unexpected(late.error());
  std::int64_t interest_paid = 0;
  for (const auto& p : payments)
    interest_paid += p.interest;
  const std::int64_t interest_owed = std::max<std::int64_t>(late->interest - interest_paid, 0);
  const std::int64_t unpaid = std::max<std::int64_t>(fee.declared - fee.paid, 0);
  result.applied = apply_water_payment(m_fee.water, request.amount, unpaid, interest_owed);
  result.interest_owed = interest_owed - result.applied.interest;
  fee.paid += request.amount - result.applied.interest;
  m_store.insert_payment(WaterPayment{.water_fee_id = fee.id,
                                      .amount = request.amount,
                                      .interest = result.applied.interest,
                                      .paid_on = request.paid_on,
                                      .txn_id = request.txn_id,
                                      .recorded_at = m_ledger.real_now(),
                                      .actor = stamp.actor});
  fee.paid_on = paid_in_full_on(m_store.payments_of(fee.id), fee.declared);
  m_store.update_paid(fee.id, fee.paid, fee.paid_on);
  m_ledger.record(stamp, subject::water_fee(fee.ubn, period), "pay",
                  JsonObject()
                      .add("txn", request.txn_id)
                      .add("amount", request.amount)
                      .add("paid_on", request.paid_on.iso())
                      .add("fee", result.applied.principal)
                      .add("interest", result.applied.interest)
                      .add("overpaid", result.applied.overpaid)
                      .add("credited", result.applied.credited)
                      .str());
  transaction.commit();
  result.fee = fee;
  return result;
}

Result<std::vector<WaterArrear>> WaterDesk::arrears(Date as_of) {
  std::vector<WaterArrear> rows;
  std::optional<Problem> problem;
  m_store.for_each_unpaid(as_of, [&](const WaterFee& fee) {
    if (problem) return;
    const auto paid = principal_paid(m_store.payments_of(fee.id));
    auto late = water_late(m_fee, fee.declared, fee.due, paid, as_of);
    if (!late) {
      problem = late.error();
      return;
    }
    if (late->unpaid == 0) return;
    rows.push_back(WaterArrear{fee, fee.declared - late->unpaid, *late});
  });
  if (problem) return std::unexpected(*problem);
  return rows;
}

} // namespace epb
