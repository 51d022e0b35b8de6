// The definitions of fee_definitions.hpp, in Traditional Chinese and English.
#include "epb/report/fee_definitions.hpp"

namespace epb::report {

std::vector<Definition> fee_definitions(bool english) {
  if (english)
    return {
        {"fee_scope", "Fees",
         "The construction air-pollution control fee, per unit and service of its projects' cases; the water "
         "pollution control fee, per half-year it is for. Amounts are whole NT$. As of the as-of moment: a "
         "declaration counts from when it was recorded, a payment from when it was recorded, a cancelled slip "
         "from the settlement that cancelled it."},
        {"fee_assessed", "Assessed",
         "The principal of the payment slips issued by the declarations and settlements recorded in the period "
         "(a start declaration's schedule, a settlement's top-up), less the slips settlements recorded in the "
         "period cancelled; it can be negative. An exempt fee (at most NT$100) is declared but not assessed. "
         "Declarations counts the start declarations and settlements recorded in the period."},
        {"fee_collected", "Collected",
         "What the payers paid in the period (the payment's date, Taipei), recorded by the as-of moment: "
         "principal, surcharge and interest; late charges is the surcharge and interest of it."},
        {"fee_outstanding", "Outstanding at period end",
         "The principal of the slips issued by the period end and neither paid (a payment dated by its last day "
         "and recorded by the as-of moment) nor cancelled by then, whenever issued; overdue at end is the part of "
         "it past its due date then. Late charges are not included."},
        {"fee_refunds", "Refunds",
         "Settlements recorded in the period whose settled fee is below what had been paid: their count and the "
         "NT$ owed back to the payer."},
        {"fee_late_payers", "Late payers contacted",
         "Projects sent a dunning notice (催繳) in the period after the due date of the slip it was about; dunning "
         "notices counts every fee dunning notice sent in the period, the reminders before the due date too."},
        {"water_fee", "Water pollution control fee",
         "Per half-year the fee is for: declarations and declared (not exempt) NT$ recorded in the period (an "
         "amended declaration counts when last amended), payments paid in the period and recorded by the as-of "
         "moment with their interest, and the declared NT$ not paid by the period end (of it overdue: past the due "
         "date, 31 July or 31 January). Tracked per business, it is left out under --unit or --service."},
    };
  return {
      {"fee_scope", "規費",
       "營建工程空氣污染防制費依其工程案件之單位及服務分列；水污染防治費依費用期別（半年）分列。金額為新臺幣元。"
       "依查詢時點：申報自其記錄時起算，繳費自其記錄時起算，註銷之繳費單自註銷它之結算申報起算。"},
      {"fee_assessed", "核定金額",
       "期間內記錄之申報及結算所開立繳費單之本金（開工申報之繳費期程、結算之補繳），減去期間內結算所註銷之繳費單；"
       "可為負數。免徵之費額（新臺幣 100 元以下）僅申報不核定。申報數為期間內記錄之開工申報及結算申報件數。"},
      {"fee_collected", "實收金額",
       "繳費人於期間內（繳費日，臺北時間）繳納且於查詢時點前已記錄之金額，含本金、滯納金及利息；其中滯納金及利息另列"
       "。"},
      {"fee_outstanding", "期末未繳",
       "期末前已開立、且期末前未繳納（繳費日不晚於期末日且於查詢時點前已記錄）亦未註銷之繳費單本金，不論何時開立；"
       "期末逾期未繳為其中期末已逾繳費期限者。不含滯納金及利息。"},
      {"fee_refunds", "退費", "期間內記錄之結算申報中，結算費額低於已繳金額者：其件數及應退還繳費人之金額。"},
      {"fee_late_payers", "已催繳逾期案件",
       "期間內於繳費單繳費期限後寄出催繳通知之工程案件數；催繳通知數為期間內寄出之全部規費催繳通知，含期限前之提醒。"},
      {"water_fee", "水污染防治費",
       "依費用期別（半年）：期間內記錄之申報數及申報金額（不含免徵；修正之申報以最後修正時計）、期間內繳納且於查詢"
       "時點前已記錄之繳費及其利息，以及期末前未繳之申報金額（其中逾期：已過繳費期限 7 月 31 日或 1 月 31 日）。"
       "依事業追蹤，指定 --unit 或 --service 時不列。"},
  };
}

} // namespace epb::report
