// The draw (epb-survey(1) SAMPLING): the frame split into strata, each stratum's share planned,
// then drawn from its own stream of the generator. A pure function of the definition and the
// frame, so a re-draw years later gives the same members in the same order.
#include "epb/core/sha256.hpp"
#include "epb/survey/sample.hpp"
#include "epb/survey/sample_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <numeric>
#include <unordered_map>

namespace epb {

namespace {

// The frame's rows grouped by stratum: strata in byte order of their names, each stratum's rows
// as indices into the frame, in frame order.
struct Strata {
  std::vector<std::string> names;
  std::vector<std::size_t> offsets; // stratum i's rows are rows[offsets[i] .. offsets[i + 1])
  std::vector<std::size_t> rows;

  std::size_t size() const { return names.size(); }
  std::size_t frame(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
  std::size_t row(std::size_t i, std::size_t position) const { return rows[offsets[i] + position]; }
};

// A row's stratum as the numbers of its field values (in order of first appearance, per field):
// a million rows are grouped by hashing short values and small integers, and a stratum's name
// is built once, from its first row.
using ValueKey = std::array<std::uint32_t, 3>; // one per field of --strata (at most 3)

struct ValueKeyHash {
  std::size_t operator()(const ValueKey& key) const noexcept {
    std::uint64_t h = 0;
    for (std::uint32_t id : key)
      h = (h ^ id) * 0x9E3779B97F4A7C15ULL;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

Strata group_by_stratum(const std::vector<StratumField>& fields, const std::vector<FrameRow>& frame) {
  std::vector<std::unordered_map<std::string_view, std::uint32_t>> values(fields.size());
  std::unordered_map<ValueKey, std::size_t, ValueKeyHash> seen; // → order of first appearance
  std::vector<std::string> names;
  std::vector<std::size_t> stratum_of(frame.size());
  for (std::size_t row = 0; row < frame.size(); ++row) {
    ValueKey key{};
    for (std::size_t f = 0; f < fields.size(); ++f) {
      auto& known = values[f];
      key[f] = known.try_emplace(stratum_field_value(fields[f], frame[row]), static_cast<std::uint32_t>(known.size()))
                   .first->second;
    }
    auto [found, added] = seen.try_emplace(key, names.size());
    if (added) names.push_back(stratum_name(fields, frame[row]));
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

// Appends a member's line of the sample hash: "stratum\trole\tposition\tref\n".
void append_member_line(std::string& out, const DrawnMember& member, const std::vector<FrameRow>& rows) {
  out += member.stratum;
  out += member.spare ? "\tspare\t" : "\tchosen\t";
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof digits, member.position).ptr;
  out.append(digits, end);
  out += '\t';
  out += rows[member.row].ref;
  out += '\n';
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
  if (definition.strata.size() > std::tuple_size_v<ValueKey>) return invalid("--strata", "at most 3 fields");
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
  const std::int64_t most = std::accumulate(planned.begin(), planned.end(), std::int64_t{0}) +
                            static_cast<std::int64_t>(strata.size()) * definition.spares;
  draw.members.reserve(static_cast<std::size_t>(std::min<std::int64_t>(most, static_cast<std::int64_t>(rows.size()))));
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
  // The lines are hashed in blocks of about 64 KiB rather than one short update per member.
  constexpr std::size_t k_block = 64 * 1024;
  Sha256 hash;
  std::string lines;
  lines.reserve(k_block + 256);
  constexpr std::size_t k_ahead = 8; // members are scattered over the frame: fetch refs early
  const auto& members = draw.members;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i + k_ahead < members.size()) __builtin_prefetch(&rows[members[i + k_ahead].row].ref);
    append_member_line(lines, members[i], rows);
    if (lines.size() >= k_block) {
      hash.update(lines);
      lines.clear();
    }
  }
  hash.update(lines);
  return hash.hex();
}

} // namespace epb
