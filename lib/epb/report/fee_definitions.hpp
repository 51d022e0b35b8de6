#pragma once
// The words of the fee sections, defined: printed with every report (MAN_FEES_SURVEYS.txt for
// epb-report(1) says the same).
#include "epb/report/document.hpp"

#include <vector>

namespace epb::report {

std::vector<Definition> fee_definitions(bool english);

} // namespace epb::report
