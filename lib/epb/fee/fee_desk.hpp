#pragma once
// The fee verbs on a construction project, one function each, each one transaction: register a
// project (its case opened through the case desk with the fee kind's rules), declare it (the fee,
// the schedule, the slips; the case approved), stop and resume work, settle on actual figures.
// Every change appends an event to the project's case history. The fee rules are fee.hpp's.
#include "epb/cases/case_desk.hpp"
#include "epb/fee/fee.hpp"
#include "epb/fee/fee_store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace epb {

// A project as typed at the counter: raw text, validated by validate_new_fee_project().
struct NewFeeProject {
  std::string channel = "in_person";
  std::string received;              // empty: the clock
  std::string owner_kind = "person"; // person (ID number) or company (UBN)
  std::string owner_name;
  std::string owner_id; // national ID / resident certificate, or the company's UBN
  std::string phone;
  std::string email;
  std::string address; // the owner's postal address (notices go there)
  std::string site_address;
  std::string district; // empty: from the site address
  std::string permit;   // building permit or public-works contract number
  std::string contractor;
  std::string contractor_ubn;
  std::string category;
  std::string quantity;
  std::string planned_start;
  std::string planned_end;
  bool public_works = false;
  // Found under way (§5 ¶3): the discovery date and what the start is counted back by, or the
  // start when the permit or approved start is known.
  std::string found_on;
  int floors_above = 0;
  int basements = 0;
  bool miscellaneous = false;
  std::string started_on;
};

struct FeeProjectCase {
  Case c;
  FeeProject p;
};

// Everything `epb fee project show` prints.
struct FeeProjectDetail {
  Case c;
  FeeProject p;
  std::vector<FeeDeclaration> declarations;
  std::vector<FeeInstalment> instalments;
  std::vector<FeeStop> stops;
};

struct FeeDeclareInput {
  std::string plan = "full";                 // full, halves or instalments
  std::vector<std::string> instalment_dates; // instalments: the dates the city set
};

struct FeeSettleInput {
  std::string quantity;
  std::string end;
  bool double_rate = false;
  std::string reason; // required with double_rate
};

// What a declaration or a settlement computed and wrote.
struct FeeAssessment {
  Case c;
  FeeProject p;
  FeeQuote quote;
  FeeDeclaration declaration;
  std::vector<FeeInstalment> issued;    // new instalments, with their slips
  std::vector<FeeInstalment> cancelled; // settlement: open instalments beyond the settled fee
};

// The project's case and fee_project row as `epb fee project add` would store them, nothing
// written: the case through validate_new_case (service [fee].service), the row's fields checked
// (owner ID or UBN, contractor UBN, category, quantity, dates, the counted-back start).
Result<std::pair<NewCase, FeeProject>> validate_new_fee_project(const Config& config, const NewFeeProject& input,
                                                                Date today);

// The ROC year and the sequence of a case reference (CFD-115-000042 → 115, 42): the slip's.
Result<std::pair<int, std::int64_t>> case_ref_parts(std::string_view ref);

class FeeDesk {
public:
  FeeDesk(Ledger& ledger, const Config& config, const OfficeCalendar& calendar)
      : m_ledger(ledger), m_config(config), m_desk(ledger, config, calendar), m_store(ledger) {}

  Result<FeeProjectCase> add_project(const Stamp& stamp, const NewFeeProject& input);
  // PROJECT: the case reference (CFD-115-000001) or the permit / contract number.
  Result<FeeProjectCase> find(std::string_view project);
  Result<FeeProjectDetail> detail(std::string_view project);

  // The fee over the counted days from the start to the planned end (stop-work days out), the
  // schedule by the terms, one slip per instalment (none when exempt), the case approved (核定).
  Result<FeeAssessment> declare(const Stamp& stamp, std::string_view project, const FeeDeclareInput& input);
  // Work stood still from `on` (停工) / resumed on `on` (復工): those days do not count.
  Result<FeeStop> stop(const Stamp& stamp, std::string_view project, std::string_view on);
  Result<FeeStop> resume(const Stamp& stamp, std::string_view project, std::string_view on);
  // 結算: the fee on the actual quantity and end, minus stop-work days; a refund of what was paid
  // beyond it, or a top-up due [fee.late] topup_days after today; open instalments beyond the
  // settled fee cancelled ('settled'). The double rate (Act §75) charges the shortfall twice.
  Result<FeeAssessment> settle(const Stamp& stamp, std::string_view project, const FeeSettleInput& input);

  CaseDesk& cases() { return m_desk; }
  FeeStore& store() { return m_store; }

private:
  // The project `stamp` may change: found, its case changeable (the clock not before its last
  // change), not settled.
  Result<FeeProjectCase> find_changeable(const Stamp& stamp, std::string_view project);
  // The fee of the project on `quantity` from its start to `end`, stop-work days out, and the
  // declaration of `kind` that records it (not stored): what declare and settle share.
  Result<std::pair<FeeQuote, FeeDeclaration>> assess(const Stamp& stamp, const FeeProjectCase& project,
                                                     FeeDeclarationKind kind, Decimal quantity, Date end);
  // The settlement's instalments: cancels what exceeds `fee`, issues a top-up or the remainder.
  void settle_instalments(const Stamp& stamp, FeeAssessment& out, std::int64_t fee);
  FeeInstalment issue(const FeeProjectCase& project, std::int64_t declaration_id, InstalmentKind kind,
                      std::int64_t amount, Date due);

  Ledger& m_ledger;
  const Config& m_config;
  CaseDesk m_desk;
  FeeStore m_store;
};

} // namespace epb
