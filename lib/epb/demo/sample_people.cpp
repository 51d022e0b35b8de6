// People and companies: names, ID and business numbers with valid checksums, phones.
#include "epb/demo/sample_people.hpp"

#include <fmt/format.h>

#include <array>
#include <limits>

namespace epb {
namespace {

// clang-format off
// The commonest surnames first; the weights roughly follow their share of Taiwan's population.
constexpr std::array<std::string_view, 40> k_surnames{
    "陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭",
    "洪", "曾", "邱", "廖", "賴", "周", "徐", "蘇", "葉", "莊", "呂", "江", "何", "蕭",
    "羅", "高", "潘", "簡", "朱", "鍾", "彭", "游", "詹", "胡", "施", "沈"};
constexpr std::array<int, 40> k_surname_weights{
    112, 83, 60, 53, 51, 41, 40, 32, 29, 26, 23, 21, 19, 18, 16, 16, 14, 14, 13, 13,
    12,  12, 12, 11, 11, 10, 10, 10, 9,  9,  9,  8,  8,  8,  8,  7,  7,  7,  7,  6};
// clang-format on
// Compound surnames are rare; 張簡 and 范姜 are the Taiwanese ones.
constexpr std::array<std::string_view, 6> k_compound_surnames{"歐陽", "司馬", "張簡", "范姜", "諸葛", "上官"};

// clang-format off
constexpr std::array<std::string_view, 40> k_male_given{
    "志", "明", "建", "宏", "俊", "傑", "家", "豪", "宗", "翰", "冠", "廷", "承", "恩",
    "柏", "文", "彥", "育", "正", "偉", "信", "昌", "國", "榮", "仁", "哲", "銘", "賢",
    "凱", "勝", "峰", "威", "宇", "軒", "睿", "祐", "泓", "霖", "智", "誠"};
constexpr std::array<std::string_view, 40> k_female_given{
    "淑", "芬", "美", "惠", "雅", "婷", "怡", "君", "佳", "穎", "欣", "詩", "涵", "宜",
    "蓁", "思", "妤", "玉", "珍", "麗", "華", "秀", "瑩", "慧", "靜", "琪", "萱", "庭",
    "瑜", "筱", "馨", "雯", "如", "雲", "婉", "心", "玲", "潔", "彤", "安"};
// clang-format on

// Letter values of the national ID (DOMAIN.md §1), A to Z.
constexpr std::array<int, 26> k_letter_values{10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
                                              22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33};
// Where the people of a Kaohsiung ledger were first registered: mostly E (Kaohsiung City)
// and S (the old Kaohsiung County), then the neighbours and the big cities.
constexpr std::string_view k_id_letters = "ESTDRABFHQ";
constexpr std::array<int, 10> k_id_letter_weights{55, 25, 5, 3, 3, 3, 2, 2, 1, 1};
constexpr std::array<int, 7> k_id_weights{7, 6, 5, 4, 3, 2, 1}; // for the 3rd to 9th characters

constexpr std::array<int, 8> k_business_weights{1, 2, 1, 2, 1, 2, 4, 1};

constexpr std::array<std::string_view, 24> k_company_words{
    "港都", "高昇", "興達", "南星", "鳳翔", "旗美", "立翔", "宏鑫", "順發", "金鼎", "新隆", "億昌",
    "全興", "佳和", "瑞成", "盛豐", "大鵬", "永信", "聯興", "啟明", "富田", "海光", "春源", "鼎泰"};
struct Trade {
  std::string_view word;
  bool shares_only; // 營造 firms of any size are mostly companies limited by shares
};
constexpr std::array<Trade, 14> k_trades{{{"營造", true},
                                          {"工業", false},
                                          {"實業", false},
                                          {"金屬", false},
                                          {"塑膠", false},
                                          {"化工", false},
                                          {"食品", false},
                                          {"鋼鐵", true},
                                          {"環保科技", false},
                                          {"建設", true},
                                          {"物流", false},
                                          {"餐飲", false},
                                          {"資源回收", false},
                                          {"機械", false}}};

char digit_char(int digit) { return static_cast<char>('0' + digit); }

// Appends the checksum digit to a letter, the weight-8 digit and 7 more digits.
std::string with_id_checksum(char letter, int second, SampleRandom& random) {
  const int value = k_letter_values[static_cast<std::size_t>(letter - 'A')];
  int sum = value / 10 + value % 10 * 9 + second * 8;
  std::string id{letter, digit_char(second)};
  for (int weight : k_id_weights) {
    const int digit = random.uniform_int(0, 9);
    sum += digit * weight;
    id += digit_char(digit);
  }
  id += digit_char((10 - sum % 10) % 10);
  return id;
}

int digit_sum(int product) {
  const int sum = product / 10 + product % 10;
  return sum >= 10 ? sum / 10 + sum % 10 : sum;
}

} // namespace

std::int64_t SampleRandom::uniform(std::int64_t lo, std::int64_t hi) {
  if (hi <= lo) return lo;
  const auto range = static_cast<std::uint64_t>(hi - lo) + 1;
  // Draws below 2^64 mod range would make the low values likelier: redraw them.
  const std::uint64_t reject_below = (std::numeric_limits<std::uint64_t>::max() - range + 1) % range;
  std::uint64_t draw = next();
  while (draw < reject_below)
    draw = next();
  return lo + static_cast<std::int64_t>(draw % range);
}

std::size_t SampleRandom::weighted(std::span<const int> weights) {
  std::int64_t total = 0;
  for (int weight : weights)
    total += weight;
  std::int64_t draw = uniform(0, total - 1);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    draw -= weights[i];
    if (draw < 0) return i;
  }
  return weights.empty() ? 0 : weights.size() - 1;
}

std::string SamplePeople::person_name(Sex sex) {
  std::string name(m_random.percent(1) ? m_random.pick(k_compound_surnames)
                                       : k_surnames[m_random.weighted(k_surname_weights)]);
  const auto& given = sex == Sex::male ? k_male_given : k_female_given;
  const std::size_t first = m_random.index(given.size());
  name += given[first];
  if (m_random.percent(4)) return name; // a one-character given name (王明)
  std::size_t second = m_random.index(given.size() - 1);
  if (second >= first) ++second; // never the same character twice
  return name + std::string(given[second]);
}

std::string SamplePeople::national_id(Sex sex) {
  const char letter = k_id_letters[m_random.weighted(k_id_letter_weights)];
  return with_id_checksum(letter, sex == Sex::male ? 1 : 2, m_random);
}

std::string SamplePeople::resident_id(Sex sex) {
  const char letter = static_cast<char>('A' + m_random.uniform_int(0, 25));
  return with_id_checksum(letter, sex == Sex::male ? 8 : 9, m_random);
}

std::string SamplePeople::business_number() {
  std::string number;
  int sum = 0;
  for (std::size_t i = 0; i + 1 < k_business_weights.size(); ++i) {
    // Now and then a 7 in the 7th place, the checksum's special case.
    const int digit = i == 6 && m_random.percent(10) ? 7 : m_random.uniform_int(0, 9);
    sum += digit_sum(digit * k_business_weights[i]);
    number += digit_char(digit);
  }
  // Most numbers in use predate 2023 and meet the old rule (sum divisible by 10); newer ones
  // only need divisibility by 5.
  int check = (10 - sum % 10) % 10;
  if (m_random.percent(20)) check = (check + 5) % 10;
  return number + digit_char(check);
}

std::string SamplePeople::company_name(std::string_view trade_word) {
  const Trade* trade = &m_random.pick(k_trades);
  for (const Trade& t : k_trades)
    if (t.word == trade_word) trade = &t;
  const bool shares = trade->shares_only ? m_random.percent(85) : m_random.percent(45);
  return fmt::format("{}{}{}", m_random.pick(k_company_words), trade->word, shares ? "股份有限公司" : "有限公司");
}

std::string SamplePeople::mobile_phone() {
  return fmt::format("09{}{:07}", m_random.uniform_int(1, 8), m_random.uniform(0, 9'999'999));
}

std::string SamplePeople::landline() {
  // Kaohsiung subscriber numbers have 7 digits and never start with 0 or 1.
  return fmt::format("07-{}{:06}", m_random.uniform_int(2, 8), m_random.uniform(0, 999'999));
}

SamplePerson SamplePeople::person() {
  SamplePerson p;
  p.sex = sex();
  p.name = person_name(p.sex);
  p.id_number = m_random.percent(3) ? resident_id(p.sex) : national_id(p.sex);
  p.phone = m_random.percent(85) ? mobile_phone() : landline();
  p.address = address();
  return p;
}

SampleCompany SamplePeople::company(std::string_view trade) {
  SampleCompany c;
  c.name = company_name(trade);
  c.business_number = business_number();
  c.phone = landline();
  c.address = address();
  return c;
}

} // namespace epb
