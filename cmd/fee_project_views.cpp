// epb fee project list and epb fee project show: projects with their declarations, instalments
// (slips, due dates) and stop-work periods, personal data masked unless --reveal-pii (recorded
// first).
#include "commands.hpp"
#include "fee_verbs.hpp"

#include "epb/cases/case_fields.hpp"
#include "epb/core/text.hpp"
#include "epb/fee/fee_desk.hpp"
#include "epb/privacy/mask.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace epb::cli {
namespace fee_project_view_verbs {

using T = Column::Type;

FeeDesk make(Context& context) { return FeeDesk(context.ledger_after_config(), context.config(), context.calendar()); }

struct ListOptions {
  std::string state;
  std::string category;
  std::string district;
  bool reveal_pii = false;
};

void add_project_list(CLI::App& parent, Context& context) {
  auto o = std::make_shared<ListOptions>();
  auto* cmd = parent.add_subcommand("list", "Projects by state, category, district (personal data masked)");
  cmd->add_option("--state", o->state, "registered, declared or settled")
      ->check(one_of("--state", {"registered", "declared", "settled"}));
  cmd->add_option("--category", o->category, "a fee category code");
  cmd->add_option("--district", o->district, "the site's district");
  cmd->add_flag("--reveal-pii", o->reveal_pii, "show personal data in full (recorded in the event log)");
  text_checked(cmd, {{"--category", TextKind::code}, {"--district", TextKind::line}});
  cmd->callback([&context, o] {
    FeeDesk desk = make(context);
    FeeProjectFilter filter;
    if (!o->state.empty()) filter.state = parse_fee_project_state(o->state);
    if (!o->category.empty()) filter.category = std::string(trim(o->category));
    if (!o->district.empty()) filter.district = std::string(trim(o->district));
    // Revealing: the projects are recorded first, and only those are shown.
    std::vector<std::string> refs;
    std::vector<std::int64_t> logged;
    if (o->reveal_pii)
      desk.store().for_each(filter, [&](const Case& c, const FeeProject&) {
        refs.push_back(c.ref);
        logged.push_back(c.id);
        return true;
      });
    std::ranges::sort(logged);
    const Disclosure disclosure = context.disclosure(o->reveal_pii, "fee project list", refs);
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"ref"},
                                   {"status"},
                                   {"project"},
                                   {"category"},
                                   {"quantity"},
                                   {"owner"},
                                   {"site"},
                                   {"district"},
                                   {"permit"},
                                   {"start"},
                                   {"end"},
                                   {"fee", T::integer}});
    desk.store().for_each(filter, [&](const Case& c, const FeeProject& p) {
      if (disclosure.reveals() && !std::ranges::binary_search(logged, c.id)) return true;
      const auto declared = desk.store().declarations(c.id);
      writer->row({c.ref, c.status, std::string(fee_project_state_name(p.state)), p.category, p.quantity.str(),
                   applicant_name_text(c.applicant, disclosure), disclosure.show(PersonalData::address, p.site_address),
                   p.district, p.permit, context.date(p.start()), context.date(p.planned_end),
                   declared.empty() ? std::string() : std::to_string(declared.back().fee)});
      return true;
    });
    writer->finish();
  });
}

std::string optional_date(Context& context, const std::optional<Date>& date) {
  return date ? context.date(*date) : std::string();
}

// One project, field by field: the project, then each declaration, instalment and stop under
// its number (declaration.1.fee, instalment.2.slip, stop.1.from).
void add_project_show(CLI::App& parent, Context& context) {
  auto o = std::make_shared<std::pair<std::string, bool>>();
  auto* cmd = parent.add_subcommand("show", "One project: declarations, instalments with slips and due dates, stops");
  text_checked(
      cmd->add_option("PROJECT", o->first, "the case number (CFD-115-000001) or the permit number")->required(),
      TextKind::line);
  cmd->add_flag("--reveal-pii", o->second, "show personal data in full (recorded in the event log)");
  cmd->callback([&context, o] {
    FeeDesk desk = make(context);
    const FeeProjectDetail d = value_or_throw(desk.detail(o->first));
    const std::vector<std::string> refs{d.c.ref};
    const Disclosure disclosure = context.disclosure(o->second, "fee project show", refs);
    const FeeProject& p = d.p;
    const bool person = p.owner_kind == FeeOwnerKind::person;
    std::vector<std::pair<std::string, std::string>> fields{
        {"ref", d.c.ref},
        {"status", d.c.status},
        {"project", std::string(fee_project_state_name(p.state))},
        {"owner_kind", std::string(fee_owner_kind_name(p.owner_kind))},
        {"owner", applicant_name_text(d.c.applicant, disclosure)},
        {"owner_id", person ? disclosure.show(PersonalData::id_number, p.owner_id) : p.owner_id},
        {"phone", disclosure.show(PersonalData::phone, d.c.applicant.phone)},
        {"address", disclosure.show(PersonalData::address, d.c.applicant.address)},
        {"site", disclosure.show(PersonalData::address, p.site_address)},
        {"district", p.district},
        {"permit", p.permit},
        {"contractor", p.contractor},
        {"contractor_ubn", p.contractor_ubn},
        {"category", p.category},
        {"quantity", p.quantity.str()},
        {"planned_start", context.date(p.planned_start)},
        {"planned_end", context.date(p.planned_end)},
        {"started_on", optional_date(context, p.started_on)},
        {"public_works", p.public_works ? "yes" : "no"},
    };
    int n = 0;
    for (const FeeDeclaration& x : d.declarations) {
      const std::string k = fmt::format("declaration.{}.", ++n);
      fields.insert(fields.end(),
                    {{k + "kind", std::string(fee_declaration_kind_name(x.kind))},
                     {k + "period", fmt::format("{}..{}", context.date(x.start_date), context.date(x.end_date))},
                     {k + "days", std::to_string(x.days)},
                     {k + "stop_days", std::to_string(x.stop_days)},
                     {k + "quantity", x.quantity.str()},
                     {k + "level", std::to_string(x.level)},
                     {k + "rate", x.rate.str()},
                     {k + "months", x.months},
                     {k + "fee", std::to_string(x.fee)},
                     {k + "exempt", x.exempt ? "yes" : "no"},
                     {k + "plan", std::string(payment_plan_name(x.plan))}});
      if (x.kind == FeeDeclarationKind::settlement)
        fields.insert(fields.end(), {{k + "refund", std::to_string(x.refund)},
                                     {k + "topup", std::to_string(x.topup)},
                                     {k + "double_rate", x.double_rate ? "yes" : "no"},
                                     {k + "reason", x.reason}});
    }
    for (const FeeInstalment& i : d.instalments) {
      const std::string k = fmt::format("instalment.{}.", i.seq);
      fields.insert(fields.end(), {{k + "slip", i.slip},
                                   {k + "kind", std::string(instalment_kind_name(i.kind))},
                                   {k + "amount", std::to_string(i.amount)},
                                   {k + "due", context.date(i.due)},
                                   {k + "state", std::string(fee_instalment_state_name(i.state))}});
      if (i.paid_on) fields.emplace_back(k + "paid_on", context.date(*i.paid_on));
      if (!i.cancelled_reason.empty()) fields.emplace_back(k + "cancelled", i.cancelled_reason);
    }
    n = 0;
    for (const FeeStop& s : d.stops) {
      const std::string k = fmt::format("stop.{}.", ++n);
      fields.insert(fields.end(),
                    {{k + "from", context.date(s.stopped_on)}, {k + "resumed", optional_date(context, s.resumed_on)}});
    }
    auto writer = make_row_writer(context.format(), context.out(), {{"field"}, {"value"}});
    for (const auto& [field, value] : fields)
      writer->row({field, value});
    writer->finish();
  });
}

} // namespace fee_project_view_verbs

void add_fee_project_views(CLI::App& project, Context& context) {
  using namespace fee_project_view_verbs;
  add_project_list(project, context);
  add_project_show(project, context);
}

} // namespace epb::cli
