#pragma once
// The one strict UTF-8 decoder, inline: the text policy, the input readers and the JSON writer
// run it over every byte they handle.
#include <cstddef>
#include <string_view>

namespace epb {

// One code point decoded strictly (Unicode 15, table 3-7): no overlong forms, no surrogates,
// nothing past U+10FFFF. `length` 0 means the byte at the start is not UTF-8.
struct Utf8Decoded {
  char32_t cp = 0;
  std::size_t length = 0;
};

// Inlined: imports run it over every byte of every value.
[[gnu::always_inline]] inline Utf8Decoded decode_utf8_at(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = byte(0);
  if (c < 0x80) return {c, 1};
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF; // the allowed range of the second byte
  char32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    cp = c & 0x0Fu;
    if (c == 0xE0) low = 0xA0;  // overlong below U+0800
    if (c == 0xED) high = 0x9F; // surrogates U+D800–U+DFFF
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    cp = c & 0x07u;
    if (c == 0xF0) low = 0x90;  // overlong below U+10000
    if (c == 0xF4) high = 0x8F; // past U+10FFFF
  } else {
    return {};
  }
  if (i + length > text.size()) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char next = byte(k);
    if (k == 1 ? (next < low || next > high) : (next & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (next & 0x3Fu);
  }
  return {cp, length};
}

// The length of the UTF-8 sequence starting at byte `i`; 0 when it is not one.
[[gnu::always_inline]] inline std::size_t utf8_length_at(std::string_view text, std::size_t i) {
  return decode_utf8_at(text, i).length;
}

} // namespace epb
