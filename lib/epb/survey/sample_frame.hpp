#pragma once
// The frame of a sample: the cases of its services closed in its period, with a phone, not
// opted out, and (with exclude_days) not called in another sample drawn within that many days
// before `drawn_at`; sorted by ref. Stored with the sample in a compact form that lets
// `epb survey verify` name the cases added to, removed from or changed in the frame since.
#include "epb/ledger/ledger.hpp"
#include "epb/survey/sample.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace epb {

// Ledger pages mapped, not copied in by one read() each, while a frame is read (a third less
// time for a 1M-case frame) and while its members are stored or compared, which look up each
// member's case (SampleDesk::draw and verify keep the mapping for the whole command).
inline constexpr std::int64_t k_frame_mapped_bytes = std::int64_t{1} << 34; // 16 GiB of address space at most

struct Frame {
  std::vector<FrameRow> rows;         // sorted by ref
  std::string sha256;                 // over frame_line() of every row, in order
  std::vector<std::uint32_t> digests; // frame_digest() of every row, in order
};

// Builds the frame as the ledger stands now, for a sample drawn at `drawn_at`: cases whose
// status is one of `states` (the questionnaire's; empty: any closed case), opt-outs asked for
// by `drawn_at`, and the exclusion window looking back from it at members called by then, only
// in samples with an id below `before_sample` (a sample never excludes on account of itself or
// of later ones; 0: every sample). Reads the index case_frame_by_service_ref alone.
Frame build_frame(Ledger& ledger, const SampleDefinition& definition, const std::vector<std::string>& states,
                  Instant drawn_at, std::int64_t before_sample = 0);

// SHA-256 over frame_line() of every row, in order.
std::string frame_sha256(const std::vector<FrameRow>& rows);
// FNV-1a 32 of frame_line(row): what the stored form keeps of a row.
std::uint32_t frame_digest(const FrameRow& row);

// The stored form: version byte 1, then per row the case id as a zigzag LEB128 delta from the
// previous row's (the first from 0) and 4 bytes (big-endian) of FNV-1a 32 of frame_line().
std::string encode_frame(const std::vector<FrameRow>& rows);
// The same from digests computed already (Frame::digests): one frame_line() per row in all.
std::string encode_frame(const std::vector<FrameRow>& rows, const std::vector<std::uint32_t>& digests);

struct StoredFrameRow {
  std::int64_t case_id = 0;
  std::uint32_t digest = 0;
};
// Throws ProblemError on a damaged blob (the ledger was edited).
std::vector<StoredFrameRow> decode_frame(std::string_view blob);

} // namespace epb
