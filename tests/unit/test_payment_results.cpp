// The bank's results through the import engine: paid and failed, idempotent re-imports, refused
// rows naming FILE:LINE and the field, and a kill -9 in the middle of an import.
#include "epb/core/sha256.hpp"
#include "epb/payment/payment.hpp"
#include "epb/payment/payment_result.hpp"
#include "epb/validate/money.hpp"
#include "payment_test_support.hpp"

#include <doctest/doctest.h>

#include <csignal>

#include <sys/wait.h>

using namespace epb;
using test::build;
using test::confirm;
using test::ref_of;
using test::RewardLedger;

TEST_CASE("payment results: paid and failed, confirmed once all are in, and re-importing pays nothing twice") {
  RewardLedger r(3);
  const BuiltBatch built = build(r, "roster.csv");
  const std::string a = ref_of(r, 1), b = ref_of(r, 2), c = ref_of(r, 3);
  const std::string partial = fmt::format("batch,ref,amount,status,reason,paid_on\n"
                                          "RWD-113-0001,{},1001,paid,,2024-03-08\n"
                                          "RWD-113-0001,{},\"1,002\",failed,帳號不符,\n",
                                          a, b);
  auto summary = confirm(r, "result.csv", partial);
  CHECK(summary.errors.empty());
  CHECK(summary.imported == 2);
  CHECK(r.count_of("SELECT count(*) FROM test_reward WHERE state = 'paid'") == 1);
  CHECK(r.count_of("SELECT count(*) FROM test_reward WHERE last_failure = '帳號不符'") == 1);
  CHECK(find_payment_batch(*r.ledger, built.ref)->state == BatchState::open);

  // The failed reward is due again and goes into the next batch, while the first is open.
  const BuiltBatch next = build(r, "roster2.csv");
  CHECK(next.ref == "RWD-113-0002");
  CHECK(next.items == 1);
  CHECK(payment_batch_items(*r.ledger, next.id)[0].ref == b);

  // The same file again: duplicates only, nothing changes.
  const auto paid_before = r.count_of("SELECT count(*) FROM payment_item WHERE state = 'paid'");
  summary = confirm(r, "result.csv", partial);
  CHECK(summary.errors.empty());
  CHECK(summary.imported == 0);
  CHECK(summary.skipped == 2);
  CHECK(r.count_of("SELECT count(*) FROM payment_item WHERE state = 'paid'") == paid_before);

  summary = confirm(r, "rest.csv",
                    fmt::format("batch,ref,amount,status,reason,paid_on\nRWD-113-0001,{},1003,paid,,2024-03-08\n"
                                "RWD-113-0002,{},1002,paid,,2024-03-20\n",
                                c, b));
  CHECK(summary.errors.empty());
  CHECK(summary.imported == 2);
  const auto first = find_payment_batch(*r.ledger, built.ref);
  CHECK(first->state == BatchState::confirmed);
  CHECK(first->confirmed_at == r.result_clock.at);
  CHECK(first->paid == 2);
  CHECK(first->failed == 1);
  CHECK(find_payment_batch(*r.ledger, next.ref)->state == BatchState::confirmed);
  CHECK(r.count_of("SELECT count(*) FROM test_reward WHERE state = 'paid'") == 3);

  const auto totals = payment_totals(*r.ledger);
  REQUIRE(totals.size() == 1);
  CHECK(totals[0].purpose == "reward");
  CHECK(totals[0].paid == 3);
  CHECK(totals[0].paid_total == 3006);
  CHECK(totals[0].failed == 1);
  CHECK(totals[0].awaiting == 0);
  CHECK(list_payment_batches(*r.ledger, "reward").size() == 2);
  CHECK(list_payment_batches(*r.ledger, "subsidy").empty());
  CHECK(payment_items_of_case(*r.ledger, 2).size() == 2);

  // Everything paid: nothing is due.
  CHECK(!build_payment_batch(*r.ledger, r.source, r.at_clock, roster_at(r, "roster3.csv")));
}

TEST_CASE("payment results: refused rows name FILE:LINE and the field, and nothing is written") {
  RewardLedger r(2);
  build(r, "roster.csv");
  const std::string a = ref_of(r, 1), b = ref_of(r, 2);
  REQUIRE(confirm(r, "paid.csv",
                  fmt::format("batch,ref,amount,status,reason,paid_on\n"
                              "RWD-113-0001,{},1001,paid,,2024-03-08\n",
                              a))
              .errors.empty());
  const auto dump = [&] {
    return r.count_of("SELECT count(*) FROM payment_item WHERE state <> 'in_batch'") * 1000 +
           r.count_of("SELECT count(*) FROM event");
  };
  r.ledger->db().exec("INSERT INTO payment_batch (purpose, ref, prefix, roc_year, seq, state, created_at, actor, "
                      "roster_file, roster_sha256, item_count, total) VALUES ('subsidy', 'PAY-113-0001', 'PAY', 113, "
                      "1, 'open', 0, 'x', 'f', '" +
                      std::string(64, '0') + "', 1, 1)");
  const auto before = dump();
  const auto refused = [&](std::string line, std::string expected) {
    CAPTURE(line);
    const auto summary = confirm(r, "bad.csv", "batch,ref,amount,status,reason,paid_on\n" + line + "\n");
    REQUIRE(summary.errors.size() == 1);
    CHECK(summary.errors[0] == r.at("bad.csv") + ":2: " + expected);
    CHECK(!summary.written);
    CHECK(dump() == before);
  };
  refused(fmt::format("RWD-113-0001,{},1001,failed,退匯,", a),
          fmt::format("status: {} was paid on 2024-03-08 in batch RWD-113-0001; a paid transfer cannot fail", a));
  refused(fmt::format("RWD-113-0001,{},1001,paid,,2024-03-09", a),
          fmt::format("paid_on: {} was paid on 2024-03-08 in batch RWD-113-0001, not 2024-03-09", a));
  refused(fmt::format("RWD-113-0001,{},9999,paid,,2024-03-08", b),
          fmt::format("amount: NT$9999 for {}, but batch RWD-113-0001 pays NT$1002", b));
  refused("RWD-113-0001,PET-113-999999,1002,paid,,2024-03-08",
          "ref: PET-113-999999 is not in payment batch RWD-113-0001");
  refused(fmt::format("RWD-113-0042,{},1002,paid,,2024-03-08", b), "batch: RWD-113-0042: no such payment batch");
  refused(fmt::format("PAY-113-0001,{},1002,paid,,2024-03-08", b),
          "batch: PAY-113-0001 is a subsidy batch, not reward");
  refused(fmt::format("RWD-113-0001,{},1002,paid,,2024-03-03", b),
          "paid_on: 2024-03-03 is before batch RWD-113-0001 was built (2024-03-04)");
  refused(fmt::format("RWD-113-0001,{},1002,paid,,2024-03-26", b), "paid_on: 2024-03-26 is in the future");
  refused(fmt::format("RWD-113-0001,{},1002,bounced,,", b), "status: 'bounced': paid or failed");
  refused(fmt::format("RWD-113-0001,{},1002,failed,,", b), "reason: required for a failed transfer");
  refused(fmt::format("RWD-113-0001,{},1002,paid,,", b), "paid_on: required for a paid transfer");
  refused(fmt::format("RWD-113-0001,{},-5,paid,,2024-03-08", b), "amount: " + parse_money("-5").error().why);

  // A hook that refuses undoes its row; --on-duplicate error refuses a repeated result.
  r.source.refuse_paid = b;
  refused(fmt::format("RWD-113-0001,{},1002,paid,,2024-03-08", b), fmt::format("{}: the reward was withdrawn", b));
  CHECK(payment_batch_items(*r.ledger, 1)[1].state == PaymentState::in_batch);
  ImportOptions strict;
  strict.on_duplicate = OnDuplicate::error;
  const auto summary = confirm(r, "again.csv",
                               fmt::format("batch,ref,amount,status,reason,paid_on\n"
                                           "RWD-113-0001,{},1001,paid,,2024-03-08\n",
                                           a),
                               strict);
  REQUIRE(summary.errors.size() == 1);
  CHECK(summary.errors[0].ends_with(fmt::format("ref: {}: recorded as paid already", a)));

  // The roster returned by the bank with its result columns added: the TOTAL line is skipped.
  r.source.refuse_paid.clear();
  const auto returned = confirm(r, "returned.csv",
                                fmt::format("batch,ref,payee,bank_code,account,amount,status,reason,paid_on\n"
                                            "RWD-113-0001,{},王小明2,004,12345678900002,1002,paid,,2024-03-08\n"
                                            "RWD-113-0001,TOTAL,2,,,2003,,,\n",
                                            b));
  CHECK(returned.errors.empty());
  CHECK(returned.imported == 1);
  CHECK(find_payment_batch(*r.ledger, "RWD-113-0001")->state == BatchState::confirmed);
}

TEST_CASE("payment results: a kill -9 during the import leaves every result and its hook, or none") {
  RewardLedger r(3000, true);
  const BuiltBatch built = build(r, "roster.csv");
  std::string body = "batch,ref,amount,status,reason,paid_on\n";
  for (const auto& item : payment_batch_items(*r.ledger, built.id))
    fmt::format_to(std::back_inserter(body), "{},{},{},{}\n", built.ref, item.ref, item.amount,
                   item.id % 3 == 0 ? "failed,退匯," : "paid,,2024-03-08");
  r.write("result.csv", body);
  const std::string path = r.ledger->path();
  r.ledger.reset();
  int whole = 0, none = 0;
  for (int round = 0; whole == 0 && round < 40; ++round) { // up to 0.8 s: a loaded machine imports slowly
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      auto ledger = Ledger::open(path, Ledger::Open::existing);
      TextSource source(r.at("result.csv"), TextSource::Encoding::utf8);
      auto reader = make_record_reader(source, InputFormat::csv);
      PaymentResultTarget target(*ledger, r.source, r.result_clock);
      (void)run_import(*ledger, **reader, target, {}, {});
      ::_exit(0);
    }
    ::usleep(static_cast<useconds_t>(round * 20'000));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);

    auto ledger = Ledger::open(path, Ledger::Open::existing);
    const auto batch = find_payment_batch(*ledger, built.ref);
    REQUIRE(batch);
    auto& s = ledger->db().prepare("SELECT count(*) FROM test_reward WHERE state = 'paid'");
    s.step();
    const std::int64_t rewards_paid = s.int64(0);
    s.reset();
    CHECK(rewards_paid == batch->paid); // the hooks ran in the engine's transaction
    if (batch->awaiting == 3000) {
      CHECK(batch->state == BatchState::open);
      ++none;
    } else {
      CHECK(batch->awaiting == 0);
      CHECK(batch->paid == 2000);
      CHECK(batch->state == BatchState::confirmed);
      ++whole;
    }
  }
  CHECK(whole == 1);
  MESSAGE(fmt::format("{} rounds killed before the commit", none));
}
