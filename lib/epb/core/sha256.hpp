#pragma once
// SHA-256 (FIPS 180-4), streamed: the payment roster's fingerprint is computed as it is
// written, and checked again when a roster is written a second time from the ledger.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace epb {

class Sha256 {
public:
  // best: the CPU's SHA instructions where it has them (sha256_uses_cpu_extensions());
  // portable: the plain C++ rounds, for tests that compare the two.
  enum class Implementation { best, portable };
  explicit Sha256(Implementation implementation = Implementation::best);
  void update(std::string_view bytes);
  // The digest as 64 lowercase hex digits. Ends the computation: call once.
  std::string hex();

private:
  void block(const unsigned char* data);
  void blocks(const unsigned char* data, std::size_t count);

  std::array<std::uint32_t, 8> m_state;
  std::array<unsigned char, 64> m_buffer{};
  std::size_t m_buffered = 0;
  std::uint64_t m_length = 0; // bytes
  bool m_hardware = false;
};

// True when this CPU has the x86 SHA extensions, which Sha256 then uses.
bool sha256_uses_cpu_extensions();

std::string sha256_hex(std::string_view bytes);

} // namespace epb
