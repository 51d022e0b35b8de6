#pragma once
// The water_fee and water_payment tables (schema version 11). All SQL is here, as named
// constants; callers run inside the transaction of the verb they belong to.
#include "epb/ledger/ledger.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// One business's fee for one half-year, as declared to the national system.
struct WaterFee {
  std::int64_t id = 0;
  std::string ubn;
  std::string business;
  std::string period; // "2024-H1"
  std::int64_t declared = 0;
  bool exempt = false;
  Date due;
  std::int64_t paid = 0;         // what payments gave the fee (not their interest); above declared: overpaid
  std::optional<Date> paid_on;   // the day the fee was paid in full
  std::string source = "manual"; // or "import"
  Instant declared_at;
  std::string actor;
};

struct WaterPayment {
  std::int64_t id = 0;
  std::int64_t water_fee_id = 0;
  std::int64_t amount = 0;   // what the payer paid
  std::int64_t interest = 0; // the part of it that paid interest
  Date paid_on;
  std::string txn_id;
  Instant recorded_at;
  std::string actor;
};

class WaterStore {
public:
  explicit WaterStore(Ledger& ledger) : m_ledger(ledger) {}

  std::optional<WaterFee> find(std::string_view ubn, std::string_view period);
  std::optional<WaterFee> find(std::int64_t id);
  std::int64_t insert(const WaterFee& fee); // returns the id
  // A declaration amended: the amount, exemption, business and when and by whom.
  void update_declaration(const WaterFee& fee);
  void update_paid(std::int64_t id, std::int64_t paid, std::optional<Date> paid_on);

  std::optional<WaterPayment> payment_by_txn(std::string_view txn_id);
  std::vector<WaterPayment> payments_of(std::int64_t water_fee_id);
  std::int64_t insert_payment(const WaterPayment& payment);

  // Fees not exempt, due before `as_of`, and unpaid on it: unpaid now (the water_fee_unpaid
  // index), or paid in full only after it; by due date, UBN and period.
  void for_each_unpaid(Date as_of, const std::function<void(const WaterFee&)>& visit);

  std::int64_t max_id();

private:
  Ledger& m_ledger;
};

} // namespace epb
