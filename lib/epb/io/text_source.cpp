#include "epb/io/text_source.hpp"

#include "epb/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

namespace epb {
namespace {

constexpr std::size_t k_chunk = 1 << 20;

// Length of a trailing incomplete UTF-8 sequence, to carry it into the next chunk.
std::size_t incomplete_utf8_tail(std::string_view bytes) {
  const std::size_t n = bytes.size();
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    const auto c = static_cast<unsigned char>(bytes[n - back]);
    if ((c & 0xC0) == 0x80) continue; // continuation byte: keep looking for the lead
    const std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

} // namespace

TextSource::TextSource(const std::string& path, Encoding encoding)
    : m_name(path == "-" ? "<stdin>" : path), m_encoding(encoding) {
  if (path == "-") {
    m_fd = STDIN_FILENO;
  } else {
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)), Fault::invalid);
    m_owns_fd = true;
  }
  struct stat info {};
  if (fstat(m_fd, &info) == 0 && S_ISREG(info.st_mode)) m_size = static_cast<std::uint64_t>(info.st_size);
  // A directory opens like a file and fails only when read: refuse it as the input it is.
  if (S_ISDIR(info.st_mode)) {
    if (m_owns_fd) ::close(m_fd);
    throw Error(fmt::format("{}: is a directory, not a file", path), Fault::invalid);
  }
}

TextSource::~TextSource() {
  if (m_iconv) iconv_close(static_cast<iconv_t>(m_iconv));
  if (m_owns_fd) ::close(m_fd);
}

Result<bool> TextSource::fill_raw() {
  const std::size_t old = m_raw.size();
  m_raw.resize(old + k_chunk);
  ssize_t got;
  do {
    got = ::read(m_fd, m_raw.data() + old, k_chunk);
  } while (got < 0 && errno == EINTR);
  if (got < 0) throw Error(fmt::format("{}: read failed: {}", m_name, std::strerror(errno)));
  m_raw.resize(old + static_cast<std::size_t>(got));
  if (m_hash_raw) m_raw_hash.update(std::string_view(m_raw).substr(old));
  m_bytes_read += static_cast<std::uint64_t>(got);
  if (got == 0) m_eof = true;
  return got > 0;
}

Problem TextSource::encoding_problem(std::size_t bad_offset, std::string_view why) const {
  // The line of the bad byte: lines already handed out, plus newlines before it in this chunk.
  const std::size_t line = m_lines + 1 +
                           static_cast<std::size_t>(std::count(
                               m_raw.begin(), m_raw.begin() + static_cast<std::ptrdiff_t>(bad_offset), '\n'));
  return Problem{Fault::invalid, fmt::format("{}:{}", m_name, line), std::string(why)};
}

std::string TextSource::invalid_utf8_why() const {
  return m_detected ? "neither UTF-8 nor Big5" : "not valid UTF-8 (give --encoding big5 for a Big5 file)";
}

bool TextSource::looks_like_big5(std::string_view bytes) const {
  iconv_t cd = iconv_open("UTF-8", "CP950");
  if (cd == reinterpret_cast<iconv_t>(-1)) cd = iconv_open("UTF-8", "BIG5");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string in(bytes);
  std::string scratch(bytes.size() * 2 + 16, '\0');
  char* in_ptr = in.data();
  std::size_t in_left = in.size();
  char* out_ptr = scratch.data();
  std::size_t out_left = scratch.size();
  const std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  const int error = errno;
  iconv_close(cd);
  // A character cut at the chunk's end (EINVAL) still counts as Big5.
  return rc != static_cast<std::size_t>(-1) || error == EINVAL;
}

Result<bool> TextSource::read(std::string& out) {
  if (m_eof && m_raw.empty()) return false;
  if (!m_eof) fill_raw();
  if (m_first) {
    m_first = false;
    if (starts_with_bom(m_raw)) {
      m_raw.erase(0, 3);
      if (m_encoding == Encoding::automatic) m_encoding = Encoding::utf8;
    }
    if (m_encoding == Encoding::automatic) {
      // UTF-8 unless the bytes are not UTF-8 but are Big5; a UTF-8 file with a stray bad byte
      // is reported as such, at its line, rather than misread as Big5.
      const std::size_t tail = m_eof ? 0 : incomplete_utf8_tail(m_raw);
      const std::string_view ready = std::string_view(m_raw).substr(0, m_raw.size() - tail);
      m_encoding = is_valid_utf8(ready) || !looks_like_big5(ready) ? Encoding::utf8 : Encoding::big5;
      m_detected = true;
    }
    if (m_encoding == Encoding::big5) {
      iconv_t cd = iconv_open("UTF-8", "CP950");
      if (cd == reinterpret_cast<iconv_t>(-1)) cd = iconv_open("UTF-8", "BIG5");
      if (cd == reinterpret_cast<iconv_t>(-1)) throw Error("cannot convert from Big5: iconv has no CP950 or BIG5");
      m_iconv = cd;
    }
  }
  const std::size_t before = out.size();
  if (m_encoding == Encoding::utf8) {
    const std::size_t tail = m_eof ? 0 : incomplete_utf8_tail(m_raw);
    const std::string_view ready = std::string_view(m_raw).substr(0, m_raw.size() - tail);
    if (const std::size_t bad = first_invalid_utf8(ready); bad != std::string_view::npos) {
      if (!m_hand_on_invalid) throw ProblemError(encoding_problem(bad, invalid_utf8_why()));
      m_invalid_seen = true;
    }
    out.append(ready);
    m_raw.erase(0, ready.size());
  } else {
    // Big5: convert what can be converted; keep an incomplete trailing character for later.
    out.resize(before + m_raw.size() * 2 + 16);
    char* in_ptr = m_raw.data();
    std::size_t in_left = m_raw.size();
    char* out_ptr = out.data() + before;
    std::size_t out_left = out.size() - before;
    const std::size_t rc = iconv(static_cast<iconv_t>(m_iconv), &in_ptr, &in_left, &out_ptr, &out_left);
    const int error = errno;
    out.resize(out.size() - out_left);
    if (rc == static_cast<std::size_t>(-1) && (error == EILSEQ || (error == EINVAL && m_eof))) {
      const std::size_t bad = m_raw.size() - in_left;
      throw ProblemError(encoding_problem(bad, m_detected ? "neither UTF-8 nor Big5" : "not valid Big5"));
    }
    m_raw.erase(0, m_raw.size() - in_left);
  }
  m_lines += static_cast<std::size_t>(std::count(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(), '\n'));
  return true;
}

} // namespace epb
