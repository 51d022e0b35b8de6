#pragma once
// A ledger file with cases and whistleblower rewards decided through the real desks, paid
// through the payment engine: shared by the reward and roster tests.
#include "desk_test_support.hpp"
#include "epb/calendar/office_calendar.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/payment/payment.hpp"
#include "epb/reward/reward.hpp"
#include "ledger_file_test_support.hpp"

namespace epb::test {

struct RewardWorld : LedgerFile {
  RewardWorld() : LedgerFile("reward") {}

  // Opens a complaint case and returns its reference.
  std::string open_case() {
    CaseDesk cases{*ledger, config(), OfficeCalendar::builtin()};
    NewCase in;
    in.service = "petition";
    in.channel = "web";
    in.name = "檢舉人";
    in.subject = "檢舉工地揚塵";
    in.received = "2018-03-05 09:00";
    auto c = cases.open(at("2018-03-05 09:00"), in);
    REQUIRE_MESSAGE(c, (c ? "" : c.error().message()));
    return c->ref;
  }

  // A valid reward for `ref`, to vary one field of.
  static NewReward reward_for(const std::string& ref, std::string amount = "5000") {
    NewReward r;
    r.case_ref = ref;
    r.payee = "王小明";
    r.id_number = "A123456789";
    r.bank_code = "004";
    r.account_number = "1234-5678-9012";
    r.amount = std::move(amount);
    r.reason = "裁處罰鍰";
    return r;
  }

  Result<Reward> add(const NewReward& in, const char* when = "2018-03-06 10:00") { return desk.add(at(when), in); }

  Result<BuiltBatch> batch(std::string_view name, const char* when = "2018-03-07 10:00") {
    BatchRequest request;
    request.roster_path = path(name);
    request.protect = &protect;
    return build_payment_batch(*ledger, source, at(when), request);
  }

  ImportSummary confirm(std::string_view name, std::string_view text, const char* when = "2018-03-20 10:00") {
    return import_results(*ledger, source, path(name), text, at(when));
  }
  std::int64_t count_of(std::string_view sql) { return test::count_of(*ledger, sql); }

  RewardDesk desk{*ledger};
  RewardPaymentSource source;
};

inline constexpr const char* k_result_header = "batch,ref,amount,status,reason,paid_on\n";

} // namespace epb::test
