// The typed field parsers every import target shares: each names the field in its error.
#include "epb/io/field_parsers.hpp"

#include <doctest/doctest.h>

#include <array>

using namespace epb;

namespace {

// The error's `what` is the field; returns the whole message for the reason's checks.
template <class T> std::string refused(const Result<T>& result, std::string_view field) {
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().what == field);
  CHECK(result.error().fault == Fault::invalid);
  return result.error().message();
}

} // namespace

TEST_CASE("field parsers: dates, ISO or ROC") {
  CHECK(*parse::date("invoice_date", "2018-03-31") == *parse_date("2018-03-31"));
  CHECK(*parse::date("invoice_date", "107/03/31") == *parse_date("2018-03-31"));
  CHECK(*parse::date("invoice_date", "1070331") == *parse_date("2018-03-31"));
  CHECK(parse::date("invoice_date", "2018-02-29").has_value() == false);
  CHECK(refused(parse::date("invoice_date", "2018-13-01"), "invoice_date").starts_with("invoice_date: "));
  refused(parse::date("scrapped_on", "yesterday"), "scrapped_on");
}

TEST_CASE("field parsers: instants") {
  CHECK(parse::instant("closed", "2026-10-03T09:00:00+08:00")->unix_seconds() ==
        parse_instant("2026-10-03T01:00:00Z")->unix_seconds());
  refused(parse::instant("closed", "2026-10-03T25:00"), "closed");
  refused(parse::instant("closed", ""), "closed");
}

TEST_CASE("field parsers: money") {
  CHECK(parse::money("amount", "NT$12,000") == 12000);
  CHECK(parse::money("amount", "0") == 0);
  CHECK(parse::money("amount", "1000000000000") == 1000000000000);
  refused(parse::money("amount", "1000000000001"), "amount");
  refused(parse::money("amount", "-5"), "amount");
  refused(parse::money("amount", "12.50"), "amount");
  refused(parse::money("amount", "1,20,00"), "amount");
}

TEST_CASE("field parsers: motorcycle plates") {
  CHECK(parse::plate("scrapped_plate", "abc1234") == "ABC-1234");
  CHECK(parse::plate("new_plate", "EMB-5678") == "EMB-5678");
  CHECK(parse::plate("scrapped_plate", "FAA-233") == "FAA-233");
  refused(parse::plate("scrapped_plate", "123-ABC"), "scrapped_plate");
  refused(parse::plate("scrapped_plate", "ABCD-12345"), "scrapped_plate");
  refused(parse::plate("scrapped_plate", "-"), "scrapped_plate");
}

TEST_CASE("field parsers: national IDs and resident certificates") {
  CHECK(parse::national_id("id_number", " a123456789 ") == "A123456789");
  refused(parse::national_id("id_number", "A123456788"), "id_number"); // checksum
  refused(parse::national_id("id_number", "A12345678"), "id_number");  // one digit short
  CHECK(parse::person_id("id_number", "A123456789") == "A123456789");
  refused(parse::person_id("id_number", "A1234567890"), "id_number");
  refused(parse::person_id("id_number", "1A23456789"), "id_number");
}

TEST_CASE("field parsers: business numbers") {
  CHECK(parse::business_number("dealer_ubn", "04595257") == "04595257");
  refused(parse::business_number("dealer_ubn", "04595258"), "dealer_ubn");
  refused(parse::business_number("dealer_ubn", "0459525"), "dealer_ubn");
  refused(parse::business_number("dealer_ubn", "0459525A"), "dealer_ubn");
}

TEST_CASE("field parsers: bank code and account, each under its own field") {
  const auto account = parse::bank_account("bank_code", "004", "account", "1234-5678-9012");
  REQUIRE(account);
  CHECK(account->bank_code == "004");
  CHECK(account->number == "123456789012");
  refused(parse::bank_account("bank_code", "04", "account", "1234567890"), "bank_code");
  refused(parse::bank_account("bank_code", "004", "account", "123456789"), "account");         // 9 digits
  CHECK(parse::bank_account("bank_code", "004", "account", "1234567890123456").has_value());   // 16
  refused(parse::bank_account("bank_code", "004", "account", "12345678901234567"), "account"); // 17
}

TEST_CASE("field parsers: phones and e-mail") {
  CHECK(parse::phone("phone", "+886 912 345 678") == "0912345678");
  CHECK(parse::phone("phone", "07-3351234 ext 12") == "07-3351234#12");
  refused(parse::phone("phone", "12345"), "phone");
  CHECK(parse::email("email", "Li@Example.COM") == "Li@example.com");
  refused(parse::email("email", "li@localhost"), "email");
  refused(parse::email("email", "li..wang@example.com"), "email");
}

TEST_CASE("field parsers: yes/no flags") {
  for (auto yes : {"true", "TRUE", "yes", "Y", "1", "是"})
    CHECK(parse::flag("registered", yes) == true);
  for (auto no : {"false", "No", "n", "0", "否"})
    CHECK(parse::flag("registered", no) == false);
  CHECK(refused(parse::flag("closed_late", "maybe"), "closed_late")
            .starts_with("closed_late: 'maybe' is not true or false"));
  refused(parse::flag("registered", ""), "registered");
  refused(parse::flag("registered", "yes please"), "registered");
}

TEST_CASE("field parsers: a value from a list") {
  constexpr std::array<std::string_view, 3> k_channels = {"counter", "post", "dealer"};
  CHECK(parse::choice("channel", "post", k_channels) == "post");
  const auto message = refused(parse::choice("channel", "dealr", k_channels), "channel");
  CHECK(message == "channel: 'dealr' is not one of counter, post, dealer, did you mean 'dealer'?");
  refused(parse::choice("channel", "Post", k_channels), "channel"); // codes are exact
  refused(parse::choice("channel", "", k_channels), "channel");
}

TEST_CASE("field parsers: whole numbers within bounds") {
  CHECK(parse::whole_number("count", "0", 0, 10) == 0);
  CHECK(parse::whole_number("count", "10", 0, 10) == 10);
  CHECK(parse::whole_number("offset", "-3", -5, 5) == -3);
  CHECK(refused(parse::whole_number("count", "11", 0, 10), "count") == "count: 11 is not within 0..10");
  refused(parse::whole_number("count", "-1", 0, 10), "count");
  CHECK(refused(parse::whole_number("count", "1.5", 0, 10), "count") == "count: '1.5' is not a whole number");
  refused(parse::whole_number("count", "+1", 0, 10), "count");
  refused(parse::whole_number("count", "", 0, 10), "count");
  refused(parse::whole_number("count", "99999999999999999999", 0, 10), "count");
  refused(parse::whole_number("count", "1 ", 0, 10), "count");
}
