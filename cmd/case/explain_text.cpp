#include "case/explain_text.hpp"

#include <array>

namespace epb::cli {
namespace {

struct Line {
  ExplainText id;
  std::string_view en;
  std::string_view zh;
};

// Positional arguments are the same in both languages; a translation may reorder them.
constexpr std::array<Line, static_cast<std::size_t>(ExplainText::count)> k_lines = {{
    {ExplainText::rule, "rule: {0} from {1} ({2}), calendar {3}\n", "規則：自 {1}（{2}）起 {0}，行事曆 {3}\n"},
    {ExplainText::counting_days,
     "counting: calendar days after the start day; a last day that is not a working day moves to the next working "
     "day (§48)\n",
     "計算：自起算日次日起算日曆天；期間末日非上班日者，以其次一上班日為期間末日（行政程序法第48條）\n"},
    {ExplainText::counting_workdays, "counting: working days after the start day\n", "計算：自起算日次日起算上班日\n"},
    {ExplainText::skipped_day, "skipped {0} {1} {2}{3}\n", "跳過 {0} {1} {2}{3}\n"},
    {ExplainText::skipped_none, "skipped: none\n", "跳過：無\n"},
    {ExplainText::deadline, "\ndeadline: {0} from {1}, calendar {2}\n", "\n期限：自 {1} 起 {0}，行事曆 {2}\n"},
    {ExplainText::sop_due, "  the SOP's due date: {0}{1}\n", "  依作業程序之期限：{0}{1}\n"},
    {ExplainText::stepping_over, ", stepping over", "，跳過"},
    {ExplainText::stepped_day, "    {0} {1}{2}\n", "    {0} {1}{2}\n"},
    {ExplainText::paused, "  paused {0} → {1}: {2} working day{3} added\n", "  暫停 {0} → {1}：順延 {2} 個上班日{3}\n"},
    {ExplainText::extended, "  extended on {0} by {1} working day{2}: {3}\n", "  {0} 展延 {1} 個上班日{2}：{3}\n"},
    {ExplainText::moved_over, "  moving the due date stepped over\n", "  順延期限時跳過\n"},
    {ExplainText::due, "  due: {0}\n", "  期限：{0}\n"},
    {ExplainText::ledger_differs,
     "  note: the ledger says {0} (calendar {1}); run 'epb case recompute' to apply the current calendar\n",
     "  注意：帳本記載為 {0}（行事曆 {1}）；執行 'epb case recompute' 以套用目前的行事曆\n"},
    {ExplainText::late, "{0} working day{1}", "{0} 個上班日{1}"},
    {ExplainText::provisional,
     "provisional: counted over a calendar year not yet published (after {0}): predicted from the statutory "
     "holidays, without bridge days; it moves if the official calendar differs\n",
     "暫定：{1} 年起的行事曆尚未公布，依法定假日推算（不含調整放假）；正式行事曆與推算不同時，期限隨之變動\n"},
    {ExplainText::footnote_advice,
     "* provisional: counted over a calendar year not yet published (after {0}); import the official year (epb "
     "calendar import), then run epb case recompute\n",
     "* 暫定：{1} 年起的行事曆尚未公布，依法定假日推算；匯入正式行事曆（epb calendar import）後執行 epb case "
     "recompute\n"},
    {ExplainText::footnote, "* provisional: counted over a calendar year not yet published (after {0})\n",
     "* 暫定：{1} 年起的行事曆尚未公布，依法定假日推算\n"},
    {ExplainText::recompute_note,
     "* provisional: counted over a calendar year not yet published: due_before by the calendar it was computed "
     "with, due_after by the current one (published to {0})\n",
     "* 暫定：依尚未公布之年度推算；due_before 依當時之行事曆，due_after 依目前之行事曆（公布至 {0} 年）\n"},
}};

// The table is indexed by id: an entry out of place is a build error, not a wrong line.
constexpr bool in_order() {
  for (std::size_t i = 0; i < k_lines.size(); ++i)
    if (static_cast<std::size_t>(k_lines[i].id) != i) return false;
  return true;
}
static_assert(in_order(), "k_lines must list every ExplainText once, in declaration order");

} // namespace

std::string explain_horizon(Context& context, ExplainText id) {
  const int last = context.calendar().last_published_year();
  return explain(context, id, last, last + 1);
}

std::string_view explain_format(const Context& context, ExplainText id) {
  const Line& line = k_lines[static_cast<std::size_t>(id)];
  return context.english() ? line.en : line.zh;
}

std::string day_kind_text(const Context& context, DayKind kind) {
  if (context.english()) return std::string(day_kind_name(kind));
  switch (kind) {
  case DayKind::working: return "上班日";
  case DayKind::makeup_workday: return "補行上班日";
  case DayKind::weekend: return "例假日";
  case DayKind::holiday: return "放假日";
  case DayKind::closure: return "停止上班";
  }
  return std::string(day_kind_name(kind));
}

std::string day_reason_text(const Context& context, std::string_view reason) {
  if (context.english()) return std::string(reason);
  if (reason == "Saturday") return "星期六";
  if (reason == "Sunday") return "星期日";
  return std::string(reason);
}

std::string rule_text(const Context& context, const DeadlineRule& rule) {
  if (context.english()) return rule.text();
  switch (rule.unit) {
  case DeadlineRule::Unit::workdays: return fmt::format("{} 個上班日", rule.count);
  case DeadlineRule::Unit::days: return fmt::format("{} 日（日曆天）", rule.count);
  case DeadlineRule::Unit::hours: return fmt::format("{} 小時", rule.count);
  }
  return rule.text();
}

std::string_view plural(const Context& context, int n) { return context.english() && n != 1 ? "s" : ""; }

} // namespace epb::cli
