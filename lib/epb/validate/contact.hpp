#pragma once
// Contact details: Taiwan phone numbers and e-mail addresses.
#include "epb/core/error.hpp"

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

// For showing a number to someone who must not see all of it. The last 4 digits are the
// progress lookup's second factor (`epb case lookup REF --phone-last4 NNNN`), and masked
// numbers travel in exports, notice lists and screenshots: a mask that kept the last 3 digits
// left 10 guesses to open a case. So no digit of the subscriber number is shown, only what
// says which kind of number it is (a mobile's 09xx block, a landline's area code):
//   mobile     0912345678    -> 0912******
//   landline   07-3351234    -> 07-*******
//   toll-free  0800-123456   -> 0800-******
// An extension is starred too ("07-*******#***"). Text that is not a valid number is all
// stars, one per byte.
std::string mask_phone(std::string_view text);

// a***@example.com: the first character of the local part, then the domain.
std::string mask_email(std::string_view email);

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
