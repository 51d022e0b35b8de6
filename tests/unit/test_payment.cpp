// The payment engine with a purpose of the tests' own (rewards): batches, the roster, the
// bank's results through the import engine, and the invariants the schema keeps by itself.
#include "epb/core/sha256.hpp"
#include "epb/payment/payment.hpp"
#include "epb/payment/payment_result.hpp"
#include "epb/validate/bank_account.hpp"
#include "epb/validate/money.hpp"
#include "payment_test_support.hpp"

#include <doctest/doctest.h>

#include <csignal>

#include <sys/stat.h>
#include <sys/wait.h>

using namespace epb;
using test::RewardLedger;

namespace {

BatchRequest roster_at(RewardLedger& r, std::string_view name) {
  BatchRequest request;
  request.roster_path = r.at(name);
  request.protect = &r.protect;
  return request;
}

BuiltBatch build(RewardLedger& r, std::string_view name) {
  auto built = build_payment_batch(*r.ledger, r.source, r.at_clock, roster_at(r, name));
  REQUIRE_MESSAGE(built, (built ? "" : built.error().message()));
  return *built;
}

ImportSummary confirm(RewardLedger& r, std::string_view name, std::string_view text, ImportOptions options = {}) {
  r.write(name, text);
  TextSource source(r.at(name), TextSource::Encoding::utf8);
  auto reader = make_record_reader(source, InputFormat::csv);
  REQUIRE(reader);
  PaymentResultTarget target(*r.ledger, r.source, r.result_clock);
  return run_import(*r.ledger, **reader, target, options, {});
}

std::string ref_of(RewardLedger& r, int n) {
  auto& s = r.ledger->db().prepare("SELECT ref FROM case_file ORDER BY id LIMIT 1 OFFSET :n").bind(":n", n - 1);
  REQUIRE(s.step());
  std::string ref = s.text(0);
  s.reset();
  return ref;
}

} // namespace

TEST_CASE("sha256: the FIPS 180-4 examples, in pieces of any size") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 pieces;
  const std::string a(1000, 'a');
  for (std::size_t fed = 0, piece = 1; fed < 1'000'000; fed += piece, piece = piece % 997 + 1)
    pieces.update(std::string_view(a).substr(0, std::min(piece, 1'000'000 - fed)));
  CHECK(pieces.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("payment batch: the roster lists every due item with a total line, 0600, its SHA-256 recorded") {
  RewardLedger r(3, true);
  const BuiltBatch built = build(r, "roster.csv");
  CHECK(built.ref == "RWD-113-0001");
  CHECK(built.items == 3);
  CHECK(built.total == 1001 + 1002 + 1003);
  const std::string roster = r.read("roster.csv");
  CHECK(roster == fmt::format("batch,ref,payee,bank_code,account,amount\n"
                              "RWD-113-0001,{},王小明1,004,12345678900001,1001\n"
                              "RWD-113-0001,{},王小明2,004,12345678900002,1002\n"
                              "RWD-113-0001,{},王小明3,004,12345678900003,1003\n"
                              "RWD-113-0001,TOTAL,3,,,3006\n",
                              ref_of(r, 1), ref_of(r, 2), ref_of(r, 3)));
  CHECK(built.roster_sha256 == sha256_hex(roster));
  struct stat st {};
  REQUIRE(::stat(r.at("roster.csv").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  const auto batch = find_payment_batch(*r.ledger, built.ref);
  REQUIRE(batch);
  CHECK(batch->purpose == "reward");
  CHECK(batch->state == BatchState::open);
  CHECK(batch->roster_sha256 == built.roster_sha256);
  CHECK(batch->awaiting == 3);
  CHECK(batch->created_at == r.at_clock.at);
  const auto items = payment_batch_items(*r.ledger, built.id);
  REQUIRE(items.size() == 3);
  CHECK(items[0].account == mask_account_number("12345678900001"));
  CHECK(payment_batch_items(*r.ledger, built.id, AccountShown::full)[0].account == "12345678900001");

  // Every case in the roster was recorded as revealed before the batch itself.
  const auto batch_event = r.ledger->events("payment:" + built.ref);
  REQUIRE(batch_event.size() == 1);
  for (int n = 1; n <= 3; ++n) {
    const auto events = r.ledger->events("case:" + ref_of(r, n));
    REQUIRE(events.size() == 2);
    CHECK(events[1].action == "reveal-pii");
    CHECK(events[1].id < batch_event[0].id);
  }

  // Nothing is due any more: every reward is in the open batch.
  auto again = build_payment_batch(*r.ledger, r.source, r.at_clock, roster_at(r, "again.csv"));
  REQUIRE(!again);
  CHECK(again.error().fault == Fault::not_found);
  CHECK(!std::filesystem::exists(r.at("again.csv")));
}

TEST_CASE("payment batch: the reveal is committed before the roster, which is refused when it names the ledger") {
  RewardLedger r(2, true);
  BatchRequest request = roster_at(r, "ledger.sqlite");
  auto refused = build_payment_batch(*r.ledger, r.source, r.at_clock, request);
  REQUIRE(!refused);
  CHECK(refused.error().fault == Fault::invalid);
  CHECK(r.count_of("SELECT count(*) FROM event WHERE action = 'reveal-pii'") == 0);
  request.roster_path = r.at("ledger.sqlite-wal");
  CHECK(!build_payment_batch(*r.ledger, r.source, r.at_clock, request));
  request.roster_path = "/dev/null"; // a device would get the roster before the commit
  CHECK(build_payment_batch(*r.ledger, r.source, r.at_clock, request).error().fault == Fault::invalid);

  // The source fails once the reveal is committed: no batch, no roster, the reveal stays.
  r.source.fail_on_call = 2;
  CHECK_THROWS_AS(build_payment_batch(*r.ledger, r.source, r.at_clock, roster_at(r, "roster.csv")), Error);
  CHECK(r.count_of("SELECT count(*) FROM event WHERE action = 'reveal-pii'") == 2);
  CHECK(r.count_of("SELECT count(*) FROM payment_batch") == 0);
  CHECK(!std::filesystem::exists(r.at("roster.csv")));
  for (const auto& entry : std::filesystem::directory_iterator(r.dir)) // no roster, no temporary file
    CHECK(entry.path().filename().string().starts_with("ledger.sqlite"));
}

TEST_CASE("payment batch: the schema keeps an item in one open batch, paid once, amounts positive") {
  RewardLedger r(2);
  const BuiltBatch first = build(r, "roster.csv");
  auto& db = r.ledger->db();
  db.exec("INSERT INTO payment_batch (purpose, ref, prefix, roc_year, seq, state, created_at, actor, roster_file, "
          "roster_sha256, item_count, total) VALUES ('reward', 'RWD-113-0099', 'RWD', 113, 99, 'open', 0, 'x', 'f', "
          "'" +
          std::string(64, '0') + "', 1, 1)");
  const std::string second_item = "INSERT INTO payment_item (batch_id, purpose, case_id, payee, bank_code, account, "
                                  "amount) SELECT b.id, 'reward', 1, 'x', '004', '12345678901', {} FROM payment_batch "
                                  "b WHERE b.ref = 'RWD-113-0099'";
  CHECK_THROWS_WITH_AS(db.exec(fmt::format(fmt::runtime(second_item), 100)), doctest::Contains("UNIQUE"),
                       sql::SqliteError);
  CHECK_THROWS_WITH_AS(db.exec(fmt::format(fmt::runtime(second_item), 0)), doctest::Contains("CHECK"),
                       sql::SqliteError);
  CHECK_THROWS_AS(db.exec("UPDATE payment_item SET purpose = 'subsidy'"), sql::SqliteError); // batch's purpose
  CHECK_THROWS_AS(db.exec("DELETE FROM payment_item"), sql::SqliteError);

  db.exec("UPDATE payment_item SET state = 'paid', paid_on = '2024-03-10', result_at = 1 WHERE case_id = 1");
  CHECK_THROWS_WITH_AS(db.exec("UPDATE payment_item SET state = 'failed', paid_on = NULL, failure_reason = 'x' "
                               "WHERE case_id = 1"),
                       doctest::Contains("once"), sql::SqliteError);
  // Paid: the case goes into no batch again, open or not.
  CHECK_THROWS_WITH_AS(db.exec(fmt::format(fmt::runtime(second_item), 100)), doctest::Contains("paid already"),
                       sql::SqliteError);
  CHECK(r.count_of("SELECT count(*) FROM payment_item") == 2);
  CHECK(first.items == 2);
}

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

TEST_CASE("payment batch: a lost roster is written again byte for byte from the ledger") {
  RewardLedger r(3, true);
  const BuiltBatch built = build(r, "roster.csv");
  const std::string original = r.read("roster.csv");
  std::filesystem::remove(r.at("roster.csv"));
  auto again = write_payment_roster(*r.ledger, r.at_clock, built.ref, roster_at(r, "roster.csv"));
  REQUIRE(again);
  CHECK(*again == built.roster_sha256);
  CHECK(r.read("roster.csv") == original);
  CHECK(write_payment_roster(*r.ledger, r.at_clock, "RWD-113-0404", roster_at(r, "x.csv")).error().fault ==
        Fault::not_found);
  CHECK(!write_payment_roster(*r.ledger, r.at_clock, built.ref, roster_at(r, "roster.csv"))); // exists: no --force
}

TEST_CASE("payment batch: a candidate that cannot be paid is left out with the reason, the rest batched") {
  RewardLedger r(3);
  r.ledger->db().exec("UPDATE test_reward SET account = '12-34' WHERE case_id = 2");
  r.ledger->db().exec("UPDATE test_reward SET amount = 0 WHERE case_id = 3");
  const BuiltBatch built = build(r, "roster.csv");
  CHECK(built.items == 1);
  REQUIRE(built.left_out.size() == 2);
  CHECK(built.left_out[0].what == ref_of(r, 2));
  CHECK(built.left_out[1].why == "amount: NT$0 is not a positive amount");
}

TEST_CASE("payment batch: 5,000 due items in one batch, each once") {
  RewardLedger r(5000, true);
  const BuiltBatch built = build(r, "roster.csv");
  CHECK(built.items == 5000);
  CHECK(r.count_of("SELECT count(DISTINCT case_id) FROM payment_item") == 5000);
  CHECK(sha256_hex(r.read("roster.csv")) == built.roster_sha256);
  std::string body;
  for (const auto& item : payment_batch_items(*r.ledger, built.id))
    fmt::format_to(std::back_inserter(body), "RWD-113-0001,{},{},paid,,2024-03-08\n", item.ref, item.amount);
  const auto summary = confirm(r, "result.csv", "batch,ref,amount,status,reason,paid_on\n" + body);
  CHECK(summary.imported == 5000);
  CHECK(find_payment_batch(*r.ledger, built.ref)->state == BatchState::confirmed);
  CHECK(payment_totals(*r.ledger, "reward")[0].paid == 5000);
}

TEST_CASE("payment batch: a kill -9 at any moment leaves no batch, or the batch with its roster") {
  RewardLedger r(2000, true);
  const std::string path = r.ledger->path();
  r.ledger.reset(); // no connection crosses a fork
  int whole = 0, none = 0;
  for (int round = 0; round < 10; ++round) {
    const std::string roster = r.at(fmt::format("roster-{}.csv", round));
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      auto ledger = Ledger::open(path, Ledger::Open::existing);
      BatchRequest request;
      request.roster_path = roster;
      request.protect = &r.protect;
      (void)build_payment_batch(*ledger, r.source, r.at_clock, request);
      ::_exit(0);
    }
    ::usleep(static_cast<useconds_t>(round * 15'000));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);

    auto ledger = Ledger::open(path, Ledger::Open::existing);
    auto& integrity = ledger->db().prepare("PRAGMA integrity_check");
    REQUIRE(integrity.step());
    CHECK(integrity.text(0) == "ok");
    integrity.reset();
    auto batches = list_payment_batches(*ledger);
    const bool built = !batches.empty() && batches.front().roster_file == roster;
    if (!built) {
      CHECK(!std::filesystem::exists(roster)); // at most a temporary file, never the roster
      ++none;
    } else if (std::filesystem::exists(roster)) {
      CHECK(sha256_hex(r.read(fmt::format("roster-{}.csv", round))) == batches.front().roster_sha256);
      ++whole;
    } else { // killed between the commit and the rename: the same roster is written again
      CHECK(write_payment_roster(*ledger, r.at_clock, batches.front().ref,
                                 BatchRequest{"roster", roster, &r.protect, {}, 0}));
      ++whole;
    }
    // Every case in at most one open batch; then the round's batch fails, so the next has work.
    auto& s =
        ledger->db().prepare("SELECT count(*) - count(DISTINCT case_id) FROM payment_item WHERE state = 'in_batch'");
    s.step();
    CHECK(s.int64(0) == 0);
    s.reset();
    ledger->db().exec("UPDATE payment_item SET state = 'failed', failure_reason = 'test', result_at = 1 "
                      "WHERE state = 'in_batch'");
  }
  CHECK(whole + none == 10);
  MESSAGE(fmt::format("{} rounds killed before the commit, {} after", none, whole));
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
  for (int round = 0; whole == 0 && round < 12; ++round) {
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
