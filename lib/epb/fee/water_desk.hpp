#pragma once
// The water pollution fee verbs `epb fee water` calls, one function each, each one transaction
// (the import runs record() inside its own): a declaration per business and half-year, its
// amendment, payments idempotent by the collector's transaction id, and the arrears on a day.
// Every change is an event of the fee's subject (subject::water_fee).
#include "epb/config/fee_config.hpp"
#include "epb/fee/water_fee.hpp"
#include "epb/fee/water_store.hpp"
#include "epb/ledger/ledger.hpp"

#include <optional>
#include <string>
#include <vector>

namespace epb {

// A declaration as typed on the command line or read from the national system's export,
// before any check. Empty declared_on: the day of the command's clock.
struct WaterDeclarationText {
  std::string ubn;
  std::string business;
  std::string period;
  std::string amount;
  std::string declared_on;
};

// How problems name the fields: the command line's options ("--ubn", "--declared-on") or a
// file's columns ("ubn", "declared_on").
enum class WaterFieldNames { options, columns };

struct WaterDeclaration {
  std::string ubn;
  std::string business;
  WaterPeriod period;
  std::int64_t declared = 0; // whole NT$, truncated
  bool exempt = false;
  Instant declared_at;
  std::string source = "manual"; // or "import"
};

// Checks a declaration without the ledger (an import runs it on its reading thread): the UBN
// and its checksum, the period, the amount (truncated, never negative), the date (not before
// the period is over, not after `now`).
Result<WaterDeclaration> check_water_declaration(const WaterFeeRules& rules, const WaterDeclarationText& text,
                                                 Instant now, WaterFieldNames names);

// What a declaration met in the ledger.
enum class WaterDeclared { added, amended, unchanged };

// A second declaration of a business's half-year with a different amount.
enum class WaterChange {
  refuse, // invalid input naming the way to amend
  amend,  // record the new amount (an "amend" event with both)
};

struct WaterDeclareResult {
  WaterFee fee;
  WaterDeclared outcome = WaterDeclared::added;
  std::int64_t previous = 0; // amended: the amount before
};

struct WaterPayRequest {
  std::string ubn;
  WaterPeriod period;
  std::int64_t amount = 0;
  Date paid_on;
  std::string txn_id;
};

struct WaterPayResult {
  WaterFee fee; // after the payment
  WaterApplied applied;
  std::int64_t interest_owed = 0; // interest on paid_on still unpaid after it
  bool already = false;           // the transaction id was recorded before: nothing changed
};

// One row of the arrears: a fee unpaid on the day asked.
struct WaterArrear {
  WaterFee fee;
  std::int64_t paid = 0; // what payments up to the day gave the fee
  WaterLate late;
};

class WaterDesk {
public:
  WaterDesk(Ledger& ledger, const FeeSettings& fee) : m_ledger(ledger), m_fee(fee), m_store(ledger) {}

  // A business's declaration for a half-year, in one transaction. The same amount again
  // changes nothing; another amount is refused or amended as `change` says.
  Result<WaterDeclareResult> declare(const Stamp& stamp, const WaterDeclaration& declaration, WaterChange change);
  // The same, inside the caller's transaction (the import's).
  Result<WaterDeclareResult> record(const Stamp& stamp, const WaterDeclaration& declaration, WaterChange change);

  // A payment, in one transaction: to the fee first, then the interest due on its day, the rest
  // overpaid (credited below credit_below). A transaction id recorded before with the same fee,
  // amount and day is the payment again (already); with anything else it is refused.
  // Not found: no declaration of the UBN for the period.
  Result<WaterPayResult> pay(const Stamp& stamp, const WaterPayRequest& request);

  // Fees not exempt and unpaid on `as_of` after their due date, by due date, with the
  // interest so far and whether they are fine candidates.
  Result<std::vector<WaterArrear>> arrears(Date as_of);

  WaterStore& store() { return m_store; }

private:
  Ledger& m_ledger;
  const FeeSettings& m_fee;
  WaterStore m_store;
};

} // namespace epb
