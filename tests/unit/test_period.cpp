#include "epb/time/period.hpp"

#include <doctest/doctest.h>

using namespace epb;

TEST_CASE("period: ranges, years and months, ISO or ROC") {
  CHECK(parse_period("2018-01-01..2018-06-30")->text() == "2018-01-01..2018-06-30");
  CHECK(parse_period("107/01/01..107/06/30")->text() == "2018-01-01..2018-06-30");
  CHECK(parse_period("2018")->text() == "2018-01-01..2018-12-31");
  CHECK(parse_period("107")->text() == "2018-01-01..2018-12-31");
  CHECK(parse_period("2018-02")->text() == "2018-02-01..2018-02-28");
  CHECK(parse_period("107/12")->text() == "2018-12-01..2018-12-31");
  CHECK(parse_period("2020-02")->text() == "2020-02-01..2020-02-29");
  CHECK(parse_period("9999-12")->text() == "9999-12-01..9999-12-31"); // no next year to count back from
  CHECK(parse_period("9999")->text() == "9999-01-01..9999-12-31");
  CHECK(parse_period("2018-03-05..2018-03-05")->contains(*Date::from_ymd(2018, 3, 5)));
  CHECK_FALSE(parse_period("2018-03-05..2018-03-05")->contains(*Date::from_ymd(2018, 3, 6)));
}

TEST_CASE("period: what is not a period is refused, saying why") {
  CHECK(parse_period("2018-06-30..2018-01-01").error().why.find("before it starts") != std::string::npos);
  CHECK_FALSE(parse_period(""));
  CHECK_FALSE(parse_period("2018-13"));
  CHECK_FALSE(parse_period("2018-00"));
  CHECK_FALSE(parse_period("soon"));
  CHECK_FALSE(parse_period("2018-01-01.."));
  CHECK_FALSE(parse_period("..2018-01-01"));
  CHECK_FALSE(parse_period("2018-02-30..2018-03-01"));
  CHECK(parse_period("x").error().what == "period");
}

TEST_CASE("period: a year alone, Gregorian or ROC") {
  CHECK(parse_year("2018") == 2018);
  CHECK(parse_year("107") == 2018);
  CHECK(parse_year("1") == 1912);
  CHECK(parse_year("1912") == 1912);
  CHECK_FALSE(parse_year("1911")); // before the ROC calendar: neither reading is a year epb counts
  CHECK_FALSE(parse_year("1000"));
  CHECK_FALSE(parse_year("0"));
  CHECK_FALSE(parse_year("99999"));
  CHECK_FALSE(parse_year("-5"));
  CHECK_FALSE(parse_year(""));
}
