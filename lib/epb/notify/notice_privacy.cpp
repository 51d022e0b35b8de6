#include "epb/notify/notice_privacy.hpp"

#include <algorithm>

namespace epb {

bool notice_is_personal(const Notice& notice) { return notice.audience == "applicant"; }

std::string notice_recipient_text(const Notice& notice, const Disclosure& disclosure) {
  if (disclosure.reveals() || !notice_is_personal(notice)) return notice.recipient;
  return mask_contact(notice.recipient);
}

std::string notice_body_text(const Notice& notice, const Disclosure& disclosure) {
  if (disclosure.reveals() || !notice_is_personal(notice)) return notice.body;
  return mask_name_in(notice.body, notice.recipient_name);
}

std::vector<std::string> notice_reveal_refs(std::span<const Notice> notices) {
  std::vector<std::string> refs;
  for (const auto& notice : notices)
    if (notice_is_personal(notice) && std::ranges::find(refs, notice.ref) == refs.end()) refs.push_back(notice.ref);
  return refs;
}

} // namespace epb
