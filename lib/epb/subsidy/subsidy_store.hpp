#pragma once
// The subsidy_application and household_exchange tables (schema version 8). All SQL is here, as
// named constants; callers run inside the transaction of the verb they belong to.
#include "epb/cases/case_query.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/subsidy/subsidy.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// One programme's money: cap (from config), committed = approved and not yet paid, paid.
struct BudgetUse {
  int year = 0;
  ProgrammeKind kind = ProgrammeKind::scrap_only;
  std::int64_t applications = 0; // every application of the programme, whatever its state
  std::int64_t approved = 0;     // approved, not paid
  std::int64_t committed = 0;    // NT$ of those
  std::int64_t paid_count = 0;
  std::int64_t paid = 0; // NT$
};

// An approved, unpaid application: a candidate for the payment engine's next batch.
struct PayableSubsidy {
  std::int64_t case_id = 0;
  std::string ref;
  std::string payee; // the applicant's name on the case
  std::string bank_code;
  std::string account_number;
  std::int64_t amount = 0;
};

// An application awaiting the household check: what the office is sent (ID number and name).
struct HouseholdQuery {
  std::int64_t case_id = 0;
  std::string ref;
  std::string id_number;
  std::string name;
};

struct HouseholdExchange {
  Instant at;
  std::string actor;
  bool export_direction = true; // false: an answer file imported
  std::int64_t records = 0;
  std::string file_sha256;
  std::string file_name;
};

// An earlier application that holds a vehicle or a person a new one names: open (not closed)
// or subsidised (approved or paid). What `epb subsidy import` refuses a dealer's row for.
struct HeldBy {
  std::int64_t case_id = 0;
  std::string ref;
  bool subsidised = false; // approved or paid; else open
};

// What an intake check looks for.
enum class IntakeKey { scrapped_plate, recycling_certificate, new_plate, new_frame, person };

// Which applications a list or export is about: the case filter (state, received dates) and
// the subsidy's own. Unset: no restriction.
struct SubsidyFilter {
  CaseFilter cases;
  std::optional<int> programme_year;
  std::optional<ProgrammeKind> kind;
  std::optional<std::string> dealer_ubn;
  std::optional<std::string> district; // the household check's district
};

// The columns of a whole application for a SELECT list, qualified by `alias`, in the order
// read_subsidy() reads them: as case_columns() and read_case() are for cases (case_query.hpp).
std::string subsidy_columns(std::string_view alias = "");
SubsidyApplication read_subsidy(const sql::Statement& s, int first = 0);

class SubsidyStore {
public:
  explicit SubsidyStore(Ledger& ledger) : m_db(ledger.db()) {}

  std::int64_t insert(const SubsidyApplication& a);
  std::optional<SubsidyApplication> find_by_case(std::int64_t case_id);
  // The application a dealer already sent with this number, if any (batch idempotency).
  std::optional<std::int64_t> find_dealer_application(std::string_view dealer_ubn, std::string_view number);
  // Case ids whose scrapped or new plate is `plate`, newest first.
  std::vector<std::int64_t> cases_by_plate(std::string_view plate);

  // Approval freezes the amount (once: an amount already frozen stays).
  void freeze_amount(std::int64_t case_id, std::int64_t amount, Instant at);
  // The payment engine's result: paid (with the batch), or back to unpaid after a failure.
  void mark_paid(std::int64_t case_id, Instant at, std::string_view batch);
  void clear_paid(std::int64_t case_id);
  void record_correction(std::int64_t case_id, std::string_view missing);
  void set_decision_reason(std::int64_t case_id, std::string_view reason);
  void record_household(std::int64_t case_id, const HouseholdCheck& check);

  // The earlier subsidised (approved or paid) application, other than `case_id`, that makes
  // this one double-dipping: its reference, or none.
  std::optional<std::string> subsidised_scrapped_plate(std::int64_t case_id, std::string_view plate);
  std::optional<std::string> subsidised_certificate(std::int64_t case_id, std::string_view certificate);
  std::optional<std::string> subsidised_new_plate(std::int64_t case_id, std::string_view plate);
  std::optional<std::string> subsidised_new_frame(std::int64_t case_id, std::string_view frame);
  std::optional<std::string> subsidised_person(std::int64_t case_id, std::string_view id, int year);

  // Every programme that has applications, by year and kind; one aggregate over one index.
  std::vector<BudgetUse> budget_use();
  BudgetUse budget_use(int year, ProgrammeKind kind);

  // Approved, unpaid applications (the payment source's candidates), oldest first.
  void for_each_payable(const std::function<void(const PayableSubsidy&)>& visit);

  // Open applications of persons not yet checked, oldest first.
  std::vector<HouseholdQuery> household_pending();
  // The open applications of `id_number` awaiting the check.
  std::vector<std::int64_t> household_pending_for(std::string_view id_number);
  void record_exchange(const HouseholdExchange& exchange);

  // The first application holding `value` (a plate, certificate or frame; for `person` the
  // applicant's ID number in programme year `year`) that is open or subsidised, subsidised
  // ones first.
  std::optional<HeldBy> held_by(IntakeKey key, std::string_view value, int year = 0);

  // The applications `filter` selects, joined to their cases, in the case filter's order;
  // `visit` returns false to stop.
  void for_each(const SubsidyFilter& filter, const std::function<bool(const Case&, const SubsidyApplication&)>& visit);

  // Case ids of every application (check --all), oldest first.
  void for_each_case_id(const std::function<void(std::int64_t)>& visit);

private:
  std::optional<std::string> first_ref(std::string_view sql, std::int64_t case_id, std::string_view value,
                                       std::optional<int> year = std::nullopt);
  sql::Database& m_db;
};

} // namespace epb
