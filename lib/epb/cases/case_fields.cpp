#include "epb/cases/case_fields.hpp"

#include "epb/core/error.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

using T = Column::Type;
using W = CaseRecordView;
constexpr TextKind k_code = TextKind::code;
constexpr auto k_name = PersonalData::name;

std::string when(const std::optional<Instant>& at) { return at ? at->iso() : std::string(); }
std::string flag(bool value) { return value ? "true" : "false"; }

// The order is the export's column order, a stable contract: append, never reorder.
const std::array<CaseField, 34> k_fields = {{
    {{.name = "ref", .text = k_code}, [](const W& v) { return v.c.ref; }},
    {{.name = "service", .text = k_code, .required = true}, [](const W& v) { return v.c.service; }, &NewCase::service},
    {{.name = "unit", .derived = true}, [](const W& v) { return v.c.unit; }},
    {{.name = "channel", .text = k_code, .required = true}, [](const W& v) { return v.c.channel; }, &NewCase::channel},
    {{.name = "status", .text = k_code}, [](const W& v) { return v.c.status; }},
    {{.name = "applicant_kind", .text = k_code},
     [](const W& v) { return std::string(applicant_kind_name(v.c.applicant.kind)); },
     &NewCase::applicant_kind},
    {{.name = "name", .text = TextKind::name, .personal = k_name},
     [](const W& v) { return v.c.applicant.name; },
     &NewCase::name},
    {{.name = "id_number", .personal = PersonalData::id_number},
     [](const W& v) { return v.c.applicant.id_number; },
     &NewCase::id_number},
    // An organisation's number is public (商工登記), but a sole proprietor's identifies them.
    {{.name = "business_number", .needs_review = true},
     [](const W& v) { return v.c.applicant.business_number; },
     &NewCase::business_number},
    {{.name = "phone", .personal = PersonalData::phone},
     [](const W& v) { return v.c.applicant.phone; },
     &NewCase::phone},
    {{.name = "email", .personal = PersonalData::email},
     [](const W& v) { return v.c.applicant.email; },
     &NewCase::email},
    {{.name = "address", .personal = PersonalData::address},
     [](const W& v) { return v.c.applicant.address; },
     &NewCase::address},
    {{.name = "lang", .text = k_code}, [](const W& v) { return v.c.applicant.lang; }, &NewCase::lang},
    {{.name = "subject", .text = TextKind::subject, .required = true},
     [](const W& v) { return v.c.subject; },
     &NewCase::subject},
    {{.name = "description", .text = TextKind::note, .needs_review = true},
     [](const W& v) { return v.c.description; },
     &NewCase::description},
    {{.name = "place", .needs_review = true}, [](const W& v) { return v.c.place; }, &NewCase::place},
    {{.name = "district", .derived = true}, [](const W& v) { return v.c.district; }},
    {{.name = "received"}, [](const W& v) { return v.c.received_at.iso(); }, &NewCase::received},
    {{.name = "due", .derived = true}, [](const W& v) { return format_date(v.c.due_date, v.dates); }},
    {{.name = "deadline_rule"}, [](const W& v) { return v.c.deadline_rule; }},
    // Staff, not the public; still a person's name, so open data waits for a review.
    {{.name = "assignee", .text = TextKind::name, .needs_review = true}, [](const W& v) { return v.c.assignee; }},
    {{.name = "paused_since"}, [](const W& v) { return when(v.c.paused_at); }},
    {{.name = "extensions", .type = T::integer, .derived = true},
     [](const W& v) { return std::to_string(v.c.extensions); }},
    {{.name = "closed"}, [](const W& v) { return when(v.c.closed_at); }},
    {{.name = "outcome", .text = TextKind::note, .needs_review = true}, [](const W& v) { return v.c.outcome; }},
    {{.name = "closed_late", .text = k_code, .type = T::boolean},
     [](const W& v) { return v.c.closed_late ? flag(*v.c.closed_late) : std::string(); }},
    {{.name = "repeat_of", .text = k_code}, [](const W& v) { return v.c.repeat_of; }},
    {{.name = "source_system", .text = k_code}, [](const W& v) { return v.c.source_system; }, &NewCase::source_system},
    {{.name = "source_id", .text = TextKind::name}, [](const W& v) { return v.c.source_id; }, &NewCase::source_id},
    {{.name = "updated"}, [](const W& v) { return v.c.updated_at.iso(); }},
    {{.name = "clock_start"}, [](const W& v) { return v.c.clock_start.iso(); }},
    {{.name = "pauses", .text = TextKind::note, .type = T::json}, [](const W& v) { return pauses_json(v.pauses); }},
    // The reasons are the clerk's free text.
    {{.name = "extension_log", .text = TextKind::note, .type = T::json, .needs_review = true},
     [](const W& v) { return extensions_json(v.extensions); }},
    {{.name = "provisional", .type = T::boolean, .derived = true},
     [](const W& v) { return flag(v.c.due_provisional); }},
}};

const std::vector<RecordField>& record_fields() {
  static const std::vector<RecordField> fields = record_fields_of(k_fields);
  return fields;
}

const std::vector<FieldSpec>& import_fields() {
  static const std::vector<FieldSpec> fields = import_specs(record_fields());
  return fields;
}

} // namespace

std::span<const CaseField> case_fields() { return k_fields; }
std::span<const RecordField> case_record_fields() { return record_fields(); }
std::span<const FieldSpec> case_import_fields() { return import_fields(); }

std::span<const std::string_view> case_import_field_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& spec : import_fields())
      out.push_back(spec.name);
    return out;
  }();
  return names;
}

std::size_t case_import_index(std::string_view name) {
  const auto names = case_import_field_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  throw Error(fmt::format("case import: no field '{}'", name));
}

std::string case_field_text(const CaseField& field, const CaseRecordView& view, const Disclosure& disclosure) {
  std::string value = field.write(view);
  if (!field.field.personal) return value;
  if (*field.field.personal == k_name) return applicant_name_text(view.c.applicant, disclosure);
  return disclosure.show(*field.field.personal, value);
}

std::string applicant_name_text(const Applicant& applicant, const Disclosure& disclosure) {
  if (applicant.kind == Applicant::Kind::organisation) return applicant.name;
  return disclosure.show(PersonalData::name, applicant.name);
}

std::string pauses_json(std::span<const Pause> pauses) {
  std::string out = "[";
  for (const auto& pause : pauses) {
    if (out.size() > 1) out += ',';
    out += JsonObject().add("from", pause.from.iso()).add("to", pause.to ? pause.to->iso() : std::string()).str();
  }
  return out + "]";
}

std::string extensions_json(std::span<const Extension> extensions) {
  std::string out = "[";
  for (const auto& extension : extensions) {
    if (out.size() > 1) out += ',';
    out += JsonObject()
               .add("at", extension.at.iso())
               .add("workdays", extension.days)
               .add("reason", extension.reason)
               .add("notify_applicant", extension.notify_applicant)
               .add("notified", extension.notified ? extension.notified->iso() : std::string())
               .str();
  }
  return out + "]";
}

} // namespace epb
