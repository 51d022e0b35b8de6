// A member's status as survey_member.status spells it.
#include "epb/survey/member_store.hpp"

#include <array>
#include <utility>

namespace epb {
namespace {

constexpr std::array<std::pair<MemberStatus, std::string_view>, 4> k_statuses{{
    {MemberStatus::pending, "pending"},
    {MemberStatus::responded, "responded"},
    {MemberStatus::unreachable, "unreachable"},
    {MemberStatus::refused, "refused"},
}};

} // namespace

std::string_view member_status_name(MemberStatus status) {
  for (const auto& [each, name] : k_statuses)
    if (each == status) return name;
  return "pending";
}

std::optional<MemberStatus> parse_member_status(std::string_view name) {
  for (const auto& [each, text] : k_statuses)
    if (text == name) return each;
  return std::nullopt;
}

} // namespace epb
