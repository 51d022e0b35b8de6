#include "epb/report/open_data.hpp"

#include <array>
#include <utility>

namespace epb::report {
namespace {

constexpr std::array<std::pair<std::string_view, OpenDataset>, 2> k_datasets{{
    {"requests", OpenDataset::requests},
    {"aggregate", OpenDataset::aggregate},
}};

} // namespace

std::optional<OpenDataset> parse_open_dataset(std::string_view name) {
  for (const auto& [text, dataset] : k_datasets)
    if (text == name) return dataset;
  return std::nullopt;
}

std::string_view open_dataset_name(OpenDataset dataset) {
  for (const auto& [text, d] : k_datasets)
    if (d == dataset) return text;
  return "requests";
}

} // namespace epb::report
