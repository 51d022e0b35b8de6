// SampleDesk::define(): the options of `epb survey sample`, as typed, checked into a definition.
// Every Problem names the option, so the command line can be fixed from the message alone.
#include "epb/core/suggest.hpp"
#include "epb/core/text.hpp"
#include "epb/survey/sample_desk.hpp"
#include "epb/survey/sample_generator.hpp"
#include "epb/time/duration.hpp"
#include "epb/time/period.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace epb {
namespace {

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  for (;;) {
    const auto comma = text.find(',');
    out.emplace_back(trim(text.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

const Questionnaire* questionnaire_for(const SurveySettings& survey, std::string_view service) {
  for (const auto& q : survey.questionnaires)
    if (std::ranges::find(q.services, service) != q.services.end()) return &q;
  return nullptr;
}

// A whole number written plainly: digits only, no sign, no leading zero (an auditor re-typing
// "007" must get what epb used).
template <class T> std::optional<T> plain_number(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  if (!std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::unexpected<Problem> renamed(Problem problem, std::string option) {
  problem.what = std::move(option);
  problem.fault = Fault::invalid;
  return std::unexpected(std::move(problem));
}

Result<const Questionnaire*> services_of(const Config& config, std::string_view text, SampleDefinition& d) {
  if (trim(text).empty()) return invalid("--service", "give the services to survey (--service subsidy)");
  std::vector<std::string> known;
  for (const auto& s : config.services)
    known.push_back(s.code);
  const Questionnaire* questionnaire = nullptr;
  for (std::string& code : split_list(text)) {
    if (code.empty()) return invalid("--service", fmt::format("an empty service name in '{}'", text));
    const Service* service = config.service(code);
    if (!service) return invalid("--service", fmt::format("unknown service '{}'{}", code, did_you_mean(code, known)));
    if (!service->surveyed)
      return invalid("--service", fmt::format("service '{}' is not surveyed (surveyed = false in the config)", code));
    const Questionnaire* q = questionnaire_for(config.survey, code);
    if (!q) return invalid("--service", fmt::format("no questionnaire in the config surveys '{}'", code));
    if (questionnaire && questionnaire != q)
      return invalid("--service", fmt::format("'{}' is surveyed by questionnaire '{}', '{}' by '{}': a sample has one "
                                              "questionnaire",
                                              d.services.front(), questionnaire->code, code, q->code));
    questionnaire = q;
    d.services.push_back(std::move(code));
  }
  std::ranges::sort(d.services);
  const auto [first, last] = std::ranges::unique(d.services);
  d.services.erase(first, last);
  d.questionnaire = questionnaire->code;
  return questionnaire;
}

Result<void> size_of(const SampleRequest& r, const Questionnaire& q, SampleDefinition& d) {
  if (!r.rate.empty() && !r.size.empty()) return invalid("--rate", "give --rate or --size, not both");
  if (!r.size.empty()) {
    const auto size = plain_number<std::int64_t>(trim(r.size));
    if (!size || *size < 1) return invalid("--size", fmt::format("'{}' is no whole number of at least 1", r.size));
    d.size = *size;
    return {};
  }
  if (r.rate.empty()) {
    if (!q.required_rate)
      return invalid("--rate", fmt::format("give --rate or --size (questionnaire '{}' has no required rate)", q.code));
    d.rate = q.required_rate;
    return {};
  }
  auto rate = parse_survey_rate(trim(r.rate));
  if (!rate) return renamed(rate.error(), "--rate");
  d.rate = *rate;
  return {};
}

Result<int> exclude_days_of(std::string_view text, const Questionnaire& q) {
  if (trim(text).empty()) return q.exclude_surveyed_within_days;
  const auto seconds = parse_duration_seconds(trim(text), "--exclude-surveyed-within");
  if (!seconds) return renamed(seconds.error(), "--exclude-surveyed-within");
  if (*seconds % 86400 != 0)
    return invalid("--exclude-surveyed-within", fmt::format("'{}' is not whole days (90d)", text));
  return static_cast<int>(*seconds / 86400);
}

} // namespace

Result<SampleDefinition> SampleDesk::define(const SampleRequest& r) const {
  SampleDefinition d;
  auto questionnaire = services_of(m_config, r.services, d);
  if (!questionnaire) return std::unexpected(questionnaire.error());
  const Questionnaire& q = **questionnaire;

  if (trim(r.period).empty())
    return invalid("--period", "required: the days the cases were closed (FROM..TO, a year or a month)");
  auto period = parse_period(trim(r.period));
  if (!period) return renamed(period.error(), "--period");
  d.from = period->from;
  d.to = period->to;

  if (auto sized = size_of(r, q, d); !sized) return std::unexpected(sized.error());

  if (!trim(r.strata).empty()) {
    auto strata = parse_strata(trim(r.strata));
    if (!strata) return renamed(strata.error(), "--strata");
    d.strata = *strata;
  }
  if (r.min_per_stratum < 0) return invalid("--min-per-stratum", "must be at least 0");
  d.min_per_stratum = r.min_per_stratum;
  if (r.spares < 0) return invalid("--spares", "must be at least 0");
  d.spares = r.spares;

  const auto method = parse_sample_method(trim(r.method));
  if (!method) return invalid("--method", fmt::format("'{}' is not one of systematic, simple", r.method));
  d.method = *method;

  if (trim(r.seed).empty())
    return invalid("--seed", "required: a whole number 0..18446744073709551615 (keep it: it re-draws the sample)");
  const auto seed = plain_number<std::uint64_t>(trim(r.seed));
  if (!seed)
    return invalid("--seed",
                   fmt::format("'{}' is not a whole number 0..18446744073709551615 without leading zeros", r.seed));
  d.seed = *seed;

  auto days = exclude_days_of(r.exclude_surveyed_within, q);
  if (!days) return std::unexpected(days.error());
  d.exclude_days = *days;
  d.generator = std::string(k_sample_generator);
  return d;
}

} // namespace epb
