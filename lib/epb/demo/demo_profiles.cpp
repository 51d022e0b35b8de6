// What each service's cases look like: how they arrive, who brings them, what about, and
// how often they pause, run late or are rejected. Services the bureau does not have today
// get a profile from their SOP's flags.
#include "epb/demo/demo_plan.hpp"

#include <array>

namespace epb {
namespace {

using Matter = ServiceProfile::Matter;

struct Weighted {
  std::string_view code;
  int weight;
};

struct KnownProfile {
  std::string_view service;
  int weight;
  std::array<Weighted, 6> channels;
  int person, organisation, anonymous, with_id;
  int pause, late, extend, reject;
  Matter matter;
  std::string_view trade; // the line of business of organisations applying
  std::array<std::string_view, 4> subjects;
  std::array<std::string_view, 4> outcomes;
  std::array<std::string_view, 3> rejections;
};

// Pollution complaints dominate a bureau's year; applications come at the counter or by post
// (remote districts), complaints on the 0800 line and the app.
// clang-format off
constexpr std::array<KnownProfile, 8> k_known{{
    {"complaint", 40, {{{"hotline", 40}, {"phone", 20}, {"app", 25}, {"web", 15}}}, 70, 3, 27, 30, 0, 9, 0, 0,
     Matter::complaint, "", {},
     {"稽查未發現違規，已回復陳情人", "查有違規，已依法告發處分", "已現場勸導並請業者改善", "已通知業者限期改善"}, {}},
    {"petition", 15, {{{"web", 35}, {"phone", 25}, {"mail", 15}, {"in_person", 10}, {"app", 10}, {"fax", 5}}}, 92, 8, 0, 50,
     12, 12, 6, 0, Matter::petition, "", {},
     {"已函復陳情人", "已電話說明並函復陳情人", "已移請權責機關處理並副知陳情人"}, {}},
    {"whistleblower", 7, {{{"web", 40}, {"phone", 20}, {"hotline", 20}, {"mail", 15}, {"fax", 5}}}, 55, 5, 40, 60, 0, 10,
     0, 0, Matter::report, "", {}, {"查證屬實，已依法處分", "查無違規事證", "已移送相關機關處理"}, {}},
    {"water_test", 8, {{{"phone", 40}, {"web", 40}, {"in_person", 20}}}, 95, 5, 0, 30, 0, 8, 0, 0, Matter::listed, "",
     {"自來水水質檢驗", "地下水（井水）水質檢驗", "飲水機水質檢驗", "大樓水塔水質檢驗"},
     {"檢驗報告已寄發，各項目符合飲用水水質標準", "檢驗報告已寄發，大腸桿菌群超標，建議加強消毒"}, {}},
    {"subsidy", 14, {{{"in_person", 50}, {"mail", 30}, {"web", 20}}}, 100, 0, 0, 100, 25, 8, 5, 6,
     Matter::listed, "", {"汰舊二行程機車補助", "汰舊二行程機車並新購電動機車補助", "新購電動機車補助", "新購電動自行車補助"},
     {"補助款已撥付"}, {"未設籍本市，不予補助", "機車非二行程車種，不予補助", "逾期未補正文件"}},
    {"construction_fee", 8, {{{"web", 55}, {"in_person", 35}, {"mail", 10}}}, 5, 95, 0, 100, 20, 10, 0, 4,
     Matter::listed, "營造",
     {"營建工程空污費開工申報（RC建築）", "營建工程空污費開工申報（道路工程）", "營建工程空污費開工申報（拆除工程）",
      "營建工程空污費結算申報"},
     {"申報審查核定，已開立繳款書", "結算審查完成，應退費用已通知"}, {"申報資料不全，退件", "非屬應申報工程，退件"}},
    {"factory_registration", 4, {{{"in_person", 45}, {"web", 45}, {"mail", 10}}}, 0, 100, 0, 100, 35, 15, 15, 8,
     Matter::listed, "", {"工廠登記空氣污染防制審查", "工廠變更登記審查"}, {"審查通過，已副知經濟發展局"},
     {"不符工廠管理輔導法規定，駁回", "逾期未補正，駁回"}},
    {"recycling_station", 4, {{{"in_person", 60}, {"mail", 20}, {"web", 20}}}, 60, 40, 0, 100, 30, 12, 0, 10,
     Matter::listed, "資源回收", {"資源回收站登記申請", "資源回收站變更登記"}, {"核准登記，已核發登記證"},
     {"場址使用分區不符，不予登記", "現場勘查未符設置規定，不予登記"}},
}};
// clang-format on

constexpr std::array<Weighted, 4> k_complaint_channels{{{"hotline", 40}, {"phone", 25}, {"app", 20}, {"web", 15}}};
constexpr std::array<Weighted, 3> k_application_channels{{{"in_person", 50}, {"mail", 25}, {"web", 25}}};

template <std::size_t N> std::vector<std::string> texts(const std::array<std::string_view, N>& items) {
  std::vector<std::string> out;
  for (auto item : items)
    if (!item.empty()) out.emplace_back(item);
  return out;
}

template <std::size_t N>
void add_channels(const Config& config, const std::array<Weighted, N>& channels, ServiceProfile& profile) {
  for (const auto& [code, weight] : channels)
    if (!code.empty() && config.channel(code)) profile.channels.emplace_back(code, weight);
}

const KnownProfile* known(std::string_view service) {
  for (const auto& profile : k_known)
    if (profile.service == service) return &profile;
  return nullptr;
}

} // namespace

ServiceProfile profile_for(const Config& config, const Service& service) {
  ServiceProfile profile;
  if (const KnownProfile* k = known(service.code)) {
    profile.weight = k->weight;
    add_channels(config, k->channels, profile);
    profile.person = k->person;
    profile.organisation = k->organisation;
    profile.anonymous = k->anonymous;
    profile.with_id = k->with_id;
    profile.pause = k->pause;
    profile.late = k->late;
    profile.extend = k->extend;
    profile.reject = k->reject;
    profile.matter = k->matter;
    profile.subjects = texts(k->subjects);
    profile.outcomes = texts(k->outcomes);
    profile.rejections = texts(k->rejections);
  } else {
    // A service added to the config: complaint-like if it takes anonymous cases.
    if (service.anonymous_allowed) {
      add_channels(config, k_complaint_channels, profile);
      profile.anonymous = 20;
    } else {
      add_channels(config, k_application_channels, profile);
    }
    profile.subjects = {service.name_zh};
    profile.outcomes = {"辦理完成"};
    profile.rejections = {"不符規定，駁回"};
  }
  if (!service.anonymous_allowed) profile.anonymous = 0;
  if (profile.person + profile.organisation + profile.anonymous == 0) profile.person = 1;
  if (profile.channels.empty())
    for (const auto& channel : config.channels)
      profile.channels.emplace_back(channel.code, 1);
  if (profile.subjects.empty()) profile.subjects = {service.name_zh};
  if (profile.outcomes.empty()) profile.outcomes = {"辦理完成"};
  if (profile.rejections.empty()) profile.rejections = {"不符規定，駁回"};
  if (const KnownProfile* k = known(service.code)) profile.trade = k->trade;
  return profile;
}

std::string sample_channel(SampleRandom& random, const ServiceProfile& profile) {
  std::vector<int> weights;
  for (const auto& channel : profile.channels)
    weights.push_back(channel.second);
  return profile.channels[random.weighted(weights)].first;
}

bool office_hours_channel(std::string_view channel) {
  return channel == "in_person" || channel == "mail" || channel == "fax";
}

NewCase sample_new_case(SamplePeople& people, const Service& service, const ServiceProfile& profile) {
  SampleRandom& random = people.random();
  NewCase in;
  in.service = service.code;
  in.channel = sample_channel(random, profile);
  const std::array<int, 3> kinds{profile.person, profile.organisation, profile.anonymous};
  switch (random.weighted(kinds)) {
  case 0: {
    SamplePerson p = people.person();
    in.applicant_kind = "person";
    in.name = p.name;
    if (service.id_required || random.percent(profile.with_id)) in.id_number = p.id_number;
    if (random.percent(94)) in.phone = p.phone;
    if (profile.matter != ServiceProfile::Matter::complaint || random.percent(40)) in.address = p.address.text;
    // Holders of a resident certificate often ask for notices in English.
    if (p.id_number[1] >= '8' && random.percent(50)) in.lang = "en";
    break;
  }
  case 1: {
    SampleCompany co = people.company(profile.trade);
    in.applicant_kind = "organisation";
    in.name = co.name;
    in.business_number = co.business_number;
    in.phone = co.phone;
    in.address = co.address.text;
    break;
  }
  default: in.applicant_kind = "anonymous"; break;
  }
  switch (profile.matter) {
  case ServiceProfile::Matter::complaint:
  case ServiceProfile::Matter::report: {
    const SampleMatter matter =
        profile.matter == ServiceProfile::Matter::complaint ? people.complaint() : people.whistleblower_report();
    in.subject = matter.subject;
    in.place = matter.place;
    in.description = matter.description;
    break;
  }
  case ServiceProfile::Matter::petition:
    in.subject = people.petition_subject();
    in.description = "請貴局協助說明並處理";
    break;
  case ServiceProfile::Matter::listed: in.subject = random.pick(profile.subjects); break;
  }
  return in;
}

} // namespace epb
