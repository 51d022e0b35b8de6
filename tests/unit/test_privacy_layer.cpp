// The privacy layer and the record descriptors: one mask per kind of personal data, the
// open-data policy, the case record's one field list, event subjects and notice states.
#include "epb/cases/case_fields.hpp"
#include "epb/core/subject.hpp"
#include "epb/notify/notice_privacy.hpp"
#include "epb/notify/notice_state.hpp"
#include "epb/privacy/mask.hpp"
#include "epb/privacy/open_data.hpp"
#include "epb/privacy/reveal.hpp"
#include "epb/validate/bank_account.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

using namespace epb;

namespace {

constexpr PersonalData k_kinds[] = {PersonalData::name,  PersonalData::id_number, PersonalData::phone,
                                    PersonalData::email, PersonalData::address,   PersonalData::bank_account};

} // namespace

TEST_CASE("masks: every kind has its name, parsed back, and keeps an empty value empty") {
  for (PersonalData kind : k_kinds) {
    CHECK(parse_personal_data(personal_data_name(kind)) == kind);
    CHECK(mask_personal(kind, "") == "");
    CHECK(shown_personal(kind, "", false) == "");
  }
  CHECK_FALSE(parse_personal_data("ssn"));
  CHECK(personal_data_name(PersonalData::bank_account) == "bank_account");
}

TEST_CASE("masks: each kind masks as its own function does, today's masks exactly") {
  CHECK(mask_personal(PersonalData::name, "王小明") == "王O明");
  CHECK(mask_personal(PersonalData::id_number, "A123456789") == "A12****789");
  CHECK(mask_personal(PersonalData::phone, "0912345678") == "0912******");
  CHECK(mask_personal(PersonalData::phone, "07-3351234") == "07-*******");
  CHECK(mask_personal(PersonalData::email, "ming@example.com") == "m***@example.com");
  CHECK(mask_personal(PersonalData::address, "高雄市苓雅區四維三路2號") == "高雄市苓雅區****");
  CHECK(mask_personal(PersonalData::bank_account, "00012345678901") == mask_account_number("00012345678901"));
  CHECK(mask_personal(PersonalData::bank_account, "00012345678901") == "**********8901");
  // Revealed: the value as it is.
  CHECK(shown_personal(PersonalData::phone, "0912345678", true) == "0912345678");
  CHECK(shown_personal(PersonalData::phone, "0912345678", false) == "0912******");
}

TEST_CASE("masks: short values show nothing that identifies") {
  CHECK(mask_personal(PersonalData::name, "王") == "王"); // a surname alone
  CHECK(mask_personal(PersonalData::name, "J") == "J");
  CHECK(mask_personal(PersonalData::id_number, "A12345") == "******");
  CHECK(mask_personal(PersonalData::id_number, "A") == "*");
  CHECK(mask_personal(PersonalData::phone, "123") == "***");
  CHECK(mask_personal(PersonalData::email, "@x") == "**");
  CHECK(mask_personal(PersonalData::email, "a") == "*");
  CHECK(mask_personal(PersonalData::address, "高") == "高****");
  CHECK(mask_personal(PersonalData::bank_account, "123") == "***");
}

TEST_CASE("masks: non-ASCII values are masked by character, never cut inside one") {
  CHECK(mask_personal(PersonalData::name, "歐陽小明") == "歐OO明");
  CHECK(mask_personal(PersonalData::name, "José Müller") == "J*** M*****");
  CHECK(mask_personal(PersonalData::address, "屏東縣東港鎮中正路1號") == "屏東縣東港鎮****");
  CHECK(mask_personal(PersonalData::email, "王@example.com") == "王***@example.com");
  // Full-width digits are not a phone number: all stars, one per byte.
  const std::string wide = "０９１２";
  CHECK(mask_personal(PersonalData::phone, wide) == std::string(wide.size(), '*'));
  CHECK(mask_personal(PersonalData::id_number, "Ａ１２３４５６７８９").find("４５６") == std::string::npos);
}

TEST_CASE("masks: a notice's recipient by what it is, a name inside a body") {
  CHECK(mask_contact("ming@example.com") == "m***@example.com");
  CHECK(mask_contact("0912345678") == "0912******");
  CHECK(mask_contact("+886912345678") == "0912******");
  CHECK(mask_contact("高雄市苓雅區四維三路2號") == "高雄市苓雅區****");
  CHECK(mask_contact("") == "");
  CHECK(mask_name_in("王小明 君：王小明 您好", "王小明") == "王O明 君：王O明 您好");
  CHECK(mask_name_in("王小明 您好", "") == "王小明 您好");
  // A name whose mask contains it is not masked forever.
  CHECK(mask_name_in("王 王", "王") == "王 王");
}

TEST_CASE("disclosure: masked by default, only reveal() (which records) shows in full") {
  const Disclosure masked = Disclosure::masked();
  CHECK_FALSE(masked.reveals());
  CHECK(masked.show(PersonalData::phone, "0912345678") == "0912******");
  auto ledger = Ledger::in_memory();
  const Stamp stamp{"clerk", "case show", Instant(1700000000)};
  const std::vector<std::string> refs = {"PET-113-000001", "PET-113-000001"};
  const Disclosure revealed = Disclosure::reveal(*ledger, stamp, refs);
  CHECK(revealed.reveals());
  CHECK(revealed.show(PersonalData::phone, "0912345678") == "0912345678");
  const auto events = ledger->events(subject::of_case("PET-113-000001"));
  REQUIRE(events.size() == 1); // duplicates once
  CHECK(events[0].action == "reveal-pii");
}

TEST_CASE("case record: every field has a policy, export header and import fields agree") {
  const auto fields = case_fields();
  std::set<std::string_view> names;
  for (const auto& field : fields) {
    CHECK(names.insert(field.field.name).second); // no name twice
    CHECK(static_cast<bool>(field.write));        // export writes every field
    if (field.field.derived) CHECK_FALSE(static_cast<bool>(field.intake));
    if (field.field.required) CHECK_FALSE(field.field.derived);
  }
  // The export's columns, non-derived, are exactly the import's fields, in the same order.
  std::vector<std::string_view> exported;
  for (const auto& field : case_record_fields())
    if (!field.derived) exported.push_back(field.name);
  const auto imported = case_import_field_names();
  CHECK(std::vector<std::string_view>(imported.begin(), imported.end()) == exported);
  REQUIRE(case_import_fields().size() == exported.size());
  CHECK(case_import_index("ref") == 0);
  CHECK(case_import_fields()[case_import_index("pauses")].json);
  CHECK(case_import_fields()[case_import_index("subject")].required);
  CHECK_THROWS_AS(case_import_index("unit"), Error); // derived: not read
  // What is personal data, and of which kind.
  std::map<std::string_view, PersonalData> personal;
  for (const auto& field : case_record_fields())
    if (field.personal) personal.emplace(field.name, *field.personal);
  CHECK(personal == std::map<std::string_view, PersonalData>{{"name", PersonalData::name},
                                                             {"id_number", PersonalData::id_number},
                                                             {"phone", PersonalData::phone},
                                                             {"email", PersonalData::email},
                                                             {"address", PersonalData::address}});
}

TEST_CASE("case record: values masked unless revealed, an organisation's name is not personal") {
  Case c;
  c.ref = "PET-113-000001";
  c.applicant.kind = Applicant::Kind::person;
  c.applicant.name = "王小明";
  c.applicant.phone = "0912345678";
  c.applicant.business_number = "04595257";
  const CaseRecordView view{c, DateStyle::iso, {}, {}};
  const auto text = [&](std::string_view name, const Disclosure& disclosure) {
    for (const auto& field : case_fields())
      if (field.field.name == name) return case_field_text(field, view, disclosure);
    FAIL("no field ", name);
    return std::string();
  };
  CHECK(text("name", Disclosure::masked()) == "王O明");
  CHECK(text("phone", Disclosure::masked()) == "0912******");
  CHECK(text("business_number", Disclosure::masked()) == "04595257");
  CHECK(text("pauses", Disclosure::masked()) == "[]");
  c.applicant.kind = Applicant::Kind::organisation;
  c.applicant.name = "大發工業股份有限公司";
  CHECK(text("name", Disclosure::masked()) == "大發工業股份有限公司");
  CHECK(text("phone", Disclosure::masked()) == "0912******");
}

TEST_CASE("open data: no personal data, no unreviewed text or exact place, the district stays") {
  const auto kept = open_data_fields(case_record_fields());
  for (std::string_view dropped : {"name", "id_number", "phone", "email", "address", "business_number", "description",
                                   "place", "outcome", "assignee", "extension_log"})
    CHECK(std::ranges::find(kept, dropped) == kept.end());
  for (std::string_view shown : {"ref", "service", "status", "district", "received", "due", "closed"})
    CHECK(std::ranges::find(kept, shown) != kept.end());
  for (const auto& field : case_record_fields())
    if (field.personal) CHECK(open_data_drops(field));
  CHECK(open_data_drops(RecordField{.name = "account", .personal = PersonalData::bank_account}));
  CHECK_FALSE(open_data_drops(RecordField{.name = "amount"}));
}

TEST_CASE("subjects: one spelling per kind of thing") {
  CHECK(subject::of_case("PET-113-000042") == "case:PET-113-000042");
  CHECK(subject::calendar_day(*Date::from_ymd(2024, 7, 25)) == "calendar:2024-07-25");
  CHECK(subject::calendar_year(2024) == "calendar:2024");
  CHECK(subject::imports_of("case") == "case-import");
  CHECK(subject::case_ref(subject::of_case("SUB-107-000001")) == "SUB-107-000001");
  CHECK(subject::case_ref("calendar:2024") == "");
}

TEST_CASE("notice states: named as stored, parsed back, nothing else") {
  for (NoticeState state : k_notice_states)
    CHECK(parse_notice_state(notice_state_name(state)) == state);
  CHECK(notice_state_name(NoticeState::cancelled) == "cancelled");
  CHECK_FALSE(parse_notice_state("would send"));
  CHECK_FALSE(parse_notice_state(""));
  CHECK_FALSE(parse_notice_state("Sent"));
}

TEST_CASE("notices: an applicant's contact and name are masked, staff addresses are not personal") {
  Notice applicant;
  applicant.ref = "PET-113-000002";
  applicant.audience = "applicant";
  applicant.recipient = "0911222333";
  applicant.recipient_name = "李大同";
  applicant.body = "李大同 您好：";
  Notice staff = applicant;
  staff.audience = "unit_head";
  staff.recipient = "planning-head@ksepb.gov.tw";
  const Disclosure masked = Disclosure::masked();
  CHECK(notice_recipient_text(applicant, masked) == "0911******");
  CHECK(notice_body_text(applicant, masked) == "李O同 您好：");
  CHECK(notice_recipient_text(staff, masked) == "planning-head@ksepb.gov.tw");
  CHECK(notice_body_text(staff, masked) == "李大同 您好：");
  Notice second = applicant;
  second.level = "escalation";
  const std::vector<Notice> notices = {applicant, staff, second};
  CHECK(notice_reveal_refs(notices) == std::vector<std::string>{"PET-113-000002"});
  CHECK(notice_reveal_refs(std::vector<Notice>{staff}).empty());
}
