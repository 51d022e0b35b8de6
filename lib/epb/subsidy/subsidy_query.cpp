// SubsidyStore's queries for intake and lists: who already holds a vehicle or a person, and
// applications joined to their cases through the case engine's exposed query pieces.
#include "epb/subsidy/subsidy_store.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

// Each repeats its partial index's condition (`<> ''`): SQLite uses a partial index only for
// a query whose WHERE implies the index's. Open is `closed_at IS NULL`; subsidised is
// `amount IS NOT NULL` (approved or paid, schema 8).
constexpr std::string_view k_held_scrapped_plate = R"sql(
SELECT s.case_id, c.ref, s.amount IS NOT NULL FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.scrapped_plate = :value AND s.scrapped_plate <> '' AND (c.closed_at IS NULL OR s.amount IS NOT NULL)
ORDER BY s.amount IS NULL, s.case_id LIMIT 1)sql";

constexpr std::string_view k_held_certificate = R"sql(
SELECT s.case_id, c.ref, s.amount IS NOT NULL FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.recycling_certificate = :value AND s.recycling_certificate <> ''
  AND (c.closed_at IS NULL OR s.amount IS NOT NULL)
ORDER BY s.amount IS NULL, s.case_id LIMIT 1)sql";

constexpr std::string_view k_held_new_plate = R"sql(
SELECT s.case_id, c.ref, s.amount IS NOT NULL FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.new_plate = :value AND s.new_plate <> '' AND (c.closed_at IS NULL OR s.amount IS NOT NULL)
ORDER BY s.amount IS NULL, s.case_id LIMIT 1)sql";

constexpr std::string_view k_held_new_frame = R"sql(
SELECT s.case_id, c.ref, s.amount IS NOT NULL FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.new_frame = :value AND s.new_frame <> '' AND (c.closed_at IS NULL OR s.amount IS NOT NULL)
ORDER BY s.amount IS NULL, s.case_id LIMIT 1)sql";

constexpr std::string_view k_held_person = R"sql(
SELECT s.case_id, c.ref, s.amount IS NOT NULL FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.applicant_id = :value AND s.programme_year = :year AND s.applicant_type = 'person'
  AND (c.closed_at IS NULL OR s.amount IS NOT NULL)
ORDER BY s.amount IS NULL, s.case_id LIMIT 1)sql";

std::string_view held_sql(IntakeKey key) {
  switch (key) {
  case IntakeKey::scrapped_plate: return k_held_scrapped_plate;
  case IntakeKey::recycling_certificate: return k_held_certificate;
  case IntakeKey::new_plate: return k_held_new_plate;
  case IntakeKey::new_frame: return k_held_new_frame;
  case IntakeKey::person: return k_held_person;
  }
  return k_held_scrapped_plate;
}

// The subsidy's own conditions, after the case filter's.
constexpr std::string_view k_by_programme_year = " AND s.programme_year = :programme_year";
constexpr std::string_view k_by_kind = " AND s.programme_kind = :kind";
constexpr std::string_view k_by_dealer = " AND s.dealer_ubn = :dealer_ubn";
constexpr std::string_view k_by_district = " AND s.household_district = :district";

} // namespace

std::optional<HeldBy> SubsidyStore::held_by(IntakeKey key, std::string_view value, int year) {
  if (value.empty()) return std::nullopt;
  auto& s = m_db.prepare(held_sql(key));
  s.bind(":value", value);
  if (key == IntakeKey::person) s.bind(":year", year);
  std::optional<HeldBy> out;
  if (s.step()) out = HeldBy{s.int64(0), s.text(1), s.int64(2) != 0};
  s.reset();
  return out;
}

void SubsidyStore::for_each(const SubsidyFilter& filter,
                            const std::function<bool(const Case&, const SubsidyApplication&)>& visit) {
  const CaseFilterSql cases(filter.cases, "c");
  std::string sql =
      fmt::format("SELECT {}, {} FROM case_file c JOIN subsidy_application s ON s.case_id = c.id WHERE {}",
                  case_columns("c"), subsidy_columns("s"), cases.where());
  if (filter.programme_year) sql += k_by_programme_year;
  if (filter.kind) sql += k_by_kind;
  if (filter.dealer_ubn) sql += k_by_dealer;
  if (filter.district) sql += k_by_district;
  sql += fmt::format(" ORDER BY {}", cases.order_by());
  if (filter.cases.limit) sql += " LIMIT :limit";
  auto& s = m_db.prepare(sql);
  cases.bind(s);
  if (filter.programme_year) s.bind(":programme_year", *filter.programme_year);
  if (filter.kind) s.bind(":kind", programme_kind_name(*filter.kind));
  if (filter.dealer_ubn) s.bind(":dealer_ubn", *filter.dealer_ubn);
  if (filter.district) s.bind(":district", *filter.district);
  if (filter.cases.limit) s.bind(":limit", *filter.cases.limit);
  while (s.step()) {
    const Case c = read_case(s, 0);
    const SubsidyApplication a = read_subsidy(s, k_case_column_count);
    if (!visit(c, a)) break;
  }
  s.reset();
}

} // namespace epb
