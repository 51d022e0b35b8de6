// [notify] and [staff]: the delivery window and retries, transports, templates, the ladders of
// levels per service, and the staff who receive reminders. Templates are checked in
// config_template.cpp, which knows where each character of a string came from.
#include "epb/config/config_reader.hpp"
#include "epb/validate/contact.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace epb {
namespace {

constexpr std::array<std::string_view, 20> k_placeholders{
    "ref",     "service", "unit",    "due",     "due_roc", "days_late", "reason",   "contact", "name", "status",
    "new_due", "amount",  "missing", "paid_on", "slip",    "surcharge", "interest", "total",   "site", "permit"};
// In enum order: the names are the TOML spelling and index the enums.
constexpr std::array<std::string_view, 6> k_triggers{"before_due",   "overdue",  "extension",
                                                     "paused_every", "decision", "dunning"};
constexpr std::array<std::string_view, 3> k_audiences{"applicant", "assignee", "unit_head"};
constexpr std::array<std::string_view, 4> k_kinds{"sendmail", "smtp", "jsonl", "letter"};

} // namespace

std::span<const std::string_view> template_placeholders() { return k_placeholders; }

std::string_view trigger_name(NotifyTrigger trigger) { return k_triggers.at(static_cast<std::size_t>(trigger)); }
std::string_view audience_name(NotifyAudience audience) { return k_audiences.at(static_cast<std::size_t>(audience)); }
std::string_view transport_kind_name(NotifyTransport::Kind kind) { return k_kinds.at(static_cast<std::size_t>(kind)); }

namespace config_detail {
namespace {

constexpr int k_max_attempts = 20;
constexpr int k_max_retry_minutes = 24 * 60;
constexpr int k_max_workdays = 365;
// The service kind whose desk makes the decisions of k_subsidy_decisions.
constexpr std::string_view k_subsidy_kind_name = "subsidy";
// The service kind whose cases have fee instalments to dun (k_dunning_stages).
constexpr std::string_view k_fee_kind_name = "fee";
// The dunning stage that fires before the due date; the others count after it.
constexpr std::string_view k_reminder_stage = "reminder";

template <class T> std::vector<std::string> codes_of(const std::vector<T>& items) {
  std::vector<std::string> codes;
  for (const auto& item : items)
    codes.push_back(item.code);
  return codes;
}

// "a, b, c or d" for messages that list every choice.
template <std::size_t N> std::string choices(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i)
    out += fmt::format("{}{}", i == 0 ? "" : i + 1 == N ? " or " : ", ", names[i]);
  return out;
}

// Reads `key` as one of `names`; an unknown name is reported with a suggestion or the choices.
template <class Enum, std::size_t N>
std::optional<Enum> read_name(TableReader& reader, std::string_view key, const std::array<std::string_view, N>& names,
                              std::string_view where, IssueLog& log) {
  const auto text = reader.string(key, true);
  if (!text) return std::nullopt;
  const auto it = std::find(names.begin(), names.end(), *text);
  if (it != names.end()) return static_cast<Enum>(it - names.begin());
  const std::string hint = suggestion(*text, std::vector<std::string>(names.begin(), names.end()));
  log.add(reader.where(key), hint.empty()
                                 ? fmt::format("unknown {} '{}' {}: expected {}", key, *text, where, choices(names))
                                 : fmt::format("unknown {} '{}' {}{}", key, *text, where, hint));
  return std::nullopt;
}

// "HH:MM" → minutes since midnight.
std::optional<int> clock_minutes(std::string_view text) {
  const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1; };
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  if (digit(0) < 0 || digit(1) < 0 || digit(3) < 0 || digit(4) < 0) return std::nullopt;
  const int hours = digit(0) * 10 + digit(1), minutes = digit(3) * 10 + digit(4);
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

void read_window(TableReader& reader, NotifySettings& notify, IssueLog& log) {
  const auto window = reader.string("window");
  if (!window) return;
  const auto dash = window->find('-');
  const auto from = dash == std::string::npos ? std::nullopt : clock_minutes(std::string_view(*window).substr(0, dash));
  const auto to = dash == std::string::npos ? std::nullopt : clock_minutes(std::string_view(*window).substr(dash + 1));
  if (!from || !to)
    log.add(reader.where("window"),
            fmt::format("bad window '{}' in [notify]: expected HH:MM-HH:MM, e.g. 08:30-17:30", *window));
  else if (*from >= *to)
    log.add(reader.where("window"), fmt::format("window '{}' in [notify] must start before it ends", *window));
  else {
    notify.window_from_minutes = *from;
    notify.window_to_minutes = *to;
  }
}

// Where a key itself is written, for keys that are valid TOML but wrong in their place.
toml::source_position key_position(const toml::table& table, std::string_view key) {
  for (const auto& entry : in_file_order(table))
    if (entry.key == key) return entry.key_position;
  return position(table);
}

void check_email(TableReader& reader, std::string_view key, const std::string& value, std::string_view where,
                 IssueLog& log) {
  if (value.empty()) return;
  if (auto checked = validate_email(value); !checked)
    log.add(reader.where(key), fmt::format("bad {} '{}' {}: {}", key, value, where, checked.error().why));
}

NotifyTransport read_transport(const std::string& code, const toml::table& table, IssueLog& log) {
  using Kind = NotifyTransport::Kind;
  const std::string where = fmt::format("in transport '{}'", code);
  TableReader reader(table, where, log);
  NotifyTransport transport;
  transport.code = code;
  const auto kind = read_name<Kind>(reader, "kind", k_kinds, where, log);
  if (kind) transport.kind = *kind;
  // Which keys each kind takes, in the order of k_kinds. A key of another kind is an error, as it
  // would be silently ignored. Without a valid kind nothing is required or foreign.
  enum Use { foreign, optional, required };
  struct KeyUse {
    std::string_view key;
    std::string NotifyTransport::*field;
    std::array<Use, 4> use;
  };
  static const std::array<KeyUse, 7> k_keys{{
      {"from", &NotifyTransport::from, {required, required, foreign, foreign}},
      {"command", &NotifyTransport::command, {required, foreign, foreign, foreign}},
      {"url", &NotifyTransport::url, {foreign, required, foreign, foreign}},
      {"username", &NotifyTransport::username, {foreign, optional, foreign, foreign}},
      {"password_env", &NotifyTransport::password_env, {foreign, optional, foreign, foreign}},
      {"path", &NotifyTransport::path, {foreign, foreign, required, foreign}},
      {"directory", &NotifyTransport::directory, {foreign, foreign, foreign, required}},
  }};
  const auto foreign_key = [&](std::string_view key) {
    log.add(key_position(table, key),
            fmt::format("'{}' does not apply to transport '{}' of kind '{}'", key, code, transport_kind_name(*kind)));
  };
  for (const auto& [key, field, use] : k_keys) {
    const Use how = kind ? use.at(static_cast<std::size_t>(*kind)) : optional;
    auto text = reader.string(key, how == required);
    if (how == foreign && text)
      foreign_key(key);
    else if (text)
      transport.*field = std::move(*text);
  }
  const auto starttls = reader.boolean("starttls");
  if (kind && *kind != Kind::smtp && starttls)
    foreign_key("starttls");
  else
    transport.starttls = starttls.value_or(true);
  reader.finish();
  check_email(reader, "from", transport.from, where, log);
  if (!transport.url.empty() && !transport.url.starts_with("smtp://") && !transport.url.starts_with("smtps://"))
    log.add(reader.where("url"), fmt::format("url '{}' {} must start with smtp:// or smtps://", transport.url, where));
  return transport;
}

// trigger = "decision": which decision (required), on a ladder that can have decisions (its
// service is of kind subsidy, or it is the default ladder, which may cover one).
void read_decision(TableReader& reader, const toml::table& table, std::optional<NotifyTrigger> trigger,
                   const NotifyLadder& ladder, const Config& config, const std::string& where, NotifyLevel& level,
                   IssueLog& log) {
  const bool is_decision = trigger == NotifyTrigger::decision;
  const auto decision = reader.string("decision", is_decision);
  if (decision && trigger && !is_decision) {
    log.add(key_position(table, "decision"),
            fmt::format("'decision' applies only to trigger 'decision', not '{}' {}", trigger_name(*trigger), where));
    return;
  }
  if (!is_decision) return;
  if (decision) {
    const auto& names = k_subsidy_decisions;
    if (std::find(names.begin(), names.end(), *decision) == names.end()) {
      const std::string hint = suggestion(*decision, std::vector<std::string>(names.begin(), names.end()));
      log.add(reader.where("decision"),
              hint.empty() ? fmt::format("unknown decision '{}' {}: expected {}", *decision, where, choices(names))
                           : fmt::format("unknown decision '{}' {}{}", *decision, where, hint));
    }
    level.decision = *decision;
  }
  if (const Service* service = config.service(ladder.service); service && service->kind != k_subsidy_kind_name)
    log.add(
        reader.where("trigger"),
        fmt::format("trigger 'decision' {}: service '{}' is of kind '{}'; decisions come from services of kind '{}'",
                    where, ladder.service, service->kind, k_subsidy_kind_name));
}

// trigger = "dunning": which stage (required, one of k_dunning_stages), on a ladder that can
// have fee instalments (its service is of kind fee, or it is the default ladder). The stage is
// read before `workdays`, whose least value depends on it; the empty result is no stage.
std::string read_stage(TableReader& reader, const toml::table& table, std::optional<NotifyTrigger> trigger,
                       const NotifyLadder& ladder, const Config& config, const std::string& where, IssueLog& log) {
  const bool is_dunning = trigger == NotifyTrigger::dunning;
  const auto stage = reader.string("stage", is_dunning);
  if (stage && trigger && !is_dunning) {
    log.add(key_position(table, "stage"),
            fmt::format("'stage' applies only to trigger 'dunning', not '{}' {}", trigger_name(*trigger), where));
    return {};
  }
  if (!is_dunning) return {};
  if (const Service* service = config.service(ladder.service); service && service->kind != k_fee_kind_name)
    log.add(reader.where("trigger"),
            fmt::format("trigger 'dunning' {}: service '{}' is of kind '{}'; fee instalments belong to services of "
                        "kind '{}'",
                        where, ladder.service, service->kind, k_fee_kind_name));
  if (!stage) return {};
  const auto& names = k_dunning_stages;
  if (std::find(names.begin(), names.end(), *stage) == names.end()) {
    const std::string hint = suggestion(*stage, std::vector<std::string>(names.begin(), names.end()));
    log.add(reader.where("stage"),
            hint.empty() ? fmt::format("unknown stage '{}' {}: expected {}", *stage, where, choices(names))
                         : fmt::format("unknown stage '{}' {}{}", *stage, where, hint));
    return {};
  }
  return *stage;
}

NotifyLevel read_level(const toml::table& table, const NotifyLadder& ladder, std::size_t index, const Config& config,
                       const NotifySettings& notify, IssueLog& log) {
  // Name the level by its code when it has one: "level 3" is hard to find in a long ladder.
  const auto* code_node = table.get_as<std::string>("code");
  const std::string label =
      code_node && !code_node->get().empty() ? fmt::format("'{}'", code_node->get()) : fmt::format("{}", index + 1);
  const std::string where = fmt::format("in level {} of notify rules '{}'", label, ladder.service);
  TableReader reader(table, where, log);
  NotifyLevel level;
  if (auto code = reader.string("code", true)) {
    if (!is_code(*code))
      log.add(reader.where("code"), fmt::format("level code '{}' must match [a-z][a-z0-9_-]*", *code));
    else if (std::any_of(ladder.levels.begin(), ladder.levels.end(), [&](const auto& l) { return l.code == *code; }))
      log.add(reader.where("code"),
              fmt::format("level code '{}' is used twice in notify rules '{}'", *code, ladder.service));
    level.code = std::move(*code);
  }
  const auto trigger = read_name<NotifyTrigger>(reader, "trigger", k_triggers, where, log);
  if (trigger) level.trigger = *trigger;
  level.stage = read_stage(reader, table, trigger, ladder, config, where, log);
  // An extension fires when it is granted: no count applies, so none is kept. A dunning
  // reminder may fall on the due date itself (0 working days before); the other stages count
  // working days after it, so the first of them is 1.
  const int min_workdays =
      trigger == NotifyTrigger::extension || (trigger == NotifyTrigger::dunning && level.stage == k_reminder_stage) ? 0
                                                                                                                    : 1;
  const bool is_decision = trigger == NotifyTrigger::decision;
  const auto workdays = reader.integer("workdays", min_workdays, k_max_workdays);
  if (is_decision && workdays)
    log.add(
        key_position(table, "workdays"),
        fmt::format("'workdays' does not apply to trigger 'decision' {}: it fires when the decision is made", where));
  else if (trigger && *trigger != NotifyTrigger::extension && !is_decision && !table.contains("workdays"))
    log.add(reader.where(), fmt::format("missing key 'workdays' {}", where));
  level.workdays = trigger == NotifyTrigger::extension || is_decision ? 0 : workdays.value_or(1);
  read_decision(reader, table, trigger, ladder, config, where, level, log);
  if (const auto audience = read_name<NotifyAudience>(reader, "audience", k_audiences, where, log))
    level.audience = *audience;
  if (const auto transports = reader.strings("transports")) {
    if (transports->empty())
      log.add(reader.where("transports"), fmt::format("'transports' {} must name at least one transport", where));
    for (const auto& item : *transports) {
      if (!notify.transport(item.value))
        log.add(item.where, fmt::format("unknown transport '{}' {}{}", item.value, where,
                                        suggestion(item.value, codes_of(notify.transports))));
      level.transports.push_back(item.value);
    }
  } else if (!table.contains("transports")) {
    log.add(reader.where(), fmt::format("missing key 'transports' {}", where));
  }
  if (auto template_code = reader.string("template", true)) {
    if (!notify.template_for(*template_code))
      log.add(reader.where("template"), fmt::format("unknown template '{}' {}{}", *template_code, where,
                                                    suggestion(*template_code, codes_of(notify.templates))));
    level.template_code = std::move(*template_code);
  }
  reader.finish();
  return level;
}

// The dunning stages after the due date fire in their order (first, second, final, referral):
// a level whose `workdays` does not come after those of an earlier stage would dun a payer
// out of order (a referral before the final notice). Reported at the later level's workdays.
void check_stage_order(const NotifyLadder& ladder, const std::vector<const toml::table*>& tables, IssueLog& log) {
  const auto rank = [](const NotifyLevel& level) {
    return std::find(k_dunning_stages.begin(), k_dunning_stages.end(), level.stage) - k_dunning_stages.begin();
  };
  for (std::size_t i = 0; i < ladder.levels.size(); ++i)
    for (std::size_t j = 0; j < ladder.levels.size(); ++j) {
      const NotifyLevel &early = ladder.levels[i], &late = ladder.levels[j];
      if (early.trigger != NotifyTrigger::dunning || late.trigger != NotifyTrigger::dunning) continue;
      if (early.stage.empty() || late.stage.empty() || early.stage == k_reminder_stage) continue;
      if (rank(early) >= rank(late) || late.workdays > early.workdays) continue;
      const toml::node* workdays = tables[j]->get("workdays");
      log.add(workdays ? position(*workdays) : position(*tables[j]),
              fmt::format("stage '{}' of level '{}' in notify rules '{}' fires {} working days after the due date, "
                          "not after stage '{}' of level '{}' ({}): the stages fire in their order",
                          late.stage, late.code, ladder.service, late.workdays, early.stage, early.code,
                          early.workdays));
      break; // one report per level
    }
}

void read_rules(const toml::table& section, const Config& config, NotifySettings& notify, IssueLog& log) {
  std::vector<std::string> ladder_names = codes_of(config.services);
  ladder_names.emplace_back("default");
  for (const auto& entry : in_file_order(section)) {
    NotifyLadder ladder;
    ladder.service = std::string(entry.key);
    if (entry.key != "default" && !config.service(entry.key))
      log.add(entry.key_position,
              fmt::format("unknown service '{}' in [notify.rules]{}", entry.key, suggestion(entry.key, ladder_names)));
    const auto* table = entry.node->as_table();
    if (!table) {
      log.add(position(*entry.node),
              fmt::format("notify rules '{}' must be a table, not {}", entry.key, type_name(*entry.node)));
      continue;
    }
    TableReader reader(*table, fmt::format("in notify rules '{}'", entry.key), log);
    std::vector<const toml::table*> tables; // beside ladder.levels
    if (const auto* levels = reader.array("levels", true)) {
      for (std::size_t i = 0; i < levels->size(); ++i) {
        const toml::node& node = *levels->get(i);
        if (const auto* level = node.as_table()) {
          ladder.levels.push_back(read_level(*level, ladder, i, config, notify, log));
          tables.push_back(level);
        } else
          log.add(position(node),
                  fmt::format("each level of notify rules '{}' must be a table, not {}", entry.key, type_name(node)));
      }
    }
    check_stage_order(ladder, tables, log);
    reader.finish();
    notify.ladders.push_back(std::move(ladder));
  }
}

// Calls `read(code, table)` for each entry of a section keyed by code, in file order.
template <class Read> void for_each_code(const toml::table& section, std::string_view noun, IssueLog& log, Read read) {
  for (const auto& entry : in_file_order(section)) {
    if (!is_code(entry.key))
      log.add(entry.key_position, fmt::format("{} code '{}' must match [a-z][a-z0-9_-]*", noun, entry.key));
    if (const auto* table = entry.node->as_table())
      read(std::string(entry.key), *table);
    else
      log.add(position(*entry.node),
              fmt::format("{} '{}' must be a table, not {}", noun, entry.key, type_name(*entry.node)));
  }
}

void read_staff(const toml::table& section, Config& config, IssueLog& log) {
  for_each_code(section, "staff member", log, [&](std::string code, const toml::table& table) {
    const std::string where = fmt::format("in staff member '{}'", code);
    TableReader reader(table, where, log);
    StaffMember member;
    member.name = reader.string("name").value_or("");
    member.email = reader.string("email").value_or("");
    member.phone = reader.string("phone").value_or("");
    reader.finish();
    check_email(reader, "email", member.email, where, log);
    if (!member.phone.empty())
      if (auto checked = validate_phone(member.phone); !checked)
        log.add(reader.where("phone"), fmt::format("bad phone '{}' {}: {}", member.phone, where, checked.error().why));
    member.code = std::move(code);
    config.notify.staff.push_back(std::move(member));
  });
}

} // namespace

void read_notify(TableReader& root, std::string_view text, Config& config, IssueLog& log) {
  if (const auto* staff = root.table("staff")) read_staff(*staff, config, log);
  const auto* section = root.table("notify");
  if (!section) return;
  NotifySettings& notify = config.notify;
  TableReader reader(*section, "in [notify]", log);
  read_window(reader, notify, log);
  notify.max_attempts = reader.integer("max_attempts", 1, k_max_attempts).value_or(notify.max_attempts);
  notify.retry_minutes = reader.integer("retry_minutes", 1, k_max_retry_minutes).value_or(notify.retry_minutes);
  notify.contact = reader.string("contact").value_or("");
  // Transports and templates first: the rules refer to them.
  if (const auto* transports = reader.table("transports"))
    for_each_code(*transports, "transport", log, [&](std::string code, const toml::table& table) {
      notify.transports.push_back(read_transport(code, table, log));
    });
  if (const auto* templates = reader.table("templates"))
    for_each_code(*templates, "template", log, [&](std::string code, const toml::table& table) {
      notify.templates.push_back(read_template(code, table, text, log));
    });
  if (const auto* rules = reader.table("rules")) read_rules(*rules, config, notify, log);
  reader.finish();
}

} // namespace config_detail
} // namespace epb
