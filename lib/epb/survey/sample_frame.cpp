// The frame of a sample (sample_frame.hpp): who may be drawn, as the ledger stood when the
// sample was drawn, and the compact stored form `epb survey verify` compares it with.
#include "epb/survey/sample_frame.hpp"

#include "epb/core/sha256.hpp"
#include "epb/ledger/stored_date.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>

namespace epb {
namespace {

// One service's eligible cases. Opt-outs count from when they were asked for, and exclusions
// only look at members called by `drawn_at` (chosen, or a spare promoted by then), so the frame
// of a sample re-built later is the frame it was drawn from unless the cases themselves changed.
// Statuses are filtered by the caller (the questionnaire's states are a list).
constexpr std::string_view k_frame_cases = R"sql(
SELECT c.id, c.ref, c.unit, c.district, c.closed_date, c.status
FROM case_file c
WHERE c.service = :service AND c.closed_date IS NOT NULL AND c.closed_date >= :from AND c.closed_date <= :to
  AND c.phone <> ''
  AND NOT EXISTS (SELECT 1 FROM survey_opt_out o WHERE o.phone = c.phone AND o.at <= :drawn_at)
  AND c.phone NOT IN (
    SELECT f.phone FROM survey_sample s
    JOIN survey_member m ON m.sample_id = s.id
    JOIN case_file f ON f.id = m.case_id
    WHERE :window > 0 AND s.drawn_at >= :since AND s.drawn_at <= :drawn_at AND (:before = 0 OR s.id < :before)
      AND (m.role = 'chosen' OR m.promoted_at <= :drawn_at)))sql";

std::uint32_t fnv1a32(std::string_view bytes) {
  std::uint32_t hash = 2166136261u;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return hash;
}

void append_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

std::uint64_t zigzag(std::int64_t value) {
  return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
}
std::int64_t unzigzag(std::uint64_t value) {
  return static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
}

[[noreturn]] void damaged(std::string_view why) {
  throw ProblemError(Problem{Fault::failure, "stored frame", fmt::format("damaged ({}); the ledger was edited", why)});
}

} // namespace

Frame build_frame(Ledger& ledger, const SampleDefinition& definition, const std::vector<std::string>& states,
                  Instant drawn_at, std::int64_t before_sample) {
  Frame frame;
  auto& query = ledger.db().prepare(k_frame_cases);
  const std::string from = definition.from.iso();
  const std::string to = definition.to.iso();
  const std::int64_t window = std::int64_t{definition.exclude_days} * 86400;
  for (const std::string& service : definition.services) {
    query.reset()
        .bind(":service", service)
        .bind(":from", from)
        .bind(":to", to)
        .bind(":drawn_at", drawn_at.unix_seconds())
        .bind(":window", window)
        .bind(":since", drawn_at.unix_seconds() - window)
        .bind(":before", before_sample);
    while (query.step()) {
      if (!states.empty() && std::ranges::find(states, query.text_view(5)) == states.end()) continue;
      FrameRow& row = frame.rows.emplace_back();
      row.case_id = query.int64(0);
      row.ref = query.text_view(1);
      row.service = service;
      row.unit = query.text_view(2);
      row.district = query.text_view(3);
      row.closed = stored_date(query.text_view(4), "case_file.closed_date");
    }
  }
  // Refs are unique, so the order is total: sort positions, then move each row once.
  std::vector<std::uint32_t> order(frame.rows.size());
  std::iota(order.begin(), order.end(), 0u);
  std::ranges::sort(order, [&](std::uint32_t a, std::uint32_t b) { return frame.rows[a].ref < frame.rows[b].ref; });
  std::vector<FrameRow> sorted;
  sorted.reserve(frame.rows.size());
  for (const std::uint32_t i : order)
    sorted.push_back(std::move(frame.rows[i]));
  frame.rows = std::move(sorted);
  frame.sha256 = frame_sha256(frame.rows);
  return frame;
}

std::string frame_sha256(const std::vector<FrameRow>& rows) {
  Sha256 hash;
  for (const FrameRow& row : rows)
    hash.update(frame_line(row));
  return hash.hex();
}

std::uint32_t frame_digest(const FrameRow& row) { return fnv1a32(frame_line(row)); }

std::string encode_frame(const std::vector<FrameRow>& rows) {
  std::string out;
  out.reserve(1 + rows.size() * 7);
  out += '\x01';
  std::int64_t previous = 0;
  for (const FrameRow& row : rows) {
    append_varint(out, zigzag(row.case_id - previous));
    previous = row.case_id;
    const std::uint32_t digest = frame_digest(row);
    for (int shift = 24; shift >= 0; shift -= 8)
      out += static_cast<char>((digest >> shift) & 0xff);
  }
  return out;
}

std::vector<StoredFrameRow> decode_frame(std::string_view blob) {
  if (blob.empty()) damaged("empty");
  if (blob[0] != '\x01') damaged(fmt::format("version {} unknown", static_cast<unsigned char>(blob[0])));
  std::vector<StoredFrameRow> rows;
  std::size_t at = 1;
  std::int64_t previous = 0;
  while (at < blob.size()) {
    std::uint64_t delta = 0;
    int shift = 0;
    for (;;) {
      if (at >= blob.size()) damaged(fmt::format("row {} cut short", rows.size() + 1));
      if (shift > 63) damaged(fmt::format("row {}: case id too long", rows.size() + 1));
      const auto byte = static_cast<unsigned char>(blob[at++]);
      delta |= std::uint64_t{byte & 0x7fu} << shift;
      shift += 7;
      if ((byte & 0x80) == 0) break;
    }
    if (blob.size() - at < 4) damaged(fmt::format("row {} cut short", rows.size() + 1));
    StoredFrameRow row;
    // Unsigned, so a damaged delta wraps instead of overflowing.
    row.case_id = static_cast<std::int64_t>(static_cast<std::uint64_t>(previous) +
                                            static_cast<std::uint64_t>(unzigzag(delta)));
    if (row.case_id <= 0) damaged(fmt::format("row {}: case id {}", rows.size() + 1, row.case_id));
    for (int i = 0; i < 4; ++i)
      row.digest = (row.digest << 8) | static_cast<unsigned char>(blob[at++]);
    previous = row.case_id;
    rows.push_back(row);
  }
  return rows;
}

} // namespace epb
