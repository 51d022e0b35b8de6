#pragma once
// [survey]: the satisfaction questionnaires (DOMAIN.md §8), one per service or programme, and
// what a sample of their cases must reach. Read by config_survey.cpp; see epb.toml(5) SURVEY.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

// A sampling rate as an exact fraction: "1/10" is {1, 10}; "12.5%" is {1, 8}.
struct SurveyRate {
  int num = 1;
  int den = 10;
  bool operator==(const SurveyRate&) const = default;
};

// One point of the answer scale and its label: 5 非常滿意 ... 1 非常不滿意.
struct ScalePoint {
  int value = 0;
  std::string label_zh;
  std::string label_en;
  bool operator==(const ScalePoint&) const = default;
};

// One scored item (question) of a questionnaire.
struct SurveyItem {
  std::string code; // e.g. "attitude"; the import's column is this code
  std::string text_zh;
  std::string text_en;
  bool operator==(const SurveyItem&) const = default;
};

struct Questionnaire {
  std::string code; // e.g. "subsidy"; `epb survey sample` finds it by the sample's services
  std::string name_zh;
  std::string name_en;
  std::vector<std::string> services;       // the services it surveys (at least one, each surveyed = true)
  std::vector<std::string> states;         // final states whose cases are surveyed; empty: every final state
  std::vector<SurveyItem> items;           // at least one
  std::optional<SurveyItem> free_text;     // an optional open question ("comment" in files)
  std::vector<ScalePoint> scale;           // highest first; default the 5-point scale above
  std::vector<int> satisfied;              // values that count as satisfied; default the top two
  int follow_up_at_or_below = 3;           // a score this low on any item calls for a second reply
  std::string follow_up_service;           // the service of that second reply (its SOP times it)
  int max_attempts = 3;                    // unanswered calls before a case is unreachable
  std::optional<SurveyRate> required_rate; // the share of cases the plan says must be surveyed
  int exclude_surveyed_within_days = 0;    // default for --exclude-surveyed-within; 0: none

  int scale_min() const;
  int scale_max() const;
  bool counts_satisfied(int score) const;
  const SurveyItem* item(std::string_view item_code) const;
  bool operator==(const Questionnaire&) const = default;
};

struct SurveySettings {
  std::vector<Questionnaire> questionnaires;

  const Questionnaire* find(std::string_view code) const;
  // The questionnaire that surveys `service`; null when none does.
  const Questionnaire* for_service(std::string_view service) const;
  bool operator==(const SurveySettings&) const = default;
};

} // namespace epb
