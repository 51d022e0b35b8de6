#include "epb/report/open_data.hpp"

#include "epb/report/case_then.hpp"
#include "epb/report/cases_as_of.hpp"

#include <array>
#include <utility>

namespace epb::report {
namespace {

constexpr std::array<std::pair<std::string_view, OpenDataset>, 2> k_datasets{{
    {"requests", OpenDataset::requests},
    {"aggregate", OpenDataset::aggregate},
}};

} // namespace

std::optional<OpenDataset> parse_open_dataset(std::string_view name) {
  for (const auto& [text, dataset] : k_datasets)
    if (text == name) return dataset;
  return std::nullopt;
}

std::string open_data_cases(sql::Database& db, const OpenDataScope& scope) {
  const Instant year_end = Instant::taipei_midnight(scope.year.to + 1) + -1;
  CasesAsOf cases;
  cases.name = "case_as_of";
  cases.then = rebuild_cases_then(db, scope.as_of, scope.as_of < year_end ? scope.as_of : year_end);
  return cases_as_of_cte(cases);
}

std::string_view open_dataset_name(OpenDataset dataset) {
  for (const auto& [text, d] : k_datasets)
    if (d == dataset) return text;
  return "requests";
}

} // namespace epb::report
