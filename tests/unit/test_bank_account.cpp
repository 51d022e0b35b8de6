#include "epb/validate/bank_account.hpp"

#include <doctest/doctest.h>

using namespace epb;

TEST_CASE("bank accounts: a 3-digit bank code and 10 to 16 digits, passbook dashes and spaces dropped") {
  const auto account = validate_bank_account(" 700 ", "0001234-5678901");
  REQUIRE(account);
  CHECK(account->bank_code == "700");
  CHECK(account->number == "00012345678901");
  CHECK(validate_account_number("1234 5678 90").value() == "1234567890");
  CHECK(validate_account_number("1234567890123456").value() == "1234567890123456");
}

TEST_CASE("bank accounts: wrong shapes are refused naming the field") {
  for (const char* code : {"", "04", "0040", "4a1", "00４"})
    CHECK_FALSE(validate_bank_code(code));
  for (const char* number : {"", "123456789", "12345678901234567", "12345x67890", "1234567890.", "---"})
    CHECK_FALSE(validate_account_number(number));
  const auto bad = validate_bank_account("004", "12");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().what == "account number");
  CHECK(bad.error().why == "expected 10 to 16 digits");
}

TEST_CASE("bank accounts: the mask shows the last four digits only") {
  CHECK(mask_account_number("00012345678901") == "**********8901");
  CHECK(mask_account_number("123") == "***");
}
