#pragma once
// What the survey unit tests share: the three-item petition questionnaire and a survey_sample
// row written with plain SQL on schema 12, as SampleStore writes one.
#include "desk_test_support.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace epb::test {

// Questionnaire "petition": items attitude, speed, result on 5..1, satisfied 5 and 4, a second
// reply at 3 or below (no follow-up service: the tests that open one name it).
inline Questionnaire petition_questionnaire() {
  Questionnaire q;
  q.code = "petition";
  q.name_zh = "陳情滿意度";
  q.name_en = "Petition satisfaction";
  q.services = {"petition"};
  q.items = {{"attitude", "服務態度", "Attitude"}, {"speed", "處理速度", "Speed"}, {"result", "處理結果", "Result"}};
  q.scale = {{5, "非常滿意", "Very satisfied"},
             {4, "滿意", "Satisfied"},
             {3, "普通", "Neutral"},
             {2, "不滿意", "Dissatisfied"},
             {1, "非常不滿意", "Very dissatisfied"}};
  q.satisfied = {5, 4};
  q.follow_up_at_or_below = 3;
  return q;
}

// The survey_sample row of questionnaire "petition", rate 1/10, frame of 10, drawn 2023-01-01.
struct SampleRow {
  std::int64_t id = 1;
  const char* services = "petition";
  const char* from = "2023-01-01";
  const char* to = "2023-12-31";
  const char* strata = "district";
  int spares = 2;
  const char* seed = "42";
};

inline void insert_sample(Ledger& ledger, const SampleRow& row) {
  ledger.db().exec(fmt::format(
      "INSERT INTO survey_sample (id, questionnaire, services, period_from, period_to, rate_num, rate_den, strata, "
      "min_per_stratum, spares, method, seed, generator, frame_size, frame_sha256, frame, sample_sha256, drawn_at, "
      "actor) VALUES ({}, 'petition', '{}', '{}', '{}', 1, 10, '{}', 1, {}, 'systematic', '{}', 'epb-sample-1', 10, "
      "'f', X'', 's', 1672531200, 'analyst')",
      row.id, row.services, row.from, row.to, row.strata, row.spares, row.seed));
}

} // namespace epb::test
