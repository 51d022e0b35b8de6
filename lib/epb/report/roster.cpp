// The remittance roster report: its query (payment items with the payee's ID number from the
// purpose's own table) and its document.
#include "epb/report/roster.hpp"

#include "epb/ledger/stored_date.hpp"
#include "epb/payment/payment.hpp"
#include "epb/validate/money.hpp"

#include <fmt/format.h>

#include <set>

namespace epb::report {
namespace {

// The payee's ID number lives with the purpose: a subsidy's applicant (a person's ID or a
// business's UBN), a reward's payee (always a person).
// The payee's ID number lives with the purpose: a subsidy's applicant (a person's ID or a
// business's UBN), a reward's payee (always a person). A result recorded after the as-of
// moment was not known then: the item was still in its batch.
constexpr std::string_view k_lines = R"sql(
WITH item AS (
  SELECT p.batch_id, p.id, p.purpose, p.case_id, p.payee, p.bank_code, p.account, p.amount,
    CASE WHEN p.result_at <= :as_of THEN p.state ELSE 'in_batch' END AS state,
    CASE WHEN p.result_at <= :as_of THEN p.paid_on END AS paid_on
  FROM payment_item p
  WHERE p.purpose = :purpose AND (:batch_id = 0 OR p.batch_id = :batch_id)
)
SELECT b.ref, c.ref, i.payee, coalesce(s.applicant_id, r.id_number, ''),
  CASE WHEN s.applicant_type = 'business' THEN 0 ELSE 1 END, i.bank_code, i.account, i.amount, i.state, i.paid_on
FROM item i
JOIN payment_batch b ON b.id = i.batch_id
JOIN case_file c ON c.id = i.case_id
LEFT JOIN subsidy_application s ON i.purpose = 'subsidy' AND s.case_id = i.case_id
LEFT JOIN case_reward r ON i.purpose = 'reward' AND r.case_id = i.case_id
WHERE b.created_at <= :as_of
  AND (:batch_id <> 0 OR (i.state = 'paid' AND i.paid_on >= :from AND i.paid_on <= :to))
ORDER BY CASE WHEN :batch_id = 0 THEN i.paid_on ELSE '' END, b.id, i.id)sql";

RosterLine read_line(const sql::Statement& s) {
  RosterLine line;
  line.batch = s.text(0);
  line.ref = s.text(1);
  line.payee = s.text(2);
  line.id_number = s.text(3);
  line.person = s.int64(4) != 0;
  line.bank_code = s.text(5);
  line.account = s.text(6);
  line.amount = s.int64(7);
  line.state = s.text(8);
  if (!s.is_null(9)) line.paid_on = stored_date(s.text_view(9), "payment_item.paid_on");
  return line;
}

std::string_view pick(bool english, std::string_view en, std::string_view zh) { return english ? en : zh; }

std::string title_of(const RosterScope& scope) {
  const bool en = scope.english;
  const std::string what(scope.purpose == RosterPurpose::subsidy
                             ? pick(en, "Subsidy remittance roster", "補助款匯款清冊")
                             : pick(en, "Whistleblower reward remittance roster", "檢舉獎勵金匯款清冊"));
  if (scope.batch) return fmt::format("{} {}", what, *scope.batch);
  return en ? fmt::format("{} {}", what, *scope.year) : fmt::format("{} {} 年", what, *scope.year);
}

std::vector<Definition> definitions_of(const RosterScope& scope) {
  const bool en = scope.english;
  std::vector<Definition> out;
  if (scope.batch)
    out.push_back({"roster", std::string(pick(en, "Roster", "清冊")),
                   std::string(pick(en,
                                    "Every transfer of the batch as it went to the bank, in its order, whatever "
                                    "the bank's result since (state: in_batch awaiting it, paid, failed).",
                                    "該批次送交銀行之每筆匯款，依原順序列出，不論其後銀行回覆結果"
                                    "（state：in_batch 待回覆、paid 已入帳、failed 失敗）。"))});
  else
    out.push_back({"roster", std::string(pick(en, "Roster", "清冊")),
                   std::string(pick(en,
                                    "The transfers the bank paid in the year: paid_on, the Taipei date the bank "
                                    "reported, falls in it. Failed and unanswered transfers are not listed.",
                                    "該年度銀行已入帳之匯款（入帳日 paid_on 為臺北日期，落於該年度）；"
                                    "失敗或未回覆者不列入。"))});
  out.push_back({"masked", std::string(pick(en, "Personal data", "個人資料")),
                 std::string(pick(en,
                                  "Names, ID numbers and account numbers of persons are masked (王O明, "
                                  "A12****789, ********5678) unless --reveal-pii was given, which is recorded "
                                  "for every case listed before the roster is written.",
                                  "個人姓名、身分證字號及帳號預設遮蔽（王O明、A12****789、********5678）；"
                                  "使用 --reveal-pii 時，於輸出前逐案記錄揭露。"))});
  out.push_back({"amount", std::string(pick(en, "Amount", "金額")),
                 std::string(pick(en, "Whole New Taiwan dollars, as transferred.", "新臺幣元，整數，即匯款金額。"))});
  return out;
}

std::vector<Column> payment_columns(bool en) {
  using T = CellType;
  return {{"seq", std::string(pick(en, "No.", "序號")), T::integer},
          {"batch", std::string(pick(en, "Batch", "批次")), T::text},
          {"ref", std::string(pick(en, "Case", "案號")), T::text},
          {"payee", std::string(pick(en, "Payee", "受款人")), T::text},
          {"id_number", std::string(pick(en, "ID number", "身分證字號")), T::text},
          {"bank_code", std::string(pick(en, "Bank code", "銀行代碼")), T::text},
          {"account", std::string(pick(en, "Account", "帳號")), T::text},
          {"amount", std::string(pick(en, "Amount (NT$)", "金額（元）")), T::money},
          {"state", std::string(pick(en, "State", "狀態")), T::text},
          {"paid_on", std::string(pick(en, "Paid on", "入帳日")), T::date}};
}

} // namespace

std::string_view roster_purpose_name(RosterPurpose purpose) {
  return purpose == RosterPurpose::subsidy ? "subsidy" : "reward";
}

Result<std::vector<RosterLine>> roster_lines(Ledger& ledger, const RosterScope& scope) {
  const std::string_view purpose = roster_purpose_name(scope.purpose);
  std::int64_t batch_id = 0;
  if (scope.batch) {
    const auto batch = find_payment_batch(ledger, *scope.batch);
    if (!batch || batch->purpose != purpose)
      return not_found(fmt::format("{} payment batch {}", purpose, *scope.batch));
    if (batch->created_at > scope.as_of)
      return not_found(fmt::format("{} payment batch {}", purpose, *scope.batch),
                       fmt::format("built after the as-of moment ({})", scope.as_of.utc()));
    batch_id = batch->id;
  }
  const Period period = year_period(scope.year.value_or(1970));
  auto& s = ledger.db()
                .prepare(k_lines)
                .bind(":as_of", scope.as_of.unix_seconds())
                .bind(":purpose", purpose)
                .bind(":batch_id", batch_id)
                .bind(":from", period.from.iso())
                .bind(":to", period.to.iso());
  std::vector<RosterLine> lines;
  while (s.step())
    lines.push_back(read_line(s));
  return lines;
}

std::vector<std::string> roster_refs(const std::vector<RosterLine>& lines) {
  std::vector<std::string> refs;
  std::set<std::string_view> seen;
  for (const auto& line : lines)
    if (seen.insert(line.ref).second) refs.push_back(line.ref);
  return refs;
}

Document roster_document(const RosterScope& scope, const std::vector<RosterLine>& lines, const Disclosure& shown) {
  const bool en = scope.english;
  Document document;
  document.kind = "roster";
  document.lang = en ? "en" : "zh-TW";
  document.title = title_of(scope);
  document.set_fact("purpose", std::string(roster_purpose_name(scope.purpose)));
  if (scope.batch) document.set_fact("batch", *scope.batch);
  if (scope.year) document.set_fact("year", std::to_string(*scope.year));
  std::int64_t total = 0;
  for (const auto& line : lines)
    total += line.amount;
  document.set_fact("items", std::to_string(lines.size()));
  document.set_fact("total", std::to_string(total));
  document.set_fact("personal_data", shown.reveals() ? "revealed" : "masked");
  document.set_fact("as_of", scope.as_of.utc());
  document.set_fact("generated_at", scope.generated_at.utc());
  document.definitions = definitions_of(scope);

  Table payments{"payments", std::string(pick(en, "Transfers", "匯款明細")), payment_columns(en), {}, {}};
  payments.rows.reserve(lines.size());
  std::int64_t seq = 0;
  for (const auto& line : lines) {
    // A business's name and UBN are no personal data; its account is still masked.
    const auto personal = [&](PersonalData kind, const std::string& value) {
      return line.person ? shown.show(kind, value) : value;
    };
    payments.rows.push_back({std::to_string(++seq), line.batch, line.ref, personal(PersonalData::name, line.payee),
                             personal(PersonalData::id_number, line.id_number), line.bank_code,
                             shown.show(PersonalData::bank_account, line.account), std::to_string(line.amount),
                             line.state, line.paid_on ? Cell(line.paid_on->iso()) : Cell()});
  }
  Table totals{"total",
               std::string(pick(en, "Total", "合計")),
               {{"items", std::string(pick(en, "Transfers", "筆數")), CellType::integer},
                {"amount", std::string(pick(en, "Amount (NT$)", "金額（元）")), CellType::money}},
               {{std::to_string(lines.size()), std::to_string(total)}},
               en ? fmt::format("{} transfer{}, NT${}", lines.size(), lines.size() == 1 ? "" : "s", format_money(total))
                  : fmt::format("共 {} 筆，新臺幣 {} 元", lines.size(), format_money(total))};
  document.sections.push_back(
      Section{"roster", std::string(pick(en, "Roster", "清冊")), {}, {"payments", "total"}, {}});
  document.tables.push_back(std::move(payments));
  document.tables.push_back(std::move(totals));
  document.primary = "payments";
  return document;
}

} // namespace epb::report
