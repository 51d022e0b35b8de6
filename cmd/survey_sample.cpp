// Placeholder until the verbs land (this session's lead skeleton); replaced by the group's code.
#include "survey_verbs.hpp"

namespace epb::cli {

void add_survey_sample(CLI::App& /*parent*/, Context& /*context*/) {}

} // namespace epb::cli
