// SubsidyStore: the SQL of subsidy applications, budgets and household exchanges.
#include "epb/subsidy/subsidy_store.hpp"

#include <array>

namespace epb {
namespace {

constexpr std::string_view k_insert = R"sql(
INSERT INTO subsidy_application (id, case_id, programme_year, programme_kind, applicant_type, applicant_id, low_income,
  scrapped_plate, scrapped_made_date, recycling_certificate, deregistered_date, new_plate, new_frame, new_class,
  invoice_number, invoice_date, dealer_ubn, dealer_application, bank_code, account_number, applied_date)
VALUES (:id, :case_id, :year, :kind, :type, :applicant_id, :low_income, :scrapped_plate, :made, :certificate,
  :deregistered, :new_plate, :new_frame, :new_class, :invoice_number, :invoice_date, :dealer_ubn,
  :dealer_application, :bank_code, :account_number, :applied))sql";
// The next id: SQLite runs RETURNING as a trigger with a statement journal, which cost a bulk
// import as much as the insert itself; the writer's transaction makes max(id) + 1 safe.
constexpr std::string_view k_next_id = "SELECT coalesce(max(id), 0) + 1 FROM subsidy_application";

// The columns of a whole application, in the order read_subsidy() reads them.
constexpr std::array<std::string_view, 32> k_columns{{
    "id",
    "case_id",
    "programme_year",
    "programme_kind",
    "applicant_type",
    "applicant_id",
    "low_income",
    "scrapped_plate",
    "scrapped_made_date",
    "recycling_certificate",
    "deregistered_date",
    "new_plate",
    "new_frame",
    "new_class",
    "invoice_number",
    "invoice_date",
    "dealer_ubn",
    "dealer_application",
    "bank_code",
    "account_number",
    "applied_date",
    "amount",
    "approved_at",
    "paid_at",
    "payment_batch",
    "corrections",
    "documents_missing",
    "household_registered",
    "household_district",
    "household_date",
    "household_checked_at",
    "decision_reason",
}};

constexpr std::string_view k_find_dealer = R"sql(
SELECT case_id FROM subsidy_application
WHERE dealer_ubn = :dealer AND dealer_application = :number AND dealer_application <> '')sql";

constexpr std::string_view k_cases_by_plate = R"sql(
SELECT case_id FROM subsidy_application WHERE scrapped_plate = :plate AND scrapped_plate <> ''
UNION SELECT case_id FROM subsidy_application WHERE new_plate = :plate AND new_plate <> ''
ORDER BY case_id DESC)sql";

constexpr std::string_view k_freeze_amount = R"sql(
UPDATE subsidy_application SET amount = :amount, approved_at = :at WHERE case_id = :case_id AND amount IS NULL)sql";

constexpr std::string_view k_mark_paid = R"sql(
UPDATE subsidy_application SET paid_at = :at, payment_batch = :batch WHERE case_id = :case_id)sql";

constexpr std::string_view k_clear_paid = R"sql(
UPDATE subsidy_application SET paid_at = NULL, payment_batch = '' WHERE case_id = :case_id)sql";

constexpr std::string_view k_record_correction = R"sql(
UPDATE subsidy_application SET corrections = corrections + 1, documents_missing = :missing
WHERE case_id = :case_id)sql";

constexpr std::string_view k_set_reason = R"sql(
UPDATE subsidy_application SET decision_reason = :reason WHERE case_id = :case_id)sql";

constexpr std::string_view k_record_household = R"sql(
UPDATE subsidy_application SET household_registered = :registered, household_district = :district,
  household_date = :date, household_checked_at = :at WHERE case_id = :case_id)sql";

// "Subsidised" is amount IS NOT NULL: approved or paid (approval is the only way to an amount,
// and an approved application can only go on to paid).
constexpr std::string_view k_subsidised_scrapped_plate = R"sql(
SELECT c.ref FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.scrapped_plate = :value AND s.scrapped_plate <> '' AND s.case_id <> :case_id AND s.amount IS NOT NULL ORDER BY s.case_id LIMIT 1)sql";

constexpr std::string_view k_subsidised_certificate = R"sql(
SELECT c.ref FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.recycling_certificate = :value AND s.recycling_certificate <> '' AND s.case_id <> :case_id AND s.amount IS NOT NULL
ORDER BY s.case_id LIMIT 1)sql";

constexpr std::string_view k_subsidised_new_plate = R"sql(
SELECT c.ref FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.new_plate = :value AND s.new_plate <> '' AND s.case_id <> :case_id AND s.amount IS NOT NULL ORDER BY s.case_id LIMIT 1)sql";

constexpr std::string_view k_subsidised_new_frame = R"sql(
SELECT c.ref FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.new_frame = :value AND s.new_frame <> '' AND s.case_id <> :case_id AND s.amount IS NOT NULL ORDER BY s.case_id LIMIT 1)sql";

constexpr std::string_view k_subsidised_person = R"sql(
SELECT c.ref FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.applicant_id = :value AND s.programme_year = :year AND s.applicant_type = 'person'
  AND s.case_id <> :case_id AND s.amount IS NOT NULL ORDER BY s.case_id LIMIT 1)sql";

constexpr std::string_view k_budget_all = R"sql(
SELECT programme_year, programme_kind, count(*),
  count(CASE WHEN amount IS NOT NULL AND paid_at IS NULL THEN 1 END),
  coalesce(sum(CASE WHEN paid_at IS NULL THEN amount END), 0),
  count(paid_at),
  coalesce(sum(CASE WHEN paid_at IS NOT NULL THEN amount END), 0)
FROM subsidy_application GROUP BY programme_year, programme_kind ORDER BY programme_year, programme_kind)sql";

constexpr std::string_view k_budget_one = R"sql(
SELECT programme_year, programme_kind, count(*),
  count(CASE WHEN amount IS NOT NULL AND paid_at IS NULL THEN 1 END),
  coalesce(sum(CASE WHEN paid_at IS NULL THEN amount END), 0),
  count(paid_at),
  coalesce(sum(CASE WHEN paid_at IS NOT NULL THEN amount END), 0)
FROM subsidy_application WHERE programme_year = :year AND programme_kind = :kind
GROUP BY programme_year, programme_kind)sql";

constexpr std::string_view k_household_pending = R"sql(
SELECT s.case_id, c.ref, s.applicant_id, c.applicant_name FROM subsidy_application s
JOIN case_file c ON c.id = s.case_id
WHERE s.household_registered IS NULL AND s.applicant_type = 'person' AND c.closed_at IS NULL
ORDER BY s.case_id)sql";

constexpr std::string_view k_household_pending_for = R"sql(
SELECT s.case_id FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.applicant_id = :id AND s.household_registered IS NULL AND s.applicant_type = 'person'
  AND c.closed_at IS NULL ORDER BY s.case_id)sql";

constexpr std::string_view k_record_exchange = R"sql(
INSERT INTO household_exchange (at, actor, direction, records, file_sha256, file_name)
VALUES (:at, :actor, :direction, :records, :sha256, :file_name) RETURNING id)sql";

constexpr std::string_view k_payable = R"sql(
SELECT s.case_id, c.ref, c.applicant_name, s.bank_code, s.account_number, s.amount
FROM subsidy_application s JOIN case_file c ON c.id = s.case_id
WHERE s.amount IS NOT NULL AND s.paid_at IS NULL AND c.status = 'approved' ORDER BY s.case_id)sql";

constexpr std::string_view k_all_case_ids = "SELECT case_id FROM subsidy_application ORDER BY case_id";

std::optional<Date> date_column(const sql::Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  auto date = parse_date(s.text(column));
  if (!date) throw Error("subsidy_application: bad date '" + s.text(column) + "'");
  return *date;
}

std::optional<Instant> instant_column(const sql::Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return Instant(s.int64(column));
}

std::optional<std::string> iso(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return date->iso();
}

BudgetUse budget_row(const sql::Statement& s) {
  BudgetUse use;
  use.year = s.integer(0);
  use.kind = parse_programme_kind(s.text(1)).value_or(ProgrammeKind::scrap_only);
  use.applications = s.int64(2);
  use.approved = s.int64(3);
  use.committed = s.int64(4);
  use.paid_count = s.int64(5);
  use.paid = s.int64(6);
  return use;
}

} // namespace

std::int64_t SubsidyStore::insert(const SubsidyApplication& a) {
  auto& next = m_db.prepare(k_next_id);
  next.step();
  const std::int64_t id = next.int64(0);
  next.reset();
  auto& s = m_db.prepare(k_insert);
  s.bind(":id", id)
      .bind(":case_id", a.case_id)
      .bind(":year", a.programme_year)
      .bind(":kind", programme_kind_name(a.kind))
      .bind(":type", a.business ? "business" : "person")
      .bind(":applicant_id", a.applicant_id)
      .bind(":low_income", a.low_income ? 1 : 0)
      .bind(":scrapped_plate", a.scrapped_plate)
      .bind(":made", iso(a.scrapped_made))
      .bind(":certificate", a.recycling_certificate)
      .bind(":deregistered", iso(a.deregistered))
      .bind(":new_plate", a.new_plate)
      .bind(":new_frame", a.new_frame)
      .bind(":new_class", vehicle_class_name(a.new_class))
      .bind(":invoice_number", a.invoice_number)
      .bind(":invoice_date", iso(a.invoice_date))
      .bind(":dealer_ubn", a.dealer_ubn)
      .bind(":dealer_application", a.dealer_application)
      .bind(":bank_code", a.bank_code)
      .bind(":account_number", a.account_number)
      .bind(":applied", a.applied.iso());
  s.run();
  return id;
}

std::string subsidy_columns(std::string_view alias) {
  const std::string q = alias.empty() ? std::string() : std::string(alias) + ".";
  std::string out;
  for (const std::string_view column : k_columns) {
    if (!out.empty()) out += ", ";
    out += q + std::string(column);
  }
  return out;
}

SubsidyApplication read_subsidy(const sql::Statement& s, int first) {
  const auto at = [first](int column) { return first + column; };
  SubsidyApplication a;
  a.id = s.int64(at(0));
  a.case_id = s.int64(at(1));
  a.programme_year = s.integer(at(2));
  a.kind = parse_programme_kind(s.text(at(3))).value_or(ProgrammeKind::scrap_only);
  a.business = s.text(at(4)) == "business";
  a.applicant_id = s.text(at(5));
  a.low_income = s.integer(at(6)) != 0;
  a.scrapped_plate = s.text(at(7));
  a.scrapped_made = date_column(s, at(8));
  a.recycling_certificate = s.text(at(9));
  a.deregistered = date_column(s, at(10));
  a.new_plate = s.text(at(11));
  a.new_frame = s.text(at(12));
  a.new_class = parse_vehicle_class(s.text(at(13))).value_or(VehicleClass::none);
  a.invoice_number = s.text(at(14));
  a.invoice_date = date_column(s, at(15));
  a.dealer_ubn = s.text(at(16));
  a.dealer_application = s.text(at(17));
  a.bank_code = s.text(at(18));
  a.account_number = s.text(at(19));
  a.applied = date_column(s, at(20)).value_or(Date());
  if (!s.is_null(at(21))) a.amount = s.int64(at(21));
  a.approved_at = instant_column(s, at(22));
  a.paid_at = instant_column(s, at(23));
  a.payment_batch = s.text(at(24));
  a.corrections = s.integer(at(25));
  a.documents_missing = s.text(at(26));
  if (!s.is_null(at(27)))
    a.household = HouseholdCheck{s.integer(at(27)) != 0, s.text(at(28)), date_column(s, at(29)),
                                 instant_column(s, at(30)).value_or(Instant())};
  a.decision_reason = s.text(at(31));
  return a;
}

std::optional<SubsidyApplication> SubsidyStore::find_by_case(std::int64_t case_id) {
  static const std::string sql = "SELECT " + subsidy_columns() + " FROM subsidy_application WHERE case_id = :case_id";
  auto& s = m_db.prepare(sql);
  s.bind(":case_id", case_id);
  if (!s.step()) return std::nullopt;
  SubsidyApplication a = read_subsidy(s);
  s.reset();
  return a;
}

std::optional<std::int64_t> SubsidyStore::find_dealer_application(std::string_view dealer_ubn,
                                                                  std::string_view number) {
  auto& s = m_db.prepare(k_find_dealer);
  s.bind(":dealer", dealer_ubn).bind(":number", number);
  std::optional<std::int64_t> out;
  if (s.step()) out = s.int64(0);
  s.reset();
  return out;
}

std::vector<std::int64_t> SubsidyStore::cases_by_plate(std::string_view plate) {
  auto& s = m_db.prepare(k_cases_by_plate);
  s.bind(":plate", plate);
  std::vector<std::int64_t> out;
  while (s.step())
    out.push_back(s.int64(0));
  return out;
}

void SubsidyStore::freeze_amount(std::int64_t case_id, std::int64_t amount, Instant at) {
  m_db.prepare(k_freeze_amount).bind(":amount", amount).bind(":at", at.unix_seconds()).bind(":case_id", case_id).run();
}

void SubsidyStore::mark_paid(std::int64_t case_id, Instant at, std::string_view batch) {
  m_db.prepare(k_mark_paid).bind(":at", at.unix_seconds()).bind(":batch", batch).bind(":case_id", case_id).run();
}

void SubsidyStore::clear_paid(std::int64_t case_id) { m_db.prepare(k_clear_paid).bind(":case_id", case_id).run(); }

void SubsidyStore::record_correction(std::int64_t case_id, std::string_view missing) {
  m_db.prepare(k_record_correction).bind(":missing", missing).bind(":case_id", case_id).run();
}

void SubsidyStore::set_decision_reason(std::int64_t case_id, std::string_view reason) {
  m_db.prepare(k_set_reason).bind(":reason", reason).bind(":case_id", case_id).run();
}

void SubsidyStore::record_household(std::int64_t case_id, const HouseholdCheck& check) {
  m_db.prepare(k_record_household)
      .bind(":registered", check.registered ? 1 : 0)
      .bind(":district", check.district)
      .bind(":date", iso(check.registered_on))
      .bind(":at", check.checked_at.unix_seconds())
      .bind(":case_id", case_id)
      .run();
}

std::optional<std::string> SubsidyStore::first_ref(std::string_view sql, std::int64_t case_id, std::string_view value,
                                                   std::optional<int> year) {
  if (value.empty()) return std::nullopt;
  auto& s = m_db.prepare(sql);
  s.bind(":value", value).bind(":case_id", case_id);
  if (year) s.bind(":year", *year);
  std::optional<std::string> out;
  if (s.step()) out = s.text(0);
  s.reset();
  return out;
}

std::optional<std::string> SubsidyStore::subsidised_scrapped_plate(std::int64_t case_id, std::string_view plate) {
  return first_ref(k_subsidised_scrapped_plate, case_id, plate);
}
std::optional<std::string> SubsidyStore::subsidised_certificate(std::int64_t case_id, std::string_view certificate) {
  return first_ref(k_subsidised_certificate, case_id, certificate);
}
std::optional<std::string> SubsidyStore::subsidised_new_plate(std::int64_t case_id, std::string_view plate) {
  return first_ref(k_subsidised_new_plate, case_id, plate);
}
std::optional<std::string> SubsidyStore::subsidised_new_frame(std::int64_t case_id, std::string_view frame) {
  return first_ref(k_subsidised_new_frame, case_id, frame);
}
std::optional<std::string> SubsidyStore::subsidised_person(std::int64_t case_id, std::string_view id, int year) {
  return first_ref(k_subsidised_person, case_id, id, year);
}

std::vector<BudgetUse> SubsidyStore::budget_use() {
  auto& s = m_db.prepare(k_budget_all);
  std::vector<BudgetUse> out;
  while (s.step())
    out.push_back(budget_row(s));
  return out;
}

BudgetUse SubsidyStore::budget_use(int year, ProgrammeKind kind) {
  auto& s = m_db.prepare(k_budget_one);
  s.bind(":year", year).bind(":kind", programme_kind_name(kind));
  BudgetUse use{year, kind};
  if (s.step()) use = budget_row(s);
  s.reset();
  return use;
}

std::vector<HouseholdQuery> SubsidyStore::household_pending() {
  auto& s = m_db.prepare(k_household_pending);
  std::vector<HouseholdQuery> out;
  while (s.step())
    out.push_back(HouseholdQuery{s.int64(0), s.text(1), s.text(2), s.text(3)});
  return out;
}

std::vector<std::int64_t> SubsidyStore::household_pending_for(std::string_view id_number) {
  auto& s = m_db.prepare(k_household_pending_for);
  s.bind(":id", id_number);
  std::vector<std::int64_t> out;
  while (s.step())
    out.push_back(s.int64(0));
  return out;
}

void SubsidyStore::record_exchange(const HouseholdExchange& exchange) {
  auto& s = m_db.prepare(k_record_exchange);
  s.bind(":at", exchange.at.unix_seconds())
      .bind(":actor", exchange.actor)
      .bind(":direction", exchange.export_direction ? "export" : "import")
      .bind(":records", exchange.records)
      .bind(":sha256", exchange.file_sha256)
      .bind(":file_name", exchange.file_name);
  s.step();
  s.reset();
}

void SubsidyStore::for_each_payable(const std::function<void(const PayableSubsidy&)>& visit) {
  auto& s = m_db.prepare(k_payable);
  while (s.step())
    visit(PayableSubsidy{s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.int64(5)});
}

void SubsidyStore::for_each_case_id(const std::function<void(std::int64_t)>& visit) {
  auto& s = m_db.prepare(k_all_case_ids);
  std::vector<std::int64_t> ids;
  while (s.step())
    ids.push_back(s.int64(0));
  for (const auto id : ids)
    visit(id);
}

} // namespace epb
