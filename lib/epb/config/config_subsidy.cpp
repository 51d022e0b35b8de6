// [subsidy]: the review service, the documents and the programmes per year and kind. Read after
// [services], which the review SOP must be one of.
#include "epb/config/config_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace epb {

namespace {

constexpr std::array<std::string_view, 5> k_kind_names{"scrap_only", "scrap_buy_heavy", "scrap_buy_other", "buy_heavy",
                                                       "buy_other"};
constexpr int k_first_year = 2000;
constexpr int k_last_year = 2100;
constexpr int k_max_amount = 1'000'000;     // NT$ per application, per part
constexpr int k_max_budget = 2'000'000'000; // NT$ per programme (TOML integers read as int)
constexpr int k_max_correction_days = 366;
// The states the subsidy kind moves cases through (lib/epb/subsidy/subsidy_kind.cpp).
constexpr std::array<std::string_view, 3> k_required_states{"approved", "paid", "rejected"};

} // namespace

std::string_view programme_kind_name(ProgrammeKind kind) { return k_kind_names[static_cast<std::size_t>(kind)]; }

std::optional<ProgrammeKind> parse_programme_kind(std::string_view name) {
  for (std::size_t i = 0; i < k_kind_names.size(); ++i)
    if (k_kind_names[i] == name) return static_cast<ProgrammeKind>(i);
  return std::nullopt;
}

bool programme_scraps(ProgrammeKind kind) {
  return kind == ProgrammeKind::scrap_only || kind == ProgrammeKind::scrap_buy_heavy ||
         kind == ProgrammeKind::scrap_buy_other;
}

bool programme_buys(ProgrammeKind kind) { return kind != ProgrammeKind::scrap_only; }

std::string_view year_by_name(SubsidyYearBy by) { return by == SubsidyYearBy::invoice ? "invoice" : "scrapping"; }

std::string SubsidyProgramme::code() const { return fmt::format("{}/{}", year, programme_kind_name(kind)); }

const SubsidyProgramme* SubsidySettings::programme(int year, ProgrammeKind kind) const {
  for (const auto& p : programmes)
    if (p.year == year && p.kind == kind) return &p;
  return nullptr;
}

const SubsidyDocument* SubsidySettings::document(std::string_view code) const {
  for (const auto& d : documents)
    if (d.code == code) return &d;
  return nullptr;
}

namespace config_detail {
namespace {

std::optional<Date> date_key(TableReader& reader, std::string_view key, bool required, std::string_view where,
                             IssueLog& log) {
  const auto text = reader.string(key, required);
  if (!text) return std::nullopt;
  auto date = parse_date(*text);
  if (!date) {
    log.add(reader.where(key), fmt::format("bad {} '{}' {}: {}", key, *text, where, date.error().why));
    return std::nullopt;
  }
  return *date;
}

void read_documents(const toml::table& section, SubsidySettings& settings, IssueLog& log) {
  for (const auto& entry : in_file_order(section)) {
    const std::string code(entry.key);
    if (!is_code(code))
      log.add(entry.key_position, fmt::format("document code '{}' must match [a-z][a-z0-9_-]*", code));
    const auto* table = entry.node->as_table();
    if (!table) {
      log.add(position(*entry.node),
              fmt::format("document '{}' must be a table, not {}", code, type_name(*entry.node)));
      continue;
    }
    TableReader reader(*table, fmt::format("in subsidy document '{}'", code), log);
    SubsidyDocument document{code, reader.string("name", true).value_or(""),
                             reader.string("name_en", true).value_or("")};
    reader.finish();
    settings.documents.push_back(std::move(document));
  }
}

SubsidyProgramme read_programme(int year, ProgrammeKind kind, const toml::table& table, const SubsidySettings& settings,
                                IssueLog& log) {
  SubsidyProgramme p;
  p.year = year;
  p.kind = kind;
  const std::string where = fmt::format("in subsidy programme {}", p.code());
  TableReader reader(table, where, log);
  p.national = reader.integer("national", 0, k_max_amount).value_or(0);
  if (!table.get("national")) log.add(reader.where(), fmt::format("missing key 'national' {}", where));
  p.city_topup = reader.integer("city_topup", 0, k_max_amount).value_or(0);
  p.low_income_bonus = reader.integer("low_income_bonus", 0, k_max_amount).value_or(0);
  if (auto budget = reader.integer("budget", 0, k_max_budget)) p.budget = *budget;
  if (auto count = reader.integer("budget_count", 0, k_max_budget)) p.budget_count = *count;
  // The national rule for the year's date; a city may decide otherwise, so it is a key.
  p.year_by = programme_buys(kind) ? SubsidyYearBy::invoice : SubsidyYearBy::scrapping;
  if (auto by = reader.string("year_by")) {
    if (*by == "invoice")
      p.year_by = SubsidyYearBy::invoice;
    else if (*by == "scrapping")
      p.year_by = SubsidyYearBy::scrapping;
    else
      log.add(reader.where("year_by"), fmt::format("year_by '{}' {} must be 'invoice' or 'scrapping'", *by, where));
    if (p.year_by == SubsidyYearBy::invoice && !programme_buys(kind))
      log.add(reader.where("year_by"),
              fmt::format("year_by 'invoice' {}: a scrap-only application has no invoice", where));
  }
  p.deadline = date_key(reader, "deadline", true, where, log).value_or(Date());
  if (auto documents = reader.strings("documents")) {
    std::vector<std::string> known;
    for (const auto& d : settings.documents)
      known.push_back(d.code);
    for (const auto& item : *documents) {
      if (!settings.document(item.value))
        log.add(item.where,
                fmt::format("unknown document '{}' {}{}", item.value, where, suggestion(item.value, known)));
      p.documents.push_back(item.value);
    }
  }
  reader.finish();
  if (p.deadline != Date() && p.deadline.year() < year)
    log.add(reader.where("deadline"),
            fmt::format("deadline {} {} is before the programme year begins", p.deadline.iso(), where));
  return p;
}

void read_programmes(const toml::table& section, SubsidySettings& settings, IssueLog& log) {
  const std::vector<std::string> kinds(k_kind_names.begin(), k_kind_names.end());
  for (const auto& year_entry : in_file_order(section)) {
    int year = 0;
    const auto [end, error] =
        std::from_chars(year_entry.key.data(), year_entry.key.data() + year_entry.key.size(), year);
    if (error != std::errc() || end != year_entry.key.data() + year_entry.key.size() || year < k_first_year ||
        year > k_last_year) {
      log.add(year_entry.key_position, fmt::format("subsidy programme year '{}' must be a year from {} to {}",
                                                   year_entry.key, k_first_year, k_last_year));
      continue;
    }
    const auto* kinds_table = year_entry.node->as_table();
    if (!kinds_table) {
      log.add(position(*year_entry.node),
              fmt::format("subsidy programmes of {} must be a table, not {}", year, type_name(*year_entry.node)));
      continue;
    }
    for (const auto& entry : in_file_order(*kinds_table)) {
      const auto kind = parse_programme_kind(entry.key);
      if (!kind) {
        log.add(entry.key_position, fmt::format("unknown subsidy programme kind '{}' in {}{} (kinds: {})", entry.key,
                                                year, suggestion(entry.key, kinds), fmt::join(kinds, ", ")));
        continue;
      }
      const auto* table = entry.node->as_table();
      if (!table) {
        log.add(position(*entry.node), fmt::format("subsidy programme {}/{} must be a table, not {}", year, entry.key,
                                                   type_name(*entry.node)));
        continue;
      }
      settings.programmes.push_back(read_programme(year, *kind, *table, settings, log));
    }
  }
}

void check_review_service(const Config& config, TableReader& reader, IssueLog& log) {
  const Service* service = config.service(config.subsidy.service);
  if (!service) {
    std::vector<std::string> codes;
    for (const auto& s : config.services)
      codes.push_back(s.code);
    log.add(reader.where("service"), fmt::format("unknown service '{}' in [subsidy]{}", config.subsidy.service,
                                                 suggestion(config.subsidy.service, codes)));
    return;
  }
  for (const auto state : k_required_states)
    if (!service->state(state))
      log.add(
          reader.where("service"),
          fmt::format("the review service '{}' of [subsidy] has no state '{}' (it needs approved, paid and rejected)",
                      service->code, state));
  for (const auto state : {std::string_view("paid"), std::string_view("rejected")})
    if (const State* s = service->state(state); s && !s->final)
      log.add(reader.where("service"),
              fmt::format("state '{}' of the review service '{}' must be final", state, service->code));
}

} // namespace

void read_subsidy(TableReader& root, Config& config, IssueLog& log) {
  const auto* section = root.table("subsidy");
  if (!section) return;
  SubsidySettings& settings = config.subsidy;
  TableReader reader(*section, "in [subsidy]", log);
  settings.service = reader.string("service", true).value_or("");
  settings.manufactured_by = date_key(reader, "manufactured_by", true, "in [subsidy]", log).value_or(Date());
  settings.correction_days =
      reader.integer("correction_days", 1, k_max_correction_days).value_or(settings.correction_days);
  if (const auto* documents = reader.table("documents")) read_documents(*documents, settings, log);
  if (const auto* programmes = reader.table("programmes")) read_programmes(*programmes, settings, log);
  reader.finish();
  if (!settings.service.empty()) check_review_service(config, reader, log);
}

} // namespace config_detail
} // namespace epb
