// The survey sections of the period report (period_report.hpp): the table "surveys" (one row per
// sample drawn for the period: called, responded, response rate, share satisfied with its 95 %
// Wilson interval), "survey_items" (per sample and questionnaire item), a summary and the
// definitions. The samples come from survey_counts.cpp; every figure is the survey results
// engine's (survey_results.hpp), asked per sample as of the report's moment.
#include "epb/report/metric_cells.hpp"
#include "epb/report/period_report.hpp"
#include "epb/report/survey_counts.hpp"
#include "epb/survey/survey_results.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb::report {
namespace {

std::string joined(const std::vector<std::string>& codes) {
  std::string text;
  for (const std::string& code : codes)
    text += (text.empty() ? "" : ",") + code;
  return text;
}

// The sample's services the scope reports on: all of them without --unit/--service.
std::vector<std::string> services_in_scope(const Config& config, const ReportScope& scope,
                                           const SampleOfPeriod& sample) {
  std::vector<std::string> kept;
  for (const std::string& code : sample.services) {
    if (scope.service && code != *scope.service) continue;
    if (scope.unit) {
      const Service* service = config.service(code);
      if (!service || service->unit != *scope.unit) continue;
    }
    kept.push_back(code);
  }
  return kept;
}

struct SampleResult {
  SampleOfPeriod sample;
  GroupResult group;   // the sample's one overall group (empty when nobody was called)
  std::string missing; // the questionnaire, when the config no longer has it
};

Cell share_cell(const Proportion& p) {
  const auto share = p.share();
  return share ? share_percent_cell(*share) : Cell{};
}
Cell low_cell(const Proportion& p) { return p.trials ? share_percent_cell(p.interval().low) : Cell{}; }
Cell high_cell(const Proportion& p) { return p.trials ? share_percent_cell(p.interval().high) : Cell{}; }

Table surveys_table(const std::vector<SampleResult>& results, const Words& w) {
  Table table{"surveys", w("滿意度調查", "Satisfaction surveys"), {}, {}, {}};
  table.columns = {{"sample", w("樣本", "Sample"), CellType::integer},
                   {"questionnaire", w("問卷", "Questionnaire"), CellType::text},
                   {"services", w("服務", "Services"), CellType::text},
                   {"period_from", w("結案期間起", "Closed from"), CellType::date},
                   {"period_to", w("結案期間迄", "Closed to"), CellType::date},
                   {"sampled", w("抽樣受訪數", "Sampled"), CellType::integer},
                   {"responded", w("完訪數", "Responded"), CellType::integer},
                   {"refused", w("拒訪數", "Refused"), CellType::integer},
                   {"unreachable", w("無法聯繫", "Unreachable"), CellType::integer},
                   {"pending", w("待訪", "Pending"), CellType::integer},
                   {"response_rate", w("完訪率", "Response rate"), CellType::percent},
                   {"rated", w("有效評分數", "Rated"), CellType::integer},
                   {"satisfied", w("滿意數", "Satisfied"), CellType::integer},
                   {"satisfied_pct", w("滿意比率", "Satisfied %"), CellType::percent},
                   {"satisfied_low", w("95% 信賴區間下限", "95% interval low"), CellType::decimal},
                   {"satisfied_high", w("95% 信賴區間上限", "95% interval high"), CellType::decimal}};
  for (const SampleResult& r : results) {
    const GroupResult& g = r.group;
    std::vector<Cell> row{count_cell(r.sample.id), r.sample.questionnaire, joined(r.sample.services),
                          r.sample.period.from.iso(), r.sample.period.to.iso()};
    if (!r.missing.empty()) {
      row.resize(table.columns.size());
      table.rows.push_back(std::move(row));
      continue;
    }
    for (Cell cell : {count_cell(g.sampled), count_cell(g.responded), count_cell(g.refused), count_cell(g.unreachable),
                      count_cell(g.pending), ratio_percent_cell(g.responded, g.sampled),
                      count_cell(g.all_satisfied.trials), count_cell(g.all_satisfied.successes),
                      share_cell(g.all_satisfied), low_cell(g.all_satisfied), high_cell(g.all_satisfied)})
      row.push_back(std::move(cell));
    table.rows.push_back(std::move(row));
  }
  if (results.empty()) table.note = w("期間內未抽取滿意度調查樣本。", "No survey sample was drawn for the period.");
  return table;
}

Table items_table(const std::vector<SampleResult>& results, const Words& w) {
  Table table{"survey_items", w("滿意度調查各題", "Satisfaction per questionnaire item"), {}, {}, {}};
  table.columns = {{"sample", w("樣本", "Sample"), CellType::integer},
                   {"questionnaire", w("問卷", "Questionnaire"), CellType::text},
                   {"item", w("題目", "Item"), CellType::text},
                   {"answered", w("作答數", "Answered"), CellType::integer},
                   {"mean", w("平均分數", "Mean score"), CellType::decimal},
                   {"satisfied", w("滿意數", "Satisfied"), CellType::integer},
                   {"satisfied_pct", w("滿意比率", "Satisfied %"), CellType::percent},
                   {"satisfied_low", w("95% 信賴區間下限", "95% interval low"), CellType::decimal},
                   {"satisfied_high", w("95% 信賴區間上限", "95% interval high"), CellType::decimal}};
  for (const SampleResult& r : results)
    for (const ItemResult& item : r.group.items) {
      const auto mean = item.mean();
      table.rows.push_back({count_cell(r.sample.id), item.questionnaire, item.item, count_cell(item.answered),
                            mean ? Cell(fmt::format("{:.2f}", *mean)) : Cell{}, count_cell(item.satisfied.successes),
                            share_cell(item.satisfied), low_cell(item.satisfied), high_cell(item.satisfied)});
    }
  if (table.rows.empty()) table.note = w("期間內無調查作答。", "No survey answers for the period.");
  return table;
}

// "5, 4 of 1–5" per questionnaire the report shows.
std::string satisfied_scores(const Questionnaire& q) {
  std::string scores;
  for (int value = q.scale_max(); value >= q.scale_min(); --value)
    if (q.counts_satisfied(value)) scores += (scores.empty() ? "" : ", ") + std::to_string(value);
  return fmt::format("{}: {} ({}–{})", q.code, scores, q.scale_min(), q.scale_max());
}

std::vector<Definition> survey_definitions(const Config& config, const std::vector<SampleResult>& results,
                                           const Words& w) {
  std::vector<std::string> codes;
  for (const SampleResult& r : results)
    if (r.missing.empty() && std::ranges::find(codes, r.sample.questionnaire) == codes.end())
      codes.push_back(r.sample.questionnaire);
  std::string per_questionnaire;
  for (const std::string& code : codes)
    if (const Questionnaire* q = config.survey.find(code))
      per_questionnaire += (per_questionnaire.empty() ? "" : "; ") + satisfied_scores(*q);
  const std::string configured = per_questionnaire.empty()
                                     ? ""
                                     : fmt::format(fmt::runtime(w("各問卷計為滿意之分數：{}。",
                                                                  " Scores counted satisfied, per questionnaire: {}.")),
                                                   per_questionnaire);
  return {
      {"survey_scope", w("滿意度調查樣本", "Survey samples"),
       w("結案期間與報告期間重疊、且於查詢時點前抽取之樣本，每樣本一列；指定 --unit 或 --service "
         "時只計其服務之受訪案件。"
         "查詢時點後之通話不計（該受訪者視為待訪），查詢時點後遞補之備選樣本不計。",
         "One row per sample whose closing-date period overlaps the report's and that was drawn by the as-of "
         "moment; under --unit or --service only the members of its services count. Calls made after the as-of "
         "moment are left out (the member counts as pending) and so are spares promoted after it.")},
      {"survey_sampled", w("抽樣受訪數與完訪率", "Sampled and response rate"),
       w("抽樣受訪數為列入通話名單之樣本（抽中者及遞補之備選）；完訪率 = 完訪數 ÷ 抽樣受訪數 × 100，取至小數二位；拒訪"
         "、無法聯繫（達問卷設定之未接次數或號碼錯誤）及待訪另計。",
         "Sampled counts the members on the call list (the chosen cases and the spares that took a place); "
         "response rate = responded / sampled × 100, to two decimals; refused, unreachable (the questionnaire's "
         "unanswered calls, or a wrong number) and pending are counted apart.")},
      {"survey_satisfied", w("滿意比率", "Share satisfied"),
       w("有效評分數為至少回答一題之完訪者；滿意數為其中每一作答題目皆為滿意分數者；滿意比率 = 滿意數 ÷ 有效評分數 × "
         "100。各題之滿意比率以該題作答者為分母。",
         "Rated counts the responded members who answered at least one item; satisfied, those of them whose every "
         "answered item has a satisfied score; satisfied % = satisfied / rated × 100. Per item, the share is of "
         "those who answered the item.") +
           configured},
      {"survey_interval", w("95% 信賴區間", "95 % interval"),
       w("滿意比率之 95% Wilson 分數信賴區間（z = 1.96），以百分點表示，取至小數二位；與 epb survey results 相同。",
         "The 95 % Wilson score interval of the share satisfied (z = 1.96), in percent points to two decimals, as "
         "epb survey results computes it.")},
  };
}

std::string summary(const std::vector<SampleResult>& results, const Words& w) {
  std::int64_t sampled = 0, responded = 0;
  Proportion satisfied;
  for (const SampleResult& r : results) {
    sampled += r.group.sampled;
    responded += r.group.responded;
    satisfied.trials += r.group.all_satisfied.trials;
    satisfied.successes += r.group.all_satisfied.successes;
  }
  const std::string rate = ratio_percent_cell(responded, sampled).value_or("–");
  const std::string share = share_cell(satisfied).value_or("–");
  if (w.english)
    return fmt::format("{} sample{} for the period: {} called, {} responded ({}%); {}% of those who rated were "
                       "satisfied (95% interval {}–{}).",
                       results.size(), results.size() == 1 ? "" : "s", sampled, responded, rate, share,
                       low_cell(satisfied).value_or("–"), high_cell(satisfied).value_or("–"));
  return fmt::format(
      "期間內樣本 {} 個：抽樣受訪 {} 人，完訪 {} 人（{}%）；有效評分者滿意比率 {}%（95% 信賴區間 {}–{}）。",
      results.size(), sampled, responded, rate, share, low_cell(satisfied).value_or("–"),
      high_cell(satisfied).value_or("–"));
}

} // namespace

Result<void> add_survey_sections(Document& document, const ReportInputs& inputs, const ReportScope& scope) {
  const Words w{scope.english};
  std::vector<SampleResult> results;
  std::vector<std::string> missing;
  for (SampleOfPeriod& sample : samples_of_period(inputs.ledger.db(), scope.period, scope.as_of)) {
    const std::vector<std::string> services = services_in_scope(inputs.config, scope, sample);
    if (services.empty()) continue; // none of the scope's services
    SampleResult result{std::move(sample), {}, {}};
    if (!inputs.config.survey.find(result.sample.questionnaire)) {
      result.missing = result.sample.questionnaire;
      missing.push_back(fmt::format("{} ({})", result.sample.id, result.missing));
      results.push_back(std::move(result));
      continue;
    }
    ResultsQuery query;
    query.sample = result.sample.id;
    if (scope.unit || scope.service) query.services = services;
    query.as_of = scope.as_of;
    auto found = survey_results(inputs.ledger, inputs.config.survey, query);
    if (!found) return std::unexpected(found.error());
    if (!found->groups.empty()) result.group = std::move(found->groups.front());
    results.push_back(std::move(result));
  }
  Table surveys = surveys_table(results, w);
  if (!missing.empty())
    surveys.note = fmt::format(fmt::runtime(w("樣本 {} 之問卷已不在設定中：無法判定滿意分數，未計。",
                                              "The questionnaire of sample {} is no longer in the config: its "
                                              "satisfied scores are unknown, so it is not counted.")),
                               joined(missing));
  document.tables.push_back(std::move(surveys));
  document.tables.push_back(items_table(results, w));
  for (Definition& definition : survey_definitions(inputs.config, results, w))
    document.definitions.push_back(std::move(definition));
  document.sections.push_back(Section{
      "surveys", w("滿意度調查", "Satisfaction surveys"), {summary(results, w)}, {"surveys", "survey_items"}, {}});
  return {};
}

} // namespace epb::report
