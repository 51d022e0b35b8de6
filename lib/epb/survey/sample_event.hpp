#pragma once
// The event a draw records ("survey:ID" "sample"): the definition, the questionnaire's states
// then in force and the hashes, in the append-only log, so `epb survey verify` can tell a
// sample whose stored rows were edited from one whose ledger changed.
#include "epb/survey/sample_store.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace epb {

std::string sample_subject(std::int64_t sample_id); // "survey:12"

// The event's fields, in order: each key with its value as JSON ("states" last).
std::vector<std::pair<std::string, std::string>> sample_event_fields(const StoredSample& sample,
                                                                     const std::vector<std::string>& states);
// The event's detail: those fields as one JSON object, the same bytes for the same sample.
std::string sample_event_detail(const StoredSample& sample, const std::vector<std::string>& states);
// The states a detail written by sample_event_detail() recorded; none for any other text.
std::optional<std::vector<std::string>> sample_event_states(std::string_view detail);

} // namespace epb
