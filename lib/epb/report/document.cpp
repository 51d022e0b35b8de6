#include "epb/report/document.hpp"

#include <algorithm>

namespace epb::report {

std::string_view cell_type_name(CellType type) {
  switch (type) {
  case CellType::text: return "text";
  case CellType::integer: return "integer";
  case CellType::money: return "money";
  case CellType::decimal: return "decimal";
  case CellType::percent: return "percent";
  case CellType::date: return "date";
  case CellType::instant: return "instant";
  }
  return "text";
}

bool is_numeric(CellType type) {
  return type == CellType::integer || type == CellType::money || type == CellType::decimal || type == CellType::percent;
}

std::optional<std::size_t> Table::column(std::string_view column_key) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].key == column_key) return i;
  return std::nullopt;
}

const Table* Document::table(std::string_view key) const {
  const auto found = std::find_if(tables.begin(), tables.end(), [&](const Table& t) { return t.key == key; });
  return found == tables.end() ? nullptr : &*found;
}

Table* Document::table(std::string_view key) {
  return const_cast<Table*>(static_cast<const Document&>(*this).table(key));
}

void Document::set_fact(std::string key, std::string value) {
  for (auto& [k, v] : facts)
    if (k == key) {
      v = std::move(value);
      return;
    }
  facts.emplace_back(std::move(key), std::move(value));
}

} // namespace epb::report
