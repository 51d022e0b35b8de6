#pragma once
// A project's statement (對帳單) as of a day: its declarations, instalments, payments (with the
// surcharge and interest each carried), stop-work periods, the settlement's refund or top-up,
// and the balance: what the open instalments cost if paid that day. Reproducible for any as-of.
#include "epb/fee/fee_desk.hpp"
#include "epb/fee/fee_payment_store.hpp"

#include <string>
#include <vector>

namespace epb {

struct StatementLine {
  std::string entry{}; // project, declaration, settlement, refund, topup, instalment, payment, stop, balance
  Date date{};
  std::string item{}; // a slip, the case reference, a level
  std::optional<std::int64_t> amount{};
  std::optional<std::int64_t> principal{};
  std::optional<std::int64_t> surcharge{};
  std::optional<std::int64_t> interest{};
  std::string state{};
  std::string note{};
};

struct FeeStatement {
  std::vector<StatementLine> lines;
  std::int64_t balance = 0; // owed as of the day (open instalments with their late charges)
  std::int64_t refund = 0;  // owed to the payer by the settlement
};

FeeStatement fee_statement(const FeeSettings& fee, const FeeProjectDetail& project,
                           const std::vector<FeePaymentRow>& payments, Date as_of);

} // namespace epb
