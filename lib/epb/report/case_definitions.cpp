// The definitions of case_definitions.hpp, in Traditional Chinese and English.
#include "epb/report/case_definitions.hpp"

#include <fmt/format.h>

namespace epb::report {
namespace {

std::string years_text(const std::vector<int>& years) {
  std::string text;
  for (int year : years)
    text += (text.empty() ? "" : ", ") + std::to_string(year);
  return text;
}

std::vector<Definition> english(const CalendarUsed& calendar) {
  std::vector<Definition> out = {
      {"clock", "Clock",
       "Every date is a calendar date in Asia/Taipei (UTC+8); a case belongs to the period its Taipei date falls "
       "in. Times are the ledger's recorded moments (UTC)."},
      {"received", "Received", "Cases whose received date falls in the period."},
      {"closed", "Closed",
       "Cases whose closing date falls in the period, whenever they were received. A reopened case counts once, "
       "by its last close up to the as-of moment; while reopened it is open."},
      {"on_time", "Closed on time",
       "A closed case is on time when it was closed no later than its due moment: the end (23:59:59 Taipei) of "
       "its due date, counted by its service's SOP rule from receipt (or from reopening), moved by extensions "
       "granted and by paused (補件, awaiting documents) working days. on_time_pct = closed_on_time / closed × 100, "
       "to two decimals; none when nothing was closed."},
      {"open_at_end", "Open at period end",
       "Cases received by the period end and not closed by it (the period end is its last second, or the as-of "
       "moment when that comes first), whenever received."},
      {"overdue_at_end", "Overdue at period end",
       "Of the cases open at period end, those whose due moment then in force had passed and that were not "
       "paused at that moment. A due date moved by an extension granted after the period end counts as it was "
       "before."},
      {"workdays", "Working days to close",
       "Working days after the received date up to and including the closing date, by the office calendar "
       "(weekends, holidays, make-up working Saturdays, closures); paused days are not taken off. The median and "
       "the 90th percentile are nearest-rank values over the cases closed in the period."},
      {"extensions", "Extensions", "Extensions granted in the period."},
      {"pauses", "Pauses", "Pauses (補件) begun in the period."},
      {"repeats", "Repeated complaints",
       "Cases received in the period that repeat an earlier case of the same service, person, matter and place "
       "within two months."},
      {"notices", "Notices sent", "Notices sent in the period about the cases, by level."},
      {"calendar", "Office calendar",
       fmt::format("Working days are counted with office calendar {} (published years {}).", calendar.version,
                   calendar.published)},
  };
  if (!calendar.provisional_years.empty())
    out.push_back({"provisional", "Provisional days",
                   fmt::format("Days of {} come from a provisional calendar (predicted from the statutory holidays, "
                               "not yet published): counts over them may change when the official calendar is "
                               "imported.",
                               years_text(calendar.provisional_years))});
  return out;
}

std::vector<Definition> chinese(const CalendarUsed& calendar) {
  std::vector<Definition> out = {
      {"clock", "時間基準",
       "所有日期以臺北時間（UTC+8）之日曆日計；案件依其臺北日期歸入期間。時刻為帳本記錄之時點（UTC）。"},
      {"received", "收件數", "收件日期在期間內之案件。"},
      {"closed", "結案數",
       "結案日期在期間內之案件，不論何時收件。重新開啟之案件以截至查詢時點之最後一次結案計一次；重新開啟期間視為未結"
       "。"},
      {"on_time", "準時結案",
       "結案時點不晚於其期限時點者為準時：期限日（臺北時間 23:59:59）依該服務 SOP "
       "規則自收件（或重新開啟）起算，並計入核准之展延與補件暫停之工作日。準時率 = 準時結案數 ÷ 結案數 × "
       "100，取至小數二位；期間內無結案者不計。"},
      {"open_at_end", "期末未結", "期末（期間最後一秒，或查詢時點較早者）前已收件而尚未結案之案件，不論何時收件。"},
      {"overdue_at_end", "期末逾期",
       "期末未結案件中，當時有效之期限已過且當時未在補件暫停中者。期末後核准之展延，以展延前之期限計。"},
      {"workdays", "結案工作天數",
       "收件日之次日起至結案日止之工作日數，依行政機關辦公日曆表（週末、放假日、補行上班日、停止上班日）；補件暫停日不"
       "扣除。中位數與第 90 "
       "百分位數以期間內結案案件之最近秩（nearest-rank）計。"},
      {"extensions", "展延次數", "期間內核准之展延。"},
      {"pauses", "補件次數", "期間內開始之補件暫停。"},
      {"repeats", "重複陳情", "期間內收件、與兩個月內同一服務、同一人、同一事項及地點之前案重複者。"},
      {"notices", "通知數", "期間內就案件寄出之通知，依層級分列。"},
      {"calendar", "辦公日曆",
       fmt::format("工作日依辦公日曆 {}（已公告年度 {}）計算。", calendar.version, calendar.published)},
  };
  if (!calendar.provisional_years.empty())
    out.push_back({"provisional", "暫定日曆",
                   fmt::format("{} 年之日期依暫定日曆（依法定節日推估，尚未公告）計算；匯入正式日曆後數字可能變動。",
                               years_text(calendar.provisional_years))});
  return out;
}

} // namespace

std::vector<Definition> case_definitions(bool in_english, const CalendarUsed& calendar) {
  return in_english ? english(calendar) : chinese(calendar);
}

} // namespace epb::report
