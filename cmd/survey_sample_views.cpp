// epb survey list | show: the stored samples, and one sample's definition, hashes, strata and
// where its members stand (lib/epb/survey/sample_store.hpp).
#include "survey_sample_views.hpp"
#include "commands.hpp"

#include "epb/output/json.hpp"
#include "epb/survey/sample_store.hpp"

#include <fmt/format.h>

#include <memory>

namespace epb::cli {
namespace survey_sample_views {

using T = Column::Type;

std::string drawn_at_text(Context& context, Instant at) {
  return context.format() == Format::table ? at.iso() : at.utc();
}

// The definition and hashes of a sample: one column each, in this order, for list and show.
std::vector<Column> sample_columns() {
  return {{"sample", T::integer},
          {"questionnaire"},
          {"services"},
          {"period_from"},
          {"period_to"},
          {"rate"},
          {"size", T::integer},
          {"strata"},
          {"min_per_stratum", T::integer},
          {"spares", T::integer},
          {"method"},
          {"seed"},
          {"generator"},
          {"exclude_days", T::integer},
          {"frame_size", T::integer},
          {"frame_sha256"},
          {"sample_sha256"},
          {"drawn_at"},
          {"actor"},
          {"note"}};
}

Row sample_row(Context& context, const StoredSample& s) {
  const SampleDefinition& d = s.definition;
  return {std::to_string(s.id),
          d.questionnaire,
          services_text(d.services),
          context.date(d.from),
          context.date(d.to),
          d.rate ? fmt::format("{}/{}", d.rate->num, d.rate->den) : "",
          d.size ? std::to_string(*d.size) : "",
          strata_text(d.strata),
          std::to_string(d.min_per_stratum),
          std::to_string(d.spares),
          std::string(sample_method_name(d.method)),
          std::to_string(d.seed),
          d.generator,
          std::to_string(d.exclude_days),
          std::to_string(s.frame_size),
          s.frame_sha256,
          s.sample_sha256,
          drawn_at_text(context, s.drawn_at),
          s.actor,
          s.note};
}

std::string strata_json(const std::vector<StratumDraw>& strata) {
  std::string out = "[";
  for (const auto& st : strata) {
    if (out.size() > 1) out += ',';
    out += JsonObject()
               .add("stratum", st.stratum)
               .add("frame", st.frame)
               .add("planned", st.planned)
               .add("drawn", st.drawn)
               .add("spares", st.spares)
               .str();
  }
  return out + "]";
}

std::string role_text(const MemberCount& c) {
  if (!c.spare) return "chosen";
  return c.called ? "spare (called)" : "spare";
}

std::string counts_json(const std::vector<MemberCount>& counts) {
  std::string out = "[";
  for (const auto& c : counts) {
    if (out.size() > 1) out += ',';
    out += JsonObject()
               .add("role", c.spare ? "spare" : "chosen")
               .add("called", c.called)
               .add("status", c.status)
               .add("count", c.count)
               .str();
  }
  return out + "]";
}

void add_list(CLI::App& survey, Context& context) {
  auto* cmd = survey.add_subcommand("list", "The stored samples, newest first: definition, frame size, hashes");
  cmd->callback([&context] {
    auto writer = make_row_writer(context.format(), context.out(), sample_columns());
    for (const StoredSample& s : SampleStore(context.ledger()).list())
      writer->row(sample_row(context, s));
    writer->finish();
  });
}

void add_show(CLI::App& survey, Context& context) {
  auto id = std::make_shared<std::int64_t>(0);
  auto* cmd = survey.add_subcommand("show", "One sample: its definition and hashes, the strata table, and how many "
                                            "members are pending, responded, unreachable or refused");
  cmd->add_option("ID", *id, "the sample's number (epb survey list)")
      ->required()
      ->check(whole_number("ID", 1, std::numeric_limits<std::int64_t>::max()));
  cmd->callback([&context, id] {
    SampleStore store(context.ledger());
    const auto found = store.find(*id);
    if (!found) throw ProblemError(Problem{Fault::not_found, fmt::format("survey sample {}", *id), "not found"});
    const StoredSample& s = *found;
    const std::vector<MemberCount> counts = store.member_counts(*id);
    const Format format = context.format();
    if (format != Format::table) {
      // One document per format: the strata and the counts travel as JSON columns.
      auto columns = sample_columns();
      columns.push_back({"strata_table", T::json});
      columns.push_back({"members", T::json});
      Row row = sample_row(context, s);
      row.push_back(strata_json(s.strata));
      row.push_back(counts_json(counts));
      auto writer = make_row_writer(format, context.out(), columns);
      writer->row(row);
      writer->finish();
      return;
    }
    const auto columns = sample_columns();
    const Row row = sample_row(context, s);
    std::string text;
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (!row[i].empty()) text += fmt::format("{:<16}{}\n", columns[i].name, row[i]);
    context.out() << terminal_safe(text, true) << '\n';
    print_strata(context, context.out(), s.strata);
    context.out() << '\n';
    auto writer = make_row_writer(format, context.out(), {{"role"}, {"status"}, {"members", T::integer}});
    for (const auto& c : counts)
      writer->row({role_text(c), c.status, std::to_string(c.count)});
    writer->finish();
  });
}

} // namespace survey_sample_views

void print_strata(Context& context, std::ostream& out, const std::vector<StratumDraw>& strata) {
  using T = Column::Type;
  const bool table = context.format() == Format::table;
  auto writer = make_row_writer(
      context.format(), out,
      {{"stratum"}, {"frame", T::integer}, {"planned", T::integer}, {"drawn", T::integer}, {"spares", T::integer}});
  for (const auto& st : strata)
    writer->row({table && st.stratum.empty() ? "(all)" : st.stratum, std::to_string(st.frame),
                 std::to_string(st.planned), std::to_string(st.drawn), std::to_string(st.spares)});
  writer->finish();
}

void add_survey_sample_views(CLI::App& survey, Context& context) {
  using namespace survey_sample_views;
  add_list(survey, context);
  add_show(survey, context);
}

} // namespace epb::cli
