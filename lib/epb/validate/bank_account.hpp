#pragma once
// A payee's bank account for a transfer (匯款): the 3-digit financial institution code
// (金融機構代碼, e.g. 004 Bank of Taiwan, 700 Chunghwa Post) and the account number.
// Only the shape can be checked here: each bank has its own account check digits, which the
// bank's result file reports back (a failed transfer returns the application to approved).
#include "epb/core/error.hpp"

#include <string>
#include <string_view>

namespace epb {

struct BankAccount {
  std::string bank_code; // three digits
  std::string number;    // digits only
  bool operator==(const BankAccount&) const = default;
};

// Three digits; surrounding spaces are ignored.
Result<std::string> validate_bank_code(std::string_view text);
// 10 to 16 digits once the spaces and dashes a passbook prints between groups are removed.
Result<std::string> validate_account_number(std::string_view text);
Result<BankAccount> validate_bank_account(std::string_view bank_code, std::string_view number);

// The account with all but its last four digits hidden: ********5678.
std::string mask_account_number(std::string_view number);

} // namespace epb
