// Collection files through the import engine (FeePaymentTarget, fee_payments.hpp).
#include "epb/fee/fee_payments.hpp"
#include "epb/io/field_parsers.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

enum Field : std::size_t { f_slip, f_amount, f_paid_on, f_txn_id, f_collector };
constexpr std::array<FieldSpec, 5> k_fields = {{
    {"slip", true, TextKind::code},
    {"amount", true},
    {"paid_on", true},
    {"txn_id", true, TextKind::code},
    {"collector", false, TextKind::code},
}};

struct PaymentRow final : PreparedRow {
  FeePaymentInput input;
};

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// Fixed-width layouts write dates without separators: YYYYMMDD (iso) or YYYMMDD (roc, which
// parse::date reads as it is).
std::string date_text(std::string text, const FixedWidthLayout* layout) {
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (layout && layout->date_format == "iso" && digits && text.size() == 8)
    return text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2);
  return text;
}

} // namespace

std::span<const FieldSpec> FeePaymentTarget::fields() const { return k_fields; }

Result<std::unique_ptr<PreparedRow>> FeePaymentTarget::prepare(const FieldValues& row) const {
  auto out = std::make_unique<PaymentRow>();
  FeePaymentInput& in = out->input;
  in.slip = trimmed(row.get(f_slip));
  if (auto slip = check_payment_slip(in.slip); !slip) return invalid("slip", slip.error().why);
  auto amount = parse::money("amount", trimmed(row.get(f_amount)));
  if (!amount) return std::unexpected(amount.error());
  if (*amount <= 0) return invalid("amount", "must be more than 0");
  in.amount = *amount;
  auto paid_on = parse::date("paid_on", date_text(trimmed(row.get(f_paid_on)), m_layout));
  if (!paid_on) return std::unexpected(paid_on.error());
  in.paid_on = *paid_on;
  in.txn_id = trimmed(row.get(f_txn_id));
  if (in.txn_id.empty()) return invalid("txn_id", "required");
  in.collector = trimmed(row.get(f_collector));
  if (in.collector.empty() && m_layout) in.collector = m_layout->collector;
  if (in.collector.empty())
    return invalid("collector", m_layout ? fmt::format("required (layout {} names none)", m_layout->code)
                                         : "required (or import with --layout, whose collector it is)");
  return out;
}

Result<RowOutcome> FeePaymentTarget::store(PreparedRow& prepared, OnDuplicate on_duplicate) {
  const auto& in = static_cast<const PaymentRow&>(prepared).input;
  auto applied = apply_fee_payment_in_transaction(m_ledger, m_fee, m_stamp, in);
  if (!applied) return std::unexpected(applied.error());
  if (applied->outcome == FeePaymentOutcome::already_recorded) {
    if (on_duplicate == OnDuplicate::error)
      return invalid("txn_id", fmt::format("{} of {} was recorded already", in.txn_id, in.collector));
    return RowOutcome::skipped;
  }
  added(applied->payment_id);
  return RowOutcome::imported;
}

} // namespace epb
