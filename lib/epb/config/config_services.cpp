// [services]: each service's SOP, its lifecycle states, and the checks that tie them together.
#include "epb/config/config_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

namespace epb::config_detail {
namespace {

constexpr int k_max_extensions = 100;
constexpr int k_max_extension_days = 3650;

bool is_prefix(std::string_view text) {
  // References like PET-113-000042 must stay short and unambiguous to read over the phone.
  if (text.size() < 2 || text.size() > 5) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

template <class T> std::vector<std::string> codes_of(const std::vector<T>& items) {
  std::vector<std::string> codes;
  for (const auto& item : items)
    codes.push_back(item.code);
  return codes;
}

std::vector<std::string> known_kinds() { return {k_service_kinds.begin(), k_service_kinds.end()}; }

// A state's `next` moves, with where each was written, checked once all states are known.
struct Moves {
  std::string state;
  std::vector<TableReader::Item> targets;
};

void read_states(const toml::table& section, Service& service, IssueLog& log, std::vector<Moves>& moves) {
  for (const auto& entry : in_file_order(section)) {
    const std::string code(entry.key);
    if (!is_code(code)) log.add(entry.key_position, fmt::format("state code '{}' must match [a-z][a-z0-9_-]*", code));
    const auto* table = entry.node->as_table();
    if (!table) {
      log.add(position(*entry.node), fmt::format("state '{}' must be a table, not {}", code, type_name(*entry.node)));
      continue;
    }
    TableReader reader(*table, fmt::format("in state '{}' of service '{}'", code, service.code), log);
    State state;
    state.code = code;
    state.name_zh = reader.string("name", true).value_or("");
    state.name_en = reader.string("name_en", true).value_or("");
    state.pauses_clock = reader.boolean("pause").value_or(false);
    state.final = reader.boolean("final").value_or(false);
    if (auto next = reader.strings("next")) {
      for (const auto& item : *next)
        state.next.push_back(item.value);
      moves.push_back(Moves{code, std::move(*next)});
    }
    reader.finish();
    if (state.final && !state.next.empty())
      log.add(reader.where("next"),
              fmt::format("final state '{}' of service '{}' cannot have moves ('next')", code, service.code));
    // A closed case has no clock left to stop.
    if (state.final && state.pauses_clock)
      log.add(reader.where("pause"),
              fmt::format("final state '{}' of service '{}' cannot pause the clock", code, service.code));
    service.states.push_back(std::move(state));
  }
}

void check_states(const Service& service, const std::vector<Moves>& moves, toml::source_position states_at,
                  IssueLog& log) {
  const std::vector<std::string> codes = codes_of(service.states);
  for (const auto& from : moves)
    for (const auto& target : from.targets)
      if (!service.state(target.value))
        log.add(target.where, fmt::format("state '{}' of service '{}' moves to undefined state '{}'{}", from.state,
                                          service.code, target.value, suggestion(target.value, codes)));
  if (std::none_of(service.states.begin(), service.states.end(), [](const State& s) { return s.final; }))
    log.add(states_at, fmt::format("service '{}' has no final state", service.code));
}

// Every case must be able to close: from the initial state some final state is reached along
// the moves, and no state a case can get to is a dead end short of one.
void check_reachable(const Service& service, const toml::table& states, toml::source_position initial_at,
                     IssueLog& log) {
  // A missing final state or a move to an undefined state is reported already: one problem, one message.
  if (!service.state(service.initial_state)) return;
  if (std::none_of(service.states.begin(), service.states.end(), [](const State& s) { return s.final; })) return;
  for (const auto& state : service.states)
    for (const auto& next : state.next)
      if (!service.state(next)) return;
  // States from which a final state can be reached: grown backwards from the final ones.
  std::vector<std::string> closing;
  for (const auto& state : service.states)
    if (state.final) closing.push_back(state.code);
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& state : service.states)
      if (std::find(closing.begin(), closing.end(), state.code) == closing.end() &&
          std::any_of(state.next.begin(), state.next.end(), [&](const std::string& next) {
            return std::find(closing.begin(), closing.end(), next) != closing.end();
          })) {
        closing.push_back(state.code);
        grew = true;
      }
  }
  // States a case can get to from the initial one.
  std::vector<std::string> reached{service.initial_state};
  for (std::size_t i = 0; i < reached.size(); ++i)
    if (const State* state = service.state(reached[i]))
      for (const auto& next : state->next)
        if (service.state(next) && std::find(reached.begin(), reached.end(), next) == reached.end())
          reached.push_back(next);
  if (std::find(closing.begin(), closing.end(), service.initial_state) == closing.end()) {
    log.add(initial_at, fmt::format("service '{}' can never close: no final state can be reached from its initial "
                                    "state '{}'",
                                    service.code, service.initial_state));
    return;
  }
  for (const auto& code : reached)
    if (std::find(closing.begin(), closing.end(), code) == closing.end())
      log.add(states.get(code) ? position(*states.get(code)) : initial_at,
              fmt::format("service '{}': a case in state '{}' can never close (no final state can be "
                          "reached from it)",
                          service.code, code));
}

ExtensionPolicy read_extension(const toml::table& table, const std::string& service, IssueLog& log) {
  TableReader reader(table, fmt::format("in the extension of service '{}'", service), log);
  ExtensionPolicy policy;
  policy.max_times = reader.integer("max_times", 0, k_max_extensions).value_or(0);
  policy.max_days = reader.integer("max_days", 0, k_max_extension_days).value_or(0);
  policy.notify_applicant = reader.boolean("notify_applicant").value_or(true);
  reader.finish();
  if (policy.max_times > 0 && policy.max_days < 1)
    log.add(reader.where("max_days"),
            fmt::format("extension of service '{}' allows {} extension{} but 'max_days' is {}: it must be at least 1",
                        service, policy.max_times, policy.max_times == 1 ? "" : "s", policy.max_days));
  return policy;
}

Service read_service(const std::string& code, const toml::table& table, const Config& config, IssueLog& log) {
  TableReader reader(table, fmt::format("in service '{}'", code), log);
  Service service;
  service.code = code;
  if (auto prefix = reader.string("prefix", true)) {
    if (!is_prefix(*prefix))
      log.add(reader.where("prefix"),
              fmt::format("prefix '{}' of service '{}' must be 2 to 5 capital letters A-Z", *prefix, code));
    service.prefix = std::move(*prefix);
  }
  service.name_zh = reader.string("name", true).value_or("");
  service.name_en = reader.string("name_en", true).value_or("");
  if (auto kind = reader.string("kind")) {
    if (std::find(k_service_kinds.begin(), k_service_kinds.end(), *kind) == k_service_kinds.end())
      log.add(reader.where("kind"), fmt::format("unknown kind '{}' of service '{}' (known: {}){}", *kind, code,
                                                fmt::join(k_service_kinds, ", "), suggestion(*kind, known_kinds())));
    service.kind = std::move(*kind);
  }
  if (auto unit = reader.string("unit", true)) {
    if (!config.unit(*unit))
      log.add(reader.where("unit"), fmt::format("unknown unit '{}' in service '{}'{}", *unit, code,
                                                suggestion(*unit, codes_of(config.units))));
    service.unit = std::move(*unit);
  }
  if (auto deadline = reader.string("deadline", true)) {
    if (auto rule = parse_deadline_rule(*deadline))
      service.deadline = *rule;
    else
      log.add(reader.where("deadline"),
              fmt::format("bad deadline '{}' in service '{}': {}", *deadline, code, rule.error().why));
  }
  const auto initial = reader.string("initial", true);
  service.initial_state = initial.value_or("");
  service.id_required = reader.boolean("id_required").value_or(false);
  service.anonymous_allowed = reader.boolean("anonymous").value_or(false);
  service.surveyed = reader.boolean("surveyed").value_or(false);
  service.track_repeats = reader.boolean("track_repeats").value_or(false);
  if (const auto* extension = reader.table("extension")) service.extension = read_extension(*extension, code, log);

  if (const auto* states = reader.table("states", true)) {
    std::vector<Moves> moves;
    read_states(*states, service, log, moves);
    check_states(service, moves, position(*states), log);
    if (initial && !service.state(*initial))
      log.add(reader.where("initial"), fmt::format("initial state '{}' of service '{}' is not defined{}", *initial,
                                                   code, suggestion(*initial, codes_of(service.states))));
    else if (initial)
      check_reachable(service, *states, reader.where("initial"), log);
  }
  reader.finish();
  return service;
}

} // namespace

void read_services(const toml::table& section, Config& config, IssueLog& log) {
  std::map<std::string, std::string, std::less<>> prefix_owner; // prefix -> first service using it
  for (const auto& entry : in_file_order(section)) {
    const std::string code(entry.key);
    if (!is_code(code)) log.add(entry.key_position, fmt::format("service code '{}' must match [a-z][a-z0-9_-]*", code));
    const auto* table = entry.node->as_table();
    if (!table) {
      log.add(position(*entry.node), fmt::format("service '{}' must be a table, not {}", code, type_name(*entry.node)));
      continue;
    }
    Service service = read_service(code, *table, config, log);
    if (!service.prefix.empty()) {
      // Two services with one prefix would make references ambiguous.
      const auto [owner, added] = prefix_owner.try_emplace(service.prefix, code);
      if (!added)
        log.add(position(*table->get("prefix")),
                fmt::format("prefix '{}' of service '{}' is already used by service '{}'", service.prefix, code,
                            owner->second));
    }
    config.services.push_back(std::move(service));
  }
}

} // namespace epb::config_detail
