#include "epb/validate/business_number.hpp"
#include "epb/validate/contact.hpp"
#include "epb/validate/money.hpp"
#include "epb/validate/name.hpp"
#include "epb/validate/person_id.hpp"
#include "epb/validate/plate.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

using namespace epb;

TEST_SUITE("validators") {

  TEST_CASE("national id: valid numbers normalise") {
    for (const char* id :
         {"A123456789", "F131104093", "O158238845", "N116247806", "L122544270", "C180661564", "Y123456788"}) {
      CAPTURE(id);
      const auto result = validate_national_id(id);
      REQUIRE(result);
      CHECK(*result == id);
    }
    CHECK(validate_national_id("a123456789").value() == "A123456789");
    CHECK(validate_national_id("  A123456789 ").value() == "A123456789");
  }

  TEST_CASE("national id: invalid numbers") {
    for (const char* id : {"A123456788", "F131104091", "O158238842", "A12345678", "A323456789", "", "1123456789",
                           "A1234567890", "A12345678X", "A800000014"}) {
      CAPTURE(id);
      CHECK_FALSE(validate_national_id(id));
    }
    const auto checksum = validate_national_id("A123456788");
    REQUIRE_FALSE(checksum);
    CHECK(checksum.error().fault == Fault::invalid);
    CHECK(checksum.error().what == "national id 'A123456788'");
    CHECK(checksum.error().why == "checksum does not match");
    CHECK(validate_national_id("A12345678").error().why == "expected a letter and 9 digits");
    CHECK(validate_national_id("A323456789").error().why ==
          "second digit must be 1 or 2 (or 8/9 for a resident certificate)");
  }

  TEST_CASE("resident id: new and old formats") {
    for (const char* id : {"A800000014", "A900207177", "B801300667", "T900251126", "AB23456789", "AA00000009",
                           "BD01300667", "HD02717288"}) {
      CAPTURE(id);
      const auto result = validate_resident_id(id);
      REQUIRE(result);
      CHECK(*result == id);
    }
    CHECK(validate_resident_id("hd02717288").value() == "HD02717288");
    for (const char* id : {"A800000000", "F931104091", "AA00000000", "AE23456785", "A123456789", "A8000000", ""}) {
      CAPTURE(id);
      CHECK_FALSE(validate_resident_id(id));
    }
    const auto bad = validate_resident_id("AA00000000");
    CHECK(bad.error().what == "resident certificate 'AA00000000'");
    CHECK(bad.error().why == "checksum does not match");
    CHECK(validate_resident_id("AE23456785").error().why == "second character must be 8, 9 or A-D");
  }

  TEST_CASE("person id: dispatches on the second character") {
    for (const char* id : {"A123456789", "Y123456788", "A800000014", "T900251126", "AB23456789", "HD02717288"}) {
      CAPTURE(id);
      CHECK(validate_person_id(id).value() == id);
    }
    CHECK(validate_person_id("a900207177").value() == "A900207177");
    CHECK(validate_person_id("A123456788").error().what == "national id 'A123456788'");
    CHECK(validate_person_id("A800000000").error().what == "resident certificate 'A800000000'");
    CHECK(validate_person_id("AA00000000").error().why == "checksum does not match");
    CHECK(validate_person_id("A323456789").error().why ==
          "second digit must be 1 or 2 (or 8/9 for a resident certificate)");
    CHECK(validate_person_id("AE23456785").error().what == "person id 'AE23456785'");
    CHECK_FALSE(validate_person_id(""));
    CHECK_FALSE(validate_person_id("A"));
  }

  TEST_CASE("person id: masking") {
    CHECK(mask_person_id("A123456789") == "A12****789");
    CHECK(mask_person_id("AB23456789") == "AB2****789");
    CHECK(mask_person_id("A12345") == "******");
    CHECK(mask_person_id("") == "");
    CHECK(mask_person_id(validate_national_id("a123456789").value()) == "A12****789");
  }

  TEST_CASE("business number: checksum including the 7th-digit-is-7 rule") {
    for (const char* number :
         {"04595252", "10458570", "04595257", "10458575", "10458574", "12345675", "22099131", "00501503"}) {
      CAPTURE(number);
      const auto result = validate_business_number(number);
      REQUIRE(result);
      CHECK(*result == number);
    }
    CHECK(validate_business_number(" 04595252 ").value() == "04595252");
    for (const char* number :
         {"12345678", "12345672", "04595253", "00501502", "1234567", "123456789", "0459525A", ""}) {
      CAPTURE(number);
      CHECK_FALSE(validate_business_number(number));
    }
    const auto bad = validate_business_number("12345678");
    CHECK(bad.error().what == "business number '12345678'");
    CHECK(bad.error().why == "checksum does not match");
    CHECK(validate_business_number("1234567").error().why == "expected 8 digits");
  }

  TEST_CASE("motorcycle plate: accepted forms normalise") {
    CHECK(validate_motorcycle_plate("ABC-1234").value() == "ABC-1234");
    CHECK(validate_motorcycle_plate("abc1234").value() == "ABC-1234");
    CHECK(validate_motorcycle_plate("EMB-5678").value() == "EMB-5678");
    CHECK(validate_motorcycle_plate("emb5678").value() == "EMB-5678");
    CHECK(validate_motorcycle_plate("FAA-233").value() == "FAA-233");
    CHECK(validate_motorcycle_plate("faa233").value() == "FAA-233");
    CHECK(validate_motorcycle_plate("FA2-233").value() == "FA2-233");
    CHECK(validate_motorcycle_plate("fa2233").value() == "FA2-233");
    CHECK(validate_motorcycle_plate("1A2-233").value() == "1A2-233");
    CHECK(validate_motorcycle_plate("AB-123").value() == "AB-123");
    CHECK(validate_motorcycle_plate("ab123").value() == "AB-123");
    CHECK(validate_motorcycle_plate(" abc-1234 ").value() == "ABC-1234");
  }

  TEST_CASE("motorcycle plate: rejected forms") {
    for (const char* plate : {"AB-12", "ABCD-1234", "123-4567", "", "-", "ABC-", "ABC--1234", "123-456", "AB-1234",
                              "A-123", "ABC-12345", "ABC 1234X", "ÅBC-1234"}) {
      CAPTURE(plate);
      CHECK_FALSE(validate_motorcycle_plate(plate));
    }
    const auto bad = validate_motorcycle_plate("AB-12");
    CHECK(bad.error().what == "plate 'AB-12'");
    CHECK(bad.error().why == "expected a plate like ABC-1234, ABC-123 or AB-123");
  }

  TEST_CASE("motorcycle plate: electric") {
    CHECK(is_electric_plate("EMB-5678"));
    CHECK(is_electric_plate(validate_motorcycle_plate("eaa0001").value()));
    CHECK_FALSE(is_electric_plate("ABC-1234"));
    CHECK_FALSE(is_electric_plate("EAA-123"));
    CHECK_FALSE(is_electric_plate("E1A-1234"));
    CHECK_FALSE(is_electric_plate("EMB5678"));
    CHECK_FALSE(is_electric_plate(""));
  }

  TEST_CASE("phone: mobile numbers") {
    CHECK(validate_phone("0912345678").value() == "0912345678");
    CHECK(validate_phone("0912-345-678").value() == "0912345678");
    CHECK(validate_phone("0912 345 678").value() == "0912345678");
    CHECK(validate_phone("+886 912 345 678").value() == "0912345678");
    CHECK(validate_phone("+886-912-345678").value() == "0912345678");
    CHECK(validate_phone("886912345678").value() == "0912345678");
    CHECK(validate_phone("+886 (0)912 345 678").value() == "0912345678");
    CHECK_FALSE(validate_phone("091234567"));
    CHECK_FALSE(validate_phone("09123456789"));
    CHECK(validate_phone("091234567").error().why == "a mobile number is 09 and 8 digits");
    CHECK_FALSE(validate_phone("0912345678#12"));
  }

  TEST_CASE("phone: landlines, area codes and extensions") {
    CHECK(validate_phone("07-3351234").value() == "07-3351234");
    CHECK(validate_phone("(07) 335-1234").value() == "07-3351234");
    CHECK(validate_phone("073351234").value() == "07-3351234");
    CHECK(validate_phone("+886 7 335 1234").value() == "07-3351234");
    CHECK(validate_phone("02-2345-6789").value() == "02-23456789");
    CHECK(validate_phone("(02)23456789").value() == "02-23456789");
    CHECK(validate_phone("04-22345678").value() == "04-22345678");
    CHECK(validate_phone("049-2345678").value() == "049-2345678");
    CHECK(validate_phone("037-123456").value() == "037-123456");
    CHECK(validate_phone("089-123456").value() == "089-123456");
    CHECK(validate_phone("082-312345").value() == "082-312345");
    CHECK(validate_phone("0826-12345").value() == "0826-12345");
    CHECK(validate_phone("0836-22345").value() == "0836-22345");
    CHECK(validate_phone("08-7654321").value() == "08-7654321");
    CHECK(validate_phone("07-3351234#123").value() == "07-3351234#123");
    CHECK(validate_phone("07-3351234 ext 123").value() == "07-3351234#123");
    CHECK(validate_phone("07-3351234 EXT. 45").value() == "07-3351234#45");
    CHECK(validate_phone("0800-123-456").value() == "0800-123456");
    CHECK(validate_phone("0800123456").value() == "0800-123456");
    CHECK(validate_phone("0800-123456#9").value() == "0800-123456#9");
  }

  TEST_CASE("phone: rejected numbers") {
    for (const char* phone :
         {"", "   ", "07-33512", "07-335123456", "7-3351234", "12345678", "07-335abcd", "0912abc678", "01-2345678",
          "0800-12345", "+1 415 555 0100", "07-3351234#", "07-3351234 ext", "07-3351234#1234567", "08-0123456"}) {
      CAPTURE(phone);
      CHECK_FALSE(validate_phone(phone));
    }
    const auto letters = validate_phone("07-335abcd");
    CHECK(letters.error().what == "phone '07-335abcd'");
    CHECK(letters.error().why == "expected digits only");
    CHECK(validate_phone("7-3351234").error().why == "must start with 0 or +886");
  }

  TEST_CASE("phone: masking and last four") {
    CHECK(mask_phone("0912345678") == "0912******");
    CHECK(mask_phone("+886 912 345 678") == "0912******");
    CHECK(mask_phone("07-3351234") == "07-*******");
    CHECK(mask_phone("02-23456789") == "02-********");
    CHECK(mask_phone("037-123456") == "037-******");
    CHECK(mask_phone("0836-22345") == "0836-*****");
    CHECK(mask_phone("0800-123456") == "0800-******");
    CHECK(mask_phone("07-3351234#123") == "07-*******#***");
    CHECK(mask_phone("not a phone") == "***********");
    CHECK(mask_phone("") == "");

    // No mask shows a digit of the lookup factor.
    for (const char* phone : {"0912345678", "07-3351234", "02-23456789", "037-123456", "0836-22345", "0800-123456"}) {
      CAPTURE(phone);
      const std::string masked = mask_phone(phone);
      CHECK(masked.substr(masked.size() - 4) == "****");
    }
    CHECK(phone_last4("0912345678") == "5678");
    CHECK(phone_last4("07-3351234") == "1234");
    CHECK(phone_last4("07-3351234#12") == "1234");
    CHECK(phone_last4("0800-123456") == "3456");
    CHECK(phone_last4("12") == "12");
  }

  TEST_CASE("email") {
    CHECK(validate_email("someone@example.com").value() == "someone@example.com");
    CHECK(validate_email(" Some.One+tag@Example.COM.tw ").value() == "Some.One+tag@example.com.tw");
    CHECK(validate_email("a_b-c!#$%&'*+/=?^`{|}~@mail-1.example.org").value() ==
          "a_b-c!#$%&'*+/=?^`{|}~@mail-1.example.org");
    for (const char* email : {"",
                              "plain",
                              "@example.com",
                              "a@",
                              "a@@example.com",
                              "a@b@example.com",
                              ".a@example.com",
                              "a.@example.com",
                              "a..b@example.com",
                              "a b@example.com",
                              "a@example",
                              "a@-example.com",
                              "a@example-.com",
                              "a@exa_mple.com",
                              "a@example..com",
                              "a@example.c",
                              "a@example.c0m",
                              "a@.example.com",
                              "a@example.com.",
                              "(a)@example.com"}) {
      CAPTURE(email);
      CHECK_FALSE(validate_email(email));
    }
    const std::string long_local(65, 'a');
    CHECK_FALSE(validate_email(long_local + "@example.com"));
    const std::string long_label(64, 'a');
    CHECK_FALSE(validate_email("a@" + long_label + ".com"));
    std::string long_domain;
    for (int i = 0; i < 5; ++i)
      long_domain += std::string(60, 'a') + ".";
    CHECK_FALSE(validate_email("a@" + long_domain + "com"));

    const auto two = validate_email("a@b@example.com");
    CHECK(two.error().what == "email 'a@b@example.com'");
    CHECK(two.error().why == "expected exactly one '@'");
    CHECK(validate_email("a@example").error().why == "the domain needs a dot");
  }

  TEST_CASE("money: parsing") {
    CHECK(parse_money("12000").value() == 12000);
    CHECK(parse_money("12,000").value() == 12000);
    CHECK(parse_money("NT$12,000").value() == 12000);
    CHECK(parse_money("nt$ 12,000").value() == 12000);
    CHECK(parse_money("$12000").value() == 12000);
    CHECK(parse_money("12000元").value() == 12000);
    CHECK(parse_money("12,000 元").value() == 12000);
    CHECK(parse_money("12000.0").value() == 12000);
    CHECK(parse_money("12000.00").value() == 12000);
    CHECK(parse_money("0").value() == 0);
    CHECK(parse_money("1,234,567").value() == 1234567);
    CHECK(parse_money("1000000000000").value() == 1'000'000'000'000);
    CHECK(parse_money(" 500 ").value() == 500);
  }

  TEST_CASE("money: rejected amounts") {
    for (const char* text : {"",
                             "12.5",
                             "12.05",
                             "-12000",
                             "NT$-5",
                             "-NT$5",
                             "abc",
                             "12a",
                             "1,20,00",
                             "12,00",
                             "1,2000",
                             ",000",
                             "1000,000",
                             "12,000,",
                             "1,,000",
                             "12.",
                             "12.000",
                             "1000000000001",
                             "99999999999999999999999",
                             "NT$",
                             "$",
                             "元",
                             "1 000",
                             "+5"}) {
      CAPTURE(text);
      CHECK_FALSE(parse_money(text));
    }
    const auto cents = parse_money("12.5");
    CHECK(cents.error().what == "amount '12.5'");
    CHECK(cents.error().why == "whole NT dollars only");
    CHECK(parse_money("-12000").error().why == "must not be negative");
    CHECK(parse_money("1,20,00").error().why == "thousands separators are misplaced");
    CHECK(parse_money("").error().why == "must not be empty");
  }

  TEST_CASE("money: formatting round trips") {
    CHECK(format_money(0) == "0");
    CHECK(format_money(999) == "999");
    CHECK(format_money(1000) == "1,000");
    CHECK(format_money(12000) == "12,000");
    CHECK(format_money(1234567) == "1,234,567");
    CHECK(format_money(-12000) == "-12,000");
    CHECK(format_money(-999) == "-999");
    CHECK(format_money(std::numeric_limits<std::int64_t>::min()) == "-9,223,372,036,854,775,808");
    for (std::int64_t amount : {std::int64_t{0}, std::int64_t{7}, std::int64_t{1000}, std::int64_t{98765432},
                                std::int64_t{1'000'000'000'000}}) {
      CAPTURE(amount);
      CHECK(parse_money(format_money(amount)).value() == amount);
      CHECK(parse_money("NT$" + format_money(amount)).value() == amount);
    }
  }

  TEST_CASE("name: masking") {
    CHECK(mask_name("王") == "王");
    CHECK(mask_name("王明") == "王O");
    CHECK(mask_name("王小明") == "王O明");
    CHECK(mask_name("歐陽小明") == "歐OO明");
    CHECK(mask_name(" 王小明 ") == "王O明");
    CHECK(mask_name("John Smith") == "J*** S****");
    CHECK(mask_name("José Müller") == "J*** M*****");
    CHECK(mask_name("Mary-Jane O'Neil") == "M***-J*** O'N***");
    CHECK(mask_name("J") == "J");
    CHECK(mask_name("") == "");
    // Bad UTF-8 is masked byte by byte rather than rejected.
    CHECK(mask_name("\xE7\x8E") == "\xE7O");
  }

  TEST_CASE("address: masking and district") {
    CHECK(mask_address("高雄市苓雅區四維三路2號") == "高雄市苓雅區****");
    CHECK(mask_address("臺北市中正區重慶南路一段122號") == "臺北市中正區****");
    CHECK(mask_address("屏東縣東港鎮中正路1號") == "屏東縣東港鎮****");
    CHECK(mask_address("花蓮縣") == "花蓮縣****");
    CHECK(mask_address("") == "");

    CHECK(district_of("高雄市苓雅區四維三路2號") == "苓雅區");
    CHECK(district_of("新北市板橋區中山路一段161號") == "板橋區");
    CHECK(district_of("802高雄市苓雅區四維三路2號") == "苓雅區");
    CHECK(district_of("苓雅區四維三路2號") == "苓雅區");
    CHECK(district_of("802 苓雅區四維三路2號") == "苓雅區");
    CHECK(district_of("屏東縣東港鎮中正路1號") == "");
    CHECK(district_of("") == "");
    // The district is also what mask_address keeps at the end.
    const std::string address = "高雄市苓雅區四維三路2號";
    CHECK(mask_address(address).starts_with("高雄市" + district_of(address)));
  }

} // TEST_SUITE

TEST_CASE("validators: e-mail addresses are masked to their first letter and domain") {
  CHECK(epb::mask_email("wang.xm@example.com.tw") == "w***@example.com.tw");
  CHECK(epb::mask_email("broken") == "******");
}
