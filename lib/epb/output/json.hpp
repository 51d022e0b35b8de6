#pragma once
// Just enough JSON writing for event details and the json/jsonl output formats.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace epb {

// Appends `text` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view text);
std::string json_string(std::string_view text);
// A JSON array of string literals: ["a","b"] ("[]" for none).
std::string json_string_array(std::span<const std::string> items);
std::string json_string_array(std::span<const std::string_view> items);

// Builds one flat JSON object: JsonObject().add("from", "a").add("days", 3).str().
class JsonObject {
public:
  JsonObject& add(std::string_view key, std::string_view value);
  JsonObject& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  JsonObject& add(std::string_view key, const std::string& value) { return add(key, std::string_view(value)); }
  JsonObject& add(std::string_view key, std::int64_t value);
  JsonObject& add(std::string_view key, int value) { return add(key, std::int64_t{value}); }
  JsonObject& add(std::string_view key, bool value);
  // `json` must already be valid JSON (an array or a nested object).
  JsonObject& add_raw(std::string_view key, std::string_view json);
  std::string str() const { return m_body + "}"; }

private:
  void key(std::string_view name);
  std::string m_body = "{";
};

} // namespace epb
