#pragma once
// "Did you mean ...?" for a mistyped name: a command, a state, a field.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

// The known name closest to `word` by edits (insertions, deletions, substitutions, swaps of
// neighbours), when it is close enough to be the likely intent; else nothing.
std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& names);

// ", did you mean 'X'?" ready to splice into a message, or "" when no name is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& names);

} // namespace epb
