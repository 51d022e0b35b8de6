#include "epb/cases/case_record.hpp"

#include "epb/core/text.hpp"
#include "epb/io/record_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace epb {
namespace {

// One member of an item of a JSON list; unknown keys are refused, so a typo is not lost.
Result<std::map<std::string, std::string>> list_item(std::string_view field, std::size_t index,
                                                     const JsonMembers& members,
                                                     std::initializer_list<std::string_view> keys) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : members) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string known;
      for (auto k : keys)
        known += (known.empty() ? "" : ", ") + std::string(k);
      return invalid(std::string(field), fmt::format("item {}: unknown key '{}' (keys: {})", index, key, known));
    }
    if (!out.emplace(key, value).second)
      return invalid(std::string(field), fmt::format("item {}: key '{}' given twice", index, key));
  }
  return out;
}

Result<std::vector<JsonMembers>> json_list(std::string_view field, std::string_view text) {
  if (text.empty()) return std::vector<JsonMembers>{};
  auto list = parse_json_object_list(text);
  if (!list) return invalid(std::string(field), fmt::format("not a JSON list of objects: {}", list.error().why));
  return list;
}

} // namespace

// An instant of the case's record: not before it was received, not after the clock.
Result<Instant> record_instant(std::string_view field, std::string_view text, const Case& c, Instant now) {
  auto at = parse_instant(text);
  if (!at) return invalid(std::string(field), at.error().message());
  if (*at < c.received_at)
    return invalid(std::string(field), fmt::format("{} is before the case was received", at->iso()));
  if (*at > now) return invalid(std::string(field), fmt::format("{} is in the future", at->iso()));
  return *at;
}

// `pauses`: [{"from": INSTANT, "to": INSTANT or empty while paused}], oldest first, not overlapping.
Result<std::vector<Pause>> read_pauses(std::string_view text, const Case& c, Instant now) {
  auto list = json_list("pauses", text);
  if (!list) return std::unexpected(list.error());
  std::vector<Pause> pauses;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto item = list_item("pauses", i + 1, (*list)[i], {"from", "to"});
    if (!item) return std::unexpected(item.error());
    const auto at = [&](std::string_view key) { return fmt::format("pauses: item {}: {}", i + 1, key); };
    auto from = record_instant(at("from"), (*item)["from"], c, now);
    if (!from) return std::unexpected(from.error());
    Pause pause{*from, std::nullopt};
    if (!(*item)["to"].empty()) {
      auto to = record_instant(at("to"), (*item)["to"], c, now);
      if (!to) return std::unexpected(to.error());
      if (*to < *from) return invalid(at("to"), "before the pause began");
      pause.to = *to;
    }
    if (!pauses.empty() && !pauses.back().to)
      return invalid(at("from"), "an earlier pause has not ended (only the last may be open)");
    if (!pauses.empty() && pause.from < *pauses.back().to)
      return invalid(at("from"), "before the previous pause ended (oldest first, not overlapping)");
    pauses.push_back(pause);
  }
  return pauses;
}

// `extension_log`: [{"at", "workdays", "reason", "notify_applicant", "notified"}] in the order granted.
Result<std::vector<Extension>> read_extensions(std::string_view text, const Case& c, Instant now) {
  auto list = json_list("extension_log", text);
  if (!list) return std::unexpected(list.error());
  std::vector<Extension> extensions;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto item =
        list_item("extension_log", i + 1, (*list)[i], {"at", "workdays", "reason", "notify_applicant", "notified"});
    if (!item) return std::unexpected(item.error());
    const auto at = [&](std::string_view key) { return fmt::format("extension_log: item {}: {}", i + 1, key); };
    Extension extension;
    auto when = record_instant(at("at"), (*item)["at"], c, now);
    if (!when) return std::unexpected(when.error());
    extension.at = *when;
    if (!extensions.empty() && extension.at < extensions.back().at)
      return invalid(at("at"), "before the previous extension (in the order granted)");
    const std::string& days = (*item)["workdays"];
    int value = 0;
    const auto [end, ec] = std::from_chars(days.data(), days.data() + days.size(), value);
    if (ec != std::errc() || end != days.data() + days.size() || value < 1 || value > 365)
      return invalid(at("workdays"), fmt::format("'{}' is not a number of working days from 1 to 365", days));
    extension.days = value;
    extension.reason = std::string(trim((*item)["reason"]));
    if (extension.reason.empty()) return invalid(at("reason"), "required");
    const std::string& notify = (*item)["notify_applicant"];
    if (notify != "true" && notify != "false" && !notify.empty())
      return invalid(at("notify_applicant"), fmt::format("'{}' is not true or false", notify));
    extension.notify_applicant = notify == "true";
    if (!(*item)["notified"].empty()) {
      auto notified = record_instant(at("notified"), (*item)["notified"], c, now);
      if (!notified) return std::unexpected(notified.error());
      if (*notified < extension.at) return invalid(at("notified"), "before the extension was granted");
      extension.notified = *notified;
    }
    extensions.push_back(std::move(extension));
  }
  return extensions;
}

// A reference as the import reads it in `ref`: PREFIX-YYY-NNNNNN.
bool looks_like_ref(std::string_view ref) {
  const auto dash = ref.find('-');
  if (dash == std::string_view::npos || dash == 0 || ref.size() != dash + 11 || ref[dash + 4] != '-') return false;
  for (std::size_t i = dash + 1; i < ref.size(); ++i)
    if (i != dash + 4 && (ref[i] < '0' || ref[i] > '9')) return false;
  return true;
}
} // namespace epb
