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
using test::build;
using test::confirm;
using test::ref_of;
using test::RewardLedger;
using test::roster_at;

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
