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

// The eligible cases of the period. Opt-outs count from when they were asked for, and
// exclusions only look at members called by `drawn_at` (chosen, or a spare promoted by then),
// so the frame of a sample re-built later is the frame it was drawn from unless the cases
// themselves changed. Statuses (the questionnaire's states, a list) are filtered by the caller.
constexpr std::string_view k_eligible = R"sql(
  c.closed_date IS NOT NULL AND c.closed_date >= :from AND c.closed_date <= :to AND c.phone <> ''
  AND c.phone NOT IN (
    SELECT f.phone FROM survey_sample s
    JOIN survey_member m ON m.sample_id = s.id
    JOIN case_file f ON f.id = m.case_id
    WHERE :window > 0 AND s.drawn_at >= :since AND s.drawn_at <= :drawn_at AND (:before = 0 OR s.id < :before)
      AND (m.role = 'chosen' OR m.promoted_at <= :drawn_at)))sql";
constexpr std::string_view k_not_opted_out =
    "AND NOT EXISTS (SELECT 1 FROM survey_opt_out o WHERE o.phone = c.phone AND o.at <= :drawn_at)";
// One service's rows from case_frame_by_service_ref alone, in its order: sorted by ref, so a
// one-service frame needs no sort and no page of the table is read. The index holds a
// service's closed cases of every period (refs do not sort by closing date), 64 bytes each:
// a frame of a few of them among 1M still walks the service's part of the index, ~0.1 s.
std::string frame_query(std::string_view opt_outs) {
  return fmt::format("SELECT c.id, c.ref, c.unit, c.district, c.closed_date, c.status FROM case_file c INDEXED BY "
                     "case_frame_by_service_ref WHERE c.service = :service AND {} {} ORDER BY c.ref",
                     k_eligible, opt_outs);
}
const std::string k_frame = frame_query(k_not_opted_out);
// When nobody had opted out by then, the same rows without a look-up of each row's phone in
// survey_opt_out (a 1M-case frame: 0.06 s).
const std::string k_frame_no_opt_outs = frame_query("");
constexpr std::string_view k_any_opt_out = "SELECT EXISTS (SELECT 1 FROM survey_opt_out WHERE at <= :drawn_at)";

// Byte order of refs, sorted as 16-byte keys (every ref epb makes fits) so that a million
// rows sort without chasing each string; equal keys (longer refs) compare in full.
void sort_by_ref(std::vector<FrameRow>& rows) {
  struct Key {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    std::uint32_t row = 0;
  };
  std::vector<Key> keys(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string& ref = rows[i].ref;
    for (std::size_t b = 0; b < 16; ++b) {
      const std::uint64_t byte = b < ref.size() ? static_cast<unsigned char>(ref[b]) : 0;
      (b < 8 ? keys[i].high : keys[i].low) |= byte << (8 * (7 - b % 8));
    }
    keys[i].row = static_cast<std::uint32_t>(i);
  }
  std::ranges::sort(keys, [&](const Key& a, const Key& b) {
    if (a.high != b.high) return a.high < b.high;
    if (a.low != b.low) return a.low < b.low;
    return rows[a.row].ref < rows[b.row].ref;
  });
  std::vector<FrameRow> sorted;
  sorted.reserve(rows.size());
  // The rows are gathered in ref order from all over memory: fetch a few ahead.
  constexpr std::size_t ahead = 8;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i + ahead < keys.size()) __builtin_prefetch(&rows[keys[i + ahead].row]);
    sorted.push_back(std::move(rows[keys[i].row]));
  }
  rows = std::move(sorted);
}

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
  auto& db = ledger.db();
  const std::string from = definition.from.iso();
  const std::string to = definition.to.iso();
  const std::int64_t window = std::int64_t{definition.exclude_days} * 86400;
  const auto read = [&](sql::Statement& query, const std::string& service) {
    query.bind(":from", from)
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
  };
  const sql::ScopedPragma mapped(db, "mmap_size", k_frame_mapped_bytes, true);
  auto& any_opt_out = db.prepare(k_any_opt_out);
  any_opt_out.bind(":drawn_at", drawn_at.unix_seconds());
  const bool opt_outs = any_opt_out.step() && any_opt_out.int64(0) != 0;
  any_opt_out.reset();
  for (const std::string& service : definition.services)
    read(db.prepare(opt_outs ? k_frame : k_frame_no_opt_outs).bind(":service", service), service);
  // Each service's rows came sorted; several services' are sorted together.
  if (!std::ranges::is_sorted(frame.rows, {}, &FrameRow::ref)) sort_by_ref(frame.rows);
  // One frame_line() per row for both the hash and the stored form's digests.
  Sha256 hash;
  frame.digests.reserve(frame.rows.size());
  std::string line;
  for (const FrameRow& row : frame.rows) {
    line.clear();
    append_frame_line(line, row);
    hash.update(line);
    frame.digests.push_back(fnv1a32(line));
  }
  frame.sha256 = hash.hex();
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
  std::vector<std::uint32_t> digests;
  digests.reserve(rows.size());
  for (const FrameRow& row : rows)
    digests.push_back(frame_digest(row));
  return encode_frame(rows, digests);
}

std::string encode_frame(const std::vector<FrameRow>& rows, const std::vector<std::uint32_t>& digests) {
  std::string out;
  out.reserve(1 + rows.size() * 7);
  out += '\x01';
  std::int64_t previous = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const FrameRow& row = rows[i];
    append_varint(out, zigzag(row.case_id - previous));
    previous = row.case_id;
    const std::uint32_t digest = digests.at(i);
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
    row.case_id =
        static_cast<std::int64_t>(static_cast<std::uint64_t>(previous) + static_cast<std::uint64_t>(unzigzag(delta)));
    if (row.case_id <= 0) damaged(fmt::format("row {}: case id {}", rows.size() + 1, row.case_id));
    for (int i = 0; i < 4; ++i)
      row.digest = (row.digest << 8) | static_cast<unsigned char>(blob[at++]);
    previous = row.case_id;
    rows.push_back(row);
  }
  return rows;
}

} // namespace epb
