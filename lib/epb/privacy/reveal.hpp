#pragma once
// The one log of personal data shown in full (`--reveal-pii`). Whoever reveals obtains a
// revealing Disclosure from Disclosure::reveal(), which records first: the event is committed
// before anything is shown, and when it cannot be committed (a bad clock, a ledger held by
// another writer past the busy timeout, a read-only ledger) it throws and nothing is shown at
// all. Output code takes a Disclosure rather than a flag, so no command can show a value in
// full without the log.
#include "epb/ledger/ledger.hpp"
#include "epb/privacy/mask.hpp"

#include <span>
#include <string>

namespace epb {

// One `reveal-pii` event per case, in a transaction of its own, committed before it returns.
// `refs` are case references; duplicates are recorded once. Throws on failure.
void record_reveal(Ledger& ledger, const Stamp& stamp, std::span<const std::string> refs);

class Disclosure {
public:
  // Everything personal masked: what every command shows by default.
  static Disclosure masked() { return Disclosure(false); }
  // In full, after record_reveal() committed one event per case in `refs` (stamped with the
  // command); throws, recording nothing, when it cannot.
  static Disclosure reveal(Ledger& ledger, const Stamp& stamp, std::span<const std::string> refs);

  bool reveals() const { return m_reveal; }
  // The value in full when revealed, else masked as its kind is (mask.hpp).
  std::string show(PersonalData kind, std::string_view value) const { return shown_personal(kind, value, m_reveal); }

private:
  explicit Disclosure(bool reveal) : m_reveal(reveal) {}
  bool m_reveal;
};

} // namespace epb
