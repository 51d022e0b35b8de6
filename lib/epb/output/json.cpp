#include "epb/output/json.hpp"

#include "epb/core/utf8.hpp"

#include <fmt/format.h>

namespace epb {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  // Runs of bytes that need no escape are copied at once: exports write millions of strings.
  std::size_t copied = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t length = utf8_length_at(text, i); length > 0) {
        i += length;
        continue;
      }
    }
    out.append(text.substr(copied, i - copied));
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      // A byte that is not UTF-8 (a ledger written before the text policy) would make the whole
      // document invalid JSON: it becomes U+FFFD, the replacement character.
      out += c >= 0x80 ? std::string("\\ufffd") : fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    }
    copied = ++i;
  }
  out.append(text.substr(copied));
  out += '"';
}

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

namespace {

template <typename Text> std::string string_array(std::span<const Text> items) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    append_json_string(out, item);
  }
  return out + "]";
}

} // namespace

std::string json_string_array(std::span<const std::string> items) { return string_array(items); }
std::string json_string_array(std::span<const std::string_view> items) { return string_array(items); }

void JsonObject::key(std::string_view name) {
  if (m_body.size() > 1) m_body += ',';
  append_json_string(m_body, name);
  m_body += ':';
}

JsonObject& JsonObject::add(std::string_view name, std::string_view value) {
  key(name);
  append_json_string(m_body, value);
  return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::int64_t value) {
  key(name);
  m_body += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::add(std::string_view name, bool value) {
  key(name);
  m_body += value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::add_raw(std::string_view name, std::string_view json) {
  key(name);
  m_body += json;
  return *this;
}

} // namespace epb
