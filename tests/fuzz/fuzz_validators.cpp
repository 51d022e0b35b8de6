// The validators of personal and business data: national ID, resident certificate, UBN,
// motorcycle plate, phone, e-mail, money, bank account. Whatever one accepts it normalises to a
// value it accepts again unchanged.
#include "fuzz_support.hpp"

#include "epb/validate/bank_account.hpp"
#include "epb/validate/business_number.hpp"
#include "epb/validate/contact.hpp"
#include "epb/validate/money.hpp"
#include "epb/validate/person_id.hpp"
#include "epb/validate/plate.hpp"

namespace {

template <class Validate> void idempotent(Validate validate, std::string_view text) {
  if (auto value = validate(text)) {
    auto again = validate(*value);
    if (!again || *again != *value) epb::fuzz::broken();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = epb::fuzz::text_of(data, size);
  idempotent(epb::validate_national_id, text);
  idempotent(epb::validate_resident_id, text);
  idempotent(epb::validate_person_id, text);
  idempotent(epb::validate_business_number, text);
  idempotent(epb::validate_motorcycle_plate, text);
  idempotent(epb::validate_email, text);
  idempotent(epb::validate_bank_code, text);
  idempotent(epb::validate_account_number, text);
  if (auto phone = epb::validate_phone(text)) {
    auto again = epb::validate_phone(*phone);
    if (!again || *again != *phone) epb::fuzz::broken();
    (void)epb::phone_last4(*phone);
    (void)epb::mask_phone(*phone);
  }
  if (auto amount = epb::parse_money(text)) {
    if (*amount < 0) epb::fuzz::broken();
    auto again = epb::parse_money(epb::format_money(*amount));
    if (!again || *again != *amount) epb::fuzz::broken();
  }
  // The bank code and account number as one input cut at its first comma.
  const auto comma = text.find(',');
  if (comma != std::string_view::npos) (void)epb::validate_bank_account(text.substr(0, comma), text.substr(comma + 1));
  (void)epb::mask_account_number(text);
  (void)epb::mask_person_id(text);
  (void)epb::mask_email(text);
  return 0;
}
