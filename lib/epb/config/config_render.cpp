// render_config(): the effective configuration in the layout of config/epb.toml, written by
// hand because toml++'s formatter sorts keys and would lose the file's order of units and states.
#include "epb/config/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace epb {
namespace {

// A TOML basic string: quotes, backslashes and control characters escaped; UTF-8 kept as is.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    case '\f': out += "\\f"; break;
    case '\r': out += "\\r"; break;
    default: {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte == 0x7f)
        fmt::format_to(std::back_inserter(out), "\\u{:04X}", static_cast<unsigned>(byte));
      else
        out += c;
    }
    }
  }
  out += '"';
  return out;
}

// Codes are checked to be bare keys, but a key must survive the round trip whatever it holds.
std::string key(std::string_view text) {
  const bool bare = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
  return bare ? std::string(text) : quoted(text);
}

std::string_view boolean(bool value) { return value ? "true" : "false"; }

std::string string_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quoted(items[i]);
  return out + "]";
}

void render_unit(std::string& out, const Unit& unit) {
  fmt::format_to(std::back_inserter(out), "\n[units.{}]\nname = {}\nname_en = {}\n", key(unit.code),
                 quoted(unit.name_zh), quoted(unit.name_en));
  const Contact& head = unit.head;
  if (head == Contact{}) return;
  fmt::format_to(std::back_inserter(out), "head = {{ name = {}, title = {}, email = {}, phone = {} }}\n",
                 quoted(head.name), quoted(head.title), quoted(head.email), quoted(head.phone));
}

void render_channel(std::string& out, const Channel& channel) {
  fmt::format_to(std::back_inserter(out), "\n[channels.{}]\nname = {}\nname_en = {}\n", key(channel.code),
                 quoted(channel.name_zh), quoted(channel.name_en));
}

// Services show every setting, defaults included, so `config show` answers "is this on?";
// states leave out what is off, to keep the long lists readable.
void render_service(std::string& out, const Service& service) {
  auto to = std::back_inserter(out);
  fmt::format_to(to, "\n[services.{}]\n", key(service.code));
  fmt::format_to(to, "prefix = {}\nname = {}\nname_en = {}\nunit = {}\n", quoted(service.prefix),
                 quoted(service.name_zh), quoted(service.name_en), quoted(service.unit));
  fmt::format_to(to, "deadline = {}\ninitial = {}\n", quoted(service.deadline.text()), quoted(service.initial_state));
  fmt::format_to(to, "id_required = {}\nanonymous = {}\nsurveyed = {}\ntrack_repeats = {}\n",
                 boolean(service.id_required), boolean(service.anonymous_allowed), boolean(service.surveyed),
                 boolean(service.track_repeats));
  const ExtensionPolicy& extension = service.extension;
  fmt::format_to(to, "extension = {{ max_times = {}, max_days = {}, notify_applicant = {} }}\n", extension.max_times,
                 extension.max_days, boolean(extension.notify_applicant));
  for (const State& state : service.states) {
    fmt::format_to(to, "\n[services.{}.states.{}]\nname = {}\nname_en = {}\n", key(service.code), key(state.code),
                   quoted(state.name_zh), quoted(state.name_en));
    if (state.pauses_clock) out += "pause = true\n";
    if (state.final) out += "final = true\n";
    if (!state.next.empty()) fmt::format_to(to, "next = {}\n", string_array(state.next));
  }
}

void render_mapping(std::string& out, const ColumnMapping& mapping) {
  fmt::format_to(std::back_inserter(out), "\n[mappings.{}]\n", key(mapping.code));
  for (const auto& [column, field] : mapping.columns)
    fmt::format_to(std::back_inserter(out), "{} = {}\n", quoted(column), quoted(field));
}

} // namespace

std::string render_config(const Config& config) {
  // A line break in the source path would end the comment and break the re-parse.
  std::string source = config.source.empty() ? "built-in" : config.source;
  std::replace_if(source.begin(), source.end(), [](char c) { return c == '\n' || c == '\r'; }, '?');
  std::string out = fmt::format("# epb configuration from {}\n", source);
  for (const Unit& unit : config.units) render_unit(out, unit);
  for (const Channel& channel : config.channels) render_channel(out, channel);
  for (const Service& service : config.services) render_service(out, service);
  for (const ColumnMapping& mapping : config.mappings) render_mapping(out, mapping);
  return out;
}

} // namespace epb
