#pragma once
// A record type's fields, one list serving both directions: the columns its export writes, in
// order, and the fields its import reads (the same names, less the derived ones), so a file
// exported by one ledger imports into another (the round-trip contract in one place). Each
// field also says what the privacy layer needs: whether it is personal data and of which kind
// (masked unless revealed), and whether open data may carry it (lib/epb/privacy/open_data.hpp).
// A record type (cases: lib/epb/cases/case_fields.hpp) adds how to write and read each field.
#include "epb/core/text_policy.hpp"
#include "epb/io/import_engine.hpp"
#include "epb/output/rows.hpp"
#include "epb/privacy/mask.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace epb {

struct RecordField {
  std::string_view name;
  // The text policy the import applies to every value (lib/epb/core/text_policy.hpp).
  TextKind text = TextKind::line;
  // How output formats type the column (json/jsonl write integers, booleans and JSON as such).
  Column::Type type = Column::Type::text;
  bool required = false; // the import refuses a row without it
  bool derived = false;  // exported, but recomputed on import: the column is accepted and ignored
  std::optional<PersonalData> personal = std::nullopt; // personal data of this kind: masked unless revealed
  // Text written by people (descriptions, outcomes) or an exact place: it may name or locate
  // someone, so open data leaves it out unless reviewed (DOMAIN.md §9).
  bool needs_review = false;
};

// The import's view of the non-derived fields, in the same order.
std::vector<FieldSpec> import_specs(std::span<const RecordField> fields);

// The RecordField of every entry of a record type's own field table (entries that pair a
// `field` with how to write it from the record).
template <class Table> std::vector<RecordField> record_fields_of(const Table& table) {
  std::vector<RecordField> out;
  out.reserve(std::size(table));
  for (const auto& entry : table)
    out.push_back(entry.field);
  return out;
}
// The export's columns: every field, in order.
std::vector<Column> export_columns(std::span<const RecordField> fields);

} // namespace epb
