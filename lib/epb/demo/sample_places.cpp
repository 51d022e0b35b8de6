// Kaohsiung addresses: the 38 districts, weighted by population, with roads of each.
#include "epb/demo/sample_people.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

struct District {
  std::string_view name;
  int weight;                            // residents in thousands, roughly: the populous districts send most cases
  std::array<std::string_view, 8> roads; // unused slots stay empty
};

// The official order; names of real roads in each district.
// clang-format off
constexpr std::array<District, 38> k_districts{{
    {"楠梓區", 190, {"楠梓新路", "德民路", "藍田路", "土庫一路", "加昌路", "後昌路", "興楠路", "右昌街"}},
    {"左營區", 200, {"博愛二路", "博愛三路", "自由二路", "裕誠路", "左營大路", "華夏路", "重愛路", "文自路"}},
    {"鼓山區", 140, {"美術東二路", "明誠三路", "鼓山一路", "臨海二路", "中華一路", "青海路", "九如四路", "河西路"}},
    {"三民區", 330, {"建國二路", "九如一路", "大順二路", "民族一路", "十全一路", "大昌二路", "覺民路", "同盟一路"}},
    {"鹽埕區", 22, {"五福四路", "大勇路", "七賢三路", "大仁路", "新樂街", "瀨南街"}},
    {"前金區", 26, {"中正四路", "成功一路", "自強二路", "六合二路", "五福三路", "七賢二路"}},
    {"新興區", 48, {"中山一路", "七賢一路", "六合一路", "民生一路", "林森一路", "南華路", "復興二路"}},
    {"苓雅區", 160, {"四維三路", "中正一路", "光華一路", "自強三路", "青年一路", "三多二路", "福德三路", "建國一路"}},
    {"前鎮區", 180, {"中華五路", "中山二路", "一心二路", "瑞隆路", "擴建路", "成功二路", "鎮興路", "翠亨北路"}},
    {"旗津區", 27, {"中洲三路", "旗津三路", "通山路", "廟前路"}},
    {"小港區", 155, {"漢民路", "宏平路", "沿海一路", "桂陽路", "山明路", "平和路", "大業北路", "店鎮街"}},
    {"鳳山區", 350, {"中山西路", "光遠路", "文化路", "青年路二段", "自由路", "五甲二路", "建國路三段", "光復路二段"}},
    {"大寮區", 110, {"鳳林三路", "大寮路", "光明路三段", "山頂路", "鳳屏一路", "仁德路"}},
    {"鳥松區", 44, {"大埤路", "本館路", "神農路", "水管路", "中正路"}},
    {"林園區", 68, {"林園北路", "東林西路", "沿海路一段", "王公路", "忠孝西路"}},
    {"仁武區", 90, {"仁雄路", "八德南路", "鳳仁路", "中正路", "仁心路", "京吉二路"}},
    {"大樹區", 40, {"中興南路", "九曲路", "竹寮路", "大坑路", "興山路"}},
    {"大社區", 34, {"中山路", "翠屏路", "三民路", "自強街"}},
    {"岡山區", 97, {"岡山路", "介壽路", "公園路", "中山北路", "柳橋東路", "大義二路", "壽天路"}},
    {"路竹區", 51, {"中山路", "國昌路", "大仁路", "中正路"}},
    {"橋頭區", 39, {"隆豐路", "成功北路", "經武路", "仕隆路"}},
    {"梓官區", 35, {"進學路", "中正路", "通安路", "光明路"}},
    {"彌陀區", 18, {"中正路", "文化路", "漁港路"}},
    {"永安區", 13, {"永安路", "保寧路", "維新路"}},
    {"燕巢區", 29, {"中民路", "角宿路", "安招路", "中安路"}},
    {"田寮區", 6, {"崇德路", "中興路"}},
    {"阿蓮區", 27, {"中正路", "民生路", "中山路"}},
    {"茄萣區", 29, {"濱海路", "茄萣路", "白砂路", "民權路"}},
    {"湖內區", 29, {"中山路", "民權路", "忠孝街"}},
    {"旗山區", 36, {"中山路", "延平一路", "旗甲路", "中華路", "大德路"}},
    {"美濃區", 38, {"中山路", "中正路", "民族路", "泰安路"}},
    {"內門區", 14, {"內門路", "中正路", "觀亭路"}},
    {"杉林區", 11, {"山仙路", "和平路", "清水路"}},
    {"甲仙區", 6, {"文化路", "中正路", "和安街"}},
    {"六龜區", 12, {"光復路", "太平路", "中庄路"}},
    {"茂林區", 2, {"茂林路", "多納路"}},
    {"桃源區", 4, {"南橫公路三段", "中正路"}},
    {"那瑪夏區", 3, {"秀嶺巷", "大光巷", "平和巷"}},
}};
// clang-format on

constexpr std::array<std::string_view, 38> k_district_names = [] {
  std::array<std::string_view, 38> names{};
  for (std::size_t i = 0; i < k_districts.size(); ++i)
    names[i] = k_districts[i].name;
  return names;
}();

constexpr std::array<int, 38> k_district_weights = [] {
  std::array<int, 38> weights{};
  for (std::size_t i = 0; i < k_districts.size(); ++i)
    weights[i] = k_districts[i].weight;
  return weights;
}();

const District& district_named(std::string_view name) {
  for (const auto& district : k_districts)
    if (district.name == name) return district;
  return k_districts[3]; // 三民區: callers name districts from this table
}

std::size_t road_count(const District& district) {
  std::size_t n = 0;
  while (n < district.roads.size() && !district.roads[n].empty())
    ++n;
  return n;
}

} // namespace

std::span<const std::string_view> kaohsiung_districts() { return k_district_names; }

SampleAddress SamplePeople::address(bool floor) {
  return address_in(k_districts[m_random.weighted(k_district_weights)].name, floor);
}

SampleAddress SamplePeople::address_in(std::string_view name, bool floor) {
  const District& district = district_named(name);
  const std::string_view road = district.roads[m_random.index(road_count(district))];
  std::string text = fmt::format("高雄市{}{}", district.name, road);
  if (m_random.percent(15)) text += fmt::format("{}巷", m_random.uniform_int(1, 120));
  text += fmt::format("{}號", m_random.uniform_int(1, 420));
  if (floor && m_random.percent(25)) text += fmt::format("{}樓", m_random.uniform_int(2, 15));
  return SampleAddress{std::string(district.name), std::move(text)};
}

} // namespace epb
