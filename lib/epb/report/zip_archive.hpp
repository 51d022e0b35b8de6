#pragma once
// A zip archive built in memory with libzip, for the OpenDocument spreadsheet (render_ods.cpp).
// Entries keep the order they were added in (ODF wants `mimetype` first) and carry a fixed
// modification time, so the same document gives the same bytes.
#include <deque>
#include <memory>
#include <string>
#include <string_view>

namespace epb::report {

class ZipArchive {
public:
  enum class Method { store, deflate };

  ZipArchive(); // throws Error when libzip cannot start an archive
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Adds an entry holding `data`. Throws Error when libzip refuses it.
  void add(std::string_view name, std::string data, Method method = Method::deflate);
  // Writes the central directory and returns the archive's bytes; the archive is done then.
  std::string finish();

private:
  struct Handles;
  std::unique_ptr<Handles> m_handles;
  std::deque<std::string> m_data; // libzip reads each entry's bytes only when finish() writes
};

} // namespace epb::report
