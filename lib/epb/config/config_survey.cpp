// [survey]: the satisfaction questionnaires (DOMAIN.md §8). Read after [services]: each
// questionnaire names the services it surveys, their final states and the follow-up SOP.
#include "epb/config/config_reader.hpp"
#include "epb/survey/sample.hpp"
#include "epb/time/duration.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace epb::config_detail {
namespace {

constexpr int k_max_attempts = 20;
constexpr int k_min_scale_value = 0;
constexpr int k_max_scale_value = 100;
constexpr std::string_view k_default_follow_up_service = "survey_follow_up";
constexpr std::string_view k_free_text_code = "comment";
// The fixed columns of an answers file (epb-survey(1) import): an item named like one would
// make its column ambiguous.
constexpr std::array<std::string_view, 6> k_reserved_item_codes{"ref",       "outcome", "attempt",
                                                                "called_at", "answers", "comment"};

// The 5-point scale of DOMAIN.md §8, highest first.
std::vector<ScalePoint> default_scale() {
  return {{5, "非常滿意", "Very satisfied"},
          {4, "滿意", "Satisfied"},
          {3, "普通", "Neutral"},
          {2, "不滿意", "Dissatisfied"},
          {1, "非常不滿意", "Very dissatisfied"}};
}

// Item codes name columns of the answers file, so no '-': [a-z][a-z0-9_]*.
bool is_item_code(std::string_view text) { return is_code(text) && text.find('-') == std::string_view::npos; }

class QuestionnaireReader {
public:
  QuestionnaireReader(std::string code, const toml::table& table, const Config& config, IssueLog& log)
      : m_config(config), m_log(log), m_where(fmt::format("in questionnaire '{}'", code)),
        m_reader(table, m_where, log) {
    m_q.code = std::move(code);
  }

  Questionnaire read() {
    m_q.name_zh = m_reader.string("name", true).value_or("");
    m_q.name_en = m_reader.string("name_en", true).value_or("");
    read_services();
    read_states();
    read_items();
    read_free_text();
    read_scale();
    read_satisfied();
    read_follow_up();
    m_q.max_attempts = m_reader.integer("max_attempts", 1, k_max_attempts).value_or(m_q.max_attempts);
    read_rate();
    read_exclusion();
    m_reader.finish();
    return std::move(m_q);
  }

  // Where each of the questionnaire's services is written, for the check across questionnaires.
  const std::vector<toml::source_position>& service_positions() const { return m_service_positions; }

private:
  void read_services() {
    const auto services = m_reader.strings("services");
    if (!m_reader.node("services")) m_log.add(m_reader.where(), fmt::format("missing key 'services' {}", m_where));
    if (!services) return;
    if (services->empty() && m_reader.node("services"))
      m_log.add(m_reader.where("services"), fmt::format("'services' {} must name at least one service", m_where));
    std::vector<std::string> codes;
    for (const auto& s : m_config.services)
      codes.push_back(s.code);
    for (const auto& item : *services) {
      const Service* service = m_config.service(item.value);
      if (!service)
        m_log.add(item.where,
                  fmt::format("unknown service '{}' {}{}", item.value, m_where, suggestion(item.value, codes)));
      else if (!service->surveyed)
        m_log.add(item.where, fmt::format("service '{}' {} is not surveyed: set surveyed = true in [services.{}]",
                                          item.value, m_where, item.value));
      if (std::ranges::find(m_q.services, item.value) != m_q.services.end()) {
        m_log.add(item.where, fmt::format("service '{}' is named twice {}", item.value, m_where));
      } else {
        m_q.services.push_back(item.value);
        m_service_positions.push_back(item.where);
      }
    }
  }

  void read_states() {
    const auto states = m_reader.strings("states");
    if (!states) return;
    for (const auto& item : *states) {
      bool known = false;
      bool final = false;
      std::vector<std::string> finals;
      for (const auto& code : m_q.services) {
        const Service* service = m_config.service(code);
        if (!service) continue;
        for (const State& state : service->states)
          if (state.final) finals.push_back(state.code);
        if (const State* state = service->state(item.value)) {
          known = true;
          final = final || state->final;
        }
      }
      if (!known)
        m_log.add(item.where, fmt::format("unknown state '{}' {}: not a state of {}{}", item.value, m_where,
                                          fmt::join(m_q.services, ", "), suggestion(item.value, finals)));
      else if (!final)
        m_log.add(item.where,
                  fmt::format("state '{}' {} is not final: only closed cases are surveyed (final states: {})",
                              item.value, m_where, fmt::join(finals, ", ")));
      if (std::ranges::find(m_q.states, item.value) != m_q.states.end())
        m_log.add(item.where, fmt::format("state '{}' is named twice {}", item.value, m_where));
      else
        m_q.states.push_back(item.value);
    }
  }

  // An array of inline tables (or [[...]] tables); each entry read by `read`.
  template <class Read> void for_each_table(std::string_view key, const toml::array& array, Read read) {
    for (const auto& element : array) {
      if (const auto* table = element.as_table())
        read(*table);
      else
        m_log.add(position(element),
                  fmt::format("each entry of '{}' {} must be a table, not {}", key, m_where, type_name(element)));
    }
  }

  void read_items() {
    const auto* items = m_reader.array("items", true);
    if (!items) return;
    if (items->empty()) {
      m_log.add(m_reader.where("items"), fmt::format("'items' {} must have at least one item", m_where));
      return;
    }
    for_each_table("items", *items, [&](const toml::table& table) {
      TableReader reader(table, fmt::format("in an item of questionnaire '{}'", m_q.code), m_log);
      SurveyItem item;
      item.code = reader.string("code", true).value_or("");
      item.text_zh = reader.string("text", true).value_or("");
      item.text_en = reader.string("text_en", true).value_or("");
      reader.finish();
      if (!item.code.empty()) {
        if (!is_item_code(item.code))
          m_log.add(reader.where("code"),
                    fmt::format("item code '{}' {} must match [a-z][a-z0-9_]*", item.code, m_where));
        else if (std::ranges::find(k_reserved_item_codes, item.code) != k_reserved_item_codes.end())
          m_log.add(reader.where("code"),
                    fmt::format("item code '{}' {} is a fixed column of the answers file (reserved: {})", item.code,
                                m_where, fmt::join(k_reserved_item_codes, ", ")));
        else if (m_q.item(item.code))
          m_log.add(reader.where("code"), fmt::format("item code '{}' is used twice {}", item.code, m_where));
      }
      m_q.items.push_back(std::move(item));
    });
  }

  void read_free_text() {
    const auto* table = m_reader.table("free_text");
    if (!table) return;
    TableReader reader(*table, fmt::format("in the free_text of questionnaire '{}'", m_q.code), m_log);
    SurveyItem item;
    item.code = std::string(k_free_text_code);
    item.text_zh = reader.string("text", true).value_or("");
    item.text_en = reader.string("text_en", true).value_or("");
    reader.finish();
    m_q.free_text = std::move(item);
  }

  void read_scale() {
    const auto* scale = m_reader.array("scale");
    if (!scale) {
      m_q.scale = default_scale();
      return;
    }
    for_each_table("scale", *scale, [&](const toml::table& table) {
      TableReader reader(table, fmt::format("in the scale of questionnaire '{}'", m_q.code), m_log);
      ScalePoint point;
      const auto value = reader.integer("value", k_min_scale_value, k_max_scale_value);
      if (!table.get("value"))
        m_log.add(reader.where(), fmt::format("missing key 'value' in the scale of questionnaire '{}'", m_q.code));
      point.label_zh = reader.string("label", true).value_or("");
      point.label_en = reader.string("label_en", true).value_or("");
      reader.finish();
      if (!value) return;
      point.value = *value;
      if (std::ranges::find(m_q.scale, point.value, &ScalePoint::value) != m_q.scale.end()) {
        m_log.add(reader.where("value"), fmt::format("scale value {} is given twice {}", point.value, m_where));
        return;
      }
      m_q.scale.push_back(std::move(point));
    });
    if (m_q.scale.size() < 2 && scale->size() == m_q.scale.size())
      m_log.add(m_reader.where("scale"), fmt::format("the scale {} must have at least two points", m_where));
    // Highest first, however the file lists them: listings and exports read from the top box down.
    std::ranges::sort(m_q.scale, std::ranges::greater{}, &ScalePoint::value);
  }

  void read_satisfied() {
    const toml::node* node = m_reader.node("satisfied");
    if (!node) {
      // The top two boxes (DOMAIN.md §8); on a scale of three points or fewer, the top one.
      const std::size_t top = m_q.scale.size() > 3 ? 2 : 1;
      for (std::size_t i = 0; i < top && i < m_q.scale.size(); ++i)
        m_q.satisfied.push_back(m_q.scale[i].value);
      std::ranges::sort(m_q.satisfied);
      return;
    }
    const auto* array = node->as_array();
    if (!array) {
      m_log.add(position(*node),
                fmt::format("'satisfied' {} must be an array of scale values, not {}", m_where, type_name(*node)));
      return;
    }
    for (const auto& element : *array) {
      const auto* value = element.as_integer();
      if (!value) {
        m_log.add(position(element),
                  fmt::format("each entry of 'satisfied' {} must be an integer, not {}", m_where, type_name(element)));
        continue;
      }
      const auto v = value->get();
      if (std::ranges::find(m_q.scale, v, &ScalePoint::value) == m_q.scale.end()) {
        m_log.add(position(element), fmt::format("satisfied value {} {} is not on the scale", v, m_where));
        continue;
      }
      if (std::ranges::find(m_q.satisfied, v) != m_q.satisfied.end()) {
        m_log.add(position(element), fmt::format("satisfied value {} is given twice {}", v, m_where));
        continue;
      }
      m_q.satisfied.push_back(static_cast<int>(v));
    }
    std::ranges::sort(m_q.satisfied);
    if (array->empty())
      m_log.add(position(*node), fmt::format("'satisfied' {} must name at least one scale value", m_where));
    else if (!m_q.scale.empty() && m_q.satisfied.size() == m_q.scale.size())
      m_log.add(position(*node),
                fmt::format("'satisfied' {} names every value of the scale: nobody could be dissatisfied", m_where));
  }

  void read_follow_up() {
    m_q.follow_up_service = std::string(k_default_follow_up_service);
    const auto* table = m_reader.table("follow_up");
    toml::source_position service_where = m_reader.where();
    if (table) {
      TableReader reader(*table, fmt::format("in the follow_up of questionnaire '{}'", m_q.code), m_log);
      // From the lowest box to just below the highest: a follow-up for every answer, or for none,
      // is a mistake. A broken scale is reported already; then any value of the range does.
      const bool scaled = m_q.scale.size() >= 2;
      const int low = scaled ? m_q.scale.back().value : k_min_scale_value;
      const int high = scaled ? m_q.scale.front().value - 1 : k_max_scale_value;
      m_q.follow_up_at_or_below = reader.integer("at_or_below", low, high).value_or(m_q.follow_up_at_or_below);
      if (!table->get("at_or_below")) check_default_threshold(reader.where());
      if (auto service = reader.string("service")) {
        m_q.follow_up_service = std::move(*service);
        service_where = reader.where("service");
      }
      reader.finish();
    }
    if (!table) check_default_threshold(m_reader.where());
    check_follow_up_service(service_where, table && table->get("service"));
  }

  // The default threshold, 3, fits the default scale; on a scale of other values it may not.
  void check_default_threshold(const toml::source_position& where) {
    if (m_q.scale.size() < 2) return;
    const int low = m_q.scale.back().value;
    const int high = m_q.scale.front().value - 1;
    if (m_q.follow_up_at_or_below < low || m_q.follow_up_at_or_below > high)
      m_log.add(where, fmt::format("the default follow_up.at_or_below {} {} is not from {} to {} on this scale: set "
                                   "follow_up = {{ at_or_below = N }}",
                                   m_q.follow_up_at_or_below, m_where, low, high));
  }

  void check_follow_up_service(const toml::source_position& where, bool written) {
    const Service* service = m_config.service(m_q.follow_up_service);
    if (!service) {
      std::vector<std::string> codes;
      for (const auto& s : m_config.services)
        codes.push_back(s.code);
      if (written)
        m_log.add(where, fmt::format("unknown follow-up service '{}' {}{}", m_q.follow_up_service, m_where,
                                     suggestion(m_q.follow_up_service, codes)));
      else
        m_log.add(where, fmt::format("no service '{}' for the follow-ups {}: define it, or name one with "
                                     "follow_up = {{ service = \"...\" }}",
                                     m_q.follow_up_service, m_where));
      return;
    }
    if (service->kind != k_default_service_kind)
      m_log.add(where, fmt::format("the follow-up service '{}' {} is of kind '{}': a second reply is a plain case "
                                   "(kind \"case\")",
                                   service->code, m_where, service->kind));
  }

  void read_rate() {
    const auto text = m_reader.string("required_rate");
    if (!text) return;
    // The syntax of `epb survey sample --rate`, so the plan's figure reads the same everywhere.
    auto rate = parse_survey_rate(*text);
    if (!rate) {
      m_log.add(m_reader.where("required_rate"), fmt::format("bad required_rate {}: {}", m_where, rate.error().why));
      return;
    }
    m_q.required_rate = *rate;
  }

  void read_exclusion() {
    const auto text = m_reader.string("exclude_surveyed_within");
    if (!text) return;
    const auto seconds = parse_duration_seconds(*text, "exclude_surveyed_within");
    if (!seconds) {
      m_log.add(m_reader.where("exclude_surveyed_within"),
                fmt::format("bad exclude_surveyed_within {}: {}", m_where, seconds.error().why));
      return;
    }
    if (*seconds % 86400 != 0) {
      m_log.add(m_reader.where("exclude_surveyed_within"),
                fmt::format("exclude_surveyed_within '{}' {} must be whole days, e.g. \"90d\"", *text, m_where));
      return;
    }
    m_q.exclude_surveyed_within_days = static_cast<int>(*seconds / 86400);
  }

  const Config& m_config;
  IssueLog& m_log;
  std::string m_where;
  TableReader m_reader;
  Questionnaire m_q;
  std::vector<toml::source_position> m_service_positions; // of m_q.services, in order
};

} // namespace

void read_survey(TableReader& root, Config& config, IssueLog& log) {
  const auto* section = root.table("survey");
  if (!section) return;
  TableReader reader(*section, "in [survey]", log);
  const auto* questionnaires = reader.table("questionnaires");
  reader.finish();
  if (!questionnaires) return;
  for (const auto& entry : in_file_order(*questionnaires)) {
    const std::string code(entry.key);
    if (!is_code(code))
      log.add(entry.key_position, fmt::format("questionnaire code '{}' must match [a-z][a-z0-9_-]*", code));
    const auto* table = entry.node->as_table();
    if (!table) {
      log.add(position(*entry.node),
              fmt::format("questionnaire '{}' must be a table, not {}", code, type_name(*entry.node)));
      continue;
    }
    QuestionnaireReader questionnaire_reader(code, *table, config, log);
    Questionnaire q = questionnaire_reader.read();
    // A case answers one questionnaire: a service in two would leave `epb survey sample` guessing.
    for (std::size_t i = 0; i < q.services.size(); ++i)
      if (const Questionnaire* earlier = config.survey.for_service(q.services[i]))
        log.add(questionnaire_reader.service_positions().at(i),
                fmt::format("service '{}' of questionnaire '{}' is already surveyed by questionnaire '{}'",
                            q.services[i], code, earlier->code));
    config.survey.questionnaires.push_back(std::move(q));
  }
}

} // namespace epb::config_detail
