// Ledger tests of the notice sources: the planner is generic (a test source's candidates become
// notices under the shared key, texts and Message-IDs), the deadline source is unchanged, and
// each subsidy decision is told once, with its amount, reason, missing documents or paid date.
#include "desk_test_support.hpp"
#include "epb/cases/case_desk.hpp"
#include "epb/cases/case_store.hpp"
#include "epb/notify/deadline_source.hpp"
#include "epb/notify/notice_store.hpp"
#include "epb/notify/outbox.hpp"
#include "epb/subsidy/household.hpp"
#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/subsidy/subsidy_notices.hpp"
#include "epb/subsidy/subsidy_payment.hpp"
#include "notice_test_support.hpp"

#include <doctest/doctest.h>

using namespace epb;
using test::at;

namespace {

using test::recording;

// A source of its own: one notice per case it was given, about the item "thing", cycle 7.
struct TestSource final : NoticeSource {
  std::vector<std::int64_t> case_ids;
  mutable int finished = 0;
  std::string_view code() const override { return "test"; }
  bool plans(NotifyTrigger trigger) const override { return trigger == NotifyTrigger::decision; }
  void candidates(const NoticeScope& scope, const NotifyLadder&, std::span<const std::string>, const NotifyLevel&,
                  const PlanCandidate& plan) const override {
    for (auto id : case_ids)
      if (auto c = CaseStore(scope.ledger).find_by_id(id))
        plan(NoticeCandidate{*c, "thing", 0, 7, {{"reason", "測試理由", "test reason"}}});
  }
  void finish(const NoticeScope&) const override { ++finished; }
  std::optional<std::string> stale_reason(Ledger&, const Notice& n) const override {
    if (n.ref.ends_with("2")) return "not wanted any more";
    return std::nullopt;
  }
};

Config test_source_config() {
  Config config = test::config();
  NotifySettings& n = config.notify;
  NotifyTransport sms;
  sms.code = "sms";
  sms.kind = NotifyTransport::Kind::jsonl;
  sms.path = "-";
  n.transports = {sms};
  n.templates = {NotifyTemplate{"t", "{ref} 通知", "{ref} notice", "理由：{reason}", "reason: {reason}"}};
  NotifyLevel told{"told", NotifyTrigger::decision, 0, NotifyAudience::applicant, {"sms"}, "t", "approved"};
  n.ladders = {NotifyLadder{"default", {told}}};
  return config;
}

NewCase petition(const char* phone) {
  NewCase in;
  in.service = "petition";
  in.channel = "web";
  in.name = "王小明";
  in.phone = phone;
  in.address = "";
  in.subject = "路燈不亮";
  in.received = "2024-03-04 10:00";
  return in;
}

} // namespace

TEST_CASE("notice sources: a test source's candidates become notices under the shared key") {
  const Config config = test_source_config();
  auto ledger = Ledger::in_memory();
  CaseDesk desk(*ledger, config, OfficeCalendar::builtin());
  const Case a = *desk.open(at("2024-03-04 10:00"), petition("0912345678"));
  const Case b = *desk.open(at("2024-03-04 10:00"), petition(""));
  TestSource source;
  source.case_ids = {a.id, b.id};
  NoticeSources sources;
  sources.add(deadline_notice_source());
  sources.add(source);
  Outbox outbox(*ledger, config, OfficeCalendar::builtin(), sources);

  const auto plan = outbox.plan(at("2024-03-05 09:00"), false);
  REQUIRE(plan.planned.size() == 2);
  const Notice& n = plan.planned[0];
  CHECK(n.source == "test");
  CHECK(n.item == "thing");
  CHECK(n.level == "told");
  CHECK(n.trigger == "decision");
  CHECK(n.deadline_version == 0);
  CHECK(n.cycle == 7);
  CHECK(n.state == NoticeState::planned);
  CHECK(n.transport == "sms");
  CHECK(n.subject == a.ref + " 通知");
  CHECK(n.body == "理由：測試理由");
  CHECK(n.message_id == "notice-" + a.ref + "-test-thing-told-v0-c7@epb.ksepb.gov.tw");
  CHECK(n.message_id == notice_message_id(a.ref, "test", "thing", "told", 0, 7));
  // No phone: recorded as cancelled at once, visible, not planned again.
  CHECK(plan.planned[1].state == NoticeState::cancelled);
  CHECK(plan.planned[1].last_error == "no contact for the applicant via sms");
  CHECK(source.finished == 1);
  CHECK(NoticeStore(*ledger).exists(a.id, "test", "thing", "told", 0, 7));
  CHECK(!NoticeStore(*ledger).exists(a.id, "deadline", "thing", "told", 0, 7));

  // The same key is never planned twice.
  CHECK(outbox.plan(at("2024-03-05 10:00"), false).planned.empty());
  CHECK(source.finished == 2);
  // The source decides what is stale: b's notice would be cancelled, a's sent.
  std::vector<OutgoingNotice> sent;
  const auto delivery = outbox.deliver(at("2024-03-05 10:00"), recording(sent));
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].message_id == n.message_id);
  CHECK(delivery.cancelled == 0); // b was cancelled when planned (no contact)
  // A dry run plans and rolls back; finish() runs in it too.
  CHECK(outbox.plan(at("2024-03-06 10:00"), true).planned.empty());
}

TEST_CASE("notice sources: a build without the source of a level refuses to plan it") {
  const Config config = test_source_config();
  auto ledger = Ledger::in_memory();
  NoticeSources only_deadline;
  only_deadline.add(deadline_notice_source());
  Outbox outbox(*ledger, config, OfficeCalendar::builtin(), only_deadline);
  CHECK_THROWS_WITH_AS(outbox.plan(at("2024-03-05 09:00"), false), "notify: no notice source plans trigger 'decision'",
                       Error);
}

TEST_CASE("notice sources: the deadline source plans today's notices with today's Message-IDs") {
  const Config& config = test::config();
  auto ledger = Ledger::in_memory();
  CaseDesk desk(*ledger, config, OfficeCalendar::builtin());
  NewCase in = petition("0912345678");
  const Case c = *desk.open(at("2024-03-04 10:00"), in);
  Outbox outbox(*ledger, config, OfficeCalendar::builtin());
  // Due Thursday 2024-03-07; the first working day late is Friday.
  const auto plan = outbox.plan(at("2024-03-08 09:00"), false);
  REQUIRE(plan.planned.size() == 1);
  const Notice& n = plan.planned[0];
  CHECK(n.source == "deadline");
  CHECK(n.item == "");
  CHECK(n.level == "overdue");
  CHECK(n.deadline_version == 1);
  CHECK(n.message_id == "notice-" + c.ref + "-overdue-v1-c0@epb.ksepb.gov.tw");
  CHECK(n.body.find("延誤原因：案件仍在處理中") != std::string::npos);
  CHECK(deadline_notice_source().plans(NotifyTrigger::extension));
  CHECK(!deadline_notice_source().plans(NotifyTrigger::decision));
  CHECK(builtin_notice_sources().for_trigger(NotifyTrigger::decision)->code() == "subsidy");
  CHECK(builtin_notice_sources().find("deadline") == &deadline_notice_source());
}

namespace {

NewCase applicant(const char* id, const char* phone) {
  NewCase c;
  c.channel = "in_person";
  c.name = "王小明";
  c.id_number = id;
  c.phone = phone;
  c.address = "高雄市苓雅區四維三路2號";
  c.subject = "汰舊換購電動機車補助";
  c.received = "2018-03-05 10:00";
  return c;
}

NewSubsidy scrap_buy(const char* scrapped, const char* frame, const char* new_plate) {
  NewSubsidy s;
  s.programme_year = "107";
  s.kind = "scrap_buy_other";
  s.scrapped_plate = scrapped;
  s.scrapped_made = "2001-05-01";
  s.recycling_certificate = std::string("RC-") + scrapped;
  s.deregistered = "107/03/01";
  s.new_plate = new_plate;
  s.new_frame = frame;
  s.new_class = "light";
  s.invoice_number = "AB-12345678";
  s.invoice_date = "2018-03-02";
  s.bank_code = "004";
  s.account_number = "1234-5678-9012";
  return s;
}

// The built-in config: the subsidy ladder's decision levels, to the applicant by mail, sms, post.
struct SubsidyWorld {
  std::unique_ptr<Ledger> ledger = Ledger::in_memory();
  SubsidyDesk desk{*ledger, test::config(), OfficeCalendar::builtin()};
  Outbox outbox{*ledger, test::config(), OfficeCalendar::builtin()};
  std::vector<OutgoingNotice> sent;

  Case ready(NewCase c, NewSubsidy s) {
    auto opened = desk.apply(at("2018-03-05 10:00"), c, s);
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message()));
    REQUIRE(desk.move(at("2018-03-05 10:00"), opened->ref, "reviewing", ""));
    if (!c.id_number.empty())
      REQUIRE(desk.record_household(at("2018-03-05 10:00"), HouseholdAnswer{c.id_number, true, "苓雅區", {}}));
    return *opened;
  }
  std::vector<Notice> plan(const char* when) { return outbox.plan(at(when), false).planned; }
  DeliveryReport deliver(const char* when) { return outbox.deliver(at(when), recording(sent)); }
};

} // namespace

TEST_CASE("subsidy notices: documents, approved, paid: one notice each, with the key and the text") {
  SubsidyWorld w;
  const Case c = w.ready(applicant("A123456789", "0912345678"), scrap_buy("FAA-233", "EBK1234567", "EMA-1234"));
  // An idle plan: nothing decided, nothing planned.
  CHECK(w.plan("2018-03-05 11:00").empty());

  REQUIRE(w.desk.request_docs(at("2018-03-06 10:00"), c.ref, "invoice photos"));
  auto planned = w.plan("2018-03-06 11:00");
  REQUIRE(planned.size() == 1);
  CHECK(planned[0].source == "subsidy");
  CHECK(planned[0].item == "documents");
  CHECK(planned[0].level == "docs-requested");
  CHECK(planned[0].cycle == 1);
  CHECK(planned[0].deadline_version == 0);
  CHECK(planned[0].transport == "sms");
  CHECK(planned[0].message_id == "notice-" + c.ref + "-subsidy-documents-docs-requested-v0-c1@epb.ksepb.gov.tw");
  CHECK(planned[0].subject == "補助申請 " + c.ref + " 補件通知");
  CHECK(planned[0].body.find("應補文件：載明申請人及車身或牌照號碼之發票、車輛及車身號碼或牌照照片") !=
        std::string::npos);
  CHECK(w.plan("2018-03-06 12:00").empty()); // told: a re-run plans nothing
  CHECK(w.deliver("2018-03-06 12:00").sent.size() == 1);

  REQUIRE(w.desk.documents_received(at("2018-03-07 10:00"), c.ref, "已補件"));
  REQUIRE(w.desk.approve(at("2018-03-07 11:00"), c.ref, ""));
  planned = w.plan("2018-03-07 12:00");
  REQUIRE(planned.size() == 1);
  CHECK(planned[0].item == "approved");
  CHECK(planned[0].cycle == 1);
  CHECK(planned[0].body.find("補助金額新臺幣 5,000 元") != std::string::npos);

  // A failed transfer tells nothing; the payment does, with the bank's date.
  REQUIRE(w.desk.record_payment_failed(at("2018-03-09 09:00"), c.ref, "帳號錯誤"));
  CHECK(w.plan("2018-03-09 09:30").empty());
  REQUIRE(w.desk.record_paid(at("2018-03-12 10:00"), c.ref, "PAY-107-0001", *parse_date("2018-03-09")));
  planned = w.plan("2018-03-12 11:00");
  REQUIRE(planned.size() == 1);
  CHECK(planned[0].item == "paid");
  CHECK(planned[0].body.find("補助款新臺幣 5,000 元，已於 2018-03-09 撥入") != std::string::npos);
  CHECK(planned[0].message_id == "notice-" + c.ref + "-subsidy-paid-paid-v0-c1@epb.ksepb.gov.tw");
  // The case is closed (paid is final), the notice still goes out.
  const auto delivery = w.deliver("2018-03-12 11:00");
  CHECK(delivery.cancelled == 0);
  CHECK(delivery.sent.size() == 2);
  CHECK(w.plan("2018-03-13 11:00").empty());

  const auto decisions = SubsidyDecisionStore(*w.ledger).of_case(c.id);
  REQUIRE(decisions.size() == 3);
  CHECK(decisions[0].decision == SubsidyDecision::documents);
  CHECK(decisions[0].detail == "invoice photos");
  CHECK(decisions[1].amount == 5000);
  CHECK(decisions[2].paid_on == *parse_date("2018-03-09"));
  for (const auto& d : decisions)
    CHECK(d.notified_at.has_value());
}

TEST_CASE("subsidy notices: a rejection with its reason, in English, and no contact is cancelled and visible") {
  SubsidyWorld w;
  NewCase en = applicant("A123456789", "0912345678");
  en.lang = "en";
  const Case a = w.ready(en, scrap_buy("FAA-233", "EBK1234567", "EMA-1234"));
  NewCase nobody = applicant("F131104093", "");
  nobody.address = "";
  nobody.email = "";
  auto b_opened = w.desk.apply(at("2018-03-05 10:00"), nobody, scrap_buy("FAB-234", "EBK7654321", "EMB-5678"));
  REQUIRE(b_opened); // a counter application needs no contact
  REQUIRE(w.desk.reject(at("2018-03-06 10:00"), a.ref, "車輛出廠日期晚於2003年12月31日"));
  auto planned = w.plan("2018-03-06 11:00");
  REQUIRE(planned.size() == 1);
  CHECK(planned[0].item == "rejected");
  CHECK(planned[0].lang == "en");
  CHECK(planned[0].subject == "Your subsidy application " + a.ref + ": decision");
  CHECK(planned[0].body.find("Reason: 車輛出廠日期晚於2003年12月31日") != std::string::npos);
  CHECK(w.deliver("2018-03-06 11:00").sent.size() == 1); // closed by the rejection, still told
  REQUIRE(w.desk.move(at("2018-03-06 12:00"), b_opened->ref, "reviewing", ""));
  REQUIRE(w.desk.reject(at("2018-03-06 12:00"), b_opened->ref, "資料不全"));
  planned = w.plan("2018-03-06 13:00");
  REQUIRE(planned.size() == 1);
  CHECK(planned[0].state == NoticeState::cancelled);
  CHECK(planned[0].last_error == "no contact for the applicant via mail, sms, post");
  CHECK(w.outbox.list(NoticeState::cancelled, b_opened->ref, 0).size() == 1);
  CHECK(w.plan("2018-03-06 14:00").empty());
}

TEST_CASE("subsidy notices: a documents notice not yet sent is withdrawn once the documents came") {
  SubsidyWorld w;
  const Case c = w.ready(applicant("A123456789", "0912345678"), scrap_buy("FAA-233", "EBK1234567", "EMA-1234"));
  REQUIRE(w.desk.request_docs(at("2018-03-06 18:00"), c.ref, "photos"));
  REQUIRE(w.plan("2018-03-06 18:05").size() == 1); // after hours: planned, not sent
  REQUIRE(w.desk.documents_received(at("2018-03-07 08:00"), c.ref, ""));
  const auto delivery = w.deliver("2018-03-07 09:00");
  CHECK(delivery.cancelled == 1);
  CHECK(w.sent.empty());
  CHECK(w.outbox.list(NoticeState::cancelled, c.ref, 0).at(0).last_error ==
        "the documents came before the notice went out");
}

TEST_CASE("subsidy notices: a decision no level asks for is consumed, not told later") {
  Config config = test::config();
  for (auto& ladder : config.notify.ladders)
    std::erase_if(ladder.levels, [](const NotifyLevel& l) { return l.trigger == NotifyTrigger::decision; });
  auto ledger = Ledger::in_memory();
  SubsidyDesk desk(*ledger, config, OfficeCalendar::builtin());
  auto c = desk.apply(at("2018-03-05 10:00"), applicant("A123456789", "0912345678"),
                      scrap_buy("FAA-233", "EBK1234567", "EMA-1234"));
  REQUIRE(c);
  REQUIRE(desk.move(at("2018-03-05 10:00"), c->ref, "reviewing", ""));
  REQUIRE(desk.reject(at("2018-03-05 11:00"), c->ref, "不符資格"));
  CHECK(Outbox(*ledger, config, OfficeCalendar::builtin()).plan(at("2018-03-05 12:00"), false).planned.empty());
  CHECK(SubsidyDecisionStore(*ledger).untold(SubsidyDecision::rejected).empty());
  // Levels added later do not dig up old decisions.
  Outbox later(*ledger, test::config(), OfficeCalendar::builtin());
  CHECK(later.plan(at("2018-03-05 13:00"), false).planned.empty());
}

TEST_CASE("subsidy notices: a paid result of the payment engine tells the bank's date") {
  SubsidyWorld w;
  const Case c = w.ready(applicant("A123456789", "0912345678"), scrap_buy("FAA-233", "EBK1234567", "EMA-1234"));
  REQUIRE(w.desk.approve(at("2018-03-06 10:00"), c.ref, ""));
  REQUIRE(w.plan("2018-03-06 11:00").size() == 1);
  PaymentItem item;
  item.case_id = c.id;
  item.ref = c.ref;
  item.batch_ref = "PAY-107-0001";
  item.amount = 5000;
  item.state = PaymentState::paid;
  item.paid_on = *parse_date("2018-03-20");
  const Stamp stamp = at("2018-03-21 10:00");
  REQUIRE(
      SubsidyPaymentSource(test::config(), OfficeCalendar::builtin()).on_paid(PaymentScope{*w.ledger, stamp}, item));
  const auto planned = w.plan("2018-03-21 11:00");
  REQUIRE(planned.size() == 1);
  CHECK(planned[0].item == "paid");
  CHECK(planned[0].body.find("已於 2018-03-20 撥入") != std::string::npos);
}
