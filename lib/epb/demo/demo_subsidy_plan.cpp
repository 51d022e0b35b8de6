// The subsidy season's applications: Kaohsiung people (and a few businesses) scrapping their
// two-strokes and buying e-two-wheelers, at the counter, by post or through a dealer, with
// plates, certificates, invoices and bank accounts of valid shapes.
#include "epb/demo/demo_subsidy.hpp"

#include <fmt/format.h>

#include <array>
#include <functional>
#include <set>

namespace epb {
namespace {

constexpr int k_roc_offset = 1911;
constexpr int k_dealers = 6;

// Financial institution codes (金融機構代碼): Bank of Taiwan, Land Bank, TCB, First, Hua Nan,
// Chang Hwa, Taiwan Business Bank (050), Kaohsiung Bank (016), Cathay United (013), CTBC (822),
// E.SUN (808), Taishin (812), Chunghwa Post (700).
constexpr std::array<std::string_view, 13> k_banks{"004", "005", "006", "007", "008", "009", "050",
                                                   "016", "013", "822", "808", "812", "700"};
constexpr std::array<std::string_view, 5> k_other_classes{"light", "light", "small_light", "e_bike", "assisted"};
constexpr std::string_view k_letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

struct KindShare {
  ProgrammeKind kind;
  int weight;
};
constexpr std::array<KindShare, 5> k_kinds{{{ProgrammeKind::scrap_buy_other, 34},
                                            {ProgrammeKind::scrap_only, 30},
                                            {ProgrammeKind::scrap_buy_heavy, 10},
                                            {ProgrammeKind::buy_other, 16},
                                            {ProgrammeKind::buy_heavy, 10}}};

class Planner {
public:
  Planner(SamplePeople& people, const Config& config, const OfficeCalendar& calendar, int year, Date end)
      : m_people(people), m_random(people.random()), m_config(config), m_calendar(calendar), m_year(year),
        m_first(*Date::from_ymd(year, 1, 2)), m_end(end) {
    for (int i = 0; i < k_dealers; ++i)
      m_dealers.push_back(people.business_number());
  }

  SubsidyPlan plan() {
    SubsidyPlan p;
    p.received = arrival();
    const bool business = m_random.percent(6);
    if (business) {
      const SampleCompany c = m_people.company();
      p.applicant.applicant_kind = "organisation";
      p.applicant.name = c.name;
      p.applicant.business_number = c.business_number;
      p.applicant.phone = c.phone;
      p.applicant.address = c.address.text;
    } else {
      const SamplePerson person = m_people.person();
      p.applicant.name = person.name;
      p.applicant.id_number = person.id_number;
      p.applicant.phone = person.phone;
      p.applicant.address = person.address.text;
      p.not_registered = m_random.percent(3);
    }
    const int channel = m_random.uniform_int(1, 100);
    p.dealer = channel > 75;
    p.applicant.channel = channel <= 55 ? "in_person" : channel <= 75 ? "mail" : dealer_channel();
    vehicles(p);
    p.documents = m_random.percent(15);
    p.documents_days = m_random.percent(85) ? m_random.uniform_int(3, 20) : m_random.uniform_int(21, 28);
    if (p.documents) p.missing = missing_documents(p);
    return p;
  }

  // The same scrapped two-stroke brought again by someone else of the household, or the same
  // person applying for a second vehicle: weeks after the original was decided.
  SubsidyPlan double_dip(const SubsidyPlan& original, bool same_plate) {
    SubsidyPlan p = plan();
    if (same_plate) {
      NewSubsidy s = original.subsidy; // the same scrapped vehicle, for the same programme
      s.bank_code = p.subsidy.bank_code;
      s.account_number = p.subsidy.account_number;
      s.dealer_ubn.clear();
      s.dealer_application.clear();
      p.subsidy = std::move(s);
      p.dealer = false;
      p.applicant.channel = "in_person";
      if (programme_buys(*parse_programme_kind(p.subsidy.kind))) new_vehicle(p, original.received.taipei_date());
    } else {
      const std::string channel = p.applicant.channel;
      p.applicant = original.applicant; // the same person, another vehicle
      p.applicant.channel = channel;
    }
    Date day = original.received.taipei_date() + m_random.uniform_int(45, 90);
    while (!m_calendar.is_working(day).value_or(true))
      day = day + 1;
    p.received = Instant::taipei_midnight(day) + m_random.uniform(8 * 3600 + 1800, 17 * 3600);
    p.double_dip = true;
    p.not_registered = false;
    p.documents = false;
    return p;
  }

private:
  std::string dealer_channel() const { return m_config.channel("dealer") ? "dealer" : "web"; }

  Instant arrival() {
    // Most arrive during the year; a rush in the weeks before the deadline.
    const Date from = m_random.percent(85) ? m_first : std::max(m_first, m_end - 40);
    Date day = from + m_random.uniform_int(0, std::max(0, m_end - from));
    while (!m_calendar.is_working(day).value_or(false) && day > m_first)
      day = day - 1;
    return Instant::taipei_midnight(day) + m_random.uniform(8 * 3600 + 1800, 17 * 3600);
  }

  // A date of the programme year some days before `received`.
  Date year_date_before(Date received, int most) {
    Date day = received - m_random.uniform_int(0, most);
    if (day.year() < m_year) day = *Date::from_ymd(m_year, 1, 1);
    if (day.year() > m_year) day = *Date::from_ymd(m_year, 12, 31) - m_random.uniform_int(0, 20);
    return day;
  }

  std::string unique(const std::function<std::string()>& make) {
    for (;;)
      if (std::string value = make(); m_used.insert(value).second) return value;
  }

  char letter() { return k_letters[m_random.index(k_letters.size())]; }

  void vehicles(SubsidyPlan& p) {
    std::vector<int> weights;
    for (const auto& k : k_kinds)
      weights.push_back(k.weight);
    const ProgrammeKind kind = k_kinds[m_random.weighted(weights)].kind;
    NewSubsidy& s = p.subsidy;
    s = NewSubsidy{};
    s.programme_year = std::to_string(m_random.percent(50) ? m_year : m_year - k_roc_offset);
    s.kind = std::string(programme_kind_name(kind));
    s.low_income = m_random.percent(6) ? "yes" : "";
    const Date received = p.received.taipei_date();
    if (programme_scraps(kind)) {
      // Older plates: three letters and three digits (FAA-233).
      s.scrapped_plate =
          unique([&] { return fmt::format("{}{}{}-{:03}", letter(), letter(), letter(), m_random.uniform(1, 999)); });
      // A two-stroke made by the end of 2003, now and then one made later (ineligible).
      const Date made = m_random.percent(99) ? *Date::from_ymd(1994, 1, 1) + m_random.uniform_int(0, 3650)
                                             : *Date::from_ymd(2004, 1, 1) + m_random.uniform_int(0, 700);
      s.scrapped_made = made.iso();
      s.recycling_certificate =
          unique([&] { return fmt::format("KH{}{:06}", m_year - k_roc_offset, m_random.uniform(1, 999999)); });
      s.deregistered = year_date_before(received, 20).iso();
    }
    if (programme_buys(kind)) new_vehicle(p, received);
    s.bank_code = std::string(m_random.pick(k_banks));
    s.account_number = fmt::format("{:0{}}", m_random.uniform(1, 999'999'999'999), s.bank_code == "700" ? 14 : 12);
    if (p.dealer) {
      const std::string& dealer = m_random.pick(m_dealers);
      s.dealer_ubn = dealer;
      s.dealer_application =
          unique([&] { return fmt::format("{}-{:05}", m_year - k_roc_offset, m_random.uniform(1, 99999)); });
    }
  }

  void new_vehicle(SubsidyPlan& p, Date received) {
    NewSubsidy& s = p.subsidy;
    const bool heavy = s.kind == "scrap_buy_heavy" || s.kind == "buy_heavy";
    s.new_class = heavy ? "heavy" : std::string(m_random.pick(k_other_classes));
    if (s.new_class != "e_bike" && s.new_class != "assisted")
      s.new_plate = unique([&] { return fmt::format("E{}{}-{:04}", letter(), letter(), m_random.uniform(1, 9999)); });
    else
      s.new_plate.clear();
    s.new_frame =
        unique([&] { return fmt::format("RF{}{}{:09}", letter(), letter(), m_random.uniform(1, 999'999'999)); });
    s.invoice_number =
        unique([&] { return fmt::format("{}{}-{:08}", letter(), letter(), m_random.uniform(1, 99'999'999)); });
    s.invoice_date = year_date_before(received, 25).iso();
  }

  std::string missing_documents(const SubsidyPlan& p) {
    const SubsidyProgramme* programme = nullptr;
    for (const auto& candidate : m_config.subsidy.programmes)
      if (candidate.year == m_year && programme_kind_name(candidate.kind) == p.subsidy.kind) programme = &candidate;
    if (!programme || programme->documents.empty()) return "photos";
    std::string first = m_random.pick(programme->documents);
    std::string second = m_random.pick(programme->documents);
    return first == second || m_random.percent(60) ? first : first + " " + second;
  }

  SamplePeople& m_people;
  SampleRandom& m_random;
  const Config& m_config;
  const OfficeCalendar& m_calendar;
  int m_year;
  Date m_first;
  Date m_end;
  std::vector<std::string> m_dealers;
  std::set<std::string> m_used;
};

} // namespace

int subsidy_season_year(const Config& config, const OfficeCalendar& calendar, Instant now) {
  const Service* review = config.service(config.subsidy.service);
  if (!review || review->kind == k_default_service_kind) return 0;
  int year = 0;
  for (const auto& p : config.subsidy.programmes)
    if (p.year <= now.taipei_date().year() && calendar.covers(*Date::from_ymd(p.year, 1, 2)))
      year = std::max(year, p.year);
  return year;
}

std::vector<SubsidyPlan> plan_subsidy_season(SamplePeople& people, const Config& config, const OfficeCalendar& calendar,
                                             int year, Date end, int count) {
  Planner planner(people, config, calendar, year, end);
  std::vector<SubsidyPlan> plans;
  const int dips = count >= 20 ? std::max(2, count / 40) : 0;
  for (int i = 0; i < count - dips; ++i)
    plans.push_back(planner.plan());
  // Double-dipping: the originals are plain applications decided well before the deadline.
  std::vector<std::size_t> originals;
  const Date latest = *Date::from_ymd(year, 9, 30);
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const SubsidyPlan& p = plans[i];
    if (!p.applicant.id_number.empty() && !p.not_registered && !p.documents && p.received.taipei_date() <= latest &&
        !p.subsidy.scrapped_plate.empty() && p.subsidy.scrapped_made < "2004-01-01")
      originals.push_back(i);
  }
  for (int n = 0; n < dips && !originals.empty(); ++n) {
    const std::size_t pick = people.random().index(originals.size());
    const std::size_t original = originals[pick];
    originals.erase(originals.begin() + static_cast<std::ptrdiff_t>(pick));
    plans.push_back(planner.double_dip(plans[original], n % 2 == 0));
  }
  // The first correction planned arrives past the 30 days: it is refused and the application rejected.
  for (auto& p : plans)
    if (p.documents) {
      p.documents_days = config.subsidy.correction_days + people.random().uniform_int(5, 15);
      break;
    }
  return plans;
}

} // namespace epb
