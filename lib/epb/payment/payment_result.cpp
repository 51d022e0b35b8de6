#include "epb/payment/payment_result.hpp"

#include "epb/output/json.hpp"
#include "epb/payment/payment_store.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

enum Field : std::size_t { f_batch, f_ref, f_amount, f_status, f_reason, f_paid_on };
constexpr std::array<FieldSpec, 6> k_fields = {{
    {"batch", true},
    {"ref", true},
    {"amount", true},
    {"status", true},
    {"reason", false, TextKind::line},
    {"paid_on", false},
}};

struct ResultRow final : PreparedRow {
  std::string batch;
  std::string ref;
  std::int64_t amount = 0;
  bool paid = false;
  std::string reason;
  std::optional<Date> paid_on;
  bool total_line = false;
};

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

} // namespace

std::span<const FieldSpec> PaymentResultTarget::fields() const { return k_fields; }

bool PaymentResultTarget::ignores(std::string_view column) const {
  return column == "payee" || column == "bank_code" || column == "account";
}

Result<std::unique_ptr<PreparedRow>> PaymentResultTarget::prepare(const FieldValues& row) const {
  auto out = std::make_unique<ResultRow>();
  out->batch = trimmed(row.get(f_batch));
  out->ref = trimmed(row.get(f_ref));
  if (out->batch.empty()) return invalid("batch", "required");
  if (out->ref.empty()) return invalid("ref", "required");
  if (out->ref == "TOTAL") { // the roster's total line, returned with the roster
    out->total_line = true;
    return out;
  }
  auto amount = parse_money(row.get(f_amount));
  if (!amount) return invalid("amount", amount.error().why);
  out->amount = *amount;
  const std::string status = trimmed(row.get(f_status));
  if (status != "paid" && status != "failed")
    return invalid("status",
                   status.empty() ? "required (paid or failed)" : fmt::format("'{}': paid or failed", status));
  out->paid = status == "paid";
  out->reason = trimmed(row.get(f_reason));
  const std::string paid_on = trimmed(row.get(f_paid_on));
  if (out->paid) {
    if (!out->reason.empty()) return invalid("reason", "given for a paid transfer; a reason is for a failed one");
    if (paid_on.empty()) return invalid("paid_on", "required for a paid transfer");
    auto date = parse_date(paid_on);
    if (!date) return invalid("paid_on", date.error().why);
    out->paid_on = *date;
  } else {
    if (out->reason.empty()) return invalid("reason", "required for a failed transfer");
    if (!paid_on.empty()) return invalid("paid_on", "given for a failed transfer");
  }
  return out;
}

Result<RowOutcome> PaymentResultTarget::store(PreparedRow& prepared, OnDuplicate on_duplicate) {
  const auto& row = static_cast<const ResultRow&>(prepared);
  PaymentStore store(m_ledger);
  const auto batch = store.batch_key(row.batch);
  if (!batch) return invalid("batch", fmt::format("{}: no such payment batch", row.batch));
  if (batch->purpose != m_source.purpose())
    return invalid("batch", fmt::format("{} is a {} batch, not {}", row.batch, batch->purpose, m_source.purpose()));
  if (row.total_line) return RowOutcome::skipped;
  auto item = store.item(batch->id, row.ref);
  if (!item) return invalid("ref", fmt::format("{} is not in payment batch {}", row.ref, row.batch));
  if (row.amount != item->amount)
    return invalid("amount",
                   fmt::format("NT${} for {}, but batch {} pays NT${}", row.amount, row.ref, row.batch, item->amount));

  const auto duplicate = [&](std::string what) -> Result<RowOutcome> {
    if (on_duplicate == OnDuplicate::error) return invalid("ref", fmt::format("{}: {} already", row.ref, what));
    return RowOutcome::skipped;
  };
  switch (item->state) {
  case PaymentState::paid:
    if (!row.paid)
      return invalid("status", fmt::format("{} was paid on {} in batch {}; a paid transfer cannot fail", row.ref,
                                           item->paid_on->iso(), row.batch));
    if (*row.paid_on != *item->paid_on)
      return invalid("paid_on", fmt::format("{} was paid on {} in batch {}, not {}", row.ref, item->paid_on->iso(),
                                            row.batch, row.paid_on->iso()));
    return duplicate("recorded as paid");
  case PaymentState::failed:
    if (row.paid)
      return invalid("status", fmt::format("{} in batch {} failed ({}) and is due again; it cannot be paid now",
                                           row.ref, row.batch, item->failure_reason));
    return duplicate("recorded as failed");
  case PaymentState::in_batch: break;
  }
  if (row.paid) {
    // A bank pays after the roster was built, and not in the future.
    const Date built_on = batch->created_at.taipei_date();
    if (*row.paid_on < built_on)
      return invalid("paid_on", fmt::format("{} is before batch {} was built ({})", row.paid_on->iso(), row.batch,
                                            built_on.iso()));
    if (*row.paid_on > m_stamp.at.taipei_date())
      return invalid("paid_on", fmt::format("{} is in the future", row.paid_on->iso()));
    if (auto other = store.paid_in(item->purpose, item->case_id))
      return invalid("ref", fmt::format("{} was paid already in batch {}", row.ref, *other));
  }

  // The item's result and the source's hook together, or neither.
  sql::Transaction savepoint(m_ledger.db());
  const PaymentScope scope{m_ledger, m_stamp};
  item->result_at = m_stamp.at;
  if (row.paid) {
    store.mark_paid(item->id, *row.paid_on, m_stamp.at);
    item->state = PaymentState::paid;
    item->paid_on = row.paid_on;
    if (auto hooked = m_source.on_paid(scope, *item); !hooked) return std::unexpected(hooked.error());
  } else {
    store.mark_failed(item->id, row.reason, m_stamp.at);
    item->state = PaymentState::failed;
    item->failure_reason = row.reason;
    if (auto hooked = m_source.on_failed(scope, *item, row.reason); !hooked) return std::unexpected(hooked.error());
  }
  savepoint.commit();
  Touched& touched = m_touched[batch->id];
  touched.ref = row.batch;
  ++(row.paid ? touched.paid : touched.failed);
  return RowOutcome::imported;
}

void PaymentResultTarget::before_commit() {
  PaymentStore store(m_ledger);
  for (const auto& [batch_id, touched] : m_touched) {
    m_ledger.record(m_stamp, "payment:" + touched.ref, "result",
                    JsonObject().add("paid", touched.paid).add("failed", touched.failed).str());
    if (store.awaiting(batch_id) > 0) continue;
    store.confirm(batch_id, m_stamp.at);
    m_ledger.record(m_stamp, "payment:" + touched.ref, "confirm", "{}");
    m_confirmed.push_back(touched.ref);
  }
  m_touched.clear();
}

} // namespace epb
