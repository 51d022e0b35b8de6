// Intake: validating a new case field by field, numbering it and storing it.
#include "epb/cases/case_desk.hpp"
#include "epb/core/subject.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/output/json.hpp"
#include "epb/validate/business_number.hpp"
#include "epb/validate/contact.hpp"
#include "epb/validate/name.hpp"
#include "epb/validate/person_id.hpp"

#include <fmt/format.h>

namespace epb {
namespace {

std::unexpected<Problem> field_error(std::string_view field, std::string why) {
  return invalid(std::string(field), std::move(why));
}

// Re-labels a validator's problem with the field it came from: "id_number: national id '…': …".
std::unexpected<Problem> field_error(std::string_view field, const Problem& problem) {
  return field_error(field, problem.message());
}

template <class Named> std::string known_codes(const std::vector<Named>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item.code;
  return out;
}

// The date two calendar months before `date` (clamped to the month's end): the window
// in which a complaint repeats one already handled (DOMAIN.md §4).
Date two_months_before(Date date) {
  int year = date.year();
  int month = date.month() - 2;
  if (month < 1) {
    month += 12;
    --year;
  }
  for (int day = date.day(); day >= 28; --day)
    if (auto d = Date::from_ymd(year, month, day)) return *d;
  return *Date::from_ymd(year, month, date.day());
}

Result<void> validate_applicant(const Service& service, const NewCase& in, Applicant& a) {
  const std::string kind_text = in.applicant_kind.empty() ? "person" : to_lower_ascii(trim(in.applicant_kind));
  const auto kind = parse_applicant_kind(kind_text);
  if (!kind)
    return field_error("applicant_kind", fmt::format("'{}' is not person, organisation or anonymous", kind_text));
  a.kind = *kind;
  a.name = std::string(trim(in.name));
  if (a.kind == Applicant::Kind::anonymous && !service.anonymous_allowed)
    return field_error("applicant_kind", fmt::format("service '{}' does not accept anonymous cases", service.code));
  if (a.kind == Applicant::Kind::anonymous &&
      (!a.name.empty() || !trim(in.id_number).empty() || !trim(in.business_number).empty()))
    return field_error(a.name.empty() ? "id_number" : "name",
                       "must be empty for an anonymous applicant (a phone or e-mail may be left for replies)");
  if (a.kind != Applicant::Kind::anonymous && a.name.empty())
    return field_error("name", "required (or applicant_kind anonymous where the service allows it)");

  if (!trim(in.id_number).empty()) {
    auto id = validate_person_id(in.id_number);
    if (!id) return field_error("id_number", id.error());
    a.id_number = *id;
  }
  if (!trim(in.business_number).empty()) {
    auto number = validate_business_number(in.business_number);
    if (!number) return field_error("business_number", number.error());
    a.business_number = *number;
  }
  if (a.kind == Applicant::Kind::organisation && a.business_number.empty())
    return field_error("business_number", "required for an organisation");
  if (a.kind == Applicant::Kind::person && service.id_required && a.id_number.empty())
    return field_error("id_number", fmt::format("required by the SOP of service '{}'", service.code));
  if (!trim(in.phone).empty()) {
    auto phone = validate_phone(in.phone);
    if (!phone) return field_error("phone", phone.error());
    a.phone = *phone;
  }
  if (!trim(in.email).empty()) {
    auto email = validate_email(in.email);
    if (!email) return field_error("email", email.error());
    a.email = *email;
  }
  a.address = std::string(trim(in.address));
  a.lang = trim(in.lang).empty() ? "zh-TW" : std::string(trim(in.lang));
  if (a.lang != "zh-TW" && a.lang != "en") return field_error("lang", fmt::format("'{}' is not zh-TW or en", a.lang));
  return {};
}

} // namespace

std::string_view applicant_kind_name(Applicant::Kind kind) {
  switch (kind) {
  case Applicant::Kind::person: return "person";
  case Applicant::Kind::organisation: return "organisation";
  case Applicant::Kind::anonymous: return "anonymous";
  }
  return "person";
}

std::optional<Applicant::Kind> parse_applicant_kind(std::string_view name) {
  if (name == "person") return Applicant::Kind::person;
  if (name == "organisation" || name == "organization") return Applicant::Kind::organisation;
  if (name == "anonymous") return Applicant::Kind::anonymous;
  return std::nullopt;
}

Result<Case> validate_new_case(const Config& config, const OfficeCalendar& calendar, const NewCase& in, Instant now) {
  Case c;
  const std::string service_code(trim(in.service));
  const Service* service = config.service(service_code);
  if (!service)
    return field_error("service",
                       fmt::format("unknown service '{}' (known: {})", service_code, known_codes(config.services)));
  c.service = service->code;
  c.unit = service->unit;
  c.status = service->initial_state;
  const std::string channel_code(trim(in.channel));
  if (!config.channel(channel_code))
    return field_error("channel",
                       fmt::format("unknown channel '{}' (known: {})", channel_code, known_codes(config.channels)));
  c.channel = channel_code;

  if (auto applicant = validate_applicant(*service, in, c.applicant); !applicant)
    return std::unexpected(applicant.error());

  c.subject = std::string(trim(in.subject));
  if (c.subject.empty()) return field_error("subject", "required");
  c.description = std::string(trim(in.description));
  c.place = std::string(trim(in.place));
  c.district = district_of(c.place.empty() ? c.applicant.address : c.place);
  if (c.district.empty()) c.district = district_of(c.applicant.address);

  c.received_at = now;
  if (!trim(in.received).empty()) {
    auto received = parse_instant(in.received);
    if (!received) return field_error("received", received.error());
    if (*received > now) return field_error("received", fmt::format("{} is in the future", received->iso()));
    c.received_at = *received;
  }
  c.clock_start = c.received_at;
  c.deadline_rule = service->deadline.text();
  auto deadline = compute_case_deadline(calendar, CaseTiming{c.received_at, service->deadline, {}, {}});
  if (!deadline) return field_error("received", deadline.error());
  c.due_date = deadline->due_date;
  c.due_at = deadline->due_at;
  c.calendar_version = deadline->calendar_version;
  c.due_provisional = deadline->provisional;
  // Same person (ID number, else phone), same matter and same place (DOMAIN.md §4).
  const std::string& person = c.applicant.id_number.empty() ? c.applicant.phone : c.applicant.id_number;
  if (service->track_repeats && c.applicant.kind != Applicant::Kind::anonymous && !person.empty())
    c.repeat_key = fmt::format("{}|{}|{}|{}", c.service, person, to_lower_ascii(c.subject), to_lower_ascii(c.place));
  c.source_system = std::string(trim(in.source_system));
  c.source_id = std::string(trim(in.source_id));
  if (!c.source_id.empty() && c.source_system.empty()) c.source_system = "import";
  c.updated_at = now;
  return c;
}

Result<void> check_new_case_text(const NewCase& in) {
  const std::pair<TextKind, std::pair<std::string_view, const std::string*>> fields[] = {
      {TextKind::code, {"service", &in.service}},
      {TextKind::code, {"channel", &in.channel}},
      {TextKind::code, {"applicant_kind", &in.applicant_kind}},
      {TextKind::name, {"name", &in.name}},
      {TextKind::line, {"id_number", &in.id_number}},
      {TextKind::line, {"business_number", &in.business_number}},
      {TextKind::line, {"phone", &in.phone}},
      {TextKind::line, {"email", &in.email}},
      {TextKind::line, {"address", &in.address}},
      {TextKind::code, {"lang", &in.lang}},
      {TextKind::subject, {"subject", &in.subject}},
      {TextKind::note, {"description", &in.description}},
      {TextKind::line, {"place", &in.place}},
      {TextKind::line, {"received", &in.received}},
      {TextKind::code, {"source_system", &in.source_system}},
      {TextKind::name, {"source_id", &in.source_id}},
  };
  for (const auto& [kind, field] : fields)
    if (auto checked = check_text(kind, field.first, *field.second); !checked) return checked;
  return {};
}

Result<Case> CaseDesk::open(const Stamp& stamp, const NewCase& input, DomainIntake* domain) {
  if (auto checked = check_new_case_text(input); !checked) return std::unexpected(checked.error());
  auto c = validate_new_case(m_config, m_calendar, input, stamp.at);
  if (!c) return c;
  sql::Transaction transaction(m_ledger.db());
  if (!c->source_id.empty() && m_store.find_by_source(c->source_system, c->source_id))
    return field_error("source_id", fmt::format("{} {} is already in the ledger", c->source_system, c->source_id));
  auto stored = insert_validated(stamp, std::move(*c), "open", domain);
  if (stored) transaction.commit();
  return stored;
}

Result<Case> CaseDesk::insert_validated(const Stamp& stamp, Case c, std::string_view action, DomainIntake* domain) {
  // Its own transaction: a domain intake refused after the case row was written takes the
  // row, its number and its event with it.
  sql::Transaction transaction(m_ledger.db());
  const bool numbered = c.ref.empty();
  auto stored = store_checked(stamp, std::move(c), nullptr, domain);
  if (!stored) return stored;
  JsonObject detail;
  detail.add("service", stored->service)
      .add("channel", stored->channel)
      .add("status", stored->status)
      .add("due", stored->due_date.iso());
  if (!stored->repeat_of.empty()) detail.add("repeat_of", stored->repeat_of);
  if (!stored->source_id.empty()) detail.add("source", stored->source_system + ":" + stored->source_id);
  m_ledger.record(stamp, subject::of_case(stored->ref), action, detail.str());
  if (domain)
    if (auto kept = domain->store(scope(stamp), *stored); !kept) {
      // In batch mode the number is only counted in memory: the rollback cannot take it back.
      if (numbered) // PREFIX-YYY-NNNNNN
        m_store.release_sequence(m_config.service(stored->service)->prefix,
                                 stored->received_at.taipei_date().roc_year(),
                                 std::stoll(stored->ref.substr(stored->ref.size() - 6)));
      return std::unexpected(kept.error());
    }
  transaction.commit();
  return stored;
}

Result<Case> CaseDesk::store_validated(const Stamp& stamp, Case c, const CarriedRecord* carried, DomainIntake* domain) {
  const bool numbered = c.ref.empty();
  auto stored = store_checked(stamp, std::move(c), carried, domain);
  if (!stored || !domain) return stored;
  if (auto kept = domain->store(scope(stamp), *stored); !kept) {
    // The caller's savepoint takes the row back; the number, counted in memory, is handed out again.
    if (numbered)
      m_store.release_sequence(m_config.service(stored->service)->prefix, stored->received_at.taipei_date().roc_year(),
                               std::stoll(stored->ref.substr(stored->ref.size() - 6)));
    return std::unexpected(kept.error());
  }
  return stored;
}

Result<Case> CaseDesk::store_checked(const Stamp& stamp, Case c, const CarriedRecord* carried,
                                     const DomainIntake* domain) {
  const Service& service = *m_config.service(c.service);
  auto kind = kind_of(service, "service");
  if (!kind) return std::unexpected(kind.error());
  // A domain verb opening a case of another kind's service would store rows no rule reads.
  if (domain && domain->kind() != service.kind)
    return field_error(
        "service", fmt::format("service '{}' is of kind '{}', not '{}'", service.code, service.kind, domain->kind()));
  if (auto allowed = (*kind)->check_intake(scope(stamp), c, domain); !allowed) return std::unexpected(allowed.error());
  if (c.ref.empty()) {
    const int roc_year = c.received_at.taipei_date().roc_year();
    // The calendar's years (1990–2100) keep this at 79–189; a reference never carries another.
    if (roc_year < 1 || roc_year > 999)
      throw Error(fmt::format("case reference: ROC year {} of {} cannot be numbered", roc_year,
                              c.received_at.taipei_date().iso()));
    c.ref = fmt::format("{}-{:03}-{:06}", service.prefix, roc_year, m_store.next_sequence(service.prefix, roc_year));
  } else {
    // PREFIX-YYY-NNNNNN, checked by the importer.
    const std::string_view digits = std::string_view(c.ref).substr(service.prefix.size() + 1);
    m_store.reserve_sequence(service.prefix, std::stoi(std::string(digits.substr(0, 3))),
                             std::stoll(std::string(digits.substr(4))));
  }
  if (!c.repeat_key.empty() && !(carried && carried->keeps_repeat_of)) {
    const Instant since = Instant::taipei_midnight(two_months_before(c.received_at.taipei_date()));
    if (auto earlier = m_store.find_repeat(c, since)) c.repeat_of = earlier->ref;
  }
  if (!(carried && carried->keeps_updated)) c.updated_at = stamp.at;
  c.id = m_store.insert(c);
  if (!m_batch) m_store.flush_sequences();
  if (carried) {
    for (const auto& pause : carried->pauses)
      m_store.add_pause(c.id, pause.from, pause.to);
    for (const auto& extension : carried->extensions)
      m_store.add_extension(c.id, extension);
  } else if (c.paused_at) {
    m_store.add_pause(c.id, *c.paused_at);
  }
  return c;
}

Result<void> CaseDesk::check_change(const Stamp& stamp, const Case& c, CaseVerb verb) {
  return kind_of(c).guard_change(scope(stamp), c, verb);
}

void CaseDesk::record_import_batch(const Stamp& stamp, const ImportBatch& batch) {
  JsonObject detail;
  detail.add("file", batch.source)
      .add("first_id", batch.first_id)
      .add("last_id", batch.last_id)
      .add("imported", batch.imported);
  const std::int64_t event_id = m_ledger.record(stamp, subject::imports_of("case"), "import", detail.str());
  m_store.add_import_batch(
      {batch.source, batch.first_id, batch.last_id, batch.imported, stamp.at, stamp.actor, event_id});
}

std::vector<Event> CaseDesk::history(const Case& c) {
  // The batch's id range names every case that came from that import.
  return m_store.history(c.ref, c.id);
}

void CaseDesk::record_change(const Stamp& stamp, std::string_view ref, std::string_view action,
                             std::string_view detail_json) {
  m_ledger.record(stamp, subject::of_case(ref), action, detail_json);
}

} // namespace epb
