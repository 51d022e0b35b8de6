#pragma once
// Small text helpers shared by the readers of CSV, TOML and command-line values.
#include "epb/core/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

std::string_view trim(std::string_view text);
std::string to_lower_ascii(std::string_view text);
bool starts_with_bom(std::string_view text);
std::string_view strip_bom(std::string_view text);
bool is_valid_utf8(std::string_view text);
// Appends code point `cp` encoded as UTF-8 (JSON \u escapes, TOML escapes).
void append_utf8(std::string& out, std::uint32_t cp);

// The offset of the first byte that breaks UTF-8, or npos. Strict: overlong forms, surrogates
// (ED A0 80) and code points past U+10FFFF break it too (text_policy.cpp).
std::size_t first_invalid_utf8(std::string_view text);

// Converts Big5 (CP950, as Taiwanese government exports use) to UTF-8 with glibc's iconv.
Result<std::string> big5_to_utf8(std::string_view text);

// UTF-8 text as is (BOM removed), or Big5 converted, decided by whether the bytes are valid UTF-8.
Result<std::string> decode_text(std::string_view bytes, std::string_view source);

// Splits one CSV record held on a single line (RFC 4180 quoting, no embedded newlines).
std::vector<std::string> split_csv_line(std::string_view line, char separator = ',');

// Splits text into lines, accepting \n and \r\n.
std::vector<std::string_view> split_lines(std::string_view text);

// Reads a whole file; throws epb::Error when it cannot be read.
std::string read_file(const std::string& path);

} // namespace epb
