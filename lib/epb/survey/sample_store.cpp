// SampleStore: the SQL of survey_sample, survey_stratum and survey_member's sample columns.
#include "epb/survey/sample_store.hpp"

#include "epb/core/error.hpp"
#include "epb/ledger/stored_date.hpp"
#include "epb/survey/member_store.hpp"

#include <charconv>
#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::string_view k_max_sample_id = "SELECT coalesce(max(id), 0) FROM survey_sample";
constexpr std::string_view k_max_member_id = "SELECT coalesce(max(id), 0) FROM survey_member";

constexpr std::string_view k_insert_sample = R"sql(
INSERT INTO survey_sample (id, questionnaire, services, period_from, period_to, rate_num, rate_den, size, strata,
  min_per_stratum, spares, method, seed, generator, exclude_days, frame_size, frame_sha256, frame, sample_sha256,
  drawn_at, actor, note)
VALUES (:id, :questionnaire, :services, :period_from, :period_to, :rate_num, :rate_den, :size, :strata,
  :min_per_stratum, :spares, :method, :seed, :generator, :exclude_days, :frame_size, :frame_sha256, :frame,
  :sample_sha256, :drawn_at, :actor, :note))sql";

constexpr std::string_view k_insert_stratum = R"sql(
INSERT INTO survey_stratum (sample_id, stratum, frame, planned, drawn, spares)
VALUES (:sample_id, :stratum, :frame, :planned, :drawn, :spares))sql";

// One statement for every member of a sample (a 1M frame at 1/10 is 100,000 of them).
constexpr std::string_view k_insert_member = R"sql(
INSERT INTO survey_member (id, sample_id, case_id, stratum, role, position, called)
VALUES (:id, :sample_id, :case_id, :stratum, :role, :position, :called))sql";

constexpr std::string_view k_sample_columns =
    "id, questionnaire, services, period_from, period_to, rate_num, rate_den, size, strata, min_per_stratum, "
    "spares, method, seed, generator, exclude_days, frame_size, frame_sha256, sample_sha256, drawn_at, actor, note";

const std::string k_find_sample = fmt::format("SELECT {}, frame FROM survey_sample WHERE id = :id", k_sample_columns);
const std::string k_list_samples = fmt::format("SELECT {} FROM survey_sample ORDER BY id DESC", k_sample_columns);

constexpr std::string_view k_strata = R"sql(
SELECT stratum, frame, planned, drawn, spares FROM survey_stratum WHERE sample_id = :sample_id ORDER BY stratum)sql";

// 'chosen' sorts before 'spare': the order of UNIQUE (sample_id, stratum, role, position).
constexpr std::string_view k_status_counts = R"sql(
SELECT m.role, m.called, m.status, count(*) FROM survey_member m WHERE m.sample_id = :sample_id
GROUP BY m.role, m.called, m.status ORDER BY m.role, m.called DESC, m.status)sql";

constexpr std::string_view k_case_ref = "SELECT ref FROM case_file WHERE id = :id";

// A large sample's members in a page cache that holds them: they arrive stratum by stratum,
// so their case ids come in no order and, with SQLite's 2 MB default, the pages of
// UNIQUE (sample_id, case_id) and survey_member_by_case were spilled to the WAL and read back
// again and again (100,000 members: 0.5 s of system time; 0.05 s in 32 MB). Set back after.
constexpr std::int64_t k_member_cache_kib = -32000; // PRAGMA cache_size: negative is KiB

[[noreturn]] void damaged(std::int64_t id, std::string_view column, std::string_view value) {
  throw Error(fmt::format("ledger: survey sample {}: bad {} '{}'; run 'epb db check'", id, column, value));
}

std::vector<std::string> split_services(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string join_services(const std::vector<std::string>& services) {
  std::string out;
  for (const auto& s : services)
    out += (out.empty() ? "" : ",") + s;
  return out;
}

std::uint64_t stored_seed(std::int64_t id, const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) damaged(id, "seed", text);
  return value;
}

StoredSample read_sample(const sql::Statement& s) {
  StoredSample out;
  out.id = s.int64(0);
  SampleDefinition& d = out.definition;
  d.questionnaire = s.text(1);
  d.services = split_services(s.text(2));
  d.from = stored_date(s.text(3), "survey_sample.period_from");
  d.to = stored_date(s.text(4), "survey_sample.period_to");
  if (!s.is_null(5)) d.rate = SurveyRate{s.integer(5), s.integer(6)};
  if (!s.is_null(7)) d.size = s.int64(7);
  if (const std::string strata = s.text(8); !strata.empty()) {
    auto fields = parse_strata(strata);
    if (!fields) damaged(out.id, "strata", strata);
    d.strata = *fields;
  }
  d.min_per_stratum = s.integer(9);
  d.spares = s.integer(10);
  const std::string method = s.text(11);
  const auto parsed = parse_sample_method(method);
  if (!parsed) damaged(out.id, "method", method);
  d.method = *parsed;
  d.seed = stored_seed(out.id, s.text(12));
  d.generator = s.text(13);
  d.exclude_days = s.integer(14);
  out.frame_size = s.int64(15);
  out.frame_sha256 = s.text(16);
  out.sample_sha256 = s.text(17);
  out.drawn_at = Instant(s.int64(18));
  out.actor = s.text(19);
  out.note = s.text(20);
  return out;
}

} // namespace

std::string services_text(const std::vector<std::string>& services) { return join_services(services); }

std::int64_t SampleStore::insert(const StoredSample& sample, const SampleDraw& draw,
                                 const std::vector<FrameRow>& rows) {
  auto& db = m_ledger.db();
  auto& max_sample = db.prepare(k_max_sample_id);
  max_sample.step();
  const std::int64_t id = max_sample.int64(0) + 1;
  max_sample.reset();

  const SampleDefinition& d = sample.definition;
  auto& s = db.prepare(k_insert_sample);
  s.bind(":id", id)
      .bind(":questionnaire", d.questionnaire)
      .bind(":services", join_services(d.services))
      .bind(":period_from", d.from.iso())
      .bind(":period_to", d.to.iso());
  if (d.rate)
    s.bind(":rate_num", d.rate->num).bind(":rate_den", d.rate->den);
  else
    s.bind_null(":rate_num").bind_null(":rate_den");
  s.bind(":size", d.size)
      .bind(":strata", strata_text(d.strata))
      .bind(":min_per_stratum", d.min_per_stratum)
      .bind(":spares", d.spares)
      .bind(":method", sample_method_name(d.method))
      .bind(":seed", std::to_string(d.seed))
      .bind(":generator", d.generator)
      .bind(":exclude_days", d.exclude_days)
      .bind(":frame_size", sample.frame_size)
      .bind(":frame_sha256", sample.frame_sha256)
      .bind_blob(":frame", sample.frame_blob)
      .bind(":sample_sha256", sample.sample_sha256)
      .bind(":drawn_at", sample.drawn_at.unix_seconds())
      .bind(":actor", sample.actor)
      .bind(":note", sample.note);
  s.run();

  auto& stratum = db.prepare(k_insert_stratum);
  for (const StratumDraw& st : draw.strata) {
    stratum.reset()
        .bind(":sample_id", id)
        .bind(":stratum", st.stratum)
        .bind(":frame", st.frame)
        .bind(":planned", st.planned)
        .bind(":drawn", st.drawn)
        .bind(":spares", st.spares);
    stratum.run();
  }

  const sql::ScopedPragma cache(db, "cache_size", k_member_cache_kib);
  auto& max_member = db.prepare(k_max_member_id);
  max_member.step();
  std::int64_t member_id = max_member.int64(0);
  max_member.reset();
  auto& member = db.prepare(k_insert_member);
  for (const DrawnMember& m : draw.members) {
    member.reset()
        .bind(":id", ++member_id)
        .bind(":sample_id", id)
        .bind(":case_id", rows.at(m.row).case_id)
        .bind_in_place(":stratum", m.stratum)
        .bind(":role", m.spare ? "spare" : "chosen")
        .bind(":position", m.position)
        .bind(":called", m.spare ? 0 : 1);
    member.run();
  }
  return id;
}

std::optional<StoredSample> SampleStore::find(std::int64_t id) {
  auto& s = m_ledger.db().prepare(k_find_sample);
  s.bind(":id", id);
  if (!s.step()) return std::nullopt;
  StoredSample out = read_sample(s);
  out.frame_blob = s.blob(21);
  s.reset();
  out.strata = strata(id);
  return out;
}

std::vector<StoredSample> SampleStore::list() {
  std::vector<StoredSample> out;
  auto& s = m_ledger.db().prepare(k_list_samples);
  while (s.step())
    out.push_back(read_sample(s));
  for (auto& sample : out)
    sample.strata = strata(sample.id);
  return out;
}

std::vector<StratumDraw> SampleStore::strata(std::int64_t sample_id) {
  std::vector<StratumDraw> out;
  auto& s = m_ledger.db().prepare(k_strata);
  s.bind(":sample_id", sample_id);
  while (s.step())
    out.push_back(StratumDraw{s.text(0), s.int64(1), s.int64(2), s.int64(3), s.int64(4)});
  return out;
}

// The reading of members is MemberStore's, in the same stored order.
std::vector<SampleMember> SampleStore::members(std::int64_t sample_id) {
  return MemberStore(m_ledger).members(sample_id);
}

std::vector<MemberCount> SampleStore::member_counts(std::int64_t sample_id) {
  std::vector<MemberCount> out;
  auto& s = m_ledger.db().prepare(k_status_counts);
  s.bind(":sample_id", sample_id);
  while (s.step())
    out.push_back(MemberCount{s.text_view(0) == "spare", s.integer(1) != 0, s.text(2), s.int64(3)});
  return out;
}

std::optional<std::string> SampleStore::case_ref(std::int64_t case_id) {
  auto& s = m_ledger.db().prepare(k_case_ref);
  s.bind(":id", case_id);
  if (!s.step()) return std::nullopt;
  std::string ref = s.text(0);
  s.reset();
  return ref;
}

} // namespace epb
