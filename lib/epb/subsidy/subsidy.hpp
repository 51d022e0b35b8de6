#pragma once
// A subsidy application (DOMAIN.md §5): the domain row of a case of the subsidy service. The
// applicant's name, phone and address are on the case; this holds the vehicles, the bank
// account, the household check and the decision.
#include "epb/config/subsidy_config.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// The new vehicle's class (MOEA / MOTC approval classes).
enum class VehicleClass { none, heavy, light, small_light, e_bike, assisted };
std::string_view vehicle_class_name(VehicleClass c);
std::optional<VehicleClass> parse_vehicle_class(std::string_view name);

struct HouseholdCheck {
  bool registered = false; // registered in the city
  std::string district;
  std::optional<Date> registered_on;
  Instant checked_at;
};

struct SubsidyApplication {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  int programme_year = 0;
  ProgrammeKind kind = ProgrammeKind::scrap_only;
  bool business = false;    // a business with a UBN, else a person with an ID number
  std::string applicant_id; // the ID number or the UBN
  bool low_income = false;
  // The scrapped two-stroke (scrap programmes).
  std::string scrapped_plate;
  std::optional<Date> scrapped_made;
  std::string recycling_certificate;
  std::optional<Date> deregistered;
  // The new e-two-wheeler (buy programmes).
  std::string new_plate;
  std::string new_frame;
  VehicleClass new_class = VehicleClass::none;
  std::string invoice_number;
  std::optional<Date> invoice_date;
  std::string dealer_ubn;
  std::string dealer_application;
  std::string bank_code;
  std::string account_number;
  Date applied;
  std::optional<std::int64_t> amount; // frozen at approval
  std::optional<Instant> approved_at;
  std::optional<Instant> paid_at;
  std::string payment_batch;
  int corrections = 0;
  std::string documents_missing;
  std::optional<HouseholdCheck> household; // none: not checked yet
  std::string decision_reason;

  // The date that puts the application in its programme year.
  std::optional<Date> year_date(SubsidyYearBy by) const {
    return by == SubsidyYearBy::invoice ? invoice_date : deregistered;
  }
};

// The amount a programme pays an application: national + city top-up (+ the low-income bonus).
std::int64_t subsidy_amount(const SubsidyProgramme& programme, bool low_income);

// Raw text as typed at the counter or read from a dealer's file; validate_new_subsidy() checks
// it. The applicant's own details go in the NewCase (lib/epb/cases/case_desk.hpp).
struct NewSubsidy {
  std::string programme_year; // e.g. 2018 or 107 (ROC)
  std::string kind;           // scrap_only, scrap_buy_heavy, ...
  std::string low_income;     // yes/no, true/false, 1/0; empty: no
  std::string scrapped_plate;
  std::string scrapped_made;
  std::string recycling_certificate;
  std::string deregistered;
  std::string new_plate;
  std::string new_frame;
  std::string new_class;
  std::string invoice_number;
  std::string invoice_date;
  std::string dealer_ubn;
  std::string dealer_application;
  std::string bank_code;
  std::string account_number;
};

// Every field checked (the text policy first); a Problem's `what` names the field. `business`
// and `applicant_id` come from the validated case; `applied` is its receipt date.
Result<SubsidyApplication> validate_new_subsidy(const SubsidySettings& settings, const NewSubsidy& input, bool business,
                                                std::string applicant_id, Date applied);

} // namespace epb
