// epb_workdays(): workday_function.hpp.
#include "epb/report/workday_function.hpp"

#include <sqlite3.h>

#include <string_view>

namespace epb::report {
namespace {

constexpr const char* k_name = "epb_workdays";

std::optional<Date> date_argument(sqlite3_value* value) {
  if (sqlite3_value_type(value) != SQLITE_TEXT) return std::nullopt;
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  return stored_iso_date(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(value))));
}

void workdays(sqlite3_context* context, int, sqlite3_value** arguments) {
  const auto& index = *static_cast<const WorkdayIndex*>(sqlite3_user_data(context));
  const auto from = date_argument(arguments[0]);
  const auto to = date_argument(arguments[1]);
  const auto days = from && to ? index.between(*from, *to) : std::nullopt;
  if (days)
    sqlite3_result_int(context, *days);
  else
    sqlite3_result_null(context);
}

} // namespace

std::optional<Date> stored_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p)
    for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  return Date::from_ymd(parts[0], parts[1], parts[2]);
}

WorkdayFunction::WorkdayFunction(sql::Database& db, const WorkdayIndex& index) : m_db(db) {
  const int rc = sqlite3_create_function_v2(db.handle(), k_name, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                            const_cast<WorkdayIndex*>(&index), &workdays, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "registering epb_workdays()");
}

WorkdayFunction::~WorkdayFunction() {
  sqlite3_create_function_v2(m_db.handle(), k_name, 2, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr, nullptr);
}

} // namespace epb::report
