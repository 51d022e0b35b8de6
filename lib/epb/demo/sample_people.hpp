#pragma once
// Deterministic, realistic Taiwanese personal data for tests and the demo ledger: names,
// ID and business numbers with valid checksums, Kaohsiung phones and addresses, and the
// matters people bring to an environmental protection bureau. Nothing here is a real person.
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>

namespace epb {

// A seeded generator whose output is the same with every standard library: mt19937_64 is
// fully specified, std::uniform_int_distribution is not, so the range reduction is ours.
class SampleRandom {
public:
  explicit SampleRandom(std::uint64_t seed) : m_engine(seed) {}

  std::uint64_t next() { return m_engine(); }
  // A uniformly drawn integer in [lo, hi]; lo when hi < lo.
  std::int64_t uniform(std::int64_t lo, std::int64_t hi);
  int uniform_int(int lo, int hi) { return static_cast<int>(uniform(lo, hi)); }
  std::size_t index(std::size_t size) {
    return static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(size) - 1));
  }
  // True with probability percent / 100.
  bool percent(int percent) { return uniform(0, 99) < percent; }

  template <class Items> const auto& pick(const Items& items) { return items[index(items.size())]; }
  // Picks an index with probability proportional to weights[i].
  std::size_t weighted(std::span<const int> weights);

private:
  std::mt19937_64 m_engine;
};

enum class Sex { male, female };

struct SampleAddress {
  std::string district; // 苓雅區
  std::string text;     // 高雄市苓雅區四維三路2號
};

struct SamplePerson {
  std::string name;
  Sex sex = Sex::male;
  std::string id_number; // a national ID, now and then a resident certificate
  std::string phone;     // mobile, sometimes a Kaohsiung landline
  SampleAddress address;
};

struct SampleCompany {
  std::string name; // 港都環保科技股份有限公司
  std::string business_number;
  std::string phone; // a Kaohsiung landline
  SampleAddress address;
};

// A matter complained about: what, and where (an address, so reports can tell its district).
struct SampleMatter {
  std::string subject; // 工地揚塵
  std::string place;   // 高雄市三民區建國二路15號旁工地
  std::string description;
};

class SamplePeople {
public:
  explicit SamplePeople(std::uint64_t seed) : m_random(seed) {}

  SampleRandom& random() { return m_random; }

  // 陳怡君; now and then a compound surname (歐陽志明).
  std::string person_name(Sex sex);
  Sex sex() { return m_random.percent(50) ? Sex::male : Sex::female; }
  // Mostly E (Kaohsiung City) and S (old Kaohsiung County), with a valid checksum.
  std::string national_id(Sex sex);
  // The 2021 format: a letter, 8 or 9, then 8 digits, with the national ID checksum.
  std::string resident_id(Sex sex);
  // 統一編號 with a valid checksum (mostly under the old divisible-by-10 rule).
  std::string business_number();
  // `trade` picks the line of business (營造, 資源回收); empty for any.
  std::string company_name(std::string_view trade = {});
  std::string mobile_phone(); // 09XXXXXXXX
  std::string landline();     // 07-XXXXXXX
  // Weighted toward populous districts. `floor`: a home or office may be upstairs (5樓);
  // a place complained about is a street address.
  SampleAddress address(bool floor = true);
  SampleAddress address_in(std::string_view district, bool floor = true);

  SamplePerson person();
  SampleCompany company(std::string_view trade = {});

  // A pollution complaint (公害陳情) with its place.
  SampleMatter complaint();
  // A report of a suspected violation (檢舉).
  SampleMatter whistleblower_report();
  // A petition's subject (人民陳情).
  std::string petition_subject();

private:
  SampleRandom m_random;
};

// Kaohsiung's 38 districts, in the city's official order.
std::span<const std::string_view> kaohsiung_districts();

} // namespace epb
