#pragma once
// A survey sample's definition, its frame and its draw (epb-survey(1) SAMPLING). Everything a
// draw depends on is in SampleDefinition and the frame; draw_sample() is a pure function of
// them, so `epb survey verify` re-draws exactly what `epb survey sample` drew.
#include "epb/config/survey_config.hpp"
#include "epb/core/error.hpp"
#include "epb/time/date.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

enum class SampleMethod { systematic, simple };
std::string_view sample_method_name(SampleMethod method);
std::optional<SampleMethod> parse_sample_method(std::string_view name);

// What strata are made of (--strata unit,district): the values of these fields, in this order.
enum class StratumField { unit, district, service };
std::string_view stratum_field_name(StratumField field);
// "unit,district" → {unit, district}; a Problem names the unknown or repeated one.
Result<std::vector<StratumField>> parse_strata(std::string_view text);
std::string strata_text(const std::vector<StratumField>& fields); // "unit,district"; "" for none

// "1/10", "10%", "12.5%" → an exact fraction in (0, 1]; a Problem says why not.
Result<SurveyRate> parse_survey_rate(std::string_view text);

struct SampleDefinition {
  std::string questionnaire;
  std::vector<std::string> services; // sorted, unique
  Date from;                         // cases closed from..to (Taipei dates, inclusive)
  Date to;
  std::optional<SurveyRate> rate; // exactly one of rate and size
  std::optional<std::int64_t> size;
  std::vector<StratumField> strata;
  int min_per_stratum = 1;
  int spares = 0; // per stratum
  SampleMethod method = SampleMethod::systematic;
  std::uint64_t seed = 0;
  std::string generator; // k_sample_generator when drawn now
  int exclude_days = 0;  // cases whose phone was called in a sample drawn within this many days before
};

// One eligible case. The frame is sorted by ref (byte order), its documented stable key.
struct FrameRow {
  std::int64_t case_id = 0;
  std::string ref;
  std::string service;
  std::string unit;
  std::string district;
  Date closed;
};

// The value a row has for a stratum field: row.unit, row.district or row.service.
std::string_view stratum_field_value(StratumField field, const FrameRow& row);
// "unit=air-noise|district=前金區" for strata {unit, district}; "" when there are no strata.
std::string stratum_name(const std::vector<StratumField>& strata, const FrameRow& row);
// The line a row contributes to the frame hash: "ref\tservice\tunit\tdistrict\tYYYY-MM-DD\n".
std::string frame_line(const FrameRow& row);
// The same appended to `out`: a million rows' lines written into one buffer, not a string each.
void append_frame_line(std::string& out, const FrameRow& row);

struct StratumDraw {
  std::string stratum;
  std::int64_t frame = 0;
  std::int64_t planned = 0; // what the rate or size and the minimum ask for (at most frame)
  std::int64_t drawn = 0;
  std::int64_t spares = 0;
  bool operator==(const StratumDraw&) const = default;
};

struct DrawnMember {
  std::size_t row = 0; // index into the frame's rows
  std::string stratum;
  bool spare = false;
  int position = 0; // 1-based, within the stratum and role: the order spares are used in
  bool operator==(const DrawnMember&) const = default;
};

struct SampleDraw {
  std::vector<StratumDraw> strata;  // by stratum name (byte order)
  std::vector<DrawnMember> members; // stratum by stratum: chosen in position order, then spares
  std::string sha256;               // sample_hash() of the members
};

// How many of each stratum a definition asks for: --rate: ceil(frame * rate); --size N:
// N shared by largest remainder in proportion to the strata's frames; then raised to
// min_per_stratum; never more than the stratum's frame.
std::vector<std::int64_t> plan_strata(const SampleDefinition& definition, const std::vector<std::int64_t>& frames);

// Draws the sample from `rows` (sorted by ref). A Problem for a definition that cannot be
// drawn (unknown generator version).
Result<SampleDraw> draw_sample(const SampleDefinition& definition, const std::vector<FrameRow>& rows);

// SHA-256 over "stratum\trole\tposition\tref\n" for each member, in order.
std::string sample_hash(const SampleDraw& draw, const std::vector<FrameRow>& rows);

} // namespace epb
