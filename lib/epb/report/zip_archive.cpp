#include "epb/report/zip_archive.hpp"

#include "epb/core/error.hpp"

#include <fmt/format.h>

#include <cstdio>

#include <zip.h>

namespace epb::report {
namespace {

// 1980-01-01 00:00, the first moment a zip entry can name: fixed, so output is reproducible.
constexpr zip_uint16_t k_dos_date = (0 << 9) | (1 << 5) | 1;
constexpr zip_uint16_t k_dos_time = 0;

[[noreturn]] void fail(std::string_view step, zip_error_t* error) {
  throw Error(fmt::format("ods: libzip could not {}: {}", step, zip_error_strerror(error)));
}

} // namespace

struct ZipArchive::Handles {
  zip_source_t* buffer = nullptr; // the archive's bytes; outlives `archive` (zip_source_keep)
  zip_t* archive = nullptr;
};

ZipArchive::ZipArchive() : m_handles(std::make_unique<Handles>()) {
  zip_error_t error;
  zip_error_init(&error);
  m_handles->buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!m_handles->buffer) fail("create a buffer", &error);
  m_handles->archive = zip_open_from_source(m_handles->buffer, ZIP_TRUNCATE, &error);
  if (!m_handles->archive) {
    zip_source_free(m_handles->buffer);
    fail("open an archive in memory", &error);
  }
  zip_source_keep(m_handles->buffer); // zip_close would free it; finish() still reads it
}

ZipArchive::~ZipArchive() {
  if (m_handles->archive) zip_discard(m_handles->archive);
  if (m_handles->buffer) zip_source_free(m_handles->buffer);
}

void ZipArchive::add(std::string_view name, std::string data, Method method) {
  zip_t* archive = m_handles->archive;
  if (!archive) throw Error("ods: the zip archive is already finished");
  const std::string& bytes = m_data.emplace_back(std::move(data));
  zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
  if (!source) fail("take an entry", zip_get_error(archive));
  const zip_int64_t index = zip_file_add(archive, std::string(name).c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    fail(fmt::format("add {}", name), zip_get_error(archive));
  }
  const auto entry = static_cast<zip_uint64_t>(index);
  const zip_int32_t compression = method == Method::store ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
  if (zip_set_file_compression(archive, entry, compression, 0) != 0 ||
      zip_file_set_dostime(archive, entry, k_dos_time, k_dos_date, 0) != 0)
    fail(fmt::format("set up {}", name), zip_get_error(archive));
}

std::string ZipArchive::finish() {
  zip_t* archive = m_handles->archive;
  if (!archive) throw Error("ods: the zip archive is already finished");
  if (zip_close(archive) != 0) fail("write the archive", zip_get_error(archive));
  m_handles->archive = nullptr;
  zip_source_t* buffer = m_handles->buffer;
  if (zip_source_open(buffer) != 0) fail("read the archive back", zip_source_error(buffer));
  std::string bytes;
  if (zip_source_seek(buffer, 0, SEEK_END) == 0) {
    const zip_int64_t size = zip_source_tell(buffer);
    if (size > 0 && zip_source_seek(buffer, 0, SEEK_SET) == 0) {
      bytes.resize(static_cast<std::size_t>(size));
      if (zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size)) != size) bytes.clear();
    }
  }
  zip_source_close(buffer);
  if (bytes.empty()) fail("read the archive back", zip_source_error(buffer));
  return bytes;
}

} // namespace epb::report
