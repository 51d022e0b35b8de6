#pragma once
// The program's version, generated into one file (lib/epb/core/version.cpp.in) so that a
// version bump recompiles one translation unit, not every target.
#include <string_view>

namespace epb {

std::string_view version();

} // namespace epb
