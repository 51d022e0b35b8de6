// validate_new_subsidy(): a new application's own fields, each Problem naming its field.
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/subsidy/subsidy.hpp"
#include "epb/validate/bank_account.hpp"
#include "epb/validate/business_number.hpp"
#include "epb/validate/plate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace epb {
namespace {

constexpr std::array<std::string_view, 6> k_class_names{"", "heavy", "light", "small_light", "e_bike", "assisted"};
constexpr std::size_t k_min_frame = 5;
constexpr std::size_t k_max_frame = 20;
constexpr std::size_t k_max_certificate = 30;
constexpr int k_roc_offset = 1911;

std::unexpected<Problem> field_error(std::string_view field, std::string why) {
  return invalid(std::string(field), std::move(why));
}

bool alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Letters upper-cased, surrounding spaces gone.
std::string upper(std::string_view text) {
  std::string out(trim(text));
  std::ranges::transform(out, out.begin(), [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
  return out;
}

Result<std::optional<Date>> optional_date(std::string_view field, std::string_view text) {
  if (trim(text).empty()) return std::optional<Date>{};
  auto date = parse_date(trim(text));
  if (!date) return field_error(field, date.error().message());
  return std::optional<Date>{*date};
}

Result<std::string> plate(std::string_view field, std::string_view text) {
  if (trim(text).empty()) return std::string();
  auto normalised = validate_motorcycle_plate(text);
  if (!normalised) return field_error(field, normalised.error().message());
  return *normalised;
}

// A frame (車身) number: letters and digits, as stamped on the frame.
Result<std::string> frame(std::string_view text) {
  std::string out = upper(text);
  std::erase(out, '-');
  if (out.empty()) return out;
  if (out.size() < k_min_frame || out.size() > k_max_frame || !std::ranges::all_of(out, alnum))
    return field_error("new_frame", fmt::format("'{}' is not a frame number ({} to {} letters and digits)",
                                                terminal_safe(text), k_min_frame, k_max_frame));
  return out;
}

// A uniform invoice number (統一發票): two letters and eight digits, e.g. AB-12345678.
Result<std::string> invoice_number(std::string_view text) {
  std::string out = upper(text);
  std::erase(out, '-');
  if (out.empty()) return out;
  const bool shaped = out.size() == 10 && out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'A' && out[1] <= 'Z' &&
                      std::all_of(out.begin() + 2, out.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!shaped)
    return field_error("invoice_number", fmt::format("'{}' is not a uniform invoice number (two letters, eight digits)",
                                                     terminal_safe(text)));
  return out;
}

Result<bool> yes_no(std::string_view field, std::string_view text) {
  const std::string value = to_lower_ascii(trim(text));
  if (value.empty() || value == "no" || value == "false" || value == "0" || value == "n") return false;
  if (value == "yes" || value == "true" || value == "1" || value == "y") return true;
  return field_error(field, fmt::format("'{}' is not yes or no", terminal_safe(text)));
}

Result<void> check_texts(const NewSubsidy& in) {
  const std::array<std::pair<std::string_view, const std::string*>, 16> fields{{
      {"programme_year", &in.programme_year},
      {"kind", &in.kind},
      {"low_income", &in.low_income},
      {"scrapped_plate", &in.scrapped_plate},
      {"scrapped_made", &in.scrapped_made},
      {"recycling_certificate", &in.recycling_certificate},
      {"deregistered", &in.deregistered},
      {"new_plate", &in.new_plate},
      {"new_frame", &in.new_frame},
      {"new_class", &in.new_class},
      {"invoice_number", &in.invoice_number},
      {"invoice_date", &in.invoice_date},
      {"dealer_ubn", &in.dealer_ubn},
      {"dealer_application", &in.dealer_application},
      {"bank_code", &in.bank_code},
      {"account_number", &in.account_number},
  }};
  for (const auto& [field, text] : fields)
    if (auto checked = check_text(TextKind::line, field, *text); !checked) return checked;
  return {};
}

Result<int> programme_year(const SubsidySettings& settings, std::string_view text) {
  const std::string_view digits = trim(text);
  int year = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), year);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size())
    return field_error("programme_year", fmt::format("'{}' is not a year (2018 or ROC 107)", terminal_safe(text)));
  if (year > 0 && year < 1000) year += k_roc_offset;
  if (std::ranges::none_of(settings.programmes, [&](const SubsidyProgramme& p) { return p.year == year; }))
    return field_error("programme_year", fmt::format("the configuration has no subsidy programmes for {}", year));
  return year;
}

Result<void> check_scrapped(const SubsidyApplication& a) {
  if (!programme_scraps(a.kind)) {
    if (!a.scrapped_plate.empty() || !a.recycling_certificate.empty())
      return field_error("scrapped_plate",
                         fmt::format("a {} application scraps no vehicle", programme_kind_name(a.kind)));
    return {};
  }
  if (a.scrapped_plate.empty()) return field_error("scrapped_plate", "required to scrap a two-stroke");
  if (!a.scrapped_made) return field_error("scrapped_made", "required: the scrapped vehicle's manufacture date");
  if (a.recycling_certificate.empty()) return field_error("recycling_certificate", "required to scrap a two-stroke");
  if (!a.deregistered) return field_error("deregistered", "required: the date the two-stroke was deregistered");
  return {};
}

Result<void> check_new_vehicle(const SubsidyApplication& a) {
  if (!programme_buys(a.kind)) {
    if (!a.new_plate.empty() || !a.new_frame.empty() || a.new_class != VehicleClass::none)
      return field_error("new_plate", "a scrap_only application buys no vehicle");
    return {};
  }
  if (a.new_frame.empty()) return field_error("new_frame", "required for the new vehicle");
  if (a.new_class == VehicleClass::none)
    return field_error("new_class", "required: heavy, light, small_light, e_bike or assisted");
  const bool heavy_kind = a.kind == ProgrammeKind::scrap_buy_heavy || a.kind == ProgrammeKind::buy_heavy;
  if (heavy_kind != (a.new_class == VehicleClass::heavy))
    return field_error("new_class", fmt::format("a {} application needs {}", programme_kind_name(a.kind),
                                                heavy_kind ? "a heavy e-motorcycle" : "a vehicle other than heavy"));
  const bool plated = a.new_class == VehicleClass::heavy || a.new_class == VehicleClass::light ||
                      a.new_class == VehicleClass::small_light;
  if (plated && a.new_plate.empty()) return field_error("new_plate", "required for an electric motorcycle");
  if (!plated && !a.new_plate.empty())
    return field_error("new_plate", "an e-bike or power-assisted bicycle has no plate");
  if (a.invoice_number.empty()) return field_error("invoice_number", "required for the new vehicle");
  if (!a.invoice_date) return field_error("invoice_date", "required for the new vehicle");
  return {};
}

} // namespace

std::string_view vehicle_class_name(VehicleClass c) { return k_class_names[static_cast<std::size_t>(c)]; }

std::optional<VehicleClass> parse_vehicle_class(std::string_view name) {
  for (std::size_t i = 0; i < k_class_names.size(); ++i)
    if (k_class_names[i] == name) return static_cast<VehicleClass>(i);
  return std::nullopt;
}

std::int64_t subsidy_amount(const SubsidyProgramme& programme, bool low_income) {
  return programme.national + programme.city_topup + (low_income ? programme.low_income_bonus : 0);
}

Result<SubsidyApplication> validate_new_subsidy(const SubsidySettings& settings, const NewSubsidy& in, bool business,
                                                std::string applicant_id, Date applied) {
  if (auto texts = check_texts(in); !texts) return std::unexpected(texts.error());
  SubsidyApplication a;
  a.business = business;
  a.applicant_id = std::move(applicant_id);
  a.applied = applied;
  if (a.applicant_id.empty())
    return field_error(business ? "business_number" : "id_number", "required for a subsidy application");
  auto year = programme_year(settings, in.programme_year);
  if (!year) return std::unexpected(year.error());
  a.programme_year = *year;
  const auto kind = parse_programme_kind(trim(in.kind));
  if (!kind)
    return field_error("kind", fmt::format("'{}' is not scrap_only, scrap_buy_heavy, scrap_buy_other, buy_heavy or "
                                           "buy_other",
                                           terminal_safe(in.kind)));
  a.kind = *kind;
  if (!settings.programme(a.programme_year, a.kind))
    return field_error(
        "kind", fmt::format("the configuration has no programme {}/{}", a.programme_year, programme_kind_name(a.kind)));
  auto low = yes_no("low_income", in.low_income);
  if (!low) return std::unexpected(low.error());
  a.low_income = *low;

  auto scrapped = plate("scrapped_plate", in.scrapped_plate);
  if (!scrapped) return std::unexpected(scrapped.error());
  a.scrapped_plate = *scrapped;
  auto made = optional_date("scrapped_made", in.scrapped_made);
  if (!made) return std::unexpected(made.error());
  a.scrapped_made = *made;
  a.recycling_certificate = upper(in.recycling_certificate);
  if (a.recycling_certificate.size() > k_max_certificate ||
      !std::ranges::all_of(a.recycling_certificate, [](char c) { return alnum(c) || c == '-'; }))
    return field_error("recycling_certificate", fmt::format("'{}' is not a certificate number (letters, digits, '-')",
                                                            terminal_safe(in.recycling_certificate)));
  auto deregistered = optional_date("deregistered", in.deregistered);
  if (!deregistered) return std::unexpected(deregistered.error());
  a.deregistered = *deregistered;

  auto new_plate = plate("new_plate", in.new_plate);
  if (!new_plate) return std::unexpected(new_plate.error());
  a.new_plate = *new_plate;
  auto new_frame = frame(in.new_frame);
  if (!new_frame) return std::unexpected(new_frame.error());
  a.new_frame = *new_frame;
  const std::string class_text = to_lower_ascii(trim(in.new_class));
  const auto vehicle_class = parse_vehicle_class(class_text);
  if (!vehicle_class)
    return field_error("new_class", fmt::format("'{}' is not heavy, light, small_light, e_bike or assisted",
                                                terminal_safe(in.new_class)));
  a.new_class = *vehicle_class;
  auto invoice = invoice_number(in.invoice_number);
  if (!invoice) return std::unexpected(invoice.error());
  a.invoice_number = *invoice;
  auto invoice_date = optional_date("invoice_date", in.invoice_date);
  if (!invoice_date) return std::unexpected(invoice_date.error());
  a.invoice_date = *invoice_date;

  if (!trim(in.dealer_ubn).empty()) {
    auto dealer = validate_business_number(in.dealer_ubn);
    if (!dealer) return field_error("dealer_ubn", dealer.error().message());
    a.dealer_ubn = *dealer;
  }
  a.dealer_application = std::string(trim(in.dealer_application));
  if (!a.dealer_application.empty() && a.dealer_ubn.empty())
    return field_error("dealer_application", "needs the dealer's UBN (dealer_ubn)");
  auto bank_code = validate_bank_code(in.bank_code);
  if (!bank_code) return field_error("bank_code", bank_code.error().message());
  a.bank_code = *bank_code;
  auto account = validate_account_number(in.account_number);
  if (!account) return field_error("account_number", account.error().message());
  a.account_number = *account;

  if (auto checked = check_scrapped(a); !checked) return std::unexpected(checked.error());
  if (auto checked = check_new_vehicle(a); !checked) return std::unexpected(checked.error());
  return a;
}

} // namespace epb
