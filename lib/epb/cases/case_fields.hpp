#pragma once
// The case record (lib/epb/records/record_type.hpp): the columns of `epb case export`, in
// order, and the fields `epb case import` reads (the same less the derived ones) — also what
// a [mappings.NAME] table of the configuration may map a column to. One list, so export →
// import round-trips and every field says whether it is personal data.
#include "epb/cases/case.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/privacy/reveal.hpp"
#include "epb/records/record_type.hpp"
#include "epb/time/date.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

// A case as its export writes it: the record and what lives beside it.
struct CaseRecordView {
  const Case& c;
  DateStyle dates = DateStyle::iso;      // of the due date (instants are always ISO 8601)
  std::span<const Pause> pauses;         // the case's pauses, oldest first
  std::span<const Extension> extensions; // its extensions, in the order granted
};

struct CaseField {
  RecordField field;
  // The value in full (a personal one is masked by case_field_text).
  std::string (*write)(const CaseRecordView& view);
  // Where the import puts the value for the intake's checks (`epb case open`'s); fields
  // without one are the record a case brings along (its status, times, pauses), read by the
  // case import's own checks (lib/epb/cases/case_import.cpp).
  std::string NewCase::*intake = nullptr;
};

// Every field, in export column order.
std::span<const CaseField> case_fields();
// The same fields' descriptions, for the generic record and privacy functions.
std::span<const RecordField> case_record_fields();
// The import's fields: the non-derived ones, in the same order.
std::span<const FieldSpec> case_import_fields();
std::span<const std::string_view> case_import_field_names();
// The position of a field among case_import_fields(); throws epb::Error for a name not there.
std::size_t case_import_index(std::string_view name);

// The applicant's name as shown: a person's masked unless revealed, an organisation's as it is
// (an organisation's name is not personal data).
std::string applicant_name_text(const Applicant& applicant, const Disclosure& disclosure);

// A field's value as shown: personal data masked unless `disclosure` reveals it. An
// organisation's name is not personal data and is shown as it is.
std::string case_field_text(const CaseField& field, const CaseRecordView& view, const Disclosure& disclosure);

// The JSON of the `pauses` and `extension_log` columns (read back by case_record.hpp).
std::string pauses_json(std::span<const Pause> pauses);
std::string extensions_json(std::span<const Extension> extensions);

} // namespace epb
