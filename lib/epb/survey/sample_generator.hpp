#pragma once
// The sample generator, version "epb-sample-1": a counter-based stream of 64-bit numbers per
// (seed, stratum), so the same inputs give the same sample on any machine and in any later
// epb that keeps the version (an audit board must be able to re-draw it by hand). The
// specification, which epb-survey(1) repeats and tests/cli/survey_redraw.py re-implements:
//
//   key     = the first 8 bytes, read big-endian, of
//             SHA-256("epb-sample-1" 0x00 SEED 0x00 STRATUM)   (SEED in decimal, STRATUM UTF-8)
//   x(n)    = mix(key + (n + 1) * 0x9E3779B97F4A7C15 mod 2^64), n = 0, 1, 2, ...
//   mix(z)  = z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB;
//             z ^= z >> 31   (SplitMix64's finaliser, arithmetic mod 2^64)
//   below(m): the next x with x < 2^64 - (2^64 mod m) (rejection), taken mod m: uniform in 0..m-1
//
//   systematic, n of N: s = below(N); position j (0-based, j = 0..n-1) = floor((s + j * N) / n):
//             an interval of exactly N/n with a random start, integers only
//   simple, n of N:     a partial Fisher-Yates shuffle of the positions 0..N-1: for j = 0..n-1,
//             r = j + below(N - j), swap a[j] and a[r]; a[0..n-1] in that order
//   spares, K:          after the chosen, the same partial shuffle (continuing the stream) over
//             the positions not chosen, in frame order; the first K in that order
#include <cstdint>
#include <string_view>
#include <vector>

namespace epb {

inline constexpr std::string_view k_sample_generator = "epb-sample-1";

class SampleStream {
public:
  SampleStream(std::uint64_t seed, std::string_view stratum);
  std::uint64_t next();                       // x(n), then n + 1
  std::uint64_t below(std::uint64_t bound);   // uniform in 0..bound-1; bound > 0
  std::uint64_t key() const { return m_key; } // for tests against the specification

private:
  std::uint64_t m_key;
  std::uint64_t m_counter = 0;
};

// n positions of a frame of `frame` rows (0 < n <= frame), in increasing order.
std::vector<std::size_t> systematic_positions(std::size_t frame, std::size_t n, SampleStream& stream);
// The first `count` of a random order of `pool` (count <= pool.size()), in drawn order.
std::vector<std::size_t> random_order(std::vector<std::size_t> pool, std::size_t count, SampleStream& stream);

} // namespace epb
