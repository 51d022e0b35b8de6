#include "epb/records/record_type.hpp"

namespace epb {

std::vector<FieldSpec> import_specs(std::span<const RecordField> fields) {
  std::vector<FieldSpec> specs;
  for (const auto& field : fields)
    if (!field.derived) specs.push_back({field.name, field.required, field.text, field.type == Column::Type::json});
  return specs;
}

std::vector<Column> export_columns(std::span<const RecordField> fields) {
  std::vector<Column> columns;
  for (const auto& field : fields)
    columns.push_back({std::string(field.name), field.type});
  return columns;
}

} // namespace epb
