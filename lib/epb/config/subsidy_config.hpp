#pragma once
// [subsidy]: the two-stroke scrapping and e-two-wheeler subsidy programmes (DOMAIN.md §5), per
// year and kind, and the documents an application must bring. Read by config_subsidy.cpp.
#include "epb/time/date.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

// What the applicant did: scrapped a two-stroke, bought an e-two-wheeler, or both; "heavy" is an
// MOEA heavy electric motorcycle, "other" every other e-two-wheeler (light, small-light, e-bike,
// power-assisted bicycle).
enum class ProgrammeKind { scrap_only, scrap_buy_heavy, scrap_buy_other, buy_heavy, buy_other };
std::string_view programme_kind_name(ProgrammeKind kind);
std::optional<ProgrammeKind> parse_programme_kind(std::string_view name);
bool programme_scraps(ProgrammeKind kind); // a two-stroke is scrapped
bool programme_buys(ProgrammeKind kind);   // a new e-two-wheeler is bought

// Which date puts an application in a programme year: since 2017-12-15 scrap + buy and buy
// only go by the invoice date, scrap only by the scrapping (deregistration) date.
enum class SubsidyYearBy { invoice, scrapping };
std::string_view year_by_name(SubsidyYearBy by);

// The decisions on an application the applicant is told of (`decision` of a notify level with
// trigger = "decision"): documents requested (補件), approved, rejected, paid. The names are
// the notice's item (lib/epb/subsidy/subsidy_notices.hpp).
inline constexpr std::array<std::string_view, 4> k_subsidy_decisions{"documents", "approved", "rejected", "paid"};

struct SubsidyDocument {
  std::string code; // e.g. "recycling_certificate"
  std::string name_zh;
  std::string name_en;
  bool operator==(const SubsidyDocument&) const = default;
};

struct SubsidyProgramme {
  int year = 0; // Gregorian year of the subsidy (the ROC year is year - 1911)
  ProgrammeKind kind = ProgrammeKind::scrap_only;
  std::int64_t national = 0;                // NT$ from the national rules
  std::int64_t city_topup = 0;              // NT$ the city adds
  std::int64_t low_income_bonus = 0;        // NT$ the city adds for low- and middle-low-income households
  std::optional<std::int64_t> budget;       // NT$ cap; none: no cap
  std::optional<std::int64_t> budget_count; // most applications approved; none: no cap
  SubsidyYearBy year_by = SubsidyYearBy::invoice;
  Date deadline;                      // last day to apply
  std::vector<std::string> documents; // codes of [subsidy.documents]

  std::string code() const; // "2018/scrap_only"
  bool operator==(const SubsidyProgramme&) const = default;
};

struct SubsidySettings {
  std::string service;      // the review SOP: a service of kind subsidy; empty: no [subsidy]
  Date manufactured_by;     // the latest manufacture date of a qualifying two-stroke (2003-12-31)
  int correction_days = 30; // one correction (補件) within this many days (§8 ¶4)
  std::vector<SubsidyDocument> documents;
  std::vector<SubsidyProgramme> programmes;

  const SubsidyProgramme* programme(int year, ProgrammeKind kind) const;
  const SubsidyDocument* document(std::string_view code) const;
  bool operator==(const SubsidySettings&) const = default;
};

} // namespace epb
