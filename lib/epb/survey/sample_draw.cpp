// The draw (epb-survey(1) SAMPLING): the frame split into strata, each stratum's share planned,
// then drawn from its own stream of the generator. A pure function of the definition and the
// frame, so a re-draw years later gives the same members in the same order.
#include "epb/core/sha256.hpp"
#include "epb/survey/sample.hpp"
#include "epb/survey/sample_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace epb {

namespace {

// The frame's rows grouped by stratum: strata in byte order of their names, each stratum's rows
// as indices into the frame, in frame order. Names are built once per row in one buffer; only
// a new stratum copies its name.
struct Strata {
  std::vector<std::string> names;
  std::vector<std::size_t> offsets; // stratum i's rows are rows[offsets[i] .. offsets[i + 1])
  std::vector<std::size_t> rows;

  std::size_t size() const { return names.size(); }
  std::size_t frame(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
  std::size_t row(std::size_t i, std::size_t position) const { return rows[offsets[i] + position]; }
};

Strata group_by_stratum(const std::vector<StratumField>& fields, const std::vector<FrameRow>& frame) {
  std::unordered_map<std::string, std::size_t> seen; // name → order of first appearance
  std::vector<std::string> names;
  std::vector<std::size_t> stratum_of(frame.size());
  std::string name;
  for (std::size_t row = 0; row < frame.size(); ++row) {
    name.clear();
    append_stratum_name(name, fields, frame[row]);
    auto found = seen.find(name);
    if (found == seen.end()) {
      found = seen.emplace(name, names.size()).first;
      names.push_back(name);
    }
    stratum_of[row] = found->second;
  }

  std::vector<std::size_t> order(names.size()); // sorted position → first-appearance id
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
  std::vector<std::size_t> rank(names.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    rank[order[i]] = i;

  Strata strata;
  strata.offsets.assign(names.size() + 1, 0);
  for (std::size_t id : stratum_of)
    ++strata.offsets[rank[id] + 1];
  std::partial_sum(strata.offsets.begin(), strata.offsets.end(), strata.offsets.begin());
  strata.rows.resize(frame.size());
  std::vector<std::size_t> next(strata.offsets.begin(), strata.offsets.end() - 1);
  for (std::size_t row = 0; row < frame.size(); ++row)
    strata.rows[next[rank[stratum_of[row]]]++] = row;
  for (std::size_t id : order)
    strata.names.push_back(std::move(names[id]));
  return strata;
}

// --size N shared by largest remainder: each stratum gets floor(N * frame / total), and the
// seats left go to the largest remainders N * frame mod total, earlier strata first on ties.
std::vector<std::int64_t> share_by_largest_remainder(std::int64_t size, const std::vector<std::int64_t>& frames) {
  std::vector<std::int64_t> shares(frames.size(), 0);
  const std::int64_t total = std::accumulate(frames.begin(), frames.end(), std::int64_t{0});
  if (total <= 0 || size <= 0) return shares;
  __extension__ typedef __int128 Wide; // size * frame can pass 2^63 only for absurd inputs
  std::vector<std::int64_t> remainders(frames.size(), 0);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const Wide product = static_cast<Wide>(size) * frames[i];
    shares[i] = static_cast<std::int64_t>(product / total);
    remainders[i] = static_cast<std::int64_t>(product % total);
    given += shares[i];
  }
  std::vector<std::size_t> order(frames.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; given < size && k < order.size(); ++k, ++given)
    ++shares[order[k]];
  return shares;
}

std::string member_line(const DrawnMember& member, const std::vector<FrameRow>& rows) {
  return fmt::format("{}\t{}\t{}\t{}\n", member.stratum, member.spare ? "spare" : "chosen", member.position,
                     rows[member.row].ref);
}

Result<void> check_definition(const SampleDefinition& definition) {
  if (definition.generator != k_sample_generator)
    return invalid("generator", fmt::format("'{}' is not a known sample generator (this epb draws with {})",
                                            definition.generator, k_sample_generator));
  if (definition.rate.has_value() == definition.size.has_value())
    return invalid("sample", "give exactly one of --rate and --size");
  if (definition.rate &&
      (definition.rate->num <= 0 || definition.rate->den <= 0 || definition.rate->num > definition.rate->den))
    return invalid("--rate", "must be more than 0 and at most 1");
  if (definition.size && *definition.size <= 0) return invalid("--size", "must be 1 or more");
  if (definition.min_per_stratum < 0) return invalid("--min-per-stratum", "must be 0 or more");
  if (definition.spares < 0) return invalid("--spares", "must be 0 or more");
  return {};
}

} // namespace

std::vector<std::int64_t> plan_strata(const SampleDefinition& definition, const std::vector<std::int64_t>& frames) {
  std::vector<std::int64_t> planned(frames.size(), 0);
  if (definition.rate) {
    const std::int64_t num = definition.rate->num;
    const std::int64_t den = definition.rate->den;
    for (std::size_t i = 0; i < frames.size(); ++i)
      planned[i] = (frames[i] * num + den - 1) / den; // ceil
  } else if (definition.size) {
    planned = share_by_largest_remainder(*definition.size, frames);
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {
    planned[i] = std::max<std::int64_t>(planned[i], definition.min_per_stratum);
    planned[i] = std::clamp<std::int64_t>(planned[i], 0, std::max<std::int64_t>(frames[i], 0));
  }
  return planned;
}

Result<SampleDraw> draw_sample(const SampleDefinition& definition, const std::vector<FrameRow>& rows) {
  if (auto checked = check_definition(definition); !checked) return std::unexpected(checked.error());
  const Strata strata = group_by_stratum(definition.strata, rows);
  std::vector<std::int64_t> frames(strata.size());
  for (std::size_t i = 0; i < strata.size(); ++i)
    frames[i] = static_cast<std::int64_t>(strata.frame(i));
  const std::vector<std::int64_t> planned = plan_strata(definition, frames);

  SampleDraw draw;
  std::vector<char> taken; // by position within the stratum
  for (std::size_t i = 0; i < strata.size(); ++i) {
    const std::size_t frame = strata.frame(i);
    const auto wanted = static_cast<std::size_t>(planned[i]);
    SampleStream stream(definition.seed, strata.names[i]);

    std::vector<std::size_t> chosen;
    if (wanted > 0) {
      if (definition.method == SampleMethod::systematic) {
        chosen = systematic_positions(frame, wanted, stream);
      } else {
        std::vector<std::size_t> all(frame);
        std::iota(all.begin(), all.end(), std::size_t{0});
        chosen = random_order(std::move(all), wanted, stream);
      }
    }
    const std::size_t spare_count = std::min(static_cast<std::size_t>(definition.spares), frame - chosen.size());
    std::vector<std::size_t> spares;
    if (spare_count > 0) {
      taken.assign(frame, 0);
      for (std::size_t position : chosen)
        taken[position] = 1;
      std::vector<std::size_t> rest;
      rest.reserve(frame - chosen.size());
      for (std::size_t position = 0; position < frame; ++position)
        if (!taken[position]) rest.push_back(position);
      spares = random_order(std::move(rest), spare_count, stream);
    }

    draw.strata.push_back(StratumDraw{strata.names[i], frames[i], planned[i], static_cast<std::int64_t>(chosen.size()),
                                      static_cast<std::int64_t>(spares.size())});
    for (std::size_t k = 0; k < chosen.size(); ++k)
      draw.members.push_back(DrawnMember{strata.row(i, chosen[k]), strata.names[i], false, static_cast<int>(k + 1)});
    for (std::size_t k = 0; k < spares.size(); ++k)
      draw.members.push_back(DrawnMember{strata.row(i, spares[k]), strata.names[i], true, static_cast<int>(k + 1)});
  }
  draw.sha256 = sample_hash(draw, rows);
  return draw;
}

std::string sample_hash(const SampleDraw& draw, const std::vector<FrameRow>& rows) {
  Sha256 hash;
  for (const DrawnMember& member : draw.members)
    hash.update(member_line(member, rows));
  return hash.hex();
}

} // namespace epb
