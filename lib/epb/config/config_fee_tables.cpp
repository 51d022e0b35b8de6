// The tabular parts of [fee]: late-payment rules, the dated postal rates, the shortfall tiers and
// the fixed-width collection file layouts (config_fee.cpp reads the rest).
#include "epb/config/config_fee_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

namespace epb::config_detail {

namespace {

constexpr int k_max_amount = 2'000'000'000;
constexpr int k_max_days = 3660;
constexpr int k_max_column = 10'000; // a collection file's line is far shorter
constexpr std::array<std::string_view, 6> k_field_names{"slip", "amount", "paid_on", "txn_id", "collector", "payer"};
constexpr std::array<std::string_view, 4> k_required_fields{"slip", "amount", "paid_on", "txn_id"};

// The table of each entry of an array of tables, or a logged problem.
const toml::table* row_table(const toml::node& node, std::string_view what, IssueLog& log) {
  const auto* table = node.as_table();
  if (!table) log.add(position(node), fmt::format("each {} must be a table, not {}", what, type_name(node)));
  return table;
}

std::optional<FixedWidthField> read_field(std::string_view layout, const Entry& entry, IssueLog& log) {
  const std::string name(entry.key);
  const std::vector<std::string> names(k_field_names.begin(), k_field_names.end());
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    log.add(entry.key_position, fmt::format("unknown field '{}' in layout '{}'{} (fields: {})", name, layout,
                                            suggestion(name, names), fmt::join(names, ", ")));
    return std::nullopt;
  }
  const auto* pair = entry.node->as_array();
  const bool shaped = pair && pair->size() == 2 && (*pair)[0].is_integer() && (*pair)[1].is_integer();
  if (!shaped) {
    log.add(position(*entry.node),
            fmt::format("field '{}' of layout '{}' must be [start, width], two integers", name, layout));
    return std::nullopt;
  }
  const auto start = (*pair)[0].as_integer()->get();
  const auto width = (*pair)[1].as_integer()->get();
  if (start < 1 || width < 1 || start > k_max_column || width > k_max_column) {
    log.add(position(*entry.node),
            fmt::format("field '{}' of layout '{}': start and width must be from 1 to {}, not [{}, {}]", name, layout,
                        k_max_column, start, width));
    return std::nullopt;
  }
  return FixedWidthField{name, static_cast<int>(start), static_cast<int>(width)};
}

void read_fields(const toml::table& table, const toml::source_position& where, FixedWidthLayout& layout,
                 IssueLog& log) {
  for (const auto& entry : in_file_order(table)) {
    auto field = read_field(layout.code, entry, log);
    if (!field) continue;
    for (const auto& other : layout.fields)
      if (field->start < other.start + other.width && other.start < field->start + field->width)
        log.add(position(*entry.node),
                fmt::format("field '{}' [{}, {}] of layout '{}' overlaps field '{}' [{}, {}]", field->name,
                            field->start, field->width, layout.code, other.name, other.start, other.width));
    layout.fields.push_back(std::move(*field));
  }
  for (const auto required : k_required_fields)
    if (std::none_of(layout.fields.begin(), layout.fields.end(), [&](const auto& f) { return f.name == required; }))
      log.add(where, fmt::format("layout '{}' needs field '{}' (required: slip, amount, paid_on, txn_id)", layout.code,
                                 required));
}

} // namespace

void read_late(const toml::table& table, FeeLateRules& late, IssueLog& log) {
  const std::string where = "in [fee.late]";
  TableReader r(table, where, log);
  if (auto permille = decimal_key(r, "surcharge_permille_per_day", false, where, log))
    late.surcharge_permille_per_day = *permille;
  late.surcharge_max_days = r.integer("surcharge_max_days", 0, k_max_days).value_or(late.surcharge_max_days);
  late.grace_days_private = r.integer("grace_days_private", 0, k_max_days).value_or(late.grace_days_private);
  late.grace_days_public = r.integer("grace_days_public", 0, k_max_days).value_or(late.grace_days_public);
  late.interest_day_basis = r.integer("interest_day_basis", 360, 366).value_or(late.interest_day_basis);
  late.rounding = rounding_key(r, where, log).value_or(late.rounding);
  late.referral_after_days = r.integer("referral_after_days", 1, k_max_days).value_or(late.referral_after_days);
  late.topup_days = r.integer("topup_days", 1, k_max_days).value_or(late.topup_days);
  r.finish();
}

void read_postal_rates(const toml::array& rows, FeeSettings& settings, IssueLog& log) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto* table = row_table(rows[i], "[[fee.postal_rates]]", log);
    if (!table) continue;
    const std::string where = fmt::format("in [[fee.postal_rates]] {}", i + 1);
    TableReader r(*table, where, log);
    PostalRate rate;
    std::optional<Date> from;
    if (auto text = r.string("from", true)) {
      if (auto date = parse_date(*text))
        from = *date;
      else
        log.add(r.where("from"), fmt::format("bad date '{}' {}: {}", *text, where, date.error().why));
    }
    auto percent = decimal_key(r, "percent", true, where, log);
    r.finish();
    if (!from || !percent) continue;
    if (!settings.postal_rates.empty() && *from <= settings.postal_rates.back().from)
      log.add(r.where("from"), fmt::format("postal rate from {} {} must come after the one from {} (in date order)",
                                           from->iso(), where, settings.postal_rates.back().from.iso()));
    rate.from = *from;
    rate.percent = *percent;
    settings.postal_rates.push_back(rate);
  }
}

void read_shortfall(const toml::array& rows, FeeSettings& settings, IssueLog& log) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto* table = row_table(rows[i], "[[fee.shortfall]]", log);
    if (!table) continue;
    const std::string where = fmt::format("in [[fee.shortfall]] {}", i + 1);
    TableReader r(*table, where, log);
    FeeShortfallTier tier;
    tier.from = r.integer("from", 0, k_max_amount).value_or(0);
    if (!table->get("from")) log.add(r.where(), fmt::format("missing key 'from' {}", where));
    tier.min_periods = r.integer("min_periods", 1, 120).value_or(tier.min_periods);
    tier.max_periods = r.integer("max_periods", 1, 120).value_or(tier.max_periods);
    tier.min_each = r.integer("min_each", 0, k_max_amount).value_or(tier.min_each);
    tier.needs_security = r.boolean("needs_security").value_or(false);
    r.finish();
    if (tier.min_periods > tier.max_periods)
      log.add(r.where("min_periods"),
              fmt::format("'min_periods' {} {} is above 'max_periods' {}", tier.min_periods, where, tier.max_periods));
    if (!settings.shortfall.empty() && tier.from <= settings.shortfall.back().from)
      log.add(r.where("from"), fmt::format("tier from {} {} must come after the one from {} (in order of amount)",
                                           tier.from, where, settings.shortfall.back().from));
    settings.shortfall.push_back(tier);
  }
}

void read_layouts(const toml::table& section, FeeSettings& settings, IssueLog& log) {
  for (const auto& entry : in_file_order(section)) {
    const std::string code(entry.key);
    if (!is_code(code)) log.add(entry.key_position, fmt::format("layout code '{}' must match [a-z][a-z0-9_-]*", code));
    const auto* table = entry.node->as_table();
    if (!table) {
      log.add(position(*entry.node), fmt::format("layout '{}' must be a table, not {}", code, type_name(*entry.node)));
      continue;
    }
    const std::string where = fmt::format("in layout '{}'", code);
    TableReader r(*table, where, log);
    FixedWidthLayout layout;
    layout.code = code;
    layout.collector = r.string("collector").value_or("");
    layout.skip_head = r.integer("skip_head", 0, 100).value_or(0);
    layout.trailer_prefix = r.string("trailer_prefix").value_or("");
    layout.head_prefix = r.string("head_prefix").value_or("");
    if (!layout.head_prefix.empty() && layout.skip_head == 0)
      log.add(r.where("head_prefix"), fmt::format("head_prefix {} needs skip_head of at least 1", where));
    if (auto format = r.string("date_format")) {
      if (*format == "iso" || *format == "roc")
        layout.date_format = *format;
      else
        log.add(r.where("date_format"), fmt::format("date_format '{}' {} must be 'iso' or 'roc'", *format, where));
    }
    if (const auto* fields = r.table("fields", true)) read_fields(*fields, r.where("fields"), layout, log);
    r.finish();
    const bool collector_field =
        std::any_of(layout.fields.begin(), layout.fields.end(), [](const auto& f) { return f.name == "collector"; });
    if (layout.collector.empty() && !collector_field)
      log.add(r.where(), fmt::format("layout '{}' needs 'collector' (a name) or a field 'collector'", code));
    settings.layouts.push_back(std::move(layout));
  }
}

} // namespace epb::config_detail
