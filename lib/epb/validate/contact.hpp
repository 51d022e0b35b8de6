#pragma once
// Contact details: Taiwan phone numbers and e-mail addresses.
#include "epb/core/error.hpp"
#include "epb/privacy/mask.hpp" // mask_phone, mask_email

#include <string>
#include <string_view>

namespace epb {

// A Taiwan phone number. Spaces, hyphens and parentheses are ignored, and a
// +886 / 886 country prefix becomes the leading 0. Normalised forms:
//   mobile     0912345678    (09 + 8 digits)
//   toll-free  0800-123456   (0800 + 6 digits)
//   landline   07-3351234    (area code, hyphen, subscriber; 9 or 10 digits in all)
// A landline or toll-free number may carry an extension, written "#123" or
// "ext 123" and normalised to "#123". The area code is the longest match among
// 0836, 0826, 089, 082, 049, 037 and 02-08.
Result<std::string> validate_phone(std::string_view text);

// The last 4 digits of a normalised number, ignoring any extension
// ("07-3351234#12" -> "1234"); fewer if there are not 4.
std::string phone_last4(std::string_view normalised);

// A pragmatic check, not full RFC 5322: one '@'; a local part of RFC 5322 atext
// and dots (no leading, trailing or doubled dot, at most 64 characters); a domain
// of at least two labels of letters, digits and '-' (not at either end of a
// label), the last all letters and at least 2 long; 254 characters at most.
// Returns the address trimmed, with the domain lower-cased.
Result<std::string> validate_email(std::string_view text);

} // namespace epb
