#pragma once
// The subsidy application record (lib/epb/records/record_type.hpp): the columns of
// `epb subsidy export`, in order, and the fields `epb subsidy import` reads (the same less the
// derived ones), so an export imports into another ledger as it was (man epb-subsidy(1),
// EXPORT). Personal data (the applicant's name, ID number, phone, e-mail, address and the
// bank account) is marked, masked unless revealed.
#include "epb/cases/case.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/privacy/reveal.hpp"
#include "epb/records/record_type.hpp"
#include "epb/subsidy/subsidy.hpp"

#include <span>
#include <string>
#include <string_view>

namespace epb {

// An application as its export writes it: the case and its subsidy row.
struct SubsidyRecordView {
  const Case& c;
  const SubsidyApplication& a;
  DateStyle dates = DateStyle::iso; // of business dates (instants are always ISO 8601)
};

struct SubsidyField {
  RecordField field;
  // The value in full (a personal one is masked by subsidy_field_text).
  std::string (*write)(const SubsidyRecordView& view);
  // Where the import puts the value: the applicant's case fields (checked as `epb subsidy
  // apply` checks them) or the subsidy's own. Derived fields have neither.
  std::string NewCase::*applicant = nullptr;
  std::string NewSubsidy::*subsidy = nullptr;
};

// Every field, in export column order (a stable contract: appended to, never reordered).
std::span<const SubsidyField> subsidy_fields();
std::span<const RecordField> subsidy_record_fields();
// The import's fields: the non-derived ones, in the same order.
std::span<const FieldSpec> subsidy_import_fields();
// The position of a field among subsidy_import_fields(); throws epb::Error for a name not there.
std::size_t subsidy_import_index(std::string_view name);
// The non-derived field of that position.
const SubsidyField& subsidy_import_field(std::size_t index);

// A field's value as shown: personal data masked unless `disclosure` reveals it; a business's
// name is not personal data and is shown as it is.
std::string subsidy_field_text(const SubsidyField& field, const SubsidyRecordView& view, const Disclosure& disclosure);

} // namespace epb
