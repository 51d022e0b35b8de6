// [fee] in config: a small valid section on the built-in config (without its own [fee]), then each
// mistake reported at its FILE:LINE:COL. Lines are counted from the section's first line.
#include "config_test_support.hpp"
#include "epb/config/config.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace epb;
using test::with;

namespace {

constexpr std::string_view k_fee = R"([fee]
service = "construction_fee"
rounding = "half_away_from_zero"
exempt_up_to = 100

[fee.categories.1]
name = "RC"
name_en = "RC building"
basis = "m2"
timed = true
rates = ["2.47", "2.65", "5.90"]
level1_from = "4600"
local_factor = "1.0"

[fee.terms]
full_until = 10000
instalments_from = 5000000

[[fee.postal_rates]]
from = "2020-01-01"
percent = "0.79"

[[fee.postal_rates]]
from = "2022-01-01"
percent = "1.04"

[[fee.shortfall]]
from = 0
min_periods = 2
max_periods = 6
min_each = 50000

[fee.layouts.bank]
collector = "bank"
date_format = "iso"
fields = { slip = [1, 12], amount = [13, 10], paid_on = [23, 8], txn_id = [31, 16] }
)";

const test::ConfigSection& section() {
  static const test::ConfigSection section("[fee]\n");
  return section;
}
const std::string& base() { return section().base(); }
std::vector<std::string> issues(std::string_view fee) { return section().issues(fee); }

std::vector<std::string> one(std::string issue) { return {std::move(issue)}; }

} // namespace

TEST_CASE("config fee: the small section is valid and read as written") {
  REQUIRE(issues(k_fee).empty());
  const auto config = parse_config(base() + std::string(k_fee), "t.toml");
  REQUIRE(config);
  const FeeSettings& fee = config->fee;
  CHECK(fee.service == "construction_fee");
  REQUIRE(fee.categories.size() == 1);
  CHECK(fee.category("1")->rates[2].str() == "5.9");
  CHECK(fee.category("1")->level1_from->str() == "4600");
  CHECK(fee.category("2") == nullptr);
  CHECK(fee.layout("bank")->fields.size() == 4);
  CHECK(fee.layout("bank")->fields[3].start == 31);
  CHECK_FALSE(fee.postal_rate_on(*parse_date("2019-12-31")));
  CHECK(fee.postal_rate_on(*parse_date("2020-01-01"))->str() == "0.79");
  CHECK(fee.postal_rate_on(*parse_date("2021-12-31"))->str() == "0.79");
  CHECK(fee.postal_rate_on(*parse_date("2030-01-01"))->str() == "1.04");
  // Defaults for what the section leaves out.
  CHECK(fee.level3.max_fee == 2000);
  CHECK(fee.late.surcharge_max_days == 30);
  CHECK(fee.water.exempt_below == 50);
}

TEST_CASE("config fee: the built-in section") {
  const auto config = parse_config(builtin_config_text(), "built-in");
  REQUIRE(config);
  const FeeSettings& fee = config->fee;
  CHECK(fee.categories.size() == 12);
  for (const auto code : {"1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "Z"})
    CHECK(fee.category(code));
  CHECK_FALSE(fee.category("Z")->level1_from);
  CHECK_FALSE(fee.category("3")->timed);
  CHECK(fee.category("8")->basis == FeeBasis::ha);
  CHECK(fee.category("Z")->rates[0].str() == "0.0028");
  CHECK(fee.layout("cvs")->date_format == "roc");
  CHECK(fee.shortfall.back().needs_security);
  CHECK(config->service("construction_fee")->kind == "fee");
}

TEST_CASE("config fee: decimals are strings or integers, never floats") {
  CHECK(issues(with(k_fee, R"(rates = ["2.47", "2.65", "5.90"])", "rates = [2, 3, 6]")).empty());
  CHECK(issues(with(k_fee, R"(rates = ["2.47", "2.65", "5.90"])", R"(rates = [2.47, "2.65", "5.90"])")) ==
        one("11:10: the level-1 rate in fee category '1' must be written as a string, e.g. \"2.47\": a TOML float is "
            "binary and money is computed exactly"));
  CHECK(issues(with(k_fee, R"(rates = ["2.47", "2.65", "5.90"])", R"(rates = ["2.47", "2,65", "5.90"])")) ==
        one("11:18: the level-2 rate in fee category '1': '2,65' is not a number: thousands separators must part "
            "groups of three digits"));
  CHECK(issues(with(k_fee, R"(rates = ["2.47", "2.65", "5.90"])", R"(rates = ["2.47", "2.65"])")) ==
        one("11:9: 'rates' in fee category '1' must have 3 entries (levels 1, 2, 3), not 2"));
  CHECK(issues(with(k_fee, R"(rates = ["2.47", "2.65", "5.90"])", R"(rates = ["2.47", "0", "5.90"])")) ==
        one("11:18: the level-2 rate in fee category '1' must be positive, not 0"));
  CHECK(issues(with(k_fee, R"(level1_from = "4600")", "level1_from = true")) ==
        one("12:15: 'level1_from' in fee category '1' must be a decimal in a string, e.g. \"2.47\", not a boolean"));
  CHECK(issues(with(k_fee, R"(level1_from = "4600")", R"(level1_from = "-1")")) ==
        one("12:15: 'level1_from' in fee category '1' must not be negative, not -1"));
}

TEST_CASE("config fee: the local factor is 0.7 to 1.3") {
  CHECK(issues(with(k_fee, R"(local_factor = "1.0")", R"(local_factor = "0.7")")).empty());
  CHECK(issues(with(k_fee, R"(local_factor = "1.0")", R"(local_factor = "1.3")")).empty());
  CHECK(issues(with(k_fee, R"(local_factor = "1.0")", R"(local_factor = "1.31")")) ==
        one("13:16: 'local_factor' in fee category '1' must be from 0.7 to 1.3 (Act §17 ¶3: ±30 %), not 1.31"));
  CHECK(issues(with(k_fee, R"(local_factor = "1.0")", R"(local_factor = "0.69")")) ==
        one("13:16: 'local_factor' in fee category '1' must be from 0.7 to 1.3 (Act §17 ¶3: ±30 %), not 0.69"));
}

TEST_CASE("config fee: categories") {
  CHECK(issues(with(k_fee, "name = \"RC\"", "nmae = \"RC\"")) ==
        std::vector<std::string>{"7:1: unknown key 'nmae' in fee category '1' (did you mean 'name'?)"});
  CHECK(issues(with(k_fee, R"(basis = "m2")", R"(basis = "m3 ")")) ==
        one("9:9: basis 'm3 ' in fee category '1' must be one of m2, ha, m3, ntd (did you mean 'm3'?)"));
  CHECK(issues(with(k_fee, "[fee.categories.1]", "[fee.categories.a1]")) ==
        one("6:17: fee category code 'a1' must be 1 to 3 of 0-9 and A-Z"));
  CHECK(issues(with(k_fee, "timed = true", "timed = \"yes\"")) == one("10:9: 'timed' must be a boolean, not a string"));
  // No default: a category left without it would be charged by the month, volume or contract amount alike.
  CHECK(issues(with(k_fee, "timed = true\n", "")) == one("6:1: missing key 'timed' in fee category '1'"));
}

TEST_CASE("config fee: the service, rounding and terms") {
  CHECK(issues(with(k_fee, R"(service = "construction_fee")", R"(service = "construction_fees")")) ==
        one("2:11: unknown service 'construction_fees' in [fee] (did you mean 'construction_fee'?)"));
  CHECK(issues(with(k_fee, R"(service = "construction_fee")", R"(service = "petition")")) ==
        one("2:11: the declaration service 'petition' of [fee] must be of kind \"fee\", not \"case\""));
  CHECK(issues(with(k_fee, R"(rounding = "half_away_from_zero")", R"(rounding = "truncat")")) ==
        one("3:12: rounding 'truncat' in [fee] must be 'half_away_from_zero' or 'truncate' (did you mean "
            "'truncate'?)"));
  CHECK(issues(with(k_fee, "instalments_from = 5000000", "instalments_from = 10000")) ==
        one("17:20: 'instalments_from' 10000 in [fee.terms] must be above 'full_until' 10000"));
  CHECK(issues(with(k_fee, "exempt_up_to = 100", "exempt_up_to = -1")) ==
        one("4:16: 'exempt_up_to' must be from 0 to 2000000000, not -1"));
  // A slip has two digits for the instalment, and the settlement may issue one more.
  CHECK(issues(with(k_fee, "instalments_from = 5000000", "instalments_from = 5000000\nmax_instalments = 98")).empty());
  CHECK(issues(with(k_fee, "instalments_from = 5000000", "instalments_from = 5000000\nmax_instalments = 99")) ==
        one("18:19: 'max_instalments' must be from 2 to 98, not 99"));
  CHECK(issues(with(k_fee, "[fee.terms]", "[fee.term]")) ==
        one("15:6: unknown key 'term' in [fee] (did you mean 'terms'?)"));
}

TEST_CASE("config fee: postal rates and shortfall tiers in order") {
  CHECK(issues(with(k_fee, R"(from = "2022-01-01")", R"(from = "2019-01-01")")) ==
        one("24:8: postal rate from 2019-01-01 in [[fee.postal_rates]] 2 must come after the one from 2020-01-01 "
            "(in date order)"));
  CHECK(issues(with(k_fee, R"(from = "2022-01-01")", R"(from = "2022-02-30")")).size() == 1);
  CHECK(issues(with(k_fee, R"(percent = "1.04")", "percent = 1.04")) ==
        one("25:11: 'percent' in [[fee.postal_rates]] 2 must be written as a string, e.g. \"2.47\": a TOML float is "
            "binary and money is computed exactly"));
  CHECK(issues(with(k_fee, "min_periods = 2", "min_periods = 7")) ==
        one("29:15: 'min_periods' 7 in [[fee.shortfall]] 1 is above 'max_periods' 6"));
}

TEST_CASE("config fee: layouts") {
  const std::string fields = "fields = { slip = [1, 12], amount = [13, 10], paid_on = [23, 8], txn_id = [31, 16] }";
  CHECK(issues(with(k_fee, fields, "fields = { slip = [1, 12], amount = [13, 10], paid_on = [23, 8] }")) ==
        one("36:10: layout 'bank' needs field 'txn_id' (required: slip, amount, paid_on, txn_id)"));
  CHECK(issues(with(k_fee, fields,
                    "fields = { slip = [1, 12], amount = [12, 10], paid_on = [23, 8], txn_id = [31, 16] }")) ==
        one("36:37: field 'amount' [12, 10] of layout 'bank' overlaps field 'slip' [1, 12]"));
  CHECK(issues(with(k_fee, fields,
                    "fields = { slip = [1, 0], amount = [13, 10], paid_on = [23, 8], txn_id = [31, 16] }")) ==
        std::vector<std::string>{
            "36:10: layout 'bank' needs field 'slip' (required: slip, amount, paid_on, txn_id)",
            "36:19: field 'slip' of layout 'bank': start and width must be from 1 to 10000, not [1, 0]"});
  CHECK(issues(with(k_fee, fields,
                    "fields = { slip = [1, 12], amount = [13, 10], paid_on = [23, 8], txn_id = [31, 16], slipp = [50, "
                    "2] }")) ==
        one("36:85: unknown field 'slipp' in layout 'bank' (did you mean 'slip'?) (fields: slip, amount, paid_on, "
            "txn_id, collector, payer)"));
  CHECK(issues(with(k_fee, fields, "fields = { slip = 1, amount = [13, 10], paid_on = [23, 8], txn_id = [31, 16] }")) ==
        std::vector<std::string>{"36:10: layout 'bank' needs field 'slip' (required: slip, amount, paid_on, txn_id)",
                                 "36:19: field 'slip' of layout 'bank' must be [start, width], two integers"});
  CHECK(issues(with(k_fee, R"(date_format = "iso")", R"(date_format = "ymd")")) ==
        one("35:15: date_format 'ymd' in layout 'bank' must be 'iso' or 'roc'"));
  CHECK(issues(with(k_fee, R"(date_format = "iso")", R"(head_prefix = "H")")) ==
        one("35:15: head_prefix in layout 'bank' needs skip_head of at least 1"));
  CHECK(issues(with(k_fee, R"(collector = "bank")", R"(skip_head = 1)")) ==
        one("33:1: layout 'bank' needs 'collector' (a name) or a field 'collector'"));
}
