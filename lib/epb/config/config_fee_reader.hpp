#pragma once
// Private to lib/epb/config: the pieces read_fee() (config_fee.cpp) is built from.
#include "epb/config/config_reader.hpp"

#include <optional>
#include <string_view>

namespace epb::config_detail {

// A decimal written as a TOML string ("2.47") or integer; a TOML float is refused with a hint
// to quote it. `what` starts the message ("'percent' in [[fee.postal_rates]] 2").
std::optional<Decimal> decimal_value(const toml::node& node, std::string_view what, IssueLog& log);
// The same for `key` of a table, which must not be negative.
std::optional<Decimal> decimal_key(TableReader& reader, std::string_view key, bool required, std::string_view where,
                                   IssueLog& log);
// `rounding = "half_away_from_zero" | "truncate"` of a table.
std::optional<Rounding> rounding_key(TableReader& reader, std::string_view where, IssueLog& log);

void read_late(const toml::table& table, FeeLateRules& late, IssueLog& log);
void read_postal_rates(const toml::array& rows, FeeSettings& settings, IssueLog& log);
void read_shortfall(const toml::array& rows, FeeSettings& settings, IssueLog& log);
void read_layouts(const toml::table& section, FeeSettings& settings, IssueLog& log);

} // namespace epb::config_detail
