#pragma once
// Reads a file or standard input in chunks as UTF-8, whatever it came in: UTF-8 with or
// without a BOM, or Big5 (CP950, as many Taiwanese government exports are), converted with
// glibc's iconv as it streams. Memory stays bounded by the chunk size.
#include "epb/core/error.hpp"
#include "epb/core/sha256.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace epb {

class TextSource {
public:
  enum class Encoding { automatic, utf8, big5 };

  // `path` "-" reads standard input. Throws Error (exit 3) when the file cannot be opened.
  TextSource(const std::string& path, Encoding encoding = Encoding::automatic);
  ~TextSource();
  TextSource(const TextSource&) = delete;
  TextSource& operator=(const TextSource&) = delete;

  // Appends the next chunk of UTF-8 text to `out`; false at the end of input.
  // Bytes that are neither UTF-8 nor Big5 end the whole read: ProblemError naming FILE:LINE.
  Result<bool> read(std::string& out);

  // UTF-8 input only: bytes that are not UTF-8 are handed on instead of ending the whole read,
  // for an import that rejects the records holding them one by one (--skip-invalid). From the
  // first such chunk on, invalid_utf8_seen() is true and readers check each record.
  void hand_on_invalid_utf8() { m_hand_on_invalid = true; }
  bool invalid_utf8_seen() const { return m_invalid_seen; }
  // Why such a record is refused, as the whole read would have been.
  std::string invalid_utf8_why() const;

  const std::string& name() const { return m_name; }
  Encoding encoding() const { return m_encoding; }
  // Bytes read from the input so far and its size (0 when unknown, e.g. a pipe): for progress.
  std::uint64_t bytes_read() const { return m_bytes_read; }
  std::uint64_t size() const { return m_size; }
  // Call before the first read to fingerprint the input: raw_sha256() is then the SHA-256 of
  // the bytes read so far exactly as they came (before any BOM is dropped or Big5 converted),
  // after the last read the input file's own (an exchange log's hash). Off by default: a large
  // import need not pay for it.
  void hash_raw() { m_hash_raw = true; }
  std::string raw_sha256() const {
    Sha256 copy = m_raw_hash;
    return copy.hex();
  }

private:
  Result<bool> fill_raw();
  Problem encoding_problem(std::size_t bad_offset, std::string_view why) const;
  bool looks_like_big5(std::string_view bytes) const;

  std::string m_name;
  int m_fd = -1;
  bool m_owns_fd = false;
  bool m_eof = false;
  Encoding m_encoding;
  std::string m_raw; // bytes not yet converted (a partial multibyte sequence at a chunk's end)
  void* m_iconv = nullptr;
  std::uint64_t m_bytes_read = 0;
  Sha256 m_raw_hash;
  bool m_hash_raw = false;
  std::uint64_t m_size = 0;
  bool m_first = true;
  bool m_detected = false; // the encoding was guessed, not given
  bool m_hand_on_invalid = false;
  bool m_invalid_seen = false;
  std::size_t m_lines = 0; // newlines handed out so far: for the line of an encoding error
};

} // namespace epb
