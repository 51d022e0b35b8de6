#include "epb/survey/sample_generator.hpp"

#include "epb/core/sha256.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace epb {

namespace {

constexpr std::uint64_t k_golden_gamma = 0x9E3779B97F4A7C15ULL;

// SplitMix64's finaliser: every input bit reaches every output bit, so consecutive counters
// give unrelated numbers.
std::uint64_t mix(std::uint64_t z) {
  z ^= z >> 30;
  z *= 0xBF58476D1CE4E5B9ULL;
  z ^= z >> 27;
  z *= 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return z;
}

int hex_value(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  return digit - 'a' + 10; // Sha256::hex() writes lowercase
}

std::uint64_t stream_key(std::uint64_t seed, std::string_view stratum) {
  std::string message(k_sample_generator);
  message += '\0';
  message += fmt::format("{}", seed);
  message += '\0';
  message += stratum;
  const std::string digest = sha256_hex(message);
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < 16; ++i)
    key = (key << 4) | static_cast<std::uint64_t>(hex_value(digest[i]));
  return key;
}

} // namespace

SampleStream::SampleStream(std::uint64_t seed, std::string_view stratum) : m_key(stream_key(seed, stratum)) {}

std::uint64_t SampleStream::next() {
  ++m_counter;
  return mix(m_key + m_counter * k_golden_gamma); // unsigned arithmetic wraps mod 2^64
}

std::uint64_t SampleStream::below(std::uint64_t bound) {
  if (bound == 0) throw std::invalid_argument("SampleStream::below(0)");
  // 2^64 mod bound, computed without 2^64: (2^64 - bound) mod bound.
  const std::uint64_t excess = (std::uint64_t{0} - bound) % bound;
  // Accept x < 2^64 - excess, so that every residue is equally likely; excess 0 accepts all.
  const std::uint64_t limit = std::uint64_t{0} - excess;
  for (;;) {
    const std::uint64_t x = next();
    if (excess == 0 || x < limit) return x % bound;
  }
}

std::vector<std::size_t> systematic_positions(std::size_t frame, std::size_t n, SampleStream& stream) {
  if (n == 0 || n > frame) throw std::invalid_argument("systematic_positions: n must be in 1..frame");
  // floor((s + j * N) / n) without forming s + j * N, which can pass 2^64 on a huge frame: keep
  // it as quotient and remainder by n and add N = (N / n) * n + N % n at each step.
  const std::uint64_t start = stream.below(frame);
  const std::size_t step_quotient = frame / n;
  const std::size_t step_remainder = frame % n;
  std::size_t quotient = static_cast<std::size_t>(start / n);
  std::size_t remainder = static_cast<std::size_t>(start % n);
  std::vector<std::size_t> positions;
  positions.reserve(n);
  for (std::size_t j = 0; j < n; ++j) {
    positions.push_back(quotient);
    quotient += step_quotient;
    remainder += step_remainder; // both below n: no overflow
    if (remainder >= n) {
      remainder -= n;
      ++quotient;
    }
  }
  return positions;
}

std::vector<std::size_t> random_order(std::vector<std::size_t> pool, std::size_t count, SampleStream& stream) {
  if (count > pool.size()) throw std::invalid_argument("random_order: count exceeds the pool");
  for (std::size_t j = 0; j < count; ++j) {
    const std::size_t r = j + static_cast<std::size_t>(stream.below(pool.size() - j));
    std::swap(pool[j], pool[r]);
  }
  pool.resize(count);
  return pool;
}

} // namespace epb
