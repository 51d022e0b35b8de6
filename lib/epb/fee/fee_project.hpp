#pragma once
// A construction project as the fee tables hold it (migration 11, DOMAIN.md §6): the project
// registered before work (fee_project), each computation of its fee (fee_declaration: the
// declaration before work, then the settlement), the instalments with their payment slips
// (fee_instalment) and the stop-work periods whose days do not count (fee_stop). The owner's
// name, phone and postal address are the case's applicant; the rows here are keyed by case_id.
#include "epb/fee/decimal.hpp"
#include "epb/fee/fee.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace epb {

enum class FeeOwnerKind { person, company };
std::string_view fee_owner_kind_name(FeeOwnerKind kind);
std::optional<FeeOwnerKind> parse_fee_owner_kind(std::string_view name);

// registered (added, not declared) → declared (fee and schedule issued) → settled (結算).
enum class FeeProjectState { registered, declared, settled };
std::string_view fee_project_state_name(FeeProjectState state);
std::optional<FeeProjectState> parse_fee_project_state(std::string_view name);

struct FeeProject {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string site_address;
  std::string district;
  std::string permit; // building permit or public-works contract number
  FeeOwnerKind owner_kind = FeeOwnerKind::person;
  std::string owner_id; // national ID / resident certificate, or UBN
  std::string contractor;
  std::string contractor_ubn;
  std::string category; // a code of [fee.categories]
  Decimal quantity;     // in the category's basis
  Date planned_start;
  Date planned_end;
  bool public_works = false;
  // Found under way (§5 ¶3): the start the fee counts from (counted back from the discovery, or
  // the approved / permit start); none for works declared before they started.
  std::optional<Date> started_on;
  FeeProjectState state = FeeProjectState::registered;

  // The first day the fee counts: the counted-back or known start, else the planned start.
  Date start() const { return started_on.value_or(planned_start); }
};

enum class FeeDeclarationKind { start, settlement };
std::string_view fee_declaration_kind_name(FeeDeclarationKind kind);

struct FeeDeclaration {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  FeeDeclarationKind kind = FeeDeclarationKind::start;
  std::string category;
  Decimal quantity;
  Date start_date;
  Date end_date;
  int stop_days = 0;
  int days = 0; // counted days (0: untimed category)
  int level = 2;
  Decimal rate;
  Decimal factor{1};
  std::string months; // days / 30 to 6 decimals, for display
  std::int64_t fee = 0;
  bool exempt = false;
  PaymentPlan plan = PaymentPlan::full;
  bool double_rate = false;
  std::string reason;
  std::int64_t refund = 0;
  std::int64_t topup = 0;
  Instant declared_at;
  std::string actor;
};

enum class FeeInstalmentState { open, paid, cancelled };
std::string_view fee_instalment_state_name(FeeInstalmentState state);

struct FeeInstalment {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t declaration_id = 0;
  int seq = 1;
  InstalmentKind kind = InstalmentKind::full;
  std::int64_t amount = 0;
  Date due;
  std::string slip;
  FeeInstalmentState state = FeeInstalmentState::open;
  std::optional<Date> paid_on;
  std::int64_t paid_total = 0;
  std::string cancelled_reason;
};

struct FeeStop {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  Date stopped_on;
  std::optional<Date> resumed_on;
};

} // namespace epb
