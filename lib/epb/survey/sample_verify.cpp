// SampleDesk::verify(): the frame re-built as of the sample, the stored sample checked against
// itself and against its event, and the draw done again. What differs is said for people, so
// an auditor can tell a changed ledger (the frame moved, the stored sample agrees with itself)
// from an edited sample (the stored hash, members or definition disagree).
#include "epb/output/json.hpp"
#include "epb/survey/sample_desk.hpp"
#include "epb/survey/sample_event.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace epb {
namespace {

constexpr std::size_t k_listed = 20; // refs named per line; the report's lists hold them all

std::string some_refs(const std::vector<std::string>& refs) {
  std::string out;
  for (std::size_t i = 0; i < refs.size() && i < k_listed; ++i)
    out += (i == 0 ? "" : ", ") + refs[i];
  if (refs.size() > k_listed) out += fmt::format(" and {} more", refs.size() - k_listed);
  return out;
}

std::string cases(std::size_t n) { return fmt::format("{} case{}", n, n == 1 ? "" : "s"); }

// The stored frame against the re-built one, by case id: added, removed, changed.
void compare_frames(SampleStore& store, const std::vector<StoredFrameRow>& then, const Frame& now, VerifyReport& r) {
  bool same = then.size() == now.rows.size();
  for (std::size_t i = 0; same && i < then.size(); ++i)
    same = then[i].case_id == now.rows[i].case_id && then[i].digest == now.digests[i];
  if (same) return;
  std::vector<std::pair<std::int64_t, std::uint32_t>> old_rows;
  old_rows.reserve(then.size());
  for (const auto& row : then)
    old_rows.emplace_back(row.case_id, row.digest);
  std::ranges::sort(old_rows);
  std::vector<std::pair<std::int64_t, std::size_t>> new_rows;
  new_rows.reserve(now.rows.size());
  for (std::size_t i = 0; i < now.rows.size(); ++i)
    new_rows.emplace_back(now.rows[i].case_id, i);
  std::ranges::sort(new_rows);
  std::size_t a = 0;
  std::size_t b = 0;
  while (a < old_rows.size() || b < new_rows.size()) {
    if (b == new_rows.size() || (a < old_rows.size() && old_rows[a].first < new_rows[b].first)) {
      const auto ref = store.case_ref(old_rows[a].first);
      r.removed.push_back(ref ? *ref : fmt::format("case #{} (no longer in the ledger)", old_rows[a].first));
      ++a;
    } else if (a == old_rows.size() || new_rows[b].first < old_rows[a].first) {
      r.added.push_back(now.rows[new_rows[b].second].ref);
      ++b;
    } else {
      const FrameRow& row = now.rows[new_rows[b].second];
      if (old_rows[a].second != now.digests[new_rows[b].second]) r.changed.push_back(row.ref);
      ++a;
      ++b;
    }
  }
  for (auto* refs : {&r.added, &r.removed, &r.changed})
    std::ranges::sort(*refs);
  if (!r.added.empty())
    r.differences.push_back(
        fmt::format("frame: {} added since the draw: {}", cases(r.added.size()), some_refs(r.added)));
  if (!r.removed.empty())
    r.differences.push_back(fmt::format("frame: {} removed since the draw (reopened, service or period changed, phone "
                                        "removed): {}",
                                        cases(r.removed.size()), some_refs(r.removed)));
  if (!r.changed.empty())
    r.differences.push_back(fmt::format("frame: {} changed since the draw (service, unit, district or closed date): {}",
                                        cases(r.changed.size()), some_refs(r.changed)));
}

// The stored members against the stored sample hash and strata table.
void check_members(const StoredSample& sample, const std::vector<SampleMember>& members, VerifyReport& r) {
  SampleDraw stored;
  std::vector<FrameRow> rows(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    rows[i].ref = members[i].ref;
    stored.members.push_back(DrawnMember{i, members[i].stratum, members[i].spare, members[i].position});
  }
  const std::string hash = sample_hash(stored, rows);
  if (hash != sample.sample_sha256) {
    r.stored_members_altered = true;
    r.differences.push_back(fmt::format("stored sample: its {} members give SHA-256 {}, not the stored {}: a member "
                                        "row was edited",
                                        members.size(), hash, sample.sample_sha256));
  }
  // Counted in one pass (a sample of 100,000 members in 300 strata: not 300 passes).
  std::map<std::string_view, std::pair<std::int64_t, std::int64_t>> counts; // stratum → chosen, spares
  for (const auto& m : members) {
    auto& [chosen, spares] = counts[m.stratum];
    ++(m.spare ? spares : chosen);
  }
  for (const StratumDraw& st : sample.strata) {
    const auto found = counts.find(st.stratum);
    const auto [chosen, spares] = found == counts.end() ? std::pair<std::int64_t, std::int64_t>{} : found->second;
    if (chosen != st.drawn || spares != st.spares) {
      r.stored_members_altered = true;
      r.differences.push_back(
          fmt::format("stored sample: stratum '{}' lists {} drawn and {} spares, its members are {} "
                      "and {}",
                      st.stratum, st.drawn, st.spares, chosen, spares));
    }
  }
}

// The stored sample against the fields its draw's event recorded.
void check_event(const StoredSample& sample, const std::vector<Event>& events, const std::vector<std::string>& states,
                 VerifyReport& r) {
  const auto event = std::ranges::find_if(events, [](const Event& e) { return e.action == "sample"; });
  if (event == events.end()) {
    r.definition_altered = true;
    r.differences.push_back("stored sample: the event log has no 'sample' event for it");
    return;
  }
  for (const auto& [key, json] : sample_event_fields(sample, states)) {
    const std::string field = json_string(key) + ":" + json;
    const auto at = event->detail.find(field);
    const bool found = at != std::string::npos && (at == 1 || event->detail[at - 1] == ',') &&
                       at + field.size() < event->detail.size() &&
                       (event->detail[at + field.size()] == ',' || event->detail[at + field.size()] == '}');
    if (!found) {
      r.definition_altered = true;
      r.differences.push_back(
          fmt::format("stored sample: {} is {}, not what event #{} recorded when it was drawn", key, json, event->id));
    }
  }
}

std::string member_key(std::string_view stratum, bool spare, int position, std::string_view ref) {
  return fmt::format("{}\t{}\t{}\t{}", stratum, spare ? "spare" : "chosen", position, ref);
}

std::string member_text(const std::string& key) {
  // "stratum\trole\tposition\tref" → "REF (role N of stratum S)"
  const auto a = key.find('\t');
  const auto b = key.find('\t', a + 1);
  const auto c = key.find('\t', b + 1);
  const std::string stratum = key.substr(0, a);
  return fmt::format("{} ({} {}{})", key.substr(c + 1), key.substr(a + 1, b - a - 1), key.substr(b + 1, c - b - 1),
                     stratum.empty() ? "" : " of " + stratum);
}

// The draw done again on the re-built frame, against the stored members and strata.
void compare_redraw(const StoredSample& sample, const std::vector<SampleMember>& members, const Frame& now,
                    VerifyReport& r) {
  auto redraw = draw_sample(sample.definition, now.rows);
  if (!redraw) {
    r.redraw_differs = true;
    r.differences.push_back(fmt::format("re-draw: {}", redraw.error().message()));
    return;
  }
  // The usual answer, the same members in the same order, found without writing them out.
  const auto same_member = [&](const SampleMember& stored, const DrawnMember& again) {
    return stored.stratum == again.stratum && stored.spare == again.spare && stored.position == again.position &&
           stored.ref == now.rows[again.row].ref;
  };
  if (std::ranges::equal(members, redraw->members, same_member) && redraw->strata == sample.strata) return;
  std::vector<std::string> stored;
  for (const auto& m : members)
    stored.push_back(member_key(m.stratum, m.spare, m.position, m.ref));
  std::vector<std::string> again;
  for (const auto& m : redraw->members)
    again.push_back(member_key(m.stratum, m.spare, m.position, now.rows[m.row].ref));
  r.redraw_differs = true;
  std::ranges::sort(stored);
  std::ranges::sort(again);
  std::vector<std::string> lost;
  std::vector<std::string> gained;
  std::ranges::set_difference(stored, again, std::back_inserter(lost));
  std::ranges::set_difference(again, stored, std::back_inserter(gained));
  std::vector<std::string> lost_text;
  for (const auto& key : lost)
    lost_text.push_back(member_text(key));
  std::vector<std::string> gained_text;
  for (const auto& key : gained)
    gained_text.push_back(member_text(key));
  if (!lost_text.empty())
    r.differences.push_back(
        fmt::format("re-draw: {} stored, not drawn again: {}", lost_text.size(), some_refs(lost_text)));
  if (!gained_text.empty())
    r.differences.push_back(
        fmt::format("re-draw: {} drawn now, not stored: {}", gained_text.size(), some_refs(gained_text)));
  if (lost_text.empty() && gained_text.empty() && stored.size() == again.size() && redraw->strata == sample.strata)
    r.differences.push_back("re-draw: the same members in another order");
  if (redraw->strata != sample.strata) {
    std::string strata;
    for (const auto& st : redraw->strata)
      if (std::ranges::find(sample.strata, st) == sample.strata.end())
        strata += fmt::format("{}'{}' frame {} planned {} drawn {} spares {}", strata.empty() ? "" : "; ", st.stratum,
                              st.frame, st.planned, st.drawn, st.spares);
    r.differences.push_back(fmt::format("re-draw: the strata table differs from the stored one{}",
                                        strata.empty() ? "" : ": now " + strata));
  }
}

} // namespace

bool VerifyReport::identical() const {
  return !frame_changed() && !stored_hash_mismatch && !stored_members_altered && !redraw_differs && !definition_altered;
}

bool VerifyReport::sample_edited() const {
  // A re-draw that differs from a frame that did not is the stored definition or members.
  return stored_hash_mismatch || stored_members_altered || definition_altered || (redraw_differs && !frame_changed());
}

Result<VerifyReport> SampleDesk::verify(std::int64_t sample_id) {
  const sql::ScopedPragma mapped(m_ledger.db(), "mmap_size", k_frame_mapped_bytes, true);
  SampleStore store(m_ledger);
  auto found = store.find(sample_id);
  if (!found) return not_found(fmt::format("survey sample {}", sample_id));
  VerifyReport r;
  r.sample = std::move(*found);
  const StoredSample& sample = r.sample;

  const std::vector<Event> events = m_ledger.events(sample_subject(sample_id));
  std::vector<std::string> states = states_of(sample.definition.questionnaire);
  for (const Event& e : events)
    if (e.action == "sample")
      if (auto recorded = sample_event_states(e.detail)) {
        states = std::move(*recorded);
        break;
      }
  check_event(sample, events, states, r);

  const Frame now = build_frame(m_ledger, sample.definition, states, sample.drawn_at, sample_id);
  r.frame_size_now = static_cast<std::int64_t>(now.rows.size());
  r.frame_sha256_now = now.sha256;
  try {
    const std::vector<StoredFrameRow> then = decode_frame(sample.frame_blob);
    if (static_cast<std::int64_t>(then.size()) != sample.frame_size) {
      r.stored_hash_mismatch = true;
      r.differences.push_back(
          fmt::format("stored frame: {} rows, but the stored frame size is {}", then.size(), sample.frame_size));
    }
    compare_frames(store, then, now, r);
    if (!r.frame_changed() && now.sha256 != sample.frame_sha256) {
      r.stored_hash_mismatch = true;
      r.differences.push_back(fmt::format("stored frame: SHA-256 {} is not the hash of the frame it stores ({})",
                                          sample.frame_sha256, now.sha256));
    }
  } catch (const ProblemError& damaged) {
    r.stored_hash_mismatch = true;
    r.differences.push_back(damaged.problem().message());
  }

  const std::vector<SampleMember> members = store.members(sample_id);
  check_members(sample, members, r);
  compare_redraw(sample, members, now, r);
  return r;
}

} // namespace epb
