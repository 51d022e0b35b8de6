// The sample generator "epb-sample-1" and the draw, against the specification's published
// vectors (computed by tests/cli/survey_redraw.py, written from the man page alone) and the
// rules a drawn sample must keep.
#include "epb/core/text.hpp"
#include "epb/survey/sample.hpp"
#include "epb/survey/sample_generator.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <set>

using namespace epb;

namespace {

FrameRow frame_row(std::string ref, std::string unit, std::string district, std::string service = "subsidy") {
  FrameRow row;
  row.ref = std::move(ref);
  row.service = std::move(service);
  row.unit = std::move(unit);
  row.district = std::move(district);
  row.closed = *Date::from_ymd(2018, 3, 31);
  return row;
}

// `count` rows of one unit and district, refs R-<prefix>-0001 ... (sorted as the frame is).
std::vector<FrameRow> uniform_rows(std::size_t count, const std::string& prefix = "A") {
  std::vector<FrameRow> rows;
  for (std::size_t i = 1; i <= count; ++i)
    rows.push_back(frame_row(fmt::format("R-{}-{:04}", prefix, i), "air", "x"));
  return rows;
}

SampleDefinition rate_definition(int num, int den, std::vector<StratumField> strata = {}) {
  SampleDefinition definition;
  definition.rate = SurveyRate{num, den};
  definition.strata = std::move(strata);
  definition.seed = 42;
  definition.generator = std::string(k_sample_generator);
  return definition;
}

SampleDefinition size_definition(std::int64_t size, std::vector<StratumField> strata = {}) {
  SampleDefinition definition = rate_definition(1, 1, std::move(strata));
  definition.rate.reset();
  definition.size = size;
  return definition;
}

std::vector<std::size_t> chosen_rows(const SampleDraw& draw) {
  std::vector<std::size_t> rows;
  for (const DrawnMember& member : draw.members)
    if (!member.spare) rows.push_back(member.row);
  return rows;
}

// The fixture frame the Python re-implementation is run on (tests/cli/test_survey_redraw_spec.sh).
std::vector<FrameRow> fixture_frame() {
  const std::string text = read_file(EPB_SOURCE_DIR "/tests/cli/fixtures/survey_frame.tsv");
  std::vector<FrameRow> rows;
  for (std::string_view line : split_lines(text)) {
    if (line.empty() || line.starts_with("ref\t")) continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string_view::npos; start = tab + 1)
      fields.emplace_back(line.substr(start, tab - start));
    fields.emplace_back(line.substr(start));
    REQUIRE(fields.size() == 5);
    FrameRow row = frame_row(fields[0], fields[2], fields[3], fields[1]);
    row.closed = *parse_date(fields[4]);
    rows.push_back(std::move(row));
  }
  return rows;
}

// The draw as survey_redraw.py prints it: member lines, then the sample's SHA-256.
std::string redraw_listing(const SampleDraw& draw, const std::vector<FrameRow>& rows) {
  std::string out;
  for (const DrawnMember& member : draw.members)
    out += fmt::format("{}\t{}\t{}\t{}\n", member.stratum, member.spare ? "spare" : "chosen", member.position,
                       rows[member.row].ref);
  return out + draw.sha256 + "\n";
}

std::string expected_listing(const std::string& name) {
  return read_file(EPB_SOURCE_DIR "/tests/cli/fixtures/survey_redraw_" + name + ".expected");
}

} // namespace

TEST_CASE("survey generator: the published vectors of epb-sample-1") {
  SampleStream stream(42, "");
  CHECK(stream.key() == 0xe3e3ff5d043a5364ULL);
  CHECK(stream.next() == 0xdcc7dc958e17517aULL);
  CHECK(stream.next() == 0x8456d10663346682ULL);
  CHECK(stream.next() == 0x246b5bc14ae5d392ULL);
  CHECK(stream.next() == 0xebcaf0fa3147b1e9ULL);
  CHECK(stream.next() == 0xcba97d91ebc77f8eULL);

  SampleStream digits(42, "");
  std::vector<std::uint64_t> below_ten;
  for (int i = 0; i < 12; ++i)
    below_ten.push_back(digits.below(10));
  CHECK(below_ten == std::vector<std::uint64_t>{6, 6, 2, 7, 0, 7, 5, 6, 2, 2, 0, 5});

  CHECK(SampleStream(42, "unit=air-noise|district=前金區").key() == 0x3ddac803ca8ec26bULL);
  SampleStream largest(18446744073709551615ULL, "");
  CHECK(largest.key() == 0x9214a9c59bfd583eULL);
  std::vector<std::uint64_t> below_three;
  for (int i = 0; i < 8; ++i)
    below_three.push_back(largest.below(3));
  CHECK(below_three == std::vector<std::uint64_t>{0, 0, 1, 2, 0, 2, 0, 0});
}

TEST_CASE("survey generator: below() rejects the numbers that would bias it") {
  // Bound 2^63 + 1: numbers from 2^63 + 1 up are rejected, so the first two of seed 42's stream
  // (0xdcc7..., 0x8456...) are skipped and the third is taken as it is.
  SampleStream stream(42, "");
  CHECK(stream.below(0x8000000000000001ULL) == 0x246b5bc14ae5d392ULL);
  CHECK(stream.next() == 0xebcaf0fa3147b1e9ULL); // three numbers were used, not one
  SampleStream whole(42, "");
  CHECK(whole.below(1) == 0);
  CHECK(whole.next() == 0x8456d10663346682ULL); // below(1) still takes a number
  CHECK_THROWS(whole.below(0));
}

TEST_CASE("survey generator: systematic positions keep an exact interval of N/n") {
  SampleStream stream(42, "");
  CHECK(systematic_positions(25, 3, stream) == std::vector<std::size_t>{7, 15, 23}); // s = 21: 21/3, 46/3, 71/3
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    SampleStream each(seed, "");
    const auto positions = systematic_positions(25, 3, each);
    REQUIRE(positions.size() == 3);
    CHECK(positions.back() < 25);
    for (std::size_t j = 1; j < positions.size(); ++j) {
      const std::size_t gap = positions[j] - positions[j - 1];
      CHECK((gap == 8 || gap == 9)); // k = 8.33...
    }
  }
  SampleStream every(7, "");
  CHECK(systematic_positions(5, 5, every) == std::vector<std::size_t>{0, 1, 2, 3, 4});
  SampleStream huge(7, "");
  const auto far = systematic_positions(std::size_t{1} << 62, 8, huge); // s + j * N passes 2^64
  for (std::size_t j = 1; j < far.size(); ++j)
    CHECK(far[j] - far[j - 1] == std::size_t{1} << 59);
}

TEST_CASE("survey generator: random order is a partial Fisher-Yates shuffle") {
  std::vector<std::size_t> pool(10);
  std::iota(pool.begin(), pool.end(), std::size_t{0});
  SampleStream stream(42, "");
  const auto order = random_order(pool, 10, stream);
  CHECK(order == std::vector<std::size_t>{6, 7, 4, 5, 8, 1, 3, 9, 2, 0});
  SampleStream again(42, "");
  CHECK(random_order(pool, 4, again) == std::vector<std::size_t>{6, 7, 4, 5}); // a prefix of the whole
  SampleStream none(42, "");
  CHECK(random_order(pool, 0, none).empty());
  CHECK_THROWS(random_order(pool, 11, none));
}

TEST_CASE("survey rate: fractions and percentages, exact and reduced") {
  CHECK(parse_survey_rate("1/10") == SurveyRate{1, 10});
  CHECK(parse_survey_rate("3/40") == SurveyRate{3, 40});
  CHECK(parse_survey_rate("2/20") == SurveyRate{1, 10});
  CHECK(parse_survey_rate("10%") == SurveyRate{1, 10});
  CHECK(parse_survey_rate("12.5%") == SurveyRate{1, 8});
  CHECK(parse_survey_rate("100%") == SurveyRate{1, 1});
  CHECK(parse_survey_rate("1/1") == SurveyRate{1, 1});
  CHECK(parse_survey_rate("0.0001%") == SurveyRate{1, 1000000});
  CHECK(parse_survey_rate("1/1000000") == SurveyRate{1, 1000000});
  CHECK(parse_survey_rate("2/2000000") == SurveyRate{1, 1000000});
  CHECK(parse_survey_rate("33.3%") == SurveyRate{333, 1000});
}

TEST_CASE("survey rate: zero, more than one, negative, garbage and huge denominators are refused") {
  auto why = [](std::string_view text) {
    auto rate = parse_survey_rate(text);
    REQUIRE_FALSE(rate);
    CHECK(rate.error().what == "--rate");
    CHECK(rate.error().fault == Fault::invalid);
    return rate.error().why;
  };
  CHECK(why("0/10") == "'0/10' is 0: a rate must be more than 0 and at most 1");
  CHECK(why("0%") == "'0%' is 0: a rate must be more than 0 and at most 1");
  CHECK(why("11/10") == "'11/10' is more than 1: a rate must be more than 0 and at most 1");
  CHECK(why("101%") == "'101%' is more than 1: a rate must be more than 0 and at most 1");
  CHECK(why("-1/10") == "'-1/10' is negative: a rate must be more than 0 and at most 1");
  CHECK(why("-5%") == "'-5%' is negative: a rate must be more than 0 and at most 1");
  CHECK(why("1/0") == "'1/0' divides by 0");
  CHECK(why("1/1000001") == "'1/1000001' is 1 in more than 1000000: the denominator is too large");
  CHECK(why("0.00001%") == "'0.00001%' is 1 in more than 1000000: the denominator is too large");
  CHECK(why("1/99999999999999999999") == "'1/99999999999999999999' has too many digits");
  CHECK(why("") == "expected a fraction such as 1/10 or a percentage such as 10% or 12.5%");
  for (std::string_view garbage : {"ten", "1/10x", " 1/10", "1 /10", "1/", "/10", "1/2/3", "10", "%", ".5%", "5.%",
                                   "1e1%", "+1/10", "1.5/10", "1/10%"})
    CHECK(why(garbage) ==
          fmt::format("'{}': expected a fraction such as 1/10 or a percentage such as 10% or 12.5%", garbage));
}

TEST_CASE("survey strata: the fields, in the order given") {
  CHECK(parse_strata("unit,district") == std::vector<StratumField>{StratumField::unit, StratumField::district});
  CHECK(parse_strata("service") == std::vector<StratumField>{StratumField::service});
  CHECK(parse_strata("district,service,unit") ==
        std::vector<StratumField>{StratumField::district, StratumField::service, StratumField::unit});
  CHECK(parse_strata("")->empty());
  CHECK(strata_text({StratumField::unit, StratumField::district}) == "unit,district");
  CHECK(strata_text({}) == "");
  CHECK(parse_strata(strata_text({StratumField::service, StratumField::unit})) ==
        std::vector<StratumField>{StratumField::service, StratumField::unit});

  CHECK(parse_strata("unit,distrct").error().message() ==
        "--strata: 'distrct' is not unit, district or service, did you mean 'district'?");
  CHECK(parse_strata("colour").error().message() == "--strata: 'colour' is not unit, district or service");
  CHECK(parse_strata("unit,unit").error().message() == "--strata: 'unit' is given twice");
  CHECK(parse_strata("unit,,district").error().message() == "--strata: 'unit,,district' has an empty field");
  CHECK(parse_strata("unit,").error().message() == "--strata: 'unit,' has an empty field");
  CHECK(parse_strata("Unit").error().what == "--strata");

  CHECK(parse_sample_method("systematic") == SampleMethod::systematic);
  CHECK(parse_sample_method("simple") == SampleMethod::simple);
  CHECK_FALSE(parse_sample_method("random"));
  CHECK(sample_method_name(SampleMethod::simple) == "simple");
  CHECK(sample_method_name(SampleMethod::systematic) == "systematic");
}

TEST_CASE("survey strata: stratum names and frame lines") {
  const FrameRow row = frame_row("PET-107-000042", "air-noise", "前金區");
  CHECK(stratum_name({StratumField::unit, StratumField::district}, row) == "unit=air-noise|district=前金區");
  CHECK(stratum_name({StratumField::service}, row) == "service=subsidy");
  CHECK(stratum_name({}, row) == "");
  CHECK(frame_line(row) == "PET-107-000042\tsubsidy\tair-noise\t前金區\t2018-03-31\n");
}

TEST_CASE("survey plan: a rate is rounded up in each stratum, then the minimum, never past the frame") {
  const std::vector<std::int64_t> frames = {7, 10, 11, 1, 0, 100};
  CHECK(plan_strata(rate_definition(1, 10), frames) == std::vector<std::int64_t>{1, 1, 2, 1, 0, 10});
  SampleDefinition none = rate_definition(1, 10);
  none.min_per_stratum = 0;
  CHECK(plan_strata(none, frames) == std::vector<std::int64_t>{1, 1, 2, 1, 0, 10}); // ceil(0.7) is 1 anyway
  SampleDefinition three = rate_definition(1, 10);
  three.min_per_stratum = 3;
  CHECK(plan_strata(three, frames) == std::vector<std::int64_t>{3, 3, 3, 1, 0, 10});
  CHECK(plan_strata(rate_definition(3, 40), {40, 41, 1000000}) == std::vector<std::int64_t>{3, 4, 75000});
}

TEST_CASE("survey plan: a size is shared by largest remainder, ties to the earlier stratum") {
  auto plan = [](std::int64_t size, std::vector<std::int64_t> frames, int minimum = 0) {
    SampleDefinition definition = size_definition(size);
    definition.min_per_stratum = minimum;
    return plan_strata(definition, frames);
  };
  auto sum = [](const std::vector<std::int64_t>& shares) {
    return std::accumulate(shares.begin(), shares.end(), std::int64_t{0});
  };
  CHECK(plan(10, {5, 3, 2, 0}) == std::vector<std::int64_t>{5, 3, 2, 0});
  CHECK(plan(10, {33, 33, 34}) == std::vector<std::int64_t>{3, 3, 4}); // remainders 30, 30, 40
  CHECK(plan(4, {1, 1, 1, 1, 1, 1}) == std::vector<std::int64_t>{1, 1, 1, 1, 0, 0});
  CHECK(plan(12, {30, 7, 25}) == std::vector<std::int64_t>{6, 1, 5}); // 5.8, 1.35, 4.8
  CHECK(sum(plan(1000, {123, 456, 789, 1, 2, 3})) == 1000);
  CHECK(sum(plan(7, {3, 3, 3, 3, 3, 3, 3, 3, 3})) == 7);
  CHECK(plan(7, {1, 1, 1}) == std::vector<std::int64_t>{1, 1, 1});       // never past a frame
  CHECK(plan(10, {95, 3, 2}, 2) == std::vector<std::int64_t>{10, 2, 2}); // the minimum raises the small ones
  CHECK(plan(10, {}).empty());
}

TEST_CASE("survey draw: the fixture frame draws what the specification's re-implementation draws") {
  const auto rows = fixture_frame();
  REQUIRE(rows.size() == 62);

  SampleDefinition systematic = rate_definition(1, 10, {StratumField::unit, StratumField::district});
  systematic.spares = 2;
  auto first = draw_sample(systematic, rows);
  REQUIRE(first);
  CHECK(redraw_listing(*first, rows) == expected_listing("systematic"));
  CHECK(first->strata == std::vector<StratumDraw>{
                             {"unit=air-noise|district=前金區", 20, 2, 2, 2},
                             {"unit=air-noise|district=苓雅區", 9, 1, 1, 2},
                             {"unit=air-noise|district=鼓山區", 1, 1, 1, 0},
                             {"unit=waste|district=鼓山區", 7, 1, 1, 2},
                             {"unit=water|district=前金區", 25, 3, 3, 2},
                         });

  SampleDefinition simple = size_definition(12, {StratumField::unit});
  simple.method = SampleMethod::simple;
  simple.seed = 20181231;
  simple.min_per_stratum = 2;
  simple.spares = 3;
  CHECK(redraw_listing(draw_sample(simple, rows).value(), rows) == expected_listing("simple"));

  SampleDefinition whole = size_definition(5);
  whole.seed = 18446744073709551615ULL;
  whole.spares = 4;
  CHECK(redraw_listing(draw_sample(whole, rows).value(), rows) == expected_listing("whole"));
}

TEST_CASE("survey draw: the same inputs draw the same sample, another seed another") {
  const auto rows = fixture_frame();
  SampleDefinition definition = rate_definition(1, 5, {StratumField::unit});
  definition.spares = 3;
  const auto one = draw_sample(definition, rows).value();
  const auto two = draw_sample(definition, rows).value();
  CHECK(one.members == two.members);
  CHECK(one.strata == two.strata);
  CHECK(one.sha256 == two.sha256);
  CHECK(one.sha256 == sample_hash(one, rows));
  definition.seed = 43;
  const auto other = draw_sample(definition, rows).value();
  CHECK(other.strata == one.strata); // the plan does not depend on the seed
  CHECK(other.members != one.members);
  CHECK(other.sha256 != one.sha256);
}

TEST_CASE("survey draw: systematic with a non-integer interval, one stratum") {
  const auto rows = uniform_rows(25);
  const auto draw = draw_sample(size_definition(3), rows).value();
  REQUIRE(draw.strata.size() == 1);
  CHECK(draw.strata[0] == StratumDraw{"", 25, 3, 3, 0});
  SampleStream stream(42, "");
  CHECK(chosen_rows(draw) == systematic_positions(25, 3, stream));
  CHECK(chosen_rows(draw) == std::vector<std::size_t>{7, 15, 23});
  for (int i = 0; i < 3; ++i)
    CHECK(draw.members[i].position == i + 1);

  const auto seven = uniform_rows(7);
  const auto small = draw_sample(rate_definition(1, 10), seven).value(); // k = 10 > N = 7
  CHECK(small.strata[0] == StratumDraw{"", 7, 1, 1, 0});
  SampleStream start(42, "");
  CHECK(chosen_rows(small) == std::vector<std::size_t>{start.below(7)});
}

TEST_CASE("survey draw: a stratum of 1 and a stratum smaller than k still get their minimum") {
  std::vector<FrameRow> rows;
  for (int i = 0; i < 40; ++i)
    rows.push_back(frame_row(fmt::format("R-{:03}", i), i == 17 ? "lone" : (i % 5 ? "big" : "few"), "x"));
  SampleDefinition definition = rate_definition(1, 10, {StratumField::unit});
  auto draw = draw_sample(definition, rows).value();
  CHECK(draw.strata ==
        std::vector<StratumDraw>{{"unit=big", 31, 4, 4, 0}, {"unit=few", 8, 1, 1, 0}, {"unit=lone", 1, 1, 1, 0}});
  CHECK(rows[draw.members.back().row].ref == "R-017");
  definition.min_per_stratum = 3;
  draw = draw_sample(definition, rows).value();
  CHECK(draw.strata ==
        std::vector<StratumDraw>{{"unit=big", 31, 4, 4, 0}, {"unit=few", 8, 3, 3, 0}, {"unit=lone", 1, 1, 1, 0}});
  definition.min_per_stratum = 0;
  definition.rate.reset();
  definition.size = 2;
  draw = draw_sample(definition, rows).value(); // 2 * 31/40, 2 * 8/40, 2 * 1/40: 1.55, 0.4, 0.05
  CHECK(draw.strata ==
        std::vector<StratumDraw>{{"unit=big", 31, 2, 2, 0}, {"unit=few", 8, 0, 0, 0}, {"unit=lone", 1, 0, 0, 0}});
  CHECK(draw.members.size() == 2);
}

TEST_CASE("survey draw: strata in byte order, members grouped by stratum and in frame order") {
  std::vector<FrameRow> rows = {frame_row("A1", "water", "苓雅區"), frame_row("A2", "air", "前金區"),
                                frame_row("A3", "water", "前金區"), frame_row("A4", "air", "前金區"),
                                frame_row("A5", "water", "苓雅區")};
  SampleDefinition definition = rate_definition(1, 1, {StratumField::unit, StratumField::district});
  const auto draw = draw_sample(definition, rows).value();
  std::vector<std::string> names;
  for (const auto& stratum : draw.strata)
    names.push_back(stratum.stratum);
  CHECK(names == std::vector<std::string>{"unit=air|district=前金區", "unit=water|district=前金區",
                                          "unit=water|district=苓雅區"});
  std::vector<std::string> refs;
  for (const auto& member : draw.members)
    refs.push_back(rows[member.row].ref);
  CHECK(refs == std::vector<std::string>{"A2", "A4", "A3", "A1", "A5"});
}

TEST_CASE("survey draw: spares come in drawn order, never among the chosen, at most what is left") {
  const auto rows = uniform_rows(50);
  SampleDefinition definition = rate_definition(1, 10);
  definition.spares = 6;
  const auto draw = draw_sample(definition, rows).value();
  CHECK(draw.strata[0] == StratumDraw{"", 50, 5, 5, 6});
  std::set<std::size_t> seen;
  for (const auto& member : draw.members)
    CHECK(seen.insert(member.row).second);
  CHECK(seen.size() == 11);
  // The spares continue the stream the chosen were drawn from, over the rest in frame order.
  SampleStream stream(42, "");
  const auto chosen = systematic_positions(50, 5, stream);
  std::vector<std::size_t> rest;
  for (std::size_t p = 0; p < 50; ++p)
    if (std::find(chosen.begin(), chosen.end(), p) == chosen.end()) rest.push_back(p);
  const auto spares = random_order(rest, 6, stream);
  for (int k = 0; k < 6; ++k) {
    const auto& member = draw.members[static_cast<std::size_t>(5 + k)];
    CHECK(member.spare);
    CHECK(member.position == k + 1);
    CHECK(member.row == spares[static_cast<std::size_t>(k)]);
  }

  const auto five = uniform_rows(5);
  SampleDefinition most = rate_definition(1, 2);
  most.spares = 10;
  const auto all = draw_sample(most, five).value();
  CHECK(all.strata[0] == StratumDraw{"", 5, 3, 3, 2}); // only 2 left for spares
  std::set<std::size_t> every;
  for (const auto& member : all.members)
    every.insert(member.row);
  CHECK(every.size() == 5);
}

TEST_CASE("survey draw: simple random sampling is without replacement, in drawn order") {
  const auto rows = uniform_rows(30);
  SampleDefinition definition = size_definition(30);
  definition.method = SampleMethod::simple;
  const auto draw = draw_sample(definition, rows).value();
  std::vector<std::size_t> chosen = chosen_rows(draw);
  std::vector<std::size_t> sorted = chosen;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::size_t> all(30);
  std::iota(all.begin(), all.end(), std::size_t{0});
  CHECK(sorted == all);
  CHECK(chosen != all); // drawn order, not frame order
  SampleStream stream(42, "");
  CHECK(chosen == random_order(all, 30, stream));

  definition.size = 8;
  definition.spares = 4;
  const auto part = draw_sample(definition, rows).value();
  std::set<std::size_t> seen;
  for (const auto& member : part.members)
    CHECK(seen.insert(member.row).second);
  CHECK(seen.size() == 12);
}

TEST_CASE("survey draw: an empty frame draws nothing; an unknown generator is refused") {
  const auto empty = draw_sample(rate_definition(1, 10), {}).value();
  CHECK(empty.strata.empty());
  CHECK(empty.members.empty());
  CHECK(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  SampleDefinition future = rate_definition(1, 10);
  future.generator = "epb-sample-2";
  auto refused = draw_sample(future, uniform_rows(3));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message() ==
        "generator: 'epb-sample-2' is not a known sample generator (this epb draws with epb-sample-1)");

  SampleDefinition both = rate_definition(1, 10);
  both.size = 5;
  CHECK(draw_sample(both, uniform_rows(3)).error().message() == "sample: give exactly one of --rate and --size");
  SampleDefinition negative = rate_definition(1, 10);
  negative.spares = -1;
  CHECK(draw_sample(negative, uniform_rows(3)).error().message() == "--spares: must be 0 or more");
}
