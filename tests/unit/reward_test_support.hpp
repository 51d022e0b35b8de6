#pragma once
// A ledger file with cases and whistleblower rewards decided through the real desks, paid
// through the payment engine: shared by the reward and roster tests.
#include "desk_test_support.hpp"
#include "epb/calendar/office_calendar.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/io/import_engine.hpp"
#include "epb/io/text_source.hpp"
#include "epb/payment/payment.hpp"
#include "epb/payment/payment_result.hpp"
#include "epb/reward/reward.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace epb::test {

struct RewardWorld {
  RewardWorld()
      : dir(std::filesystem::temp_directory_path() / fmt::format("epb-reward-{}-{}", ::getpid(), ++count)),
        ledger(open(dir)) {
    protect.add_ledger(ledger->path());
  }
  static std::unique_ptr<Ledger> open(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    auto ledger = Ledger::open((dir / "ledger.sqlite").string(), Ledger::Open::create);
    ledger->migrate();
    return ledger;
  }
  ~RewardWorld() {
    ledger.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string path(std::string_view name) const { return (dir / name).string(); }

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
    std::ofstream(path(name), std::ios::binary) << text;
    TextSource input(path(name), TextSource::Encoding::utf8);
    auto reader = make_record_reader(input, InputFormat::csv);
    REQUIRE(reader);
    const Stamp stamp = at(when);
    PaymentResultTarget target(*ledger, source, stamp);
    return run_import(*ledger, **reader, target, ImportOptions{}, {});
  }

  std::int64_t count_of(std::string_view sql) {
    auto& s = ledger->db().prepare(sql);
    s.step();
    const std::int64_t n = s.int64(0);
    s.reset();
    return n;
  }

  std::filesystem::path dir;
  std::unique_ptr<Ledger> ledger;
  ProtectedFiles protect;
  RewardDesk desk{*ledger};
  RewardPaymentSource source;
  static inline int count = 0;
};

inline constexpr const char* k_result_header = "batch,ref,amount,status,reason,paid_on\n";

} // namespace epb::test
