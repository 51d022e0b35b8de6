#pragma once
// A transport for ledger tests of notice sources: every notice delivered is kept, in order.
#include "epb/notify/outbox.hpp"

#include <memory>
#include <vector>

namespace epb::test {

struct RecordingTransport final : Transport {
  std::vector<OutgoingNotice>* sent = nullptr;
  Result<void> deliver(const OutgoingNotice& notice) override {
    sent->push_back(notice);
    return {};
  }
};

inline TransportFactory recording(std::vector<OutgoingNotice>& sent) {
  return [&sent](const NotifyTransport&) {
    auto t = std::make_unique<RecordingTransport>();
    t->sent = &sent;
    return t;
  };
}

} // namespace epb::test
