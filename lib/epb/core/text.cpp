#include "epb/core/text.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace epb {

std::string_view trim(std::string_view text) {
  constexpr std::string_view k_space = " \t\r\n";
  const auto first = text.find_first_not_of(k_space);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(k_space);
  return text.substr(first, last - first + 1);
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool starts_with_bom(std::string_view text) { return text.substr(0, 3) == "\xEF\xBB\xBF"; }

std::string_view strip_bom(std::string_view text) { return starts_with_bom(text) ? text.substr(3) : text; }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view text) { return first_invalid_utf8(text) == std::string_view::npos; }

Result<std::string> big5_to_utf8(std::string_view text) {
  iconv_t cd = iconv_open("UTF-8", "CP950");
  if (cd == reinterpret_cast<iconv_t>(-1)) cd = iconv_open("UTF-8", "BIG5");
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw Error(fmt::format("cannot convert from Big5: {}", std::strerror(errno)));
  std::string out(text.size() * 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(text.data()); // iconv's signature predates const
  std::size_t in_left = text.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  const std::size_t offset = text.size() - in_left;
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1))
    return invalid("encoding", fmt::format("neither UTF-8 nor Big5 (bad byte at offset {})", offset));
  out.resize(out.size() - out_left);
  return out;
}

Result<std::string> decode_text(std::string_view bytes, std::string_view source) {
  if (starts_with_bom(bytes) || is_valid_utf8(bytes)) return std::string(strip_bom(bytes));
  auto converted = big5_to_utf8(bytes);
  if (!converted) return invalid(std::string(source), converted.error().why);
  return converted;
}

std::vector<std::string> split_csv_line(std::string_view line, char separator) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == separator) {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return fields;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string read_file(const std::string& path) {
  // A directory opens like a file and reads as empty: refuse it for what it is.
  if (std::error_code ec; std::filesystem::is_directory(path, ec))
    throw Error(fmt::format("{}: is a directory, not a file", path), Fault::invalid);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)), Fault::invalid);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

} // namespace epb
