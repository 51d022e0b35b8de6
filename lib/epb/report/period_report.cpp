// The annual and monthly report: its scope checked against the config, its title and facts,
// then each family's sections in a fixed order (period_report.hpp).
#include "epb/report/period_report.hpp"

#include "epb/core/version.hpp"

#include <fmt/format.h>

#include <string_view>
#include <vector>

namespace epb::report {
namespace {

template <typename Item> std::string codes_of(const std::vector<Item>& items) {
  std::string list;
  for (const Item& item : items)
    list += (list.empty() ? "" : ", ") + item.code;
  return list.empty() ? "none" : list;
}

// A --unit or --service the config does not know reports nothing: refused, naming what exists.
Result<void> check_filters(const Config& config, const ReportScope& scope) {
  if (scope.unit && !config.unit(*scope.unit))
    return invalid("--unit", fmt::format("unknown unit '{}' (known: {})", *scope.unit, codes_of(config.units)));
  if (scope.service) {
    const Service* service = config.service(*scope.service);
    if (!service)
      return invalid("--service",
                     fmt::format("unknown service '{}' (known: {})", *scope.service, codes_of(config.services)));
    if (scope.unit && service->unit != *scope.unit)
      return invalid("--service", fmt::format("service '{}' belongs to unit '{}', not to --unit '{}'", *scope.service,
                                              service->unit, *scope.unit));
  }
  return {};
}

bool is_annual(const ReportScope& scope) { return scope.kind == ReportScope::Kind::annual; }

std::string title_of(const ReportScope& scope) {
  const Date from = scope.period.from;
  if (scope.english)
    return is_annual(scope) ? fmt::format("Service quality results {}", from.year())
                            : fmt::format("Monthly SOP compliance {:04}-{:02}", from.year(), from.month());
  return is_annual(scope) ? fmt::format("{} 年（民國 {} 年）服務品質執行成果", from.year(), from.roc_year())
                          : fmt::format("{} 年 {} 月（民國 {} 年 {} 月）SOP 時效執行情形", from.year(), from.month(),
                                        from.roc_year(), from.month());
}

void add_facts(Document& document, const ReportInputs& inputs, const ReportScope& scope) {
  document.set_fact("period", scope.period.text());
  document.set_fact("unit", scope.unit.value_or(scope.english ? "all" : "全部"));
  document.set_fact("service", scope.service.value_or(scope.english ? "all" : "全部"));
  document.set_fact("as_of", scope.as_of.utc());
  document.set_fact("period_end", period_end(scope).utc());
  document.set_fact("generated_at", scope.generated_at.utc());
  document.set_fact("ledger_schema", std::to_string(inputs.ledger.schema_version()));
  document.set_fact("config", inputs.config.source);
  document.set_fact("epb_version", std::string(version()));
}

} // namespace

Instant period_end(const ReportScope& scope) {
  const Instant last_second = Instant::taipei_midnight(scope.period.to + 1) + -1;
  return scope.as_of < last_second ? scope.as_of : last_second;
}

Result<Document> period_report(const ReportInputs& inputs, const ReportScope& scope) {
  if (auto checked = check_filters(inputs.config, scope); !checked) return std::unexpected(checked.error());
  Document document;
  document.kind = is_annual(scope) ? "annual" : "monthly";
  document.lang = scope.english ? "en" : "zh-TW";
  document.title = title_of(scope);
  add_facts(document, inputs, scope);
  using Provider = Result<void> (*)(Document&, const ReportInputs&, const ReportScope&);
  for (Provider provider : {&add_case_sections, &add_subsidy_sections, &add_fee_sections, &add_survey_sections})
    if (auto added = provider(document, inputs, scope); !added) return std::unexpected(added.error());
  return document;
}

} // namespace epb::report
