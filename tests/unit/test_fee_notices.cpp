// Ledger tests of fee dunning (lib/epb/fee/fee_notices.hpp) through the one outbox: the levels
// of the built-in construction_fee ladder fire once each on their working day, a holiday moves
// them, a payment stops them and cancels what is pending, a new due date is a new cycle, and an
// idle run writes nothing. Instalments are rows written here as the fee desk would write them.
#include "desk_test_support.hpp"
#include "epb/calendar/office_calendar.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/fee/fee.hpp"
#include "epb/fee/fee_notices.hpp"
#include "epb/notify/notice_store.hpp"
#include "epb/notify/outbox.hpp"
#include "epb/validate/money.hpp"
#include "notice_test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <map>

using namespace epb;
using test::at;

namespace {

using test::recording;

// The built-in config with only the dunning levels of the construction_fee ladder (the review's
// deadline levels, and the other ladders, would plan and move cursors of their own), its cases
// opened as plain cases.
Config dunning_config() {
  Config config = test::config();
  for (auto& service : config.services)
    if (service.code == "construction_fee") service.kind = "case";
  NotifyLadder fee = *config.notify.ladder_for("construction_fee");
  std::erase_if(fee.levels, [](const NotifyLevel& l) { return l.trigger != NotifyTrigger::dunning; });
  config.notify.ladders = {fee};
  return config;
}

Date day(const char* iso) { return *parse_date(iso); }

struct FeeWorld {
  Config config = dunning_config();
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  const OfficeCalendar& calendar = OfficeCalendar::builtin();
  Outbox outbox{*ledger, config, calendar};
  Case project;
  std::int64_t declaration = 0;

  FeeWorld() {
    NewCase in;
    in.service = "construction_fee";
    in.channel = "in_person";
    in.applicant_kind = "organisation";
    in.name = "大興營造股份有限公司";
    in.business_number = "04595257";
    in.email = "pay@daxing.com.tw";
    in.address = "高雄市苓雅區四維三路2號";
    in.subject = "營建工程空氣污染防制費申報";
    in.received = "2025-09-01 10:00";
    project = *CaseDesk(*ledger, config, calendar).open(at("2025-09-01 10:00"), in);
    sql("INSERT INTO fee_project(case_id, site_address, district, permit, owner_kind, owner_id, category, quantity, "
        "planned_start, planned_end) VALUES ({}, '高雄市前鎮區成功二路88號', '前鎮區', '114高市工建字第01234號', "
        "'company', '04595257', '1', '2000', '2025-09-15', '2026-09-14')",
        project.id);
    sql("INSERT INTO fee_declaration(id, case_id, kind, category, quantity, start_date, end_date, days, level, rate, "
        "factor, months, fee, plan, declared_at, actor) VALUES (1, {}, 'start', '1', '2000', '2025-09-15', "
        "'2026-09-14', 365, 1, '2.47', '1', '12.166667', 60103, 'halves', 0, 'clerk01')",
        project.id);
  }

  template <class... A> void sql(fmt::format_string<A...> text, A&&... args) {
    ledger->db().exec(fmt::format(text, std::forward<A>(args)...));
  }

  // An instalment as the desk writes it: open, not looked at by dunning yet.
  void instalment(int seq, std::int64_t amount, const char* due, const char* slip) {
    sql("INSERT INTO fee_instalment(case_id, declaration_id, seq, kind, amount, due_date, slip) VALUES ({}, 1, {}, "
        "'half', {}, '{}', '{}')",
        project.id, seq, amount, due, slip);
  }
  void pay(const char* slip, const char* on) {
    sql("UPDATE fee_instalment SET state = 'paid', paid_on = '{}' WHERE slip = '{}'", on, slip);
  }
  std::string next_on(const char* slip) {
    auto& s = ledger->db().prepare("SELECT coalesce(dunning_next_on, 'NULL') FROM fee_instalment WHERE slip = :slip");
    s.bind(":slip", std::string_view(slip));
    std::string out = s.step() ? s.text(0) : "";
    while (s.step()) {
    }
    return out;
  }
  int changes() const { return sqlite3_total_changes(ledger->db().handle()); }

  // Plans (and when `deliver`, delivers as `notify run` does) every day from `from` to `to` at
  // 09:00; which level was planned on which day.
  std::map<std::string, std::vector<std::string>> plan_days(const char* from, const char* to, bool deliver = false) {
    std::map<std::string, std::vector<std::string>> planned;
    for (Date d = day(from); d <= day(to); d = d + 1) {
      const Stamp stamp = at((d.iso() + " 09:00").c_str());
      for (const Notice& n : outbox.plan(stamp, false).planned)
        planned[d.iso()].push_back(n.level + " " + n.item);
      if (deliver) outbox.deliver(stamp, recording(sent));
    }
    return planned;
  }
  std::vector<OutgoingNotice> sent;
};

using Days = std::map<std::string, std::vector<std::string>>;

constexpr const char* k_slip = "114000001016";
constexpr const char* k_slip2 = "114000001024";

} // namespace

TEST_CASE("fee notices: the built-in levels fire on their working days, a holiday moving them") {
  const Config config = test::config();
  const NotifyLadder* ladder = config.notify.ladder_for("construction_fee");
  REQUIRE(ladder != nullptr);
  std::map<std::string, std::string> fires;
  for (const NotifyLevel& level : ladder->levels)
    if (level.trigger == NotifyTrigger::dunning)
      fires[level.code] = dunning_fires_on(OfficeCalendar::builtin(), level, day("2025-10-09"))->iso();
  // Due Thursday 9 October 2025: 6 Oct (中秋節), 10 Oct (國慶日) and 24 Oct (補假) are holidays.
  CHECK(fires == std::map<std::string, std::string>{{"fee-reminder", "2025-10-01"},
                                                    {"fee-first", "2025-10-13"},
                                                    {"fee-second", "2025-10-27"},
                                                    {"fee-final", "2025-11-24"},
                                                    {"fee-referral", "2025-12-15"}});
  // Without the holiday the first notice is the next day.
  NotifyLevel first = ladder->levels.at(6);
  REQUIRE(first.stage == "first");
  CHECK(dunning_fires_on(OfficeCalendar::builtin(), first, day("2025-10-16")) == day("2025-10-17"));
  // A reminder of 0 working days: the due date, or the last working day before it.
  NotifyLevel reminder = ladder->levels.at(5);
  REQUIRE(reminder.stage == "reminder");
  reminder.workdays = 0;
  CHECK(dunning_fires_on(OfficeCalendar::builtin(), reminder, day("2025-10-09")) == day("2025-10-09"));
  CHECK(dunning_fires_on(OfficeCalendar::builtin(), reminder, day("2025-10-12")) == day("2025-10-09"));
  reminder.workdays = 1;
  CHECK(dunning_fires_on(OfficeCalendar::builtin(), reminder, day("2025-10-12")) == day("2025-10-09"));
  CHECK(dunning_cycle(day("2025-10-09")) == 20251009);
}

TEST_CASE("fee notices: each level fires once, on its day, with the instalment's figures") {
  FeeWorld w;
  w.instalment(1, 100000, "2025-10-09", k_slip);
  const Days planned = w.plan_days("2025-09-20", "2026-01-31");
  CHECK(planned == Days{{"2025-10-01", {std::string("fee-reminder ") + k_slip}},
                        {"2025-10-13", {std::string("fee-first ") + k_slip}},
                        {"2025-10-27", {std::string("fee-second ") + k_slip}},
                        {"2025-11-24", {std::string("fee-final ") + k_slip}},
                        {"2025-12-15", {std::string("fee-referral ") + k_slip}}});
  CHECK(w.next_on(k_slip) == k_dunning_done);
  // Nothing more, however often it runs.
  CHECK(w.outbox.plan(at("2026-02-02 09:00"), false).planned.empty());

  const auto notices = w.outbox.list(std::nullopt, "", 100);
  REQUIRE(notices.size() == 5);
  std::map<std::string, const Notice*> by_level;
  for (const Notice& n : notices) {
    CHECK(n.source == "fee");
    CHECK(n.trigger == "dunning");
    CHECK(n.item == k_slip);
    CHECK(n.cycle == 20251009);
    CHECK(n.deadline_version == 0);
    by_level[n.level] = &n;
  }
  const Notice& second = *by_level.at("fee-second");
  CHECK(second.message_id == notice_message_id(w.project.ref, "fee", k_slip, "fee-second", 0, 20251009));
  CHECK(second.audience == "applicant");
  CHECK(second.transport == "post"); // the letter first: the applicant has a postal address
  CHECK(second.recipient == "高雄市苓雅區四維三路2號");
  const LateCharge charge = late_charge(w.config.fee, 100000, day("2025-10-09"), day("2025-10-27"));
  CHECK(charge.surcharge == 9000); // 18 days × 0.5 % of NT$100,000
  CHECK(second.body.find("繳款單號 " + std::string(k_slip)) != std::string::npos);
  CHECK(second.body.find("新臺幣 100,000 元") != std::string::npos);
  CHECK(second.body.find("已逾期 18 日") != std::string::npos);
  CHECK(second.body.find("滯納金，截至本通知日為新臺幣 " + format_money(charge.surcharge) + " 元") !=
        std::string::npos);
  CHECK(second.body.find("應繳合計新臺幣 " + format_money(charge.total) + " 元") != std::string::npos);
  CHECK(second.body.find("高雄市前鎮區成功二路88號") != std::string::npos);
  CHECK(second.body.find("2025-10-09（民國 114/10/09）") != std::string::npos);
  const Notice& referral = *by_level.at("fee-referral");
  CHECK(referral.audience == "unit_head");
  CHECK(referral.transport == "mail");
  CHECK(referral.body.find("許可文號：114高市工建字第01234號") != std::string::npos);
  CHECK(referral.subject.find("逾期 67 日未繳") != std::string::npos);
  CHECK(by_level.at("fee-reminder")->body.find("{") == std::string::npos);
}

TEST_CASE("fee notices: a late reminder is not sent, and a project entered late gets what is due") {
  FeeWorld w;
  // Entered on the day before its due date: the reminder (due from 1 October) still goes.
  w.instalment(1, 100000, "2025-10-09", k_slip);
  CHECK(w.plan_days("2025-10-08", "2025-10-08") == Days{{"2025-10-08", {std::string("fee-reminder ") + k_slip}}});
  // Entered after its due date: no reminder; the first notice at once.
  FeeWorld late;
  late.instalment(2, 50000, "2025-10-16", k_slip2);
  CHECK(late.plan_days("2025-10-20", "2025-10-20") == Days{{"2025-10-20", {std::string("fee-first ") + k_slip2}}});
  CHECK(late.next_on(k_slip2) == "2025-10-31"); // its second notice: 10 working days after 16 October
}

TEST_CASE("fee notices: paid, no more levels, and the pending notice is cancelled before delivery") {
  FeeWorld w;
  w.instalment(1, 100000, "2025-10-09", k_slip);
  w.plan_days("2025-10-01", "2025-10-12", true);
  REQUIRE(w.sent.size() == 1); // the reminder
  CHECK(w.sent[0].level == "fee-reminder");
  // The first notice is planned before the delivery window; the payment comes in meanwhile.
  REQUIRE(w.outbox.plan(at("2025-10-13 07:00"), false).planned.size() == 1);
  w.pay(k_slip, "2025-10-13");
  std::vector<OutgoingNotice> sent;
  const DeliveryReport report = w.outbox.deliver(at("2025-10-13 09:00"), recording(sent));
  CHECK(report.cancelled == 1);
  CHECK(sent.empty());
  const auto cancelled = w.outbox.list(NoticeState::cancelled, "", 10);
  REQUIRE(cancelled.size() == 1);
  CHECK(cancelled[0].level == "fee-first");
  CHECK(cancelled[0].last_error == std::string("instalment ") + k_slip + " is no longer open: paid");
  // Paid: never looked at again.
  const int before = w.changes();
  CHECK(w.plan_days("2025-10-14", "2026-01-31").empty());
  CHECK(w.changes() == before);
}

TEST_CASE("fee notices: a payment after the first notice cancels the later levels") {
  FeeWorld w;
  w.instalment(1, 100000, "2025-10-09", k_slip);
  w.plan_days("2025-10-01", "2025-10-13");
  std::vector<OutgoingNotice> sent;
  w.outbox.deliver(at("2025-10-13 09:00"), recording(sent));
  REQUIRE(sent.size() == 2);
  w.pay(k_slip, "2025-10-15");
  CHECK(w.plan_days("2025-10-14", "2026-01-31").empty());
  CHECK(w.outbox.list(NoticeState::sent, "", 10).size() == 2); // what went out stays sent
  // A cancelled instalment (e.g. replaced by a settlement) is not dunned either.
  w.instalment(2, 50000, "2025-11-20", k_slip2);
  w.sql("UPDATE fee_instalment SET state = 'cancelled', cancelled_reason = 'settled' WHERE slip = '{}'", k_slip2);
  CHECK(w.plan_days("2025-11-01", "2026-02-28").empty());
}

TEST_CASE("fee notices: a new due date is a new cycle") {
  FeeWorld w;
  w.instalment(1, 100000, "2025-10-09", k_slip);
  w.plan_days("2025-10-01", "2025-10-13");
  CHECK(w.outbox.list(std::nullopt, "", 10).size() == 2);
  // The due date moves (the city approves a later date): the desk resets the next look.
  w.sql("UPDATE fee_instalment SET due_date = '2025-11-20', dunning_next_on = NULL WHERE slip = '{}'", k_slip);
  // The pending first notice of the old date is no longer wanted.
  std::vector<OutgoingNotice> sent;
  const auto report = w.outbox.deliver(at("2025-10-14 09:00"), recording(sent));
  CHECK(report.cancelled == 2);
  CHECK(w.outbox.list(NoticeState::cancelled, "", 10).at(0).last_error ==
        std::string("instalment ") + k_slip + " is now due on 2025-11-20");
  const Days planned = w.plan_days("2025-10-14", "2025-11-21");
  CHECK(planned == Days{{"2025-11-13", {std::string("fee-reminder ") + k_slip}},
                        {"2025-11-21", {std::string("fee-first ") + k_slip}}});
  CHECK(w.outbox.list(std::nullopt, "", 10).back().cycle == 20251120);
  // A settlement's top-up is an instalment of its own: its own slip, due date and cycle.
  w.pay(k_slip, "2025-11-25");
  w.instalment(2, 7000, "2026-01-15", k_slip2);
  const Days topup = w.plan_days("2026-01-16", "2026-01-16");
  CHECK(topup == Days{{"2026-01-16", {std::string("fee-first ") + k_slip2}}});
}

TEST_CASE("fee notices: an idle run only probes the index and writes nothing") {
  FeeWorld w;
  w.instalment(1, 100000, "2025-10-09", k_slip);
  CHECK(w.next_on(k_slip) == "NULL");
  CHECK(w.outbox.plan(at("2025-09-20 09:00"), false).planned.empty());
  CHECK(w.next_on(k_slip) == "2025-10-01"); // looked at: the reminder's day is the next look
  int before = w.changes();
  // Again the same day, and every day up to the reminder: nothing read beyond the probe.
  CHECK(w.plan_days("2025-09-20", "2025-09-30").empty());
  CHECK(w.changes() == before);
  REQUIRE(w.outbox.plan(at("2025-10-01 09:00"), false).planned.size() == 1);
  CHECK(w.next_on(k_slip) == "2025-10-13");
  before = w.changes();
  CHECK(w.outbox.plan(at("2025-10-01 10:00"), false).planned.empty());
  CHECK(w.changes() == before);
  // A dry run moves nothing.
  CHECK(w.outbox.plan(at("2025-10-13 09:00"), true).planned.size() == 1);
  CHECK(w.next_on(k_slip) == "2025-10-13");
  // The probe reads the partial index.
  auto& s = w.ledger->db().prepare("EXPLAIN QUERY PLAN " + std::string(fee_dunning_probe()));
  s.bind(":today", std::string_view("2025-10-01"));
  std::string plan;
  while (s.step())
    plan += s.text(3) + "\n";
  INFO(plan);
  CHECK(plan.find("SEARCH fee_instalment USING INDEX fee_instalment_dunning (dunning_next_on=?)") != std::string::npos);
  CHECK(plan.find("SEARCH fee_instalment USING INDEX fee_instalment_dunning (dunning_next_on<?)") != std::string::npos);
  CHECK(plan.find("SCAN") == std::string::npos);
}
