#pragma once
// The open-data policy (DOMAIN.md §9; 個資法 §16, 政府資訊公開法 §18): an export for the public
// carries no personal data at all (no name, ID, phone, e-mail, address or bank account — not
// even masked), and no free text or exact place until someone has reviewed it. Location is the
// district only.
#include "epb/records/record_type.hpp"

#include <span>
#include <string_view>
#include <vector>

namespace epb {

// Whether an open-data export leaves the field out: personal data, or text that needs a review.
bool open_data_drops(const RecordField& field);
// The fields an open-data export may carry, in the record's order.
std::vector<std::string_view> open_data_fields(std::span<const RecordField> fields);

} // namespace epb
