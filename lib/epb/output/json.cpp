#include "epb/output/json.hpp"

#include "epb/core/text_policy.hpp"

#include <fmt/format.h>

namespace epb {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // A byte that is not UTF-8 (a ledger written before the text policy) would make the whole
    // document invalid JSON: it becomes U+FFFD, the replacement character.
    if (static_cast<unsigned char>(c) >= 0x80) {
      const std::size_t length = utf8_length_at(text, i);
      if (length == 0) {
        out += "\\ufffd";
      } else {
        out.append(text.substr(i, length));
        i += length - 1;
      }
      continue;
    }
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20)
        out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
      else
        out += c;
    }
  }
  out += '"';
}

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

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
