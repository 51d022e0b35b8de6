#pragma once
// What of a notice is personal data (lib/epb/privacy/): an applicant's contact and name, in
// the recipient and in the body that greets them. Staff addresses (assignees, unit heads) are
// the office's and shown as they are.
#include "epb/notify/outbox.hpp"
#include "epb/privacy/reveal.hpp"

#include <span>
#include <string>
#include <vector>

namespace epb {

// Whether the notice carries a member of the public's personal data.
bool notice_is_personal(const Notice& notice);
// The recipient as shown: an applicant's contact masked unless revealed (mask_contact).
std::string notice_recipient_text(const Notice& notice, const Disclosure& disclosure);
// The body as shown: the applicant's name masked wherever it appears, unless revealed.
std::string notice_body_text(const Notice& notice, const Disclosure& disclosure);
// The cases whose personal data showing `notices` in full reveals: one per case, in order.
std::vector<std::string> notice_reveal_refs(std::span<const Notice> notices);

} // namespace epb
