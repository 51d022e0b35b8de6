#pragma once
// What the fuzz targets share: the input as text, and as a file for the readers that take a
// path (TextSource opens by name): an anonymous in-memory file, named through /proc/self/fd.
#include "epb/core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <sys/mman.h>
#include <unistd.h>

namespace epb::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A property every input must keep failed: libFuzzer saves the input as a crash.
[[noreturn]] inline void broken() { std::abort(); }

class MemoryFile {
public:
  explicit MemoryFile(std::string_view bytes) : m_fd(memfd_create("fuzz-input", MFD_CLOEXEC)) {
    if (m_fd < 0) std::abort();
    for (std::size_t done = 0; done < bytes.size();) {
      const auto wrote = ::write(m_fd, bytes.data() + done, bytes.size() - done);
      if (wrote <= 0) std::abort();
      done += static_cast<std::size_t>(wrote);
    }
    m_path = "/proc/self/fd/" + std::to_string(m_fd);
  }
  ~MemoryFile() { ::close(m_fd); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  // Opening it anew reads from the start.
  const std::string& path() const { return m_path; }

private:
  int m_fd;
  std::string m_path;
};

// Runs `body`; bad input may end it with the ProblemError a reader throws (what main reports
// as `epb: error:`), but with no other exception.
template <class Body> void expect_no_surprise(Body&& body) {
  try {
    body();
  } catch (const ProblemError& error) {
    if (error.fault() != Fault::invalid) broken();
  }
}

} // namespace epb::fuzz
