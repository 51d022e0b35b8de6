// [fee]: the construction air-pollution fee's rate table and rules (DOMAIN.md §6). Read after
// [services], which the declaration SOP must be one of. Rates and factors are decimals written
// as TOML strings ("2.47") or integers: a TOML float is binary and never read (no float in money).
// The dated and tabular parts (postal rates, shortfall tiers, layouts) are in config_fee_tables.cpp.
#include "epb/config/config_fee_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

namespace epb {

namespace {

constexpr std::array<std::string_view, 4> k_basis_names{"m2", "ha", "m3", "ntd"};
constexpr int k_max_amount = 2'000'000'000; // NT$ (TOML integers are read as int)
constexpr int k_max_days = 3660;

} // namespace

std::string_view fee_basis_name(FeeBasis basis) { return k_basis_names[static_cast<std::size_t>(basis)]; }

const FeeCategory* FeeSettings::category(std::string_view code) const {
  for (const auto& c : categories)
    if (c.code == code) return &c;
  return nullptr;
}

const FixedWidthLayout* FeeSettings::layout(std::string_view code) const {
  for (const auto& l : layouts)
    if (l.code == code) return &l;
  return nullptr;
}

std::optional<Decimal> FeeSettings::postal_rate_on(Date day) const {
  std::optional<Decimal> rate;
  for (const auto& row : postal_rates) {
    if (row.from > day) break;
    rate = row.percent;
  }
  return rate;
}

namespace config_detail {

std::optional<Decimal> decimal_value(const toml::node& node, std::string_view what, IssueLog& log) {
  if (const auto* integer = node.as_integer()) {
    auto d = Decimal::parse(fmt::format("{}", integer->get()));
    if (!d) log.add(position(node), fmt::format("{}: {}", what, d.error().why));
    return d ? std::optional(*d) : std::nullopt;
  }
  if (node.is_floating_point()) {
    log.add(position(node), fmt::format("{} must be written as a string, e.g. \"2.47\": a TOML float is binary and "
                                        "money is computed exactly",
                                        what));
    return std::nullopt;
  }
  const auto* text = node.as_string();
  if (!text) {
    log.add(position(node),
            fmt::format("{} must be a decimal in a string, e.g. \"2.47\", not {}", what, type_name(node)));
    return std::nullopt;
  }
  auto d = Decimal::parse(text->get());
  if (!d) {
    log.add(position(node), fmt::format("{}: {}", what, d.error().why));
    return std::nullopt;
  }
  return *d;
}

std::optional<Decimal> decimal_key(TableReader& reader, std::string_view key, bool required, std::string_view where,
                                   IssueLog& log) {
  const toml::node* node = reader.node(key, required);
  if (!node) return std::nullopt;
  auto d = decimal_value(*node, fmt::format("'{}' {}", key, where), log);
  if (d && d->is_negative()) {
    log.add(position(*node), fmt::format("'{}' {} must not be negative, not {}", key, where, d->str()));
    return std::nullopt;
  }
  return d;
}

std::optional<Rounding> rounding_key(TableReader& reader, std::string_view where, IssueLog& log) {
  const auto text = reader.string("rounding");
  if (!text) return std::nullopt;
  for (const Rounding r : {Rounding::half_away_from_zero, Rounding::truncate})
    if (*text == rounding_name(r)) return r;
  log.add(reader.where("rounding"), fmt::format("rounding '{}' {} must be 'half_away_from_zero' or 'truncate'{}", *text,
                                                where, suggestion(*text, {"half_away_from_zero", "truncate"})));
  return std::nullopt;
}

namespace {

bool is_category_code(std::string_view code) {
  return !code.empty() && code.size() <= 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

FeeCategory read_category(std::string code, const toml::table& table, IssueLog& log) {
  const std::string where = fmt::format("in fee category '{}'", code);
  TableReader reader(table, where, log);
  FeeCategory c;
  c.code = std::move(code);
  c.name_zh = reader.string("name", true).value_or("");
  c.name_en = reader.string("name_en", true).value_or("");
  if (auto basis = reader.string("basis", true)) {
    const auto found = std::find(k_basis_names.begin(), k_basis_names.end(), *basis);
    if (found == k_basis_names.end()) {
      const std::vector<std::string> names(k_basis_names.begin(), k_basis_names.end());
      log.add(reader.where("basis"), fmt::format("basis '{}' {} must be one of {}{}", *basis, where,
                                                 fmt::join(names, ", "), suggestion(*basis, names)));
    } else {
      c.basis = static_cast<FeeBasis>(found - k_basis_names.begin());
    }
  }
  // Required: a default would charge an untimed category (a volume, a contract amount) by the month.
  if (reader.node("timed", true))
    if (auto timed = reader.boolean("timed")) c.timed = *timed;
  if (const auto* rates = reader.array("rates", true)) {
    if (rates->size() != 3)
      log.add(reader.where("rates"),
              fmt::format("'rates' {} must have 3 entries (levels 1, 2, 3), not {}", where, rates->size()));
    for (std::size_t i = 0; i < rates->size() && i < 3; ++i) {
      auto rate = decimal_value((*rates)[i], fmt::format("the level-{} rate {}", i + 1, where), log);
      if (rate && (rate->is_negative() || rate->is_zero()))
        log.add(position((*rates)[i]),
                fmt::format("the level-{} rate {} must be positive, not {}", i + 1, where, rate->str()));
      else if (rate)
        c.rates[i] = *rate;
    }
  }
  c.level1_from = decimal_key(reader, "level1_from", false, where, log);
  if (auto factor = decimal_key(reader, "local_factor", false, where, log)) {
    // Act §17 ¶3: at most 30 % either way of the national rate.
    if (*factor < Decimal::from_units(7, 1) || *factor > Decimal::from_units(13, 1))
      log.add(
          reader.where("local_factor"),
          fmt::format("'local_factor' {} must be from 0.7 to 1.3 (Act §17 ¶3: ±30 %), not {}", where, factor->str()));
    else
      c.local_factor = *factor;
  }
  reader.finish();
  return c;
}

void read_categories(const toml::table& section, FeeSettings& settings, IssueLog& log) {
  for (const auto& entry : in_file_order(section)) {
    const std::string code(entry.key);
    if (!is_category_code(code))
      log.add(entry.key_position, fmt::format("fee category code '{}' must be 1 to 3 of 0-9 and A-Z", code));
    const auto* table = entry.node->as_table();
    if (!table) {
      log.add(position(*entry.node),
              fmt::format("fee category '{}' must be a table, not {}", code, type_name(*entry.node)));
      continue;
    }
    settings.categories.push_back(read_category(code, *table, log));
  }
}

void check_service(const Config& config, TableReader& reader, IssueLog& log) {
  const Service* service = config.service(config.fee.service);
  if (!service) {
    std::vector<std::string> codes;
    for (const auto& s : config.services)
      codes.push_back(s.code);
    log.add(reader.where("service"),
            fmt::format("unknown service '{}' in [fee]{}", config.fee.service, suggestion(config.fee.service, codes)));
    return;
  }
  if (service->kind != "fee")
    log.add(reader.where("service"),
            fmt::format("the declaration service '{}' of [fee] must be of kind \"fee\", not \"{}\"", service->code,
                        service->kind));
}

} // namespace

void read_fee(TableReader& root, Config& config, IssueLog& log) {
  const auto* section = root.table("fee");
  if (!section) return;
  FeeSettings& settings = config.fee;
  const std::string where = "in [fee]";
  TableReader reader(*section, where, log);
  settings.service = reader.string("service", true).value_or("");
  settings.rounding = rounding_key(reader, where, log).value_or(settings.rounding);
  settings.exempt_up_to = reader.integer("exempt_up_to", 0, k_max_amount).value_or(settings.exempt_up_to);
  if (const auto* categories = reader.table("categories", true)) read_categories(*categories, settings, log);
  if (const auto* level3 = reader.table("level3")) {
    TableReader r(*level3, "in [fee.level3]", log);
    settings.level3.max_fee = r.integer("max_fee", 0, k_max_amount).value_or(settings.level3.max_fee);
    settings.level3.max_area_m2 =
        decimal_key(r, "max_area_m2", false, "in [fee.level3]", log).value_or(settings.level3.max_area_m2);
    settings.level3.max_days = r.integer("max_days", 1, k_max_days).value_or(settings.level3.max_days);
    r.finish();
  }
  if (const auto* terms = reader.table("terms")) {
    TableReader r(*terms, "in [fee.terms]", log);
    auto& t = settings.terms;
    t.full_until = r.integer("full_until", 0, k_max_amount).value_or(t.full_until);
    t.instalments_from = r.integer("instalments_from", 1, k_max_amount).value_or(t.instalments_from);
    // A slip numbers its instalment in 2 digits: 98 leaves one for the settlement's top-up or re-issue.
    t.max_instalments = r.integer("max_instalments", 2, 98).value_or(t.max_instalments);
    r.finish();
    if (t.instalments_from <= t.full_until)
      log.add(r.where("instalments_from"),
              fmt::format("'instalments_from' {} in [fee.terms] must be above 'full_until' {}", t.instalments_from,
                          t.full_until));
  }
  if (const auto* late = reader.table("late")) read_late(*late, settings.late, log);
  if (const auto* back = reader.table("count_back")) {
    TableReader r(*back, "in [fee.count_back]", log);
    auto& b = settings.count_back;
    b.per_floor_above = r.integer("per_floor_above", 1, k_max_days).value_or(b.per_floor_above);
    b.per_basement_floor = r.integer("per_basement_floor", 1, k_max_days).value_or(b.per_basement_floor);
    b.miscellaneous = r.integer("miscellaneous", 1, k_max_days).value_or(b.miscellaneous);
    r.finish();
  }
  if (const auto* rates = reader.array("postal_rates")) read_postal_rates(*rates, settings, log);
  if (const auto* tiers = reader.array("shortfall")) read_shortfall(*tiers, settings, log);
  if (const auto* layouts = reader.table("layouts")) read_layouts(*layouts, settings, log);
  if (const auto* water = reader.table("water")) {
    TableReader r(*water, "in [fee.water]", log);
    auto& w = settings.water;
    w.exempt_below = r.integer("exempt_below", 0, k_max_amount).value_or(w.exempt_below);
    w.fine_after_days = r.integer("fine_after_days", 1, k_max_days).value_or(w.fine_after_days);
    w.interest_waived_below = r.integer("interest_waived_below", 0, k_max_amount).value_or(w.interest_waived_below);
    w.credit_below = r.integer("credit_below", 0, k_max_amount).value_or(w.credit_below);
    r.finish();
  }
  reader.finish();
  if (!settings.service.empty()) check_service(config, reader, log);
}

} // namespace config_detail
} // namespace epb
