// The subsidy application record: one field list for `epb subsidy export` and `import`.
#include "epb/subsidy/subsidy_fields.hpp"

#include "epb/cases/case_fields.hpp"
#include "epb/core/error.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

using T = Column::Type;
using W = SubsidyRecordView;
using C = NewCase;
using S = NewSubsidy;
constexpr TextKind k_code = TextKind::code;

std::string when(const std::optional<Instant>& at) { return at ? at->iso() : std::string(); }
std::string day(const std::optional<Date>& date, DateStyle style) {
  return date ? format_date(*date, style) : std::string();
}
std::string flag(bool value) { return value ? "true" : "false"; }

std::string household(const SubsidyApplication& a) {
  if (a.business) return "";
  if (!a.household) return "pending";
  return a.household->registered ? "registered" : "not_registered";
}

// The order is the export's column order, a stable contract: append, never reorder.
const std::array<SubsidyField, 39> k_fields = {{
    {{.name = "ref", .text = k_code, .derived = true}, [](const W& v) { return v.c.ref; }},
    {{.name = "status", .text = k_code, .derived = true}, [](const W& v) { return v.c.status; }},
    {{.name = "programme_year", .text = k_code, .type = T::integer, .required = true},
     [](const W& v) { return std::to_string(v.a.programme_year); },
     nullptr,
     &S::programme_year},
    {{.name = "kind", .text = k_code, .required = true},
     [](const W& v) { return std::string(programme_kind_name(v.a.kind)); },
     nullptr,
     &S::kind},
    {{.name = "channel", .text = k_code}, [](const W& v) { return v.c.channel; }, &C::channel},
    {{.name = "received"}, [](const W& v) { return v.c.received_at.iso(); }, &C::received},
    {{.name = "applicant_kind", .text = k_code},
     [](const W& v) { return std::string(applicant_kind_name(v.c.applicant.kind)); },
     &C::applicant_kind},
    {{.name = "name", .text = TextKind::name, .required = true, .personal = PersonalData::name},
     [](const W& v) { return v.c.applicant.name; },
     &C::name},
    {{.name = "id_number", .personal = PersonalData::id_number},
     [](const W& v) { return v.c.applicant.id_number; },
     &C::id_number},
    // A company's number is public (商工登記), a sole proprietor's identifies them.
    {{.name = "business_number", .needs_review = true},
     [](const W& v) { return v.c.applicant.business_number; },
     &C::business_number},
    {{.name = "phone", .personal = PersonalData::phone}, [](const W& v) { return v.c.applicant.phone; }, &C::phone},
    {{.name = "email", .personal = PersonalData::email}, [](const W& v) { return v.c.applicant.email; }, &C::email},
    {{.name = "address", .personal = PersonalData::address},
     [](const W& v) { return v.c.applicant.address; },
     &C::address},
    {{.name = "low_income", .text = k_code, .type = T::boolean},
     [](const W& v) { return flag(v.a.low_income); },
     nullptr,
     &S::low_income},
    {{.name = "scrapped_plate", .text = k_code},
     [](const W& v) { return v.a.scrapped_plate; },
     nullptr,
     &S::scrapped_plate},
    {{.name = "scrapped_made", .text = k_code},
     [](const W& v) { return day(v.a.scrapped_made, v.dates); },
     nullptr,
     &S::scrapped_made},
    {{.name = "recycling_certificate", .text = k_code},
     [](const W& v) { return v.a.recycling_certificate; },
     nullptr,
     &S::recycling_certificate},
    {{.name = "deregistered", .text = k_code},
     [](const W& v) { return day(v.a.deregistered, v.dates); },
     nullptr,
     &S::deregistered},
    {{.name = "new_plate", .text = k_code}, [](const W& v) { return v.a.new_plate; }, nullptr, &S::new_plate},
    {{.name = "new_frame", .text = k_code}, [](const W& v) { return v.a.new_frame; }, nullptr, &S::new_frame},
    {{.name = "new_class", .text = k_code},
     [](const W& v) { return std::string(vehicle_class_name(v.a.new_class)); },
     nullptr,
     &S::new_class},
    {{.name = "invoice_number", .text = k_code},
     [](const W& v) { return v.a.invoice_number; },
     nullptr,
     &S::invoice_number},
    {{.name = "invoice_date", .text = k_code},
     [](const W& v) { return day(v.a.invoice_date, v.dates); },
     nullptr,
     &S::invoice_date},
    {{.name = "dealer_ubn", .text = k_code}, [](const W& v) { return v.a.dealer_ubn; }, nullptr, &S::dealer_ubn},
    {{.name = "dealer_application", .text = k_code},
     [](const W& v) { return v.a.dealer_application; },
     nullptr,
     &S::dealer_application},
    {{.name = "bank_code", .text = k_code, .required = true},
     [](const W& v) { return v.a.bank_code; },
     nullptr,
     &S::bank_code},
    {{.name = "account_number", .text = k_code, .required = true, .personal = PersonalData::bank_account},
     [](const W& v) { return v.a.account_number; },
     nullptr,
     &S::account_number},
    // What the ledger worked out since: shown, and recomputed (or started afresh) on import.
    {{.name = "district", .derived = true},
     [](const W& v) { return v.a.household ? v.a.household->district : std::string(); }},
    {{.name = "household", .text = k_code, .derived = true}, [](const W& v) { return household(v.a); }},
    {{.name = "household_checked", .derived = true},
     [](const W& v) { return v.a.household ? v.a.household->checked_at.iso() : std::string(); }},
    {{.name = "amount", .type = T::integer, .derived = true},
     [](const W& v) { return v.a.amount ? std::to_string(*v.a.amount) : std::string(); }},
    {{.name = "approved", .derived = true}, [](const W& v) { return when(v.a.approved_at); }},
    {{.name = "paid", .derived = true}, [](const W& v) { return when(v.a.paid_at); }},
    {{.name = "payment_batch", .text = k_code, .derived = true}, [](const W& v) { return v.a.payment_batch; }},
    {{.name = "corrections", .type = T::integer, .derived = true},
     [](const W& v) { return std::to_string(v.a.corrections); }},
    {{.name = "documents_missing", .text = TextKind::note, .derived = true, .needs_review = true},
     [](const W& v) { return v.a.documents_missing; }},
    {{.name = "decision_reason", .text = TextKind::note, .derived = true, .needs_review = true},
     [](const W& v) { return v.a.decision_reason; }},
    {{.name = "due", .derived = true}, [](const W& v) { return format_date(v.c.due_date, v.dates); }},
    {{.name = "closed", .derived = true}, [](const W& v) { return when(v.c.closed_at); }},
}};

const std::vector<RecordField>& record_fields() {
  static const std::vector<RecordField> fields = record_fields_of(k_fields);
  return fields;
}

const std::vector<FieldSpec>& import_fields() {
  static const std::vector<FieldSpec> fields = import_specs(record_fields());
  return fields;
}

const std::vector<const SubsidyField*>& imported() {
  static const std::vector<const SubsidyField*> fields = [] {
    std::vector<const SubsidyField*> out;
    for (const auto& field : k_fields)
      if (!field.field.derived) out.push_back(&field);
    return out;
  }();
  return fields;
}

} // namespace

std::span<const SubsidyField> subsidy_fields() { return k_fields; }
std::span<const RecordField> subsidy_record_fields() { return record_fields(); }
std::span<const FieldSpec> subsidy_import_fields() { return import_fields(); }

std::size_t subsidy_import_index(std::string_view name) {
  const auto& fields = import_fields();
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return i;
  throw Error(fmt::format("subsidy import: no field '{}'", name));
}

const SubsidyField& subsidy_import_field(std::size_t index) { return *imported().at(index); }

std::string subsidy_field_text(const SubsidyField& field, const SubsidyRecordView& view, const Disclosure& disclosure) {
  if (!field.field.personal) return field.write(view);
  if (*field.field.personal == PersonalData::name) return applicant_name_text(view.c.applicant, disclosure);
  return disclosure.show(*field.field.personal, field.write(view));
}

} // namespace epb
