// A new construction project checked as `epb fee project add` checks it: the owner (a person
// with an ID number or a company with a UBN), the site, the category and quantity, the planned
// dates and, for works found under way, the start counted back from the discovery (§5 ¶3).
#include "epb/core/suggest.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/fee/fee_desk.hpp"
#include "epb/io/field_parsers.hpp"
#include "epb/validate/name.hpp"

#include <fmt/format.h>

#include <charconv>

namespace epb {
namespace {

// Each field under its option's name: the command line is where a project comes from.
Result<void> check_texts(const NewFeeProject& in) {
  const std::initializer_list<std::pair<TextKind, std::pair<const char*, const std::string*>>> fields{
      {TextKind::code, {"--channel", &in.channel}},
      {TextKind::line, {"--received", &in.received}},
      {TextKind::code, {"--owner-kind", &in.owner_kind}},
      {TextKind::name, {"--owner", &in.owner_name}},
      {TextKind::code, {"--owner-id", &in.owner_id}},
      {TextKind::line, {"--phone", &in.phone}},
      {TextKind::line, {"--email", &in.email}},
      {TextKind::line, {"--address", &in.address}},
      {TextKind::line, {"--site", &in.site_address}},
      {TextKind::line, {"--district", &in.district}},
      {TextKind::line, {"--permit", &in.permit}},
      {TextKind::name, {"--contractor", &in.contractor}},
      {TextKind::code, {"--contractor-ubn", &in.contractor_ubn}},
      {TextKind::code, {"--category", &in.category}},
      {TextKind::code, {"--quantity", &in.quantity}},
      {TextKind::line, {"--planned-start", &in.planned_start}},
      {TextKind::line, {"--planned-end", &in.planned_end}},
      {TextKind::line, {"--found-on", &in.found_on}},
      {TextKind::line, {"--started-on", &in.started_on}},
  };
  for (const auto& [kind, field] : fields)
    if (auto checked = check_text(kind, field.first, *field.second); !checked) return checked;
  return {};
}

Result<void> check_category(const FeeSettings& fee, std::string_view code) {
  if (fee.category(code)) return {};
  std::vector<std::string> known;
  for (const FeeCategory& c : fee.categories)
    known.push_back(c.code);
  std::string list;
  for (const auto& k : known)
    list += (list.empty() ? "" : ", ") + k;
  // Codes of one character are all one edit apart ('b' is as close to '1' as to 'B'): only the
  // same letter in capitals is a likely intent there.
  std::string upper(code);
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  const std::string hint = fee.category(upper) ? fmt::format(", did you mean '{}'?", upper)
                           : code.size() <= 1  ? std::string()
                                               : did_you_mean(code, known);
  return invalid("--category", fmt::format("unknown category '{}'{} (known: {})", code, hint,
                                           list.empty() ? "none: the configuration has no [fee.categories]" : list));
}

// The start of works found under way: the permit's or approved start when known, else counted
// back from the discovery by the floors (90 days each above ground, 120 each below) or 180 days
// for miscellaneous works ([fee.count_back]).
Result<std::optional<Date>> started_on(const FeeCountBack& rules, const NewFeeProject& in, Date today) {
  const bool counting = in.floors_above > 0 || in.basements > 0 || in.miscellaneous;
  if (in.floors_above < 0 || in.basements < 0)
    return invalid(in.floors_above < 0 ? "--floors-above" : "--basements", "must not be negative");
  std::optional<Date> found;
  if (!trim(in.found_on).empty()) {
    auto d = parse::date("--found-on", trim(in.found_on));
    if (!d) return std::unexpected(d.error());
    if (*d > today)
      return invalid("--found-on", fmt::format("{} is after the clock's date ({})", d->iso(), today.iso()));
    found = *d;
  }
  if (!trim(in.started_on).empty()) {
    if (counting)
      return invalid("--started-on", "give the known start or count it back (--floors-above, "
                                     "--basements, --miscellaneous), not both");
    auto d = parse::date("--started-on", trim(in.started_on));
    if (!d) return std::unexpected(d.error());
    if (found && *d > *found)
      return invalid("--started-on",
                     fmt::format("{} is after the works were found (--found-on {})", d->iso(), found->iso()));
    if (*d > today)
      return invalid("--started-on", fmt::format("{} is after the clock's date ({})", d->iso(), today.iso()));
    return std::optional<Date>(*d);
  }
  if (!counting) {
    if (found)
      return invalid("--found-on", "works found under way need what their start is counted back by "
                                   "(--floors-above, --basements or --miscellaneous) or --started-on");
    return std::optional<Date>();
  }
  if (!found)
    return invalid(in.miscellaneous ? "--miscellaneous" : (in.floors_above > 0 ? "--floors-above" : "--basements"),
                   "counts the start back from the discovery: give --found-on");
  if (in.miscellaneous && (in.floors_above > 0 || in.basements > 0))
    return invalid("--miscellaneous", "miscellaneous works have no floors to count (--floors-above, --basements)");
  const int days = in.miscellaneous ? rules.miscellaneous
                                    : rules.per_floor_above * in.floors_above + rules.per_basement_floor * in.basements;
  return std::optional<Date>(*found - days);
}

} // namespace

Result<std::pair<NewCase, FeeProject>> validate_new_fee_project(const Config& config, const NewFeeProject& in,
                                                                Date today) {
  const FeeSettings& fee = config.fee;
  if (fee.service.empty())
    return invalid("fee", "the configuration has no [fee] section (no rates, no declaration service)");
  if (auto checked = check_texts(in); !checked) return std::unexpected(checked.error());
  FeeProject p;
  NewCase c;
  c.service = fee.service;
  c.channel = in.channel;
  c.received = in.received;
  const auto owner_kind = parse_fee_owner_kind(trim(in.owner_kind));
  if (!owner_kind) return invalid("--owner-kind", fmt::format("'{}' is not person or company", trim(in.owner_kind)));
  p.owner_kind = *owner_kind;
  if (trim(in.owner_id).empty())
    return invalid("--owner-id", p.owner_kind == FeeOwnerKind::person
                                     ? "the owner's national ID or resident certificate number is required"
                                     : "the company's uniform business number (UBN) is required");
  if (p.owner_kind == FeeOwnerKind::person) {
    auto id = parse::person_id("--owner-id", in.owner_id);
    if (!id) return std::unexpected(id.error());
    p.owner_id = *id;
    c.applicant_kind = "person";
    c.id_number = *id;
  } else {
    auto ubn = parse::business_number("--owner-id", in.owner_id);
    if (!ubn) return std::unexpected(ubn.error());
    p.owner_id = *ubn;
    c.applicant_kind = "organisation";
    c.business_number = *ubn;
  }
  c.name = in.owner_name;
  c.phone = in.phone;
  c.email = in.email;
  c.address = in.address;
  p.site_address = std::string(trim(in.site_address));
  if (p.site_address.empty()) return invalid("--site", "the site address is required");
  p.district = trim(in.district).empty() ? district_of(p.site_address) : std::string(trim(in.district));
  p.permit = std::string(trim(in.permit));
  if (p.permit.empty()) return invalid("--permit", "the building permit or public-works contract number is required");
  p.contractor = std::string(trim(in.contractor));
  if (!trim(in.contractor_ubn).empty()) {
    auto ubn = parse::business_number("--contractor-ubn", in.contractor_ubn);
    if (!ubn) return std::unexpected(ubn.error());
    p.contractor_ubn = *ubn;
  }
  p.category = std::string(trim(in.category));
  if (auto known = check_category(fee, p.category); !known) return std::unexpected(known.error());
  auto quantity = Decimal::parse(trim(in.quantity));
  if (!quantity) return invalid("--quantity", quantity.error().message());
  if (quantity->is_negative() || quantity->is_zero())
    return invalid("--quantity", fmt::format("{} is not a positive quantity", quantity->str()));
  p.quantity = *quantity;
  auto start = parse::date("--planned-start", trim(in.planned_start));
  if (!start) return std::unexpected(start.error());
  auto end = parse::date("--planned-end", trim(in.planned_end));
  if (!end) return std::unexpected(end.error());
  if (*end < *start)
    return invalid("--planned-end", fmt::format("{} is before the planned start ({})", end->iso(), start->iso()));
  p.planned_start = *start;
  p.planned_end = *end;
  p.public_works = in.public_works;
  auto started = started_on(fee.count_back, in, today);
  if (!started) return std::unexpected(started.error());
  if (*started && **started > p.planned_end)
    return invalid("--planned-end", fmt::format("{} is before the start the fee counts from ({})", p.planned_end.iso(),
                                                (*started)->iso()));
  p.started_on = *started;
  if (const int days = (p.planned_end - p.start()) + 1; days > k_max_work_days)
    return invalid("--planned-end",
                   fmt::format("{} days from the start {}: at most {}", days, p.start().iso(), k_max_work_days));
  c.place = p.site_address;
  const FeeCategory* category = fee.category(p.category);
  c.subject = fmt::format("營建工程空污費申報 {} {}", p.category, category->name_zh);
  return std::pair{std::move(c), std::move(p)};
}

Result<std::pair<int, std::int64_t>> case_ref_parts(std::string_view ref) {
  const auto first = ref.find('-');
  const auto last = ref.rfind('-');
  const auto number = [](std::string_view text, std::int64_t& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
  };
  std::int64_t year = 0;
  std::int64_t seq = 0;
  if (first == std::string_view::npos || last == first || !number(ref.substr(first + 1, last - first - 1), year) ||
      !number(ref.substr(last + 1), seq) || year < 1 || year > 999 || seq < 1 || seq > 999999)
    return invalid(fmt::format("case {}", ref), "is not PREFIX-YYY-NNNNNN (a payment slip needs its year and number)");
  return std::pair{static_cast<int>(year), seq};
}

} // namespace epb
