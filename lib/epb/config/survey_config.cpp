// The questionnaire's own rules: what its scale is, what counts as satisfied. The [survey]
// section is read by config_survey.cpp.
#include "epb/config/survey_config.hpp"

#include <algorithm>

namespace epb {

int Questionnaire::scale_min() const {
  if (scale.empty()) return 1;
  return std::ranges::min(scale, {}, &ScalePoint::value).value;
}

int Questionnaire::scale_max() const {
  if (scale.empty()) return 5;
  return std::ranges::max(scale, {}, &ScalePoint::value).value;
}

// Without a list, the top two boxes of the scale (DOMAIN.md §8: 4 and 5 of 1..5).
bool Questionnaire::counts_satisfied(int score) const {
  if (satisfied.empty()) return score >= scale_max() - 1;
  return std::ranges::find(satisfied, score) != satisfied.end();
}

const SurveyItem* Questionnaire::item(std::string_view item_code) const {
  const auto it = std::ranges::find(items, item_code, &SurveyItem::code);
  return it == items.end() ? nullptr : &*it;
}

const Questionnaire* SurveySettings::find(std::string_view code) const {
  const auto it = std::ranges::find(questionnaires, code, &Questionnaire::code);
  return it == questionnaires.end() ? nullptr : &*it;
}

const Questionnaire* SurveySettings::for_service(std::string_view service) const {
  for (const Questionnaire& q : questionnaires)
    if (std::ranges::find(q.services, service) != q.services.end()) return &q;
  return nullptr;
}

} // namespace epb
