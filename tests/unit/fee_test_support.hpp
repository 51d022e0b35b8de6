#pragma once
// Helpers shared by the ledger tests of the fee desk and fee payments: the built-in config with
// rates set here (two categories of DOMAIN.md §6's table, whatever epb.toml says), and a
// project at the counter: RC 1,000 m² from 2026-03-10 to 2026-06-07 (90 days, NT$7,950).
#include "desk_test_support.hpp"
#include "epb/fee/fee_desk.hpp"

namespace epb::test {

inline Decimal dec(const char* text) { return *Decimal::parse(text); }

inline const Config& fee_config() {
  static const Config c = [] {
    Config out = config();
    FeeSettings& fee = out.fee;
    fee.service = "construction_fee";
    fee.exempt_up_to = 100;
    fee.categories.clear();
    FeeCategory rc;
    rc.code = "1";
    rc.name_zh = "RC建築";
    rc.name_en = "RC building";
    rc.basis = FeeBasis::m2;
    rc.timed = true;
    rc.rates = {dec("2.47"), dec("2.65"), dec("5.90")};
    rc.level1_from = dec("4600");
    fee.categories.push_back(rc);
    FeeCategory other;
    other.code = "Z";
    other.name_zh = "其他工程";
    other.name_en = "Other works";
    other.basis = FeeBasis::ntd;
    other.timed = false;
    other.rates = {dec("0.0028"), dec("0.0035"), dec("0.0054")};
    fee.categories.push_back(other);
    fee.late = FeeLateRules{};
    fee.terms = FeeTerms{};
    fee.count_back = FeeCountBack{};
    fee.postal_rates = {PostalRate{*Date::from_ymd(2016, 1, 1), dec("1.5")}};
    return out;
  }();
  return c;
}

inline NewFeeProject rc_project(const char* quantity = "1000", const char* start = "2026-03-10",
                                const char* end = "2026-06-07") {
  NewFeeProject p;
  p.owner_name = "王小明";
  p.owner_id = "A123456789";
  p.phone = "0912345678";
  p.address = "高雄市苓雅區四維三路2號";
  p.site_address = "高雄市前鎮區中山二路100號";
  p.permit = "115高市工建築字第00123號";
  p.contractor = "大發營造";
  p.contractor_ubn = "04595257";
  p.category = "1";
  p.quantity = quantity;
  p.planned_start = start;
  p.planned_end = end;
  return p;
}

} // namespace epb::test
