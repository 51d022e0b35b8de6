// render_config(): the effective configuration in the layout of config/epb.toml, written by
// hand because toml++'s formatter sorts keys and would lose the file's order of units and states.
#include "epb/config/config.hpp"
#include "epb/time/duration.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iterator>

namespace epb {
namespace {

// The inside of a TOML basic string: quotes, backslashes and control characters escaped, UTF-8
// kept as is. Inside a multi-line string ("""), line breaks and tabs stay as they are.
std::string escaped(std::string_view text, bool multi_line) {
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\t': out += multi_line ? "\t" : "\\t"; break;
    case '\n': out += multi_line ? "\n" : "\\n"; break;
    case '\f': out += "\\f"; break;
    case '\r': out += "\\r"; break;
    default: {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte == 0x7f)
        fmt::format_to(std::back_inserter(out), "\\u{:04X}", static_cast<unsigned>(byte));
      else
        out += c;
    }
    }
  }
  return out;
}

std::string quoted(std::string_view text) { return '"' + escaped(text, false) + '"'; }

// A text of several lines as a multi-line string, so templates read as they will be sent. The
// reader drops the line break right after the opening quotes, so the text starts on its own line.
std::string text_block(std::string_view text) {
  if (text.find('\n') == std::string_view::npos) return quoted(text);
  return "\"\"\"\n" + escaped(text, true) + "\"\"\"";
}

// Codes are checked to be bare keys, but a key must survive the round trip whatever it holds.
std::string key(std::string_view text) {
  const bool bare = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
  return bare ? std::string(text) : quoted(text);
}

std::string_view boolean(bool value) { return value ? "true" : "false"; }

std::string string_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i ? ", " : "") + quoted(items[i]);
  return out + "]";
}

void render_unit(std::string& out, const Unit& unit) {
  fmt::format_to(std::back_inserter(out), "\n[units.{}]\nname = {}\nname_en = {}\n", key(unit.code),
                 quoted(unit.name_zh), quoted(unit.name_en));
  const Contact& head = unit.head;
  if (head == Contact{}) return;
  fmt::format_to(std::back_inserter(out), "head = {{ name = {}, title = {}, email = {}, phone = {} }}\n",
                 quoted(head.name), quoted(head.title), quoted(head.email), quoted(head.phone));
}

void render_channel(std::string& out, const Channel& channel) {
  fmt::format_to(std::back_inserter(out), "\n[channels.{}]\nname = {}\nname_en = {}\n", key(channel.code),
                 quoted(channel.name_zh), quoted(channel.name_en));
}

// Services show every setting, defaults included, so `config show` answers "is this on?";
// states leave out what is off, to keep the long lists readable.
void render_service(std::string& out, const Service& service) {
  auto to = std::back_inserter(out);
  fmt::format_to(to, "\n[services.{}]\nkind = {}\n", key(service.code), quoted(service.kind));
  fmt::format_to(to, "prefix = {}\nname = {}\nname_en = {}\nunit = {}\n", quoted(service.prefix),
                 quoted(service.name_zh), quoted(service.name_en), quoted(service.unit));
  fmt::format_to(to, "deadline = {}\ninitial = {}\n", quoted(service.deadline.text()), quoted(service.initial_state));
  fmt::format_to(to, "id_required = {}\nanonymous = {}\nsurveyed = {}\ntrack_repeats = {}\n",
                 boolean(service.id_required), boolean(service.anonymous_allowed), boolean(service.surveyed),
                 boolean(service.track_repeats));
  const ExtensionPolicy& extension = service.extension;
  fmt::format_to(to, "extension = {{ max_times = {}, max_days = {}, notify_applicant = {} }}\n", extension.max_times,
                 extension.max_days, boolean(extension.notify_applicant));
  for (const State& state : service.states) {
    fmt::format_to(to, "\n[services.{}.states.{}]\nname = {}\nname_en = {}\n", key(service.code), key(state.code),
                   quoted(state.name_zh), quoted(state.name_en));
    if (state.pauses_clock) out += "pause = true\n";
    if (state.final) out += "final = true\n";
    if (!state.next.empty()) fmt::format_to(to, "next = {}\n", string_array(state.next));
  }
}

void render_mapping(std::string& out, const ColumnMapping& mapping) {
  fmt::format_to(std::back_inserter(out), "\n[mappings.{}]\n", key(mapping.code));
  for (const auto& [column, field] : mapping.columns)
    fmt::format_to(std::back_inserter(out), "{} = {}\n", quoted(column), quoted(field));
}

void render_transport(std::string& out, const NotifyTransport& transport) {
  using Kind = NotifyTransport::Kind;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "\n[notify.transports.{}]\nkind = {}\n", key(transport.code),
                 quoted(transport_kind_name(transport.kind)));
  // Only the kind's own keys: any other is an error on reading.
  switch (transport.kind) {
  case Kind::sendmail: fmt::format_to(to, "command = {}\n", quoted(transport.command)); break;
  case Kind::smtp:
    fmt::format_to(to, "url = {}\nstarttls = {}\nusername = {}\npassword_env = {}\n", quoted(transport.url),
                   boolean(transport.starttls), quoted(transport.username), quoted(transport.password_env));
    break;
  case Kind::jsonl: fmt::format_to(to, "path = {}\n", quoted(transport.path)); break;
  case Kind::letter: fmt::format_to(to, "directory = {}\n", quoted(transport.directory)); break;
  }
  if (transport.kind == Kind::sendmail || transport.kind == Kind::smtp)
    fmt::format_to(to, "from = {}\n", quoted(transport.from));
}

void render_template(std::string& out, const NotifyTemplate& notice) {
  fmt::format_to(std::back_inserter(out), "\n[notify.templates.{}]\nsubject = {}\nsubject_en = {}\n", key(notice.code),
                 text_block(notice.subject_zh), text_block(notice.subject_en));
  fmt::format_to(std::back_inserter(out), "body = {}\nbody_en = {}\n", text_block(notice.body_zh),
                 text_block(notice.body_en));
}

void render_ladder(std::string& out, const NotifyLadder& ladder) {
  auto to = std::back_inserter(out);
  fmt::format_to(to, "\n[notify.rules.{}]\nlevels = [\n", key(ladder.service));
  for (const NotifyLevel& level : ladder.levels) {
    fmt::format_to(to, "  {{ code = {}, trigger = {}, ", quoted(level.code), quoted(trigger_name(level.trigger)));
    // An extension level fires when the extension is granted, a decision level when the
    // decision is made: they have no count.
    if (level.trigger == NotifyTrigger::decision)
      fmt::format_to(to, "decision = {}, ", quoted(level.decision));
    else if (level.trigger == NotifyTrigger::dunning)
      fmt::format_to(to, "stage = {}, workdays = {}, ", quoted(level.stage), level.workdays);
    else if (level.trigger != NotifyTrigger::extension)
      fmt::format_to(to, "workdays = {}, ", level.workdays);
    fmt::format_to(to, "audience = {}, transports = {}, template = {} }},\n", quoted(audience_name(level.audience)),
                   string_array(level.transports), quoted(level.template_code));
  }
  out += "]\n";
}

void render_notify(std::string& out, const NotifySettings& notify) {
  fmt::format_to(std::back_inserter(out), "\n[notify]\nwindow = \"{:02}:{:02}-{:02}:{:02}\"\n",
                 notify.window_from_minutes / 60, notify.window_from_minutes % 60, notify.window_to_minutes / 60,
                 notify.window_to_minutes % 60);
  fmt::format_to(std::back_inserter(out), "max_attempts = {}\nretry_minutes = {}\ncontact = {}\n", notify.max_attempts,
                 notify.retry_minutes, quoted(notify.contact));
  for (const NotifyTransport& transport : notify.transports)
    render_transport(out, transport);
  for (const NotifyTemplate& notice : notify.templates)
    render_template(out, notice);
  for (const NotifyLadder& ladder : notify.ladders)
    render_ladder(out, ladder);
}

void render_ledger_and_lookup(std::string& out, const Config& config) {
  fmt::format_to(std::back_inserter(out), "\n[ledger]\nbusy_timeout = \"{}\"\n",
                 format_duration(config.ledger.busy_timeout_seconds));
  fmt::format_to(std::back_inserter(out), "\n[lookup]\nmax_failures = {}\nwindow = \"{}\"\ncooling_off = \"{}\"\n",
                 config.lookup.max_failures, format_duration(config.lookup.window_seconds),
                 format_duration(config.lookup.cooling_off_seconds));
}

void render_staff(std::string& out, const StaffMember& member) {
  fmt::format_to(std::back_inserter(out), "\n[staff.{}]\n", key(member.code));
  // Each detail is optional, and an empty one reads back the same as a missing one.
  if (!member.name.empty()) fmt::format_to(std::back_inserter(out), "name = {}\n", quoted(member.name));
  if (!member.email.empty()) fmt::format_to(std::back_inserter(out), "email = {}\n", quoted(member.email));
  if (!member.phone.empty()) fmt::format_to(std::back_inserter(out), "phone = {}\n", quoted(member.phone));
}

// Every key of every programme, the uncertain ones included: `config show` is the audit of
// what the bureau will pay.
void render_subsidy(std::string& out, const SubsidySettings& subsidy) {
  if (subsidy.service.empty()) return;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "\n[subsidy]\nservice = {}\nmanufactured_by = \"{}\"\ncorrection_days = {}\n",
                 quoted(subsidy.service), subsidy.manufactured_by.iso(), subsidy.correction_days);
  for (const SubsidyDocument& document : subsidy.documents)
    fmt::format_to(to, "\n[subsidy.documents.{}]\nname = {}\nname_en = {}\n", key(document.code),
                   quoted(document.name_zh), quoted(document.name_en));
  for (const SubsidyProgramme& p : subsidy.programmes) {
    fmt::format_to(to, "\n[subsidy.programmes.{}.{}]\nnational = {}\ncity_topup = {}\nlow_income_bonus = {}\n", p.year,
                   programme_kind_name(p.kind), p.national, p.city_topup, p.low_income_bonus);
    if (p.budget) fmt::format_to(to, "budget = {}\n", *p.budget);
    if (p.budget_count) fmt::format_to(to, "budget_count = {}\n", *p.budget_count);
    fmt::format_to(to, "year_by = \"{}\"\ndeadline = \"{}\"\ndocuments = {}\n", year_by_name(p.year_by),
                   p.deadline.iso(), string_array(p.documents));
  }
}

// A decimal as a string, as config/epb.toml writes them: a TOML float is never read back.
std::string decimal(const Decimal& d) { return quoted(d.str()); }

void render_fee_layout(std::string& out, const FixedWidthLayout& layout) {
  auto to = std::back_inserter(out);
  fmt::format_to(to, "\n[fee.layouts.{}]\ncollector = {}\nskip_head = {}\n", key(layout.code), quoted(layout.collector),
                 layout.skip_head);
  if (!layout.head_prefix.empty()) fmt::format_to(to, "head_prefix = {}\n", quoted(layout.head_prefix));
  fmt::format_to(to, "trailer_prefix = {}\ndate_format = {}\n", quoted(layout.trailer_prefix),
                 quoted(layout.date_format));
  out += "fields = {";
  for (std::size_t i = 0; i < layout.fields.size(); ++i)
    fmt::format_to(to, "{} {} = [{}, {}]", i ? "," : "", key(layout.fields[i].name), layout.fields[i].start,
                   layout.fields[i].width);
  out += " }\n";
}

// Every key of [fee], defaults included: `config show` is the audit of what the city charges.
void render_fee(std::string& out, const FeeSettings& fee) {
  if (fee.service.empty()) return;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "\n[fee]\nservice = {}\nrounding = \"{}\"\nexempt_up_to = {}\n", quoted(fee.service),
                 rounding_name(fee.rounding), fee.exempt_up_to);
  for (const FeeCategory& c : fee.categories) {
    fmt::format_to(to, "\n[fee.categories.{}]\nname = {}\nname_en = {}\nbasis = \"{}\"\ntimed = {}\n", key(c.code),
                   quoted(c.name_zh), quoted(c.name_en), fee_basis_name(c.basis), boolean(c.timed));
    fmt::format_to(to, "rates = [{}, {}, {}]\n", decimal(c.rates[0]), decimal(c.rates[1]), decimal(c.rates[2]));
    if (c.level1_from) fmt::format_to(to, "level1_from = {}\n", decimal(*c.level1_from));
    fmt::format_to(to, "local_factor = {}\n", decimal(c.local_factor));
  }
  fmt::format_to(to, "\n[fee.level3]\nmax_fee = {}\nmax_area_m2 = {}\nmax_days = {}\n", fee.level3.max_fee,
                 decimal(fee.level3.max_area_m2), fee.level3.max_days);
  fmt::format_to(to, "\n[fee.terms]\nfull_until = {}\ninstalments_from = {}\nmax_instalments = {}\n",
                 fee.terms.full_until, fee.terms.instalments_from, fee.terms.max_instalments);
  const FeeLateRules& late = fee.late;
  fmt::format_to(to,
                 "\n[fee.late]\nsurcharge_permille_per_day = {}\nsurcharge_max_days = {}\ngrace_days_private = {}\n"
                 "grace_days_public = {}\ninterest_day_basis = {}\nrounding = \"{}\"\nreferral_after_days = {}\n"
                 "topup_days = {}\n",
                 decimal(late.surcharge_permille_per_day), late.surcharge_max_days, late.grace_days_private,
                 late.grace_days_public, late.interest_day_basis, rounding_name(late.rounding),
                 late.referral_after_days, late.topup_days);
  fmt::format_to(to, "\n[fee.count_back]\nper_floor_above = {}\nper_basement_floor = {}\nmiscellaneous = {}\n",
                 fee.count_back.per_floor_above, fee.count_back.per_basement_floor, fee.count_back.miscellaneous);
  for (const PostalRate& rate : fee.postal_rates)
    fmt::format_to(to, "\n[[fee.postal_rates]]\nfrom = \"{}\"\npercent = {}\n", rate.from.iso(), decimal(rate.percent));
  for (const FeeShortfallTier& tier : fee.shortfall)
    fmt::format_to(to,
                   "\n[[fee.shortfall]]\nfrom = {}\nmin_periods = {}\nmax_periods = {}\nmin_each = {}\n"
                   "needs_security = {}\n",
                   tier.from, tier.min_periods, tier.max_periods, tier.min_each, boolean(tier.needs_security));
  for (const FixedWidthLayout& layout : fee.layouts)
    render_fee_layout(out, layout);
  fmt::format_to(to,
                 "\n[fee.water]\nexempt_below = {}\nfine_after_days = {}\ninterest_waived_below = {}\n"
                 "credit_below = {}\n",
                 fee.water.exempt_below, fee.water.fine_after_days, fee.water.interest_waived_below,
                 fee.water.credit_below);
}

// Every key of every questionnaire, defaults included (the scale, what counts as satisfied, the
// follow-up): `config show` is what the survey will ask and count.
void render_questionnaire(std::string& out, const Questionnaire& q) {
  auto to = std::back_inserter(out);
  fmt::format_to(to, "\n[survey.questionnaires.{}]\nname = {}\nname_en = {}\nservices = {}\n", key(q.code),
                 quoted(q.name_zh), quoted(q.name_en), string_array(q.services));
  if (!q.states.empty()) fmt::format_to(to, "states = {}\n", string_array(q.states));
  out += "items = [\n";
  for (const SurveyItem& item : q.items)
    fmt::format_to(to, "  {{ code = {}, text = {}, text_en = {} }},\n", quoted(item.code), quoted(item.text_zh),
                   quoted(item.text_en));
  out += "]\n";
  if (q.free_text)
    fmt::format_to(to, "free_text = {{ text = {}, text_en = {} }}\n", quoted(q.free_text->text_zh),
                   quoted(q.free_text->text_en));
  out += "scale = [\n";
  for (const ScalePoint& point : q.scale)
    fmt::format_to(to, "  {{ value = {}, label = {}, label_en = {} }},\n", point.value, quoted(point.label_zh),
                   quoted(point.label_en));
  out += "]\n";
  fmt::format_to(to, "satisfied = [{}]\n", fmt::join(q.satisfied, ", "));
  fmt::format_to(to, "follow_up = {{ at_or_below = {}, service = {} }}\nmax_attempts = {}\n", q.follow_up_at_or_below,
                 quoted(q.follow_up_service), q.max_attempts);
  if (q.required_rate) fmt::format_to(to, "required_rate = \"{}/{}\"\n", q.required_rate->num, q.required_rate->den);
  if (q.exclude_surveyed_within_days > 0)
    fmt::format_to(to, "exclude_surveyed_within = \"{}d\"\n", q.exclude_surveyed_within_days);
}

} // namespace

std::string render_config(const Config& config) {
  // A line break in the source path would end the comment and break the re-parse.
  std::string source = config.source.empty() ? "built-in" : config.source;
  std::replace_if(
      source.begin(), source.end(), [](char c) { return c == '\n' || c == '\r'; }, '?');
  std::string out = fmt::format("# epb configuration from {}\n", source);
  for (const Unit& unit : config.units)
    render_unit(out, unit);
  for (const Channel& channel : config.channels)
    render_channel(out, channel);
  for (const Service& service : config.services)
    render_service(out, service);
  for (const ColumnMapping& mapping : config.mappings)
    render_mapping(out, mapping);
  render_ledger_and_lookup(out, config);
  render_subsidy(out, config.subsidy);
  render_fee(out, config.fee);
  for (const Questionnaire& q : config.survey.questionnaires)
    render_questionnaire(out, q);
  render_notify(out, config.notify);
  for (const StaffMember& member : config.notify.staff)
    render_staff(out, member);
  return out;
}

} // namespace epb
