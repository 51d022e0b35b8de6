// Ledger tests of the outbox: planning once per level and deadline, cancellation, cycles,
// the delivery window and retries, with a recording transport (the transports themselves
// are tested against real programs and servers in test_notify_transport.cpp).
#include "epb/cases/case_desk.hpp"
#include "epb/notify/outbox.hpp"

#include <doctest/doctest.h>

using namespace epb;

namespace {

Config notify_config() {
  Config config = *parse_config(builtin_config_text(), "built-in");
  NotifySettings& n = config.notify;
  NotifyTransport sms;
  sms.code = "sms";
  sms.kind = NotifyTransport::Kind::jsonl;
  sms.path = "-";
  n.transports = {sms};
  n.templates = {
      NotifyTemplate{"t", "{ref} 逾期 {days_late} 日", "{ref} late {days_late}", "到期 {due_roc}", "due {due}"}};
  NotifyLevel reminder{"reminder", NotifyTrigger::before_due, 1, NotifyAudience::applicant, {"sms"}, "t"};
  NotifyLevel overdue{"overdue", NotifyTrigger::overdue, 1, NotifyAudience::applicant, {"sms"}, "t"};
  NotifyLevel late3{"late3", NotifyTrigger::overdue, 3, NotifyAudience::applicant, {"sms"}, "t"};
  NotifyLevel extension{"extension", NotifyTrigger::extension, 1, NotifyAudience::applicant, {"sms"}, "t"};
  NotifyLevel documents{"documents", NotifyTrigger::paused_every, 5, NotifyAudience::applicant, {"sms"}, "t"};
  n.ladders = {NotifyLadder{"default", {reminder, overdue, late3, extension, documents}}};
  n.window_from_minutes = 8 * 60 + 30;
  n.window_to_minutes = 17 * 60 + 30;
  n.retry_minutes = 30;
  n.max_attempts = 3;
  return config;
}

struct Recording final : Transport {
  std::vector<std::string>* sent;
  bool fail = false;
  Result<void> deliver(const OutgoingNotice& notice) override {
    if (fail) return std::unexpected(Problem{Fault::failure, "", "gateway down"});
    sent->push_back(notice.message_id + " " + notice.subject);
    return {};
  }
};

struct World {
  Config config = notify_config();
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  CaseDesk desk{*ledger, config, OfficeCalendar::builtin()};
  Outbox outbox{*ledger, config, OfficeCalendar::builtin()};
  std::vector<std::string> sent;
  bool fail = false;

  Stamp at(const char* when) { return Stamp{"cron", "notify run", *parse_instant(when)}; }
  Case open(const char* received) {
    NewCase in;
    in.service = "petition";
    in.channel = "web";
    in.name = "王小明";
    in.phone = "0912345678";
    in.subject = "路燈不亮";
    in.received = received;
    return *desk.open(Stamp{"clerk", "case open", *parse_instant(received)}, in);
  }
  // One cron run: plan, then deliver.
  std::pair<std::size_t, std::size_t> run(const char* when) {
    const auto plan = outbox.plan(at(when), false);
    const auto delivery = outbox.deliver(at(when), [this](const NotifyTransport&) {
      auto t = std::make_unique<Recording>();
      t->sent = &sent;
      t->fail = fail;
      return t;
    });
    return {plan.planned.size(), delivery.sent.size()};
  }
};

} // namespace

TEST_CASE("outbox: each level fires once per deadline, on the right working day") {
  World w;
  const Case c = w.open("2023-01-16 10:00"); // due 2023-01-19 (Thu)
  CHECK(w.run("2023-01-17 09:00") == std::pair<std::size_t, std::size_t>{0, 0});
  CHECK(w.run("2023-01-18 09:00") == std::pair<std::size_t, std::size_t>{1, 1}); // reminder: 1 working day before
  CHECK(w.run("2023-01-18 09:05") == std::pair<std::size_t, std::size_t>{0, 0}); // a second run sends nothing
  // 01-20 (Fri) is a holiday and 01-21..29 the Lunar New Year: no delivery, and no lateness counted.
  CHECK(w.run("2023-01-20 09:00").second == 0);
  CHECK(w.run("2023-01-30 09:00") == std::pair<std::size_t, std::size_t>{1, 1}); // first working day late
  CHECK(w.run("2023-02-01 09:00") == std::pair<std::size_t, std::size_t>{1, 1}); // 3 working days late
  REQUIRE(w.sent.size() == 3);
  CHECK(w.sent[1] == "notice-" + c.ref + "-overdue-v1-c0@epb.ksepb.gov.tw " + c.ref + " 逾期 1 日");
  CHECK(w.sent[2].ends_with(" 逾期 3 日"));
}

TEST_CASE("outbox: nothing is delivered on a Sunday or after hours, then the Monday run sends it") {
  World w;
  w.open("2024-03-04 10:00");                                                    // due 2024-03-07 (Thu)
  CHECK(w.run("2024-03-10 09:00") == std::pair<std::size_t, std::size_t>{1, 0}); // Sunday: planned, kept
  CHECK(w.run("2024-03-08 18:00").second == 0);                                  // after hours
  CHECK(w.run("2024-03-11 09:00") == std::pair<std::size_t, std::size_t>{0, 1}); // Monday: sent once
  CHECK(w.run("2024-03-11 10:00") == std::pair<std::size_t, std::size_t>{0, 0});
}

TEST_CASE("outbox: closing a case cancels its pending notices, then an extension starts a new cycle") {
  World w;
  const Case a = w.open("2024-03-04 10:00");
  w.run("2024-03-10 09:00"); // Sunday: the overdue notice is planned, not sent
  REQUIRE(w.desk.close(w.at("2024-03-10 10:00"), a.ref, "已函復", ""));
  w.run("2024-03-11 09:00"); // the Monday run cancels it instead of sending it
  CHECK(w.sent.empty());
  CHECK(w.outbox.list(NoticeState::cancelled, a.ref, 0).at(0).last_error == "case closed");

  const Case b = w.open("2024-04-01 10:00"); // due 2024-04-08 (04-04/05 holidays)
  CHECK(b.due_date.iso() == "2024-04-08");
  REQUIRE(w.desk.extend(w.at("2024-04-03 09:00"), b.ref, 5, "需會勘"));
  w.run("2024-04-03 09:00");
  CHECK(w.sent.back().find("-extension-v2-c") != std::string::npos);
  // The reminder for the new due date (04-15) fires under deadline version 2.
  w.run("2024-04-12 09:00");
  CHECK(w.sent.back().starts_with("notice-" + b.ref + "-reminder-v2-c0"));
}

TEST_CASE("outbox: failed deliveries are retried with back-off, then left for notify retry") {
  World w;
  w.open("2024-03-04 10:00");
  w.fail = true;
  w.run("2024-03-08 09:00");
  auto failed = w.outbox.list(NoticeState::failed, "", 0);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].attempts == 1);
  CHECK(failed[0].last_error == "gateway down");
  CHECK(failed[0].next_attempt_at.iso() == "2024-03-08T09:30:00+08:00");
  w.run("2024-03-08 09:10"); // too early for the retry
  CHECK(w.outbox.list(NoticeState::failed, "", 0)[0].attempts == 1);
  w.run("2024-03-08 09:31");
  CHECK(w.outbox.list(NoticeState::failed, "", 0)[0].next_attempt_at.iso() == "2024-03-08T10:31:00+08:00"); // doubled
  w.run("2024-03-08 11:00");
  CHECK(w.outbox.list(NoticeState::failed, "", 0)[0].attempts == 3); // max_attempts: no more automatic tries
  w.fail = false;
  w.run("2024-03-08 15:00");
  CHECK(w.sent.empty());
  REQUIRE(w.outbox.retry(w.at("2024-03-08 15:00"), failed[0].id));
  w.run("2024-03-08 15:01");
  CHECK(w.sent.size() == 1);
}

TEST_CASE("outbox: a paused case gets a documents reminder every 5 working days, no overdue notice") {
  World w;
  const Case c = w.open("2024-03-04 10:00");
  REQUIRE(w.desk.move(w.at("2024-03-04 11:00"), c.ref, "assigned", ""));
  REQUIRE(w.desk.move(w.at("2024-03-04 11:00"), c.ref, "processing", ""));
  REQUIRE(w.desk.pause(w.at("2024-03-05 09:00"), c.ref, "補件"));
  w.run("2024-03-11 09:00"); // 4 working days paused
  CHECK(w.sent.empty());
  w.run("2024-03-12 09:00"); // 5
  REQUIRE(w.sent.size() == 1);
  CHECK(w.sent[0].find("-documents-v1-c1") != std::string::npos);
  w.run("2024-03-19 09:00"); // 10
  CHECK(w.sent.back().find("-documents-v1-c2") != std::string::npos);
  CHECK(w.sent.size() == 2);
}

TEST_CASE("outbox: templates fill placeholders and keep doubled braces") {
  CHECK(render_template("{ref} {{x}} {unknown}", {{"ref", "PET-1"}}) == "PET-1 {x} {unknown}");
}
