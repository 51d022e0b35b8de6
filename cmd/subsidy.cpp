// epb subsidy: applications for the two-stroke scrapping and e-two-wheeler subsidies, from the
// counter to approval. Each verb calls one SubsidyDesk function (lib/epb/subsidy/).
#include "commands.hpp"
#include "epb/core/sha256.hpp"
#include "epb/io/output_file.hpp"
#include "epb/io/text_source.hpp"
#include "epb/privacy/reveal.hpp"
#include "epb/subsidy/household.hpp"
#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/validate/bank_account.hpp"
#include "epb/validate/money.hpp"
#include "epb/validate/person_id.hpp"
#include "subsidy_verbs.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace subsidy_verbs {

SubsidyDesk make(Context& context) {
  return SubsidyDesk(context.ledger_after_config(), context.config(), context.calendar());
}

struct ApplyOptions {
  NewCase applicant;
  NewSubsidy subsidy;
};

struct RefOptions {
  std::string ref;
  std::string text; // --note, --reason or --missing
  bool all = false;
};

// The reference on stdout (scripts capture it), the news on stderr.
void report(Context& context, const Case& c, std::string_view news) {
  context.out() << c.ref << '\n';
  context.info(fmt::format("epb: {} {}: {}", c.ref, news, c.status));
}

void add_apply(CLI::App& parent, Context& context) {
  auto o = std::make_shared<ApplyOptions>();
  auto* cmd = parent.add_subcommand("apply", "Open a subsidy application (at the counter or by post)");
  NewCase& a = o->applicant;
  NewSubsidy& s = o->subsidy;
  cmd->add_option("--channel", a.channel, "how it arrived (e.g. in_person, mail)")->required();
  cmd->add_option("--applicant-kind", a.applicant_kind, "person (default) or organisation (a business with a UBN)");
  cmd->add_option("--name", a.name, "applicant's name")->required();
  cmd->add_option("--id-number", a.id_number, "national ID or resident certificate number (persons)");
  cmd->add_option("--business-number", a.business_number, "uniform business number (businesses)");
  cmd->add_option("--phone", a.phone, "phone (its last 4 digits open the progress lookup)");
  cmd->add_option("--address", a.address, "postal address");
  cmd->add_option("--received", a.received, "when it was received (default: the clock)");
  cmd->add_option("--programme-year", s.programme_year, "subsidy year, e.g. 2018 or 107")->required();
  cmd->add_option("--kind", s.kind, "scrap_only, scrap_buy_heavy, scrap_buy_other, buy_heavy or buy_other")->required();
  cmd->add_option("--low-income", s.low_income, "yes for a low- or middle-low-income household");
  cmd->add_option("--scrapped-plate", s.scrapped_plate, "plate of the scrapped two-stroke");
  cmd->add_option("--scrapped-made", s.scrapped_made, "its manufacture date");
  cmd->add_option("--recycling-certificate", s.recycling_certificate, "recycling certificate number");
  cmd->add_option("--deregistered", s.deregistered, "its deregistration date");
  cmd->add_option("--new-plate", s.new_plate, "plate of the new e-motorcycle (E plates too)");
  cmd->add_option("--new-frame", s.new_frame, "frame number of the new vehicle");
  cmd->add_option("--new-class", s.new_class, "heavy, light, small_light, e_bike or assisted");
  cmd->add_option("--invoice-number", s.invoice_number, "uniform invoice number");
  cmd->add_option("--invoice-date", s.invoice_date, "invoice date");
  cmd->add_option("--dealer-ubn", s.dealer_ubn, "the dealer's UBN");
  cmd->add_option("--dealer-application", s.dealer_application, "the dealer's application number");
  cmd->add_option("--bank-code", s.bank_code, "3-digit bank code")->required();
  cmd->add_option("--account-number", s.account_number, "account number")->required();
  using K = TextKind;
  text_checked(cmd, {{"--channel", K::code}, {"--name", K::name}, {"--address", K::line}, {"--received", K::line}});
  cmd->callback([&context, o] {
    SubsidyDesk desk = make(context);
    const Case c = value_or_throw(desk.apply(context.stamp("subsidy apply"), o->applicant, o->subsidy));
    report(context, c, "opened");
  });
}

void print_failures(Context& context, const SubsidyCheck& check) {
  const Format format = context.format();
  auto writer =
      make_row_writer(format, context.out(), {{"ref"}, {"eligible", Column::Type::boolean}, {"rule"}, {"reason"}});
  if (check.failures.empty()) writer->row({check.application.c.ref, "true", "", ""});
  for (const auto& f : check.failures)
    writer->row({check.application.c.ref, "false", f.code, f.text});
  writer->finish();
}

void add_check(CLI::App& parent, Context& context) {
  auto o = std::make_shared<RefOptions>();
  auto* cmd = parent.add_subcommand("check", "List every failed eligibility rule of an application (or --all)");
  text_checked(cmd->add_option("REF", o->ref, "application reference, e.g. SUB-107-000001"), TextKind::code);
  cmd->add_flag("--all", o->all, "every application");
  cmd->callback([&context, o] {
    SubsidyDesk desk = make(context);
    if (o->all == !o->ref.empty()) throw ProblemError(Problem{Fault::usage, "subsidy check", "give REF or --all"});
    if (!o->all) return print_failures(context, value_or_throw(desk.check(o->ref)));
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"ref"}, {"eligible", Column::Type::boolean}, {"rule"}, {"reason"}});
    desk.check_all([&](const SubsidyCheck& check) {
      if (check.failures.empty()) writer->row({check.application.c.ref, "true", "", ""});
      for (const auto& f : check.failures)
        writer->row({check.application.c.ref, "false", f.code, f.text});
    });
    writer->finish();
  });
}

void add_review(CLI::App& parent, Context& context) {
  auto o = std::make_shared<RefOptions>();
  auto* cmd = parent.add_subcommand("review", "The documents checklist of an application and what is missing");
  text_checked(cmd->add_option("REF", o->ref, "application reference")->required(), TextKind::code);
  cmd->callback([&context, o] {
    SubsidyDesk desk = make(context);
    const SubsidyReview review = value_or_throw(desk.review(o->ref));
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"ref"}, {"document"}, {"name"}, {"missing", Column::Type::boolean}});
    for (const auto& item : review.documents)
      writer->row({review.application.c.ref, item.document.code,
                   context.english() ? item.document.name_en : item.document.name_zh, item.missing ? "true" : "false"});
    writer->finish();
    context.info(fmt::format("epb: {} amount NT${}, {} rule{} failed", review.application.c.ref,
                             format_money(review.amount), review.failures.size(),
                             review.failures.size() == 1 ? "" : "s"));
  });
}

// A verb on REF with one text option.
template <class Act>
void add_decision(CLI::App& parent, Context& context, const char* name, const char* help, const char* option,
                  const char* option_help, bool required, Act act) {
  auto o = std::make_shared<RefOptions>();
  auto* cmd = parent.add_subcommand(name, help);
  text_checked(cmd->add_option("REF", o->ref, "application reference")->required(), TextKind::code);
  auto* text = cmd->add_option(option, o->text, option_help);
  if (required) text->required();
  text_checked(text, TextKind::line);
  cmd->callback([&context, o, act, name] {
    SubsidyDesk desk = make(context);
    const Case c = value_or_throw(act(desk, context.stamp(fmt::format("subsidy {}", name)), *o));
    report(context, c, name);
  });
}

void add_budget(CLI::App& parent, Context& context) {
  auto* cmd = parent.add_subcommand("budget", "Per programme: cap, committed, paid, remaining, counts");
  cmd->callback([&context] {
    SubsidyDesk desk = make(context);
    using T = Column::Type;
    auto writer = make_row_writer(context.format(), context.out(),
                                  {{"year", T::integer},
                                   {"kind"},
                                   {"cap", T::integer},
                                   {"committed", T::integer},
                                   {"paid", T::integer},
                                   {"remaining", T::integer},
                                   {"applications", T::integer},
                                   {"approved", T::integer},
                                   {"paid_count", T::integer}});
    for (const BudgetLine& line : desk.budget()) {
      const auto& u = line.use;
      const auto cap = line.programme && line.programme->budget ? std::to_string(*line.programme->budget) : "";
      writer->row({std::to_string(u.year), std::string(programme_kind_name(u.kind)), cap, std::to_string(u.committed),
                   std::to_string(u.paid), line.remaining ? std::to_string(*line.remaining) : "",
                   std::to_string(u.applications), std::to_string(u.approved), std::to_string(u.paid_count)});
    }
    writer->finish();
  });
}

void add_status(CLI::App& parent, Context& context) {
  auto o = std::make_shared<std::pair<std::string, std::string>>();
  auto* cmd = parent.add_subcommand("status", "Progress lookup by plate (scrapped or new) and the phone's last 4");
  text_checked(cmd->add_option("--plate", o->first, "the scrapped or the new vehicle's plate")->required(),
               TextKind::line);
  cmd->add_option("--phone-last4", o->second, "last 4 digits of the phone given at intake")->required();
  cmd->callback([&context, o] {
    SubsidyDesk desk = make(context);
    const Case c = value_or_throw(desk.status(context.stamp("subsidy status"), o->first, o->second));
    auto writer = make_row_writer(context.format(), context.out(), {{"ref"}, {"status"}, {"received"}, {"due"}});
    writer->row({c.ref, c.status, context.date(c.received_at.taipei_date()), context.date(c.due_date)});
    writer->finish();
  });
}

std::string optional_date(Context& context, const std::optional<Date>& date) {
  return date ? context.date(*date) : std::string();
}

// One application, field by field; the applicant's ID and the account are masked.
void add_show(CLI::App& parent, Context& context) {
  auto o = std::make_shared<RefOptions>();
  auto* cmd = parent.add_subcommand("show", "One application: programme, vehicles, decision (personal data masked)");
  text_checked(cmd->add_option("REF", o->ref, "application reference")->required(), TextKind::code);
  cmd->callback([&context, o] {
    SubsidyDesk desk = make(context);
    const SubsidyCase found = value_or_throw(desk.find(o->ref));
    const SubsidyApplication& a = found.a;
    const std::string household =
        !a.household ? "" : (a.household->registered ? "registered " + a.household->district : "not registered");
    const std::vector<std::pair<std::string, std::string>> fields{
        {"ref", found.c.ref},
        {"status", found.c.status},
        {"programme", fmt::format("{}/{}", a.programme_year, programme_kind_name(a.kind))},
        {"applicant_type", a.business ? "business" : "person"},
        {"applicant_id", a.business ? a.applicant_id : mask_person_id(a.applicant_id)},
        {"low_income", a.low_income ? "yes" : "no"},
        {"scrapped_plate", a.scrapped_plate},
        {"scrapped_made", optional_date(context, a.scrapped_made)},
        {"recycling_certificate", a.recycling_certificate},
        {"deregistered", optional_date(context, a.deregistered)},
        {"new_plate", a.new_plate},
        {"new_frame", a.new_frame},
        {"new_class", std::string(vehicle_class_name(a.new_class))},
        {"invoice_number", a.invoice_number},
        {"invoice_date", optional_date(context, a.invoice_date)},
        {"dealer_ubn", a.dealer_ubn},
        {"dealer_application", a.dealer_application},
        {"bank_code", a.bank_code},
        {"account_number", mask_account_number(a.account_number)},
        {"applied", context.date(a.applied)},
        {"amount", a.amount ? std::to_string(*a.amount) : ""},
        {"paid", a.paid_at ? a.paid_at->iso() : ""},
        {"corrections", std::to_string(a.corrections)},
        {"documents_missing", a.documents_missing},
        {"household", household},
        {"decision_reason", a.decision_reason},
    };
    auto writer = make_row_writer(context.format(), context.out(), {{"field"}, {"value"}});
    for (const auto& [field, value] : fields)
      writer->row({field, value});
    writer->finish();
  });
}

struct FileOptions {
  std::string path;
  bool force = false;
};

// The query file holds personal data in full: the reveal is committed before it is written,
// the file is 0600, and the exchange is logged with the file's SHA-256.
void add_household(CLI::App& parent, Context& context) {
  auto* household = parent.add_subcommand("household", "The household-registration check, in batches");
  household->require_subcommand(1);
  auto o = std::make_shared<FileOptions>();
  auto* cmd =
      household->add_subcommand("export", "Write the query file: ID number and name of applications awaiting it");
  text_checked(cmd->add_option("FILE", o->path, "the file to write")->required(), TextKind::line);
  cmd->add_flag("--force", o->force, "replace an existing file");
  cmd->callback([&context, o] {
    SubsidyDesk desk = make(context);
    const Stamp stamp = context.stamp("subsidy household export");
    const auto queries = desk.household_queries();
    std::vector<std::string> refs;
    for (const auto& q : queries)
      refs.push_back(q.ref);
    const std::string text = render_household_query(queries);
    const ProtectedFiles protect = context.protected_files();
    OutputFile file("FILE", o->path, protect, OutputOptions{.replace = o->force});
    record_reveal(context.ledger(), stamp, refs);
    file.stream() << text;
    file.commit();
    desk.record_exchange(HouseholdExchange{stamp.at, stamp.actor, true, static_cast<std::int64_t>(queries.size()),
                                           sha256_hex(text), o->path});
    context.info(
        fmt::format("epb: {} application{} written to {}", queries.size(), queries.size() == 1 ? "" : "s", o->path));
  });
  auto in = std::make_shared<FileOptions>();
  cmd = household->add_subcommand("import", "Record the office's answers and re-check eligibility (all or nothing)");
  text_checked(cmd->add_option("FILE", in->path, "the answer file (- for standard input)")->required(), TextKind::line);
  cmd->callback([&context, in] {
    SubsidyDesk desk = make(context);
    TextSource source(in->path);
    source.hash_raw(); // the exchange log keeps the hash of the file as the office sent it
    std::string text;
    while (value_or_throw(source.read(text))) {
    }
    const auto summary = value_or_throw(import_household_answers(
        desk, context.ledger(), context.stamp("subsidy household import"), text, source.name(), source.raw_sha256()));
    context.info(fmt::format("epb: {} answer{} recorded, {} now eligible", summary.records,
                             summary.records == 1 ? "" : "s", summary.eligible));
  });
}

} // namespace subsidy_verbs

void register_subsidy(CLI::App& app, Context& context) {
  using namespace subsidy_verbs;
  auto* parent = app.add_subcommand("subsidy", "Scrapping and e-two-wheeler subsidies: apply, check, review, decide");
  parent->require_subcommand(1);
  add_apply(*parent, context);
  add_check(*parent, context);
  add_review(*parent, context);
  add_decision(*parent, context, "request-docs", "Ask for the missing documents (補件, once): the clock stops",
               "--missing", "what is missing (document codes or text)", true,
               [](SubsidyDesk& d, const Stamp& s, const RefOptions& o) { return d.request_docs(s, o.ref, o.text); });
  add_decision(
      *parent, context, "documents-received", "The correction arrived: back to review", "--note", "what arrived", false,
      [](SubsidyDesk& d, const Stamp& s, const RefOptions& o) { return d.documents_received(s, o.ref, o.text); });
  add_decision(*parent, context, "approve", "Approve: re-checks eligibility and the budget, freezes the amount",
               "--note", "a note for the history", false,
               [](SubsidyDesk& d, const Stamp& s, const RefOptions& o) { return d.approve(s, o.ref, o.text); });
  add_decision(*parent, context, "reject", "Reject with a reason", "--reason", "why (the applicant is told)", true,
               [](SubsidyDesk& d, const Stamp& s, const RefOptions& o) { return d.reject(s, o.ref, o.text); });
  add_show(*parent, context);
  add_household(*parent, context);
  add_budget(*parent, context);
  register_subsidy_pay(*parent, context);
  add_status(*parent, context);
  add_subsidy_import(*parent, context);
  add_subsidy_views(*parent, context);
}

} // namespace epb::cli
