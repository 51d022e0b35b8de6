#pragma once
// Which values are personal data (個人資料保護法 §2: whatever identifies a person, directly or
// indirectly) and how each kind is masked for output that must not identify anyone: screens,
// exports, notice lists, the history. One mask per kind, used by every command and record; a
// value is shown in full only after the reveal was recorded (reveal.hpp). All masks take and
// return UTF-8 and never fail: text that is not what its kind expects is starred.
#include <optional>
#include <string>
#include <string_view>

namespace epb {

enum class PersonalData {
  name,         // a person's name (an organisation's name is not personal)
  id_number,    // national ID or resident certificate number
  phone,        // a Taiwan phone number
  email,        // an e-mail address
  address,      // a postal address
  bank_account, // a payee's account number
};

// "name", "id_number", "phone", "email", "address", "bank_account".
std::string_view personal_data_name(PersonalData kind);
std::optional<PersonalData> parse_personal_data(std::string_view name);

// The mask of `kind` (one of the functions below); an empty value stays empty.
std::string mask_personal(PersonalData kind, std::string_view value);
// The value as shown: in full when revealed, else masked.
std::string shown_personal(PersonalData kind, std::string_view value, bool reveal);

// Chinese-style names, by code point: 王 -> 王, 王明 -> 王O, 王小明 -> 王O明,
// 歐陽小明 -> 歐OO明 (the mask letter is an ASCII 'O', the customary form).
// Names written only in Latin script keep the first letter of each word and star
// the rest: John Smith -> J*** S****; spaces, hyphens, apostrophes and dots stay.
std::string mask_name(std::string_view utf8);

// A123456789 -> A12****789: enough to tell records apart, not to identify anyone.
// Anything shorter than 7 characters is fully starred.
std::string mask_person_id(std::string_view id);

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

// Keeps the address up to and including the first 區 (district), then "****":
// 高雄市苓雅區四維三路2號 -> 高雄市苓雅區****. Without a 區, keeps the first 6 code
// points (enough for a county and township, 屏東縣東港鎮) and adds "****".
std::string mask_address(std::string_view utf8);

// A notice's recipient, whichever contact it is: an e-mail address, a phone number (starting
// with 0 or +), else a postal address.
std::string mask_contact(std::string_view recipient);

// `text` with every occurrence of the person's `name` masked (a notice's body names them).
std::string mask_name_in(std::string_view text, std::string_view name);

// Bank accounts: mask_account_number() in epb/validate/bank_account.hpp (********5678), which
// mask_personal(PersonalData::bank_account, ...) uses.

} // namespace epb
