// epb fee project add, declare, stop, resume, settle: a construction project from its
// registration to its settlement (list and show: fee_project_views.cpp). Each verb calls one
// FeeDesk function (lib/epb/fee/fee_desk.hpp).
#include "commands.hpp"
#include "fee_verbs.hpp"

#include "epb/core/text.hpp"
#include "epb/fee/fee_desk.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace fee_project_verbs {

FeeDesk make(Context& context) { return FeeDesk(context.ledger_after_config(), context.config(), context.calendar()); }

using T = Column::Type;

void add_project_add(CLI::App& parent, Context& context) {
  auto o = std::make_shared<NewFeeProject>();
  auto* cmd = parent.add_subcommand("add", "Register a construction project before its declaration (opens its case)");
  cmd->add_option("--owner-kind", o->owner_kind, "person (default: national ID) or company (UBN)")
      ->check(one_of("--owner-kind", {"person", "company"}));
  cmd->add_option("--owner", o->owner_name, "the owner's (起造人) name: a person or a company")->required();
  cmd->add_option("--owner-id", o->owner_id, "national ID / resident certificate number, or the company's UBN")
      ->required();
  cmd->add_option("--phone", o->phone, "the owner's phone");
  cmd->add_option("--email", o->email, "the owner's e-mail address");
  cmd->add_option("--address", o->address, "the owner's postal address (notices are posted there)");
  cmd->add_option("--site", o->site_address, "the site address")->required();
  cmd->add_option("--district", o->district, "the site's district (default: from --site), e.g. 苓雅區");
  cmd->add_option("--permit", o->permit, "building permit or public-works contract number")->required();
  cmd->add_option("--contractor", o->contractor, "the contractor (承造人)");
  cmd->add_option("--contractor-ubn", o->contractor_ubn, "the contractor's UBN");
  cmd->add_option("--category", o->category, "a fee category of [fee.categories]: 1-9, A, B or Z")->required();
  cmd->add_option("--quantity", o->quantity, "in the category's basis: m², ha, m³ or NT$ (exact decimal)")->required();
  cmd->add_option("--planned-start", o->planned_start, "planned start (ISO or ROC)")->required();
  cmd->add_option("--planned-end", o->planned_end, "planned end (ISO or ROC), not before the start")->required();
  cmd->add_flag("--public-works", o->public_works, "public works (longer grace before the surcharge)");
  cmd->add_option("--found-on", o->found_on, "undeclared works found under way on this date (§5 ¶3)");
  cmd->add_option("--floors-above", o->floors_above, "floors above ground: the start counted back 90 days each")
      ->check(whole_number("--floors-above", 0, 300));
  cmd->add_option("--basements", o->basements, "basement floors: the start counted back 120 days each")
      ->check(whole_number("--basements", 0, 30));
  cmd->add_flag("--miscellaneous", o->miscellaneous, "miscellaneous works: the start counted back 180 days");
  cmd->add_option("--started-on", o->started_on, "the approved or permit start of works found under way");
  cmd->add_option("--channel", o->channel, "how the declaration arrived (default in_person)");
  cmd->add_option("--received", o->received, "when it was received (default: the clock)");
  using K = TextKind;
  text_checked(cmd, {{"--owner", K::name},
                     {"--owner-id", K::code},
                     {"--phone", K::line},
                     {"--email", K::line},
                     {"--address", K::line},
                     {"--site", K::line},
                     {"--district", K::line},
                     {"--permit", K::line},
                     {"--contractor", K::name},
                     {"--contractor-ubn", K::code},
                     {"--category", K::code},
                     {"--quantity", K::code},
                     {"--planned-start", K::line},
                     {"--planned-end", K::line},
                     {"--found-on", K::line},
                     {"--started-on", K::line},
                     {"--channel", K::code},
                     {"--received", K::line}});
  cmd->callback([&context, o] {
    FeeDesk desk = make(context);
    const FeeProjectCase added = value_or_throw(desk.add_project(context.stamp("fee project add"), *o));
    context.out() << added.c.ref << '\n';
    const std::string start =
        added.p.started_on ? fmt::format(", counted from {}", context.date(*added.p.started_on)) : std::string();
    context.info(fmt::format("epb: {} registered: category {}, {} to {}{}", added.c.ref, added.p.category,
                             context.date(added.p.planned_start), context.date(added.p.planned_end), start));
  });
}

// The instalments a declaration or a settlement issued, one row each.
void print_instalments(Context& context, const FeeAssessment& a) {
  auto writer = make_row_writer(context.format(), context.out(),
                                {{"ref"}, {"seq", T::integer}, {"kind"}, {"amount", T::integer}, {"due"}, {"slip"}});
  for (const FeeInstalment& i : a.issued)
    writer->row({a.c.ref, std::to_string(i.seq), std::string(instalment_kind_name(i.kind)), std::to_string(i.amount),
                 context.date(i.due), i.slip});
  writer->finish();
}

void add_declare(CLI::App& parent, Context& context) {
  auto o = std::make_shared<std::pair<std::string, FeeDeclareInput>>();
  auto* cmd = parent.add_subcommand("declare", "Declare a project: the fee, the schedule and its payment slips (核定)");
  text_checked(cmd->add_option("PROJECT", o->first, "the case number or the permit number")->required(),
               TextKind::line);
  cmd->add_option("--plan", o->second.plan,
                  "full (default), halves (NT$10,000 to 5,000,000) or instalments (≥ 5,000,000)")
      ->check(one_of("--plan", {"full", "halves", "instalments"}));
  cmd->add_option("--instalment-dates", o->second.instalment_dates, "the dates the city set, D,D,... (instalments)")
      ->delimiter(',');
  text_checked(cmd, {{"--instalment-dates", TextKind::line}});
  cmd->callback([&context, o] {
    FeeDesk desk = make(context);
    const FeeAssessment a = value_or_throw(desk.declare(context.stamp("fee declare"), o->first, o->second));
    print_instalments(context, a);
    // Untimed categories (3, B, Z) have no days to tell.
    const std::string days = a.quote.category->timed ? fmt::format(", {} days", a.declaration.days) : "";
    context.info(fmt::format(
        "epb: {} declared: NT${} (level {}{}){}", a.c.ref, format_money(a.declaration.fee), a.declaration.level, days,
        a.declaration.exempt ? ", exempt: declared, not paid"
                             : fmt::format(", {} instalment{}", a.issued.size(), a.issued.size() == 1 ? "" : "s")));
  });
}

void add_stop_resume(CLI::App& parent, Context& context, bool stop) {
  auto o = std::make_shared<std::pair<std::string, std::string>>();
  auto* cmd = parent.add_subcommand(stop ? "stop" : "resume",
                                    stop ? "Work stood still from --on (停工): those days do not count"
                                         : "Work resumed on --on (復工)");
  text_checked(cmd->add_option("PROJECT", o->first, "the case number or the permit number")->required(),
               TextKind::line);
  text_checked(
      cmd->add_option("--on", o->second, stop ? "the first day work stood still" : "the day work resumed")->required(),
      TextKind::line);
  cmd->callback([&context, o, stop] {
    FeeDesk desk = make(context);
    const Stamp stamp = context.stamp(stop ? "fee stop" : "fee resume");
    const FeeStop s =
        value_or_throw(stop ? desk.stop(stamp, o->first, o->second) : desk.resume(stamp, o->first, o->second));
    const FeeProjectCase project = value_or_throw(desk.find(o->first));
    context.out() << project.c.ref << '\n';
    context.info(stop ? fmt::format("epb: {} stopped from {}", project.c.ref, context.date(s.stopped_on))
                      : fmt::format("epb: {} resumed on {} ({} days stopped)", project.c.ref,
                                    context.date(*s.resumed_on), *s.resumed_on - s.stopped_on));
  });
}

void add_settle(CLI::App& parent, Context& context) {
  auto o = std::make_shared<std::pair<std::string, FeeSettleInput>>();
  auto* cmd = parent.add_subcommand("settle", "Settle on the actual figures (結算): a refund or a top-up");
  text_checked(cmd->add_option("PROJECT", o->first, "the case number or the permit number")->required(),
               TextKind::line);
  cmd->add_option("--quantity", o->second.quantity, "the actual quantity, in the category's basis")->required();
  cmd->add_option("--end", o->second.end, "the actual end (ISO or ROC)")->required();
  cmd->add_flag("--double-rate", o->second.double_rate, "charge the shortfall at twice the rate (Act §75)");
  cmd->add_option("--reason", o->second.reason, "why the double rate: the short or false declaration");
  text_checked(cmd, {{"--quantity", TextKind::code}, {"--end", TextKind::line}, {"--reason", TextKind::line}});
  cmd->callback([&context, o] {
    FeeDesk desk = make(context);
    const FeeAssessment a = value_or_throw(desk.settle(context.stamp("fee settle"), o->first, o->second));
    const FeeDeclaration& d = a.declaration;
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"ref"},
                                   {"fee", T::integer},
                                   {"days", T::integer},
                                   {"refund", T::integer},
                                   {"topup", T::integer},
                                   {"slip"},
                                   {"due"},
                                   {"cancelled"}});
    std::string slips, dues, cancelled;
    for (const FeeInstalment& i : a.issued) {
      slips += (slips.empty() ? "" : ",") + i.slip;
      dues += (dues.empty() ? "" : ",") + context.date(i.due);
    }
    for (const FeeInstalment& i : a.cancelled)
      cancelled += (cancelled.empty() ? "" : ",") + i.slip;
    writer->row({a.c.ref, std::to_string(d.fee), std::to_string(d.days), std::to_string(d.refund),
                 std::to_string(d.topup), slips, dues, cancelled});
    writer->finish();
    context.info(fmt::format("epb: {} settled: NT${}{}", a.c.ref, format_money(d.fee),
                             d.refund > 0  ? fmt::format(", refund NT${}", format_money(d.refund))
                             : d.topup > 0 ? fmt::format(", top-up NT${}", format_money(d.topup))
                                           : std::string()));
  });
}

} // namespace fee_project_verbs

void add_fee_projects(CLI::App& parent, Context& context) {
  using namespace fee_project_verbs;
  auto* project = parent.add_subcommand("project", "Construction projects: add, list, show");
  project->require_subcommand(1);
  add_project_add(*project, context);
  add_fee_project_views(*project, context);
  add_declare(parent, context);
  add_stop_resume(parent, context, true);
  add_stop_resume(parent, context, false);
  add_settle(parent, context);
}

} // namespace epb::cli
