#pragma once
// The subsidy verbs the `epb subsidy` commands call, one function each, each one transaction.
// Moves go through the case desk with the subsidy kind's guards and entered hooks run in the
// same transaction, so the check and the commit against the budget cannot be split.
#include "epb/cases/case_desk.hpp"
#include "epb/subsidy/eligibility.hpp"
#include "epb/subsidy/subsidy_store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace epb {

// An application and its case together.
struct SubsidyCase {
  Case c;
  SubsidyApplication a;
};

struct SubsidyCheck {
  SubsidyCase application;
  std::vector<RuleFailure> failures; // empty: eligible
};

struct DocumentItem {
  SubsidyDocument document;
  bool missing = false; // named in the documents requested (補件)
};

struct SubsidyReview {
  SubsidyCase application;
  const SubsidyProgramme* programme = nullptr;
  std::int64_t amount = 0; // what approval would pay (or the frozen amount)
  std::vector<DocumentItem> documents;
  std::vector<RuleFailure> failures;
};

struct BudgetLine {
  const SubsidyProgramme* programme = nullptr; // null: applications of a programme no longer configured
  BudgetUse use;
  std::optional<std::int64_t> remaining; // none without a cap
};

// A household office's answer for one application.
struct HouseholdAnswer {
  std::string id_number;
  bool registered = false;
  std::string district;
  std::optional<Date> registered_on;
  int line = 0; // where it was in the answer file
};

// An application checked as `epb subsidy apply` checks it, with nothing written: its case
// (validate_new_case: the service [subsidy].service, the due date) and its subsidy row
// (validate_new_subsidy). `applicant` gets the service and, when it has none, the subject a
// case list shows. Reads no ledger: an import runs it on its reading thread.
Result<SubsidyCase> validate_subsidy_application(const Config& config, const OfficeCalendar& calendar,
                                                 NewCase& applicant, const NewSubsidy& subsidy, Instant now);

class SubsidyDesk {
public:
  SubsidyDesk(Ledger& ledger, const Config& config, const OfficeCalendar& calendar)
      : m_ledger(ledger), m_config(config), m_calendar(calendar), m_desk(ledger, config, calendar), m_store(ledger) {}

  // A new application: its case (service [subsidy].service) and its subsidy row, one
  // transaction. `applicant` holds the person or business; its service is set here.
  Result<Case> apply(const Stamp& stamp, NewCase applicant, const NewSubsidy& subsidy);

  Result<SubsidyCase> find(std::string_view ref);
  Result<SubsidyCheck> check(std::string_view ref);
  // Every application, oldest first.
  void check_all(const std::function<void(const SubsidyCheck&)>& visit);
  Result<SubsidyReview> review(std::string_view ref);

  // 補件: pauses the clock once, recording what is missing.
  Result<Case> request_docs(const Stamp& stamp, std::string_view ref, std::string_view missing);
  // The correction arrived: back to review (refused past the limit unless extended).
  Result<Case> documents_received(const Stamp& stamp, std::string_view ref, std::string_view note);
  Result<Case> approve(const Stamp& stamp, std::string_view ref, std::string_view note);
  Result<Case> reject(const Stamp& stamp, std::string_view ref, std::string_view reason);
  // Any move of the SOP, with the subsidy rules (the generic `case move` after the merge).
  Result<Case> move(const Stamp& stamp, std::string_view ref, std::string_view state, std::string_view note);

  // The payment engine's results: paid moves the case to paid (and queues the paid notice, with
  // the bank's date, default the stamp's); a failure leaves it approved.
  Result<Case> record_paid(const Stamp& stamp, std::string_view ref, std::string_view batch,
                           std::optional<Date> paid_on = std::nullopt);
  Result<void> record_payment_failed(const Stamp& stamp, std::string_view ref, std::string_view reason);

  // What the household office is sent: ID number and name of open applications not checked.
  std::vector<HouseholdQuery> household_queries() { return m_store.household_pending(); }
  // Logs an exchange file (export or import) with its SHA-256.
  void record_exchange(const HouseholdExchange& exchange);
  // Records one answer and re-runs eligibility; not_found for an ID no open application awaits.
  Result<SubsidyCheck> record_household(const Stamp& stamp, const HouseholdAnswer& answer);

  // Progress lookup by the scrapped or new plate and the last 4 digits of the phone: the same
  // not-found for an unknown plate and a wrong factor, attempts limited as in `case lookup`.
  Result<Case> status(const Stamp& stamp, std::string_view plate, std::string_view phone_last4);

  // Every configured programme, then any programme with applications but no config.
  std::vector<BudgetLine> budget();

  CaseDesk& cases() { return m_desk; }

private:
  Result<Case> move_with_rules(const Stamp& stamp, std::string_view ref, std::string_view state, std::string_view note);
  Ledger& m_ledger;
  const Config& m_config;
  const OfficeCalendar& m_calendar;
  CaseDesk m_desk;
  SubsidyStore m_store;
};

} // namespace epb
