#pragma once
// The fields `epb case import` reads (the columns of `epb case export` that are not derived):
// what a [mappings.NAME] table of the configuration may map a column to.
#include <span>
#include <string_view>

namespace epb {

std::span<const std::string_view> case_import_field_names();

} // namespace epb
