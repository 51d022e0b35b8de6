#include "epb/privacy/open_data.hpp"

namespace epb {

bool open_data_drops(const RecordField& field) { return field.personal.has_value() || field.needs_review; }

std::vector<std::string_view> open_data_fields(std::span<const RecordField> fields) {
  std::vector<std::string_view> kept;
  for (const auto& field : fields)
    if (!open_data_drops(field)) kept.push_back(field.name);
  return kept;
}

} // namespace epb
