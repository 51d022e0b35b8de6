#pragma once
// A payment purpose of the tests' own, to show the engine is generic: a small domain table
// keyed by case_id (a reward, approved or paid), with cases opened through the real desk.
#include "desk_test_support.hpp"
#include "epb/calendar/office_calendar.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/io/import_engine.hpp"
#include "epb/payment/payment.hpp"
#include "epb/payment/payment_result.hpp"
#include "epb/payment/payment_source.hpp"
#include "ledger_file_test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace epb::test {

constexpr std::string_view k_reward_table = R"sql(
CREATE TABLE test_reward (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL UNIQUE REFERENCES case_file(id),
  payee TEXT NOT NULL, bank_code TEXT NOT NULL, account TEXT NOT NULL, amount INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state = 'approved' OR state = 'paid'),
  last_failure TEXT NOT NULL DEFAULT '', paid_on TEXT
) STRICT;)sql";

// Offers every approved reward, including those already in an open batch: leaving those out is
// the engine's work, not the source's.
class RewardSource final : public PaymentSource {
public:
  std::string_view purpose() const override { return "reward"; }
  std::string_view batch_prefix() const override { return "RWD"; }
  void candidates(const PaymentScope& scope, const std::function<void(const PaymentCandidate&)>& each) const override {
    if (fail_on_call > 0 && ++calls == fail_on_call) throw Error("the source broke");
    auto& s = scope.ledger.db().prepare(
        "SELECT r.case_id, c.ref, r.payee, r.bank_code, r.account, r.amount FROM test_reward r "
        "JOIN case_file c ON c.id = r.case_id WHERE r.state = 'approved' ORDER BY c.ref");
    while (s.step())
      each(PaymentCandidate{s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.int64(5)});
  }
  Result<void> on_paid(const PaymentScope& scope, const PaymentItem& item) const override {
    if (item.ref == refuse_paid) return invalid(item.ref, "the reward was withdrawn");
    scope.ledger.db()
        .prepare("UPDATE test_reward SET state = 'paid', paid_on = :paid_on WHERE case_id = :case_id")
        .bind(":paid_on", item.paid_on->iso())
        .bind(":case_id", item.case_id)
        .run();
    return {};
  }
  Result<void> on_failed(const PaymentScope& scope, const PaymentItem& item, std::string_view reason) const override {
    scope.ledger.db()
        .prepare("UPDATE test_reward SET last_failure = :reason WHERE case_id = :case_id")
        .bind(":reason", reason)
        .bind(":case_id", item.case_id)
        .run();
    return {};
  }

  mutable int calls = 0;
  int fail_on_call = 0;
  std::string refuse_paid;
};

// A ledger file in a scratch directory of its own, with cases carrying approved rewards.
struct RewardLedger {
  explicit RewardLedger(int rewards, bool file = false)
      : dir(std::filesystem::temp_directory_path() / fmt::format("epb-payment-{}-{}", ::getpid(), ++count)) {
    std::filesystem::create_directories(dir);
    ledger = file ? Ledger::open(at("ledger.sqlite"), Ledger::Open::create) : Ledger::in_memory();
    if (file) ledger->migrate();
    ledger->db().exec(k_reward_table);
    protect.add_ledger(ledger->path());
    add(rewards);
  }
  ~RewardLedger() {
    ledger.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  // Opens `n` cases, each with an approved reward of NT$1,000 + its number.
  void add(int n) {
    CaseDesk desk{*ledger, config(), OfficeCalendar::builtin()};
    sql::Transaction transaction(ledger->db());
    for (int i = 0; i < n; ++i) {
      NewCase in;
      in.service = "petition";
      in.channel = "web";
      in.name = "王小明";
      in.subject = "檢舉工地揚塵";
      in.received = "2024-03-04 09:00";
      auto c = desk.open(at_clock, in);
      REQUIRE_MESSAGE(c, (c ? "" : c.error().message()));
      ++added;
      ledger->db()
          .prepare("INSERT INTO test_reward (case_id, payee, bank_code, account, amount, state) "
                   "VALUES (:case_id, :payee, '004', :account, :amount, 'approved')")
          .bind(":case_id", c->id)
          .bind(":payee", fmt::format("王小明{}", added))
          .bind(":account", fmt::format("{:014}", 12345678900000 + added))
          .bind(":amount", 1000 + added)
          .run();
    }
    transaction.commit();
  }
  std::string at(std::string_view name) const { return (dir / name).string(); }
  std::string read(std::string_view name) const {
    std::ifstream in(at(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void write(std::string_view name, std::string_view text) const { std::ofstream(at(name), std::ios::binary) << text; }
  std::int64_t count_of(std::string_view sql) { return test::count_of(*ledger, sql); }

  std::filesystem::path dir;
  std::unique_ptr<Ledger> ledger;
  ProtectedFiles protect;
  RewardSource source;
  Stamp at_clock = test::at("2024-03-04 09:00");     // cases and batches
  Stamp result_clock = test::at("2024-03-25 09:00"); // the bank's results
  int added = 0;
  static inline int count = 0;
};

// The tests' verbs: build a batch, import a result file, the n-th case's reference.
inline BatchRequest roster_at(RewardLedger& r, std::string_view name) {
  BatchRequest request;
  request.roster_path = r.at(name);
  request.protect = &r.protect;
  return request;
}

inline BuiltBatch build(RewardLedger& r, std::string_view name) {
  auto built = build_payment_batch(*r.ledger, r.source, r.at_clock, roster_at(r, name));
  REQUIRE_MESSAGE(built, (built ? "" : built.error().message()));
  return *built;
}

inline ImportSummary confirm(RewardLedger& r, std::string_view name, std::string_view text,
                             ImportOptions options = {}) {
  return import_results(*r.ledger, r.source, r.at(name), text, r.result_clock, options);
}

inline std::string ref_of(RewardLedger& r, int n) {
  auto& s = r.ledger->db().prepare("SELECT ref FROM case_file ORDER BY id LIMIT 1 OFFSET :n").bind(":n", n - 1);
  REQUIRE(s.step());
  std::string ref = s.text(0);
  s.reset();
  return ref;
}

} // namespace epb::test
