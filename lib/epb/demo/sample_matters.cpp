// What people bring to the bureau: pollution complaints with their places, reports of
// suspected violations, and petitions.
#include "epb/demo/sample_people.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

// Where a kind of matter happens, which decides how its place is written.
enum class Where {
  street,     // anywhere people live: an address and what is there (旁工地, 餐廳)
  rural,      // farmland and hills
  river,      // a river bank near an address
  industrial, // inside an industrial zone
};

struct MatterKind {
  std::string_view subject;
  Where where;
  std::string_view suffix; // appended to the address
  std::array<std::string_view, 3> descriptions;
  int weight;
};

// clang-format off
constexpr std::array<MatterKind, 16> k_complaints{{
    {"工地揚塵", Where::street, "旁工地", {"工地車輛進出未清洗輪胎，道路揚塵嚴重", "工地裸露地未覆蓋，風一吹灰塵滿天", "拆除工程未灑水，粉塵飄進住家"}, 14},
    {"餐廳油煙異味", Where::street, "一樓餐廳", {"餐廳排放油煙，異味飄入樓上住家", "燒烤店油煙直排後巷，衣服都是味道", "快炒店排煙管朝向住家窗戶"}, 12},
    {"工廠排放黑煙", Where::industrial, "", {"煙囪排放黑煙，持續約三十分鐘", "清晨工廠冒出濃煙", "鍋爐排放黑煙並有焦味"}, 8},
    {"夜間施工噪音", Where::street, "前工地", {"晚上十點後仍在施工，噪音擾人", "凌晨灌漿作業噪音很大", "假日夜間打石聲不斷"}, 10},
    {"廟宇燃放鞭炮", Where::street, "旁宮廟", {"廟會活動燃放大量鞭炮，煙霧瀰漫", "進香團深夜燃放鞭炮", "連續數日清晨燃放鞭炮"}, 5},
    {"河川排放廢水", Where::river, "", {"排水口有不明廢水排入，顏色混濁有臭味", "河面出現大片油污", "排放口流出泡沫狀廢水"}, 6},
    {"路邊棄置垃圾", Where::street, "對面空地", {"有人在空地棄置大型垃圾及廢家具", "路邊堆放垃圾多日無人清理", "夜間有人載運廢棄物傾倒"}, 9},
    {"露天燃燒稻草", Where::rural, "附近農地", {"農地露天燃燒稻草，煙霧影響交通", "傍晚焚燒稻草，住家滿是煙味", "田裡燃燒農業廢棄物"}, 5},
    {"犬隻排泄物", Where::street, "前人行道", {"遛狗未清理狗便，人行道髒亂", "公園步道常有犬隻排泄物", "騎樓下狗便無人清理"}, 5},
    {"冷氣室外機噪音", Where::street, "", {"鄰居冷氣室外機運轉噪音過大", "商家冷氣室外機對著住家吹熱風且噪音大", "冷卻水塔夜間噪音"}, 6},
    {"卡拉OK噪音", Where::street, "卡拉OK店", {"卡拉OK營業到深夜，歌聲擾人", "店家音響聲量過大", "每晚十一點後仍在唱歌"}, 5},
    {"工業區刺鼻異味", Where::industrial, "", {"空氣中有刺鼻化學異味", "晚上聞到類似瓦斯的臭味", "清晨有燒焦塑膠味"}, 7},
    {"汽機車排放黑煙", Where::street, "前路段", {"大貨車排放黑煙", "公車起步時冒黑煙", "機車排放白煙"}, 3},
    {"空地積水孳生蚊蟲", Where::street, "旁空地", {"空地積水孳生病媒蚊", "廢輪胎積水有孑孓", "空屋庭院雜草叢生積水"}, 3},
    {"營建工程污染路面", Where::street, "前路段", {"工程車掉落泥沙污染路面", "路面有大量泥漿", "砂石車未覆蓋帆布"}, 4},
    {"畜牧場臭味", Where::rural, "附近養豬場", {"養豬場臭味瀰漫", "畜牧廢水排入灌溉渠道", "夏天臭味特別嚴重"}, 3},
}};

constexpr std::array<MatterKind, 7> k_reports{{
    {"檢舉事業單位夜間偷排廢水", Where::industrial, "", {"深夜排放口流出有色廢水", "雨天趁機排放廢水", "廢水未經處理直接排放"}, 5},
    {"檢舉非法棄置營建廢棄物", Where::rural, "附近空地", {"砂石車夜間傾倒營建廢棄物", "魚塭旁堆置大量廢土", "農地遭回填不明廢棄物"}, 5},
    {"檢舉工廠未依許可證操作", Where::industrial, "", {"防制設備未開啟即生產", "擅自增加生產設備", "污染防制設備長期故障"}, 3},
    {"檢舉柴油車排放黑煙", Where::street, "前路段", {"大貨車排放黑煙，附車牌照片", "遊覽車怠速冒黑煙", "垃圾車排放黑煙"}, 3},
    {"檢舉事業廢棄物非法清運", Where::industrial, "", {"無清除許可車輛載運廢棄物", "廢溶劑桶被載往不明地點", "集塵灰以一般垃圾清運"}, 3},
    {"檢舉露天焚燒事業廢棄物", Where::rural, "附近空地", {"焚燒廢電線回收銅", "燃燒廢輪胎", "燃燒廢棧板及塑膠"}, 3},
    {"檢舉餐廳油脂直排下水道", Where::street, "一樓餐廳", {"未設油脂截留器，油污直排側溝", "側溝滿是油脂", "深夜倒廢油"}, 2},
}};

constexpr std::array<std::string_view, 12> k_rural_districts{"美濃區", "旗山區", "大寮區", "路竹區", "湖內區", "阿蓮區",
                                                             "燕巢區", "大樹區", "內門區", "杉林區", "田寮區", "六龜區"};
// clang-format on

struct Zone {
  std::string_view name;
  std::array<std::string_view, 3> districts; // unused slots stay empty
};
// clang-format off
constexpr std::array<Zone, 6> k_rivers{{{"愛河", {"三民區", "鼓山區", "苓雅區"}},
                                        {"後勁溪", {"楠梓區", "仁武區", ""}},
                                        {"典寶溪", {"岡山區", "橋頭區", "梓官區"}},
                                        {"鳳山溪", {"鳳山區", "前鎮區", ""}},
                                        {"前鎮河", {"前鎮區", "小港區", ""}},
                                        {"二仁溪", {"湖內區", "茄萣區", ""}}}};
constexpr std::array<Zone, 6> k_industrial_zones{{{"臨海工業區", {"小港區", "前鎮區", ""}},
                                                  {"仁大工業區", {"仁武區", "大社區", ""}},
                                                  {"林園工業區", {"林園區", "", ""}},
                                                  {"大發工業區", {"大寮區", "", ""}},
                                                  {"永安工業區", {"永安區", "", ""}},
                                                  {"本洲工業區", {"岡山區", "", ""}}}};

constexpr std::array<std::string_view, 16> k_petitions{
    "檢舉案件處理進度", "申請資源回收站登記", "水質檢驗", "垃圾車收運路線及時間調整",
    "社區周邊環境髒亂請派員清理", "公園公廁清潔維護", "空氣品質監測資料查詢", "二行程機車汰舊補助申請資格",
    "營建工地空污費繳納疑義", "稽查人員執法態度", "大型廢棄家具清運", "資源回收物回收管道",
    "住家附近工廠異味長期未改善", "道路側溝清淤", "環境教育活動場地借用", "電動機車充電站設置建議"};
// clang-format on

template <std::size_t N>
std::string_view pick_district(SampleRandom& random, const std::array<std::string_view, N>& districts) {
  std::size_t count = 0;
  while (count < N && !districts[count].empty())
    ++count;
  return districts[random.index(count)];
}

std::string place_of(SamplePeople& people, const MatterKind& kind) {
  SampleRandom& random = people.random();
  switch (kind.where) {
  case Where::street: return people.address(false).text + std::string(kind.suffix);
  case Where::rural: return people.address_in(random.pick(k_rural_districts), false).text + std::string(kind.suffix);
  case Where::river: {
    const Zone& river = random.pick(k_rivers);
    return fmt::format("{}附近{}排水口", people.address_in(pick_district(random, river.districts), false).text,
                       river.name);
  }
  case Where::industrial: {
    const Zone& zone = random.pick(k_industrial_zones);
    return fmt::format("{}（{}）", people.address_in(pick_district(random, zone.districts), false).text, zone.name);
  }
  }
  return people.address(false).text;
}

template <std::size_t N> SampleMatter matter_from(SamplePeople& people, const std::array<MatterKind, N>& kinds) {
  std::array<int, N> weights{};
  for (std::size_t i = 0; i < N; ++i)
    weights[i] = kinds[i].weight;
  const MatterKind& kind = kinds[people.random().weighted(weights)];
  std::string place = place_of(people, kind);
  return SampleMatter{std::string(kind.subject), std::move(place),
                      std::string(people.random().pick(kind.descriptions))};
}

} // namespace

SampleMatter SamplePeople::complaint() { return matter_from(*this, k_complaints); }

SampleMatter SamplePeople::whistleblower_report() { return matter_from(*this, k_reports); }

std::string SamplePeople::petition_subject() { return std::string(m_random.pick(k_petitions)); }

} // namespace epb
