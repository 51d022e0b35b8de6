#pragma once
// The fee_project, fee_declaration, fee_instalment and fee_stop tables (migration 11). All SQL
// is here as named constants; callers run inside the transaction of the verb they belong to.
// Payments (fee_payment) are the payment store's (fee_payment_store.hpp).
#include "epb/cases/case_query.hpp"
#include "epb/fee/fee_project.hpp"
#include "epb/ledger/ledger.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// Which projects a list is about: the case filter (state, received dates) and the project's own.
struct FeeProjectFilter {
  CaseFilter cases;
  std::optional<FeeProjectState> state;
  std::optional<std::string> category;
  std::optional<std::string> district;
};

// What a project has been assessed and paid, from its instalments: the sums a settlement and a
// statement start from.
struct FeeAmounts {
  std::int64_t paid = 0;      // principal of paid instalments
  std::int64_t open = 0;      // principal of open instalments
  std::int64_t cancelled = 0; // principal of cancelled instalments
};

class FeeStore {
public:
  explicit FeeStore(Ledger& ledger) : m_db(ledger.db()) {}

  std::int64_t insert_project(const FeeProject& p);
  std::optional<FeeProject> project_by_case(std::int64_t case_id);
  // Case ids of the projects with this permit or contract number, newest first.
  std::vector<std::int64_t> cases_by_permit(std::string_view permit);
  void set_project_state(std::int64_t case_id, FeeProjectState state);

  std::int64_t insert_declaration(const FeeDeclaration& d);
  // A settlement's outcome, known once its instalments are settled (they reference it).
  void set_settlement_result(std::int64_t declaration_id, std::int64_t refund, std::int64_t topup);
  // Every declaration of a case, oldest first (the start declaration, then the settlement).
  std::vector<FeeDeclaration> declarations(std::int64_t case_id);
  std::optional<FeeDeclaration> declaration(std::int64_t case_id, FeeDeclarationKind kind);

  std::int64_t insert_instalment(const FeeInstalment& i);
  // Every instalment of a case, by seq.
  std::vector<FeeInstalment> instalments(std::int64_t case_id);
  std::optional<FeeInstalment> instalment_by_slip(std::string_view slip);
  // The seq the next instalment of the case gets.
  int next_instalment_seq(std::int64_t case_id);
  // An open instalment cancelled (a settlement below what was assessed); `reason` is required.
  void cancel_instalment(std::int64_t instalment_id, std::string_view reason);
  FeeAmounts amounts(std::int64_t case_id);

  // Stop-work periods, oldest first; the open one (at most one) last.
  std::vector<FeeStop> stops(std::int64_t case_id);
  std::optional<FeeStop> open_stop(std::int64_t case_id);
  std::int64_t insert_stop(std::int64_t case_id, Date stopped_on);
  void resume_stop(std::int64_t stop_id, Date resumed_on);

  // The projects `filter` selects, joined to their cases, in the case filter's order; `visit`
  // returns false to stop.
  void for_each(const FeeProjectFilter& filter, const std::function<bool(const Case&, const FeeProject&)>& visit);

private:
  sql::Database& m_db;
};

// Converting stored rows: a period's dates as the fee rules take them.
std::vector<StopPeriod> stop_periods(const std::vector<FeeStop>& stops);

} // namespace epb
