// SampleDesk::draw(): frame, draw and storage in one transaction, and the event that keeps the
// definition and hashes where a later edit of the sample's rows cannot reach them.
#include "epb/survey/sample_desk.hpp"

#include "epb/output/json.hpp"
#include "epb/survey/sample_event.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace epb {

std::string sample_subject(std::int64_t sample_id) { return fmt::format("survey:{}", sample_id); }

std::vector<std::pair<std::string, std::string>> sample_event_fields(const StoredSample& sample,
                                                                     const std::vector<std::string>& states) {
  const SampleDefinition& d = sample.definition;
  std::vector<std::pair<std::string, std::string>> f;
  const auto text = [&](const char* key, std::string_view value) { f.emplace_back(key, json_string(value)); };
  const auto number = [&](const char* key, std::int64_t value) { f.emplace_back(key, std::to_string(value)); };
  text("questionnaire", d.questionnaire);
  text("services", services_text(d.services));
  text("period", fmt::format("{}..{}", d.from.iso(), d.to.iso()));
  if (d.rate) text("rate", fmt::format("{}/{}", d.rate->num, d.rate->den));
  if (d.size) number("size", *d.size);
  text("strata", strata_text(d.strata));
  number("min_per_stratum", d.min_per_stratum);
  number("spares", d.spares);
  text("method", sample_method_name(d.method));
  text("seed", std::to_string(d.seed));
  text("generator", d.generator);
  number("exclude_days", d.exclude_days);
  number("frame_size", sample.frame_size);
  text("frame_sha256", sample.frame_sha256);
  text("sample_sha256", sample.sample_sha256);
  text("note", sample.note);
  f.emplace_back("states", json_string_array(states));
  return f;
}

std::string sample_event_detail(const StoredSample& sample, const std::vector<std::string>& states) {
  JsonObject o;
  for (const auto& [key, json] : sample_event_fields(sample, states))
    o.add_raw(key, json);
  return o.str();
}

std::optional<std::vector<std::string>> sample_event_states(std::string_view detail) {
  // The detail is written by sample_event_detail() above: "states" is its last key, a list of
  // config codes (which need no escapes), so reading it back needs no JSON parser.
  constexpr std::string_view key = ",\"states\":[";
  const auto at = detail.rfind(key);
  if (at == std::string_view::npos || !detail.ends_with("]}")) return std::nullopt;
  std::string_view list = detail.substr(at + key.size(), detail.size() - at - key.size() - 2);
  std::vector<std::string> states;
  while (!list.empty()) {
    if (list.size() < 2 || list.front() != '"') return std::nullopt;
    const auto close = list.find('"', 1);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view code = list.substr(1, close - 1);
    if (code.find('\\') != std::string_view::npos) return std::nullopt;
    states.emplace_back(code);
    list.remove_prefix(close + 1);
    if (!list.empty()) {
      if (list.front() != ',') return std::nullopt;
      list.remove_prefix(1);
    }
  }
  return states;
}

std::vector<std::string> SampleDesk::states_of(std::string_view questionnaire) const {
  const Questionnaire* q = m_config.survey.find(questionnaire);
  return q ? q->states : std::vector<std::string>{};
}

Result<DrawnSample> SampleDesk::draw(const Stamp& stamp, const SampleDefinition& definition, bool dry_run,
                                     std::string_view note) {
  const sql::ScopedPragma mapped(m_ledger.db(), "mmap_size", k_frame_mapped_bytes, true);
  sql::Transaction transaction(m_ledger.db());
  const std::vector<std::string> states = states_of(definition.questionnaire);
  DrawnSample out;
  out.frame = build_frame(m_ledger, definition, states, stamp.at);
  if (out.frame.rows.empty())
    return not_found("sample frame",
                     fmt::format("no case of {} closed {}..{} has a phone and may be called",
                                 services_text(definition.services), definition.from.iso(), definition.to.iso()));
  auto drawn = draw_sample(definition, out.frame.rows);
  if (!drawn) return std::unexpected(drawn.error());
  out.draw = std::move(*drawn);

  StoredSample& s = out.sample;
  s.definition = definition;
  s.frame_size = static_cast<std::int64_t>(out.frame.rows.size());
  s.frame_sha256 = out.frame.sha256;
  s.sample_sha256 = out.draw.sha256;
  s.drawn_at = stamp.at;
  s.actor = stamp.actor;
  s.note = std::string(note);
  s.strata = out.draw.strata;
  if (dry_run) return out; // the transaction rolls back: nothing written

  s.frame_blob = encode_frame(out.frame.rows, out.frame.digests);
  s.id = SampleStore(m_ledger).insert(s, out.draw, out.frame.rows);
  m_ledger.record(stamp, sample_subject(s.id), "sample", sample_event_detail(s, states));
  transaction.commit();
  return out;
}

} // namespace epb
