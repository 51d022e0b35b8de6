#pragma once
// Where a notice of the outbox stands (outbox.hpp): planned → sending → sent | failed (retried
// with back-off) | cancelled. Stored as its name in notice.state (TEXT, checked by the schema).
#include <array>
#include <optional>
#include <string_view>

namespace epb {

enum class NoticeState { planned, sending, sent, failed, cancelled };

inline constexpr std::array<NoticeState, 5> k_notice_states = {
    NoticeState::planned, NoticeState::sending, NoticeState::sent, NoticeState::failed, NoticeState::cancelled};

// "planned", "sending", "sent", "failed", "cancelled": the stored and displayed names.
constexpr std::string_view notice_state_name(NoticeState state) {
  switch (state) {
  case NoticeState::planned: return "planned";
  case NoticeState::sending: return "sending";
  case NoticeState::sent: return "sent";
  case NoticeState::failed: return "failed";
  case NoticeState::cancelled: return "cancelled";
  }
  return "planned"; // not reached: every state is named above
}

constexpr std::optional<NoticeState> parse_notice_state(std::string_view name) {
  for (NoticeState state : k_notice_states)
    if (notice_state_name(state) == name) return state;
  return std::nullopt;
}

} // namespace epb
