#pragma once
// Typed field parsers every import target shares: each parses one value as the file gave it
// and, when it is wrong, returns a Problem whose `what` is the field as the file calls it,
// so the engine's error reads "FILE:LINE: field: reason". The reasons are the validators'
// (lib/epb/validate/, lib/epb/time/date.hpp). Values come trimmed by the caller; an empty
// value is the caller's to decide (required or absent), these parse what is there.
#include "epb/core/error.hpp"
#include "epb/time/date.hpp"
#include "epb/validate/bank_account.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace epb::parse {

// A business date, ISO (2018-03-31) or ROC (107/03/31, 1070331, 民國107年3月31日).
Result<Date> date(std::string_view field, std::string_view text);
// A date or a date and time, ISO or ROC, with an optional zone (none means Taipei).
Result<Instant> instant(std::string_view field, std::string_view text);
// Whole NT$, never negative: 12000, 12,000, NT$12,000, 12000元.
Result<std::int64_t> money(std::string_view field, std::string_view text);
// A motorcycle plate (ABC-1234, EMB-5678, FAA-233, AB-123), returned upper-cased with its hyphen.
Result<std::string> plate(std::string_view field, std::string_view text);
// A national ID (身分證字號), with its checksum; normalised upper-case.
Result<std::string> national_id(std::string_view field, std::string_view text);
// A national ID or a resident certificate number (外來人口統一證號), whichever it looks like.
Result<std::string> person_id(std::string_view field, std::string_view text);
// A unified business number (統一編號): eight digits with the checksum.
Result<std::string> business_number(std::string_view field, std::string_view text);
// A 3-digit bank code and an account number of 10 to 16 digits (spaces and dashes removed),
// each named by its own field.
Result<BankAccount> bank_account(std::string_view code_field, std::string_view code, std::string_view number_field,
                                 std::string_view number);
// A Taiwan phone number, normalised (0912345678, 07-3351234#12, 0800-123456).
Result<std::string> phone(std::string_view field, std::string_view text);
// An e-mail address, trimmed, its domain lower-cased.
Result<std::string> email(std::string_view field, std::string_view text);
// true or false; also yes/no, y/n, 1/0 and 是/否, as forms and spreadsheets write them.
// Case does not matter.
Result<bool> flag(std::string_view field, std::string_view text);
// One of `allowed`, exactly (codes are case-sensitive); the error lists them and suggests the
// nearest.
Result<std::string> choice(std::string_view field, std::string_view text, std::span<const std::string_view> allowed);
// A whole number (digits, an optional leading '-') within min..max.
Result<std::int64_t> whole_number(std::string_view field, std::string_view text, std::int64_t min, std::int64_t max);

} // namespace epb::parse
