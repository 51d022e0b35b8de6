#pragma once
// A service's kind (config `kind = "case" | "subsidy" | "fee"`) brings rules of its own that
// the generic desk must keep (DESIGN.md "One case engine"). CaseDesk calls the kind's hooks
// inside its own transaction for every verb, so `epb case move SUB-107-000001 approved` runs
// the same eligibility and budget rules as `epb subsidy approve`, or is refused with the reason.
//
// Kinds are stateless: what they need from the ledger they read and write through `scope`,
// inside the transaction the desk holds. A kind's domain table is keyed by case_id.
#include "epb/cases/case.hpp"
#include "epb/core/error.hpp"
#include "epb/ledger/ledger.hpp"

#include <string_view>
#include <vector>

namespace epb {

struct Config;
struct Service;
struct State;
class OfficeCalendar;

// What a hook may use: the ledger (inside the desk's transaction), the run's config, calendar
// and stamp.
struct KindScope {
  Ledger& ledger;
  const Config& config;
  const OfficeCalendar& calendar;
  const Stamp& stamp;
};

// The desk verb that asks for a change; a move's hooks see which verb made it.
enum class CaseVerb { open, import, move, pause, resume, extend, assign, note, close, reopen, recompute };
std::string_view case_verb_name(CaseVerb verb);

// A change of state about to happen (guard_move) or just made (entered).
struct CaseMove {
  CaseVerb verb;
  const State* from; // null for intake
  const State& to;
  std::string_view note; // the move's note, outcome or reason
};

// What a domain verb adds to a case it opens: its own rows, written in the desk's transaction
// right after the case row (so they can reference case_id). A refusal rolls the case back too.
class DomainIntake {
public:
  virtual ~DomainIntake() = default;
  virtual std::string_view kind() const = 0;
  virtual Result<void> store(const KindScope& scope, const Case& opened) = 0;
};

class CaseKind {
public:
  virtual ~CaseKind() = default;
  virtual std::string_view code() const = 0;

  // Intake of a case of a service of this kind. `domain` is null for the generic verbs
  // (`epb case open`, `epb case import`): a kind whose cases need their own record refuses
  // those, naming the verb to use.
  virtual Result<void> check_intake(const KindScope& /*scope*/, const Case& /*c*/,
                                    const DomainIntake* /*domain*/) const {
    return {};
  }
  // Before any change of state, by a generic or a domain verb. A refusal's `what` names the
  // case and its `why` the rule.
  virtual Result<void> guard_move(const KindScope& /*scope*/, const Case& /*c*/, const CaseMove& /*move*/) const {
    return {};
  }
  // After the case entered `move.to`, before the desk commits: the kind updates its own rows.
  // A refusal rolls the whole verb back.
  virtual Result<void> entered(const KindScope& /*scope*/, const Case& /*c*/, const CaseMove& /*move*/) const {
    return {};
  }
  // Verbs that change a case without moving it (extend, assign, note).
  virtual Result<void> guard_change(const KindScope& /*scope*/, const Case& /*c*/, CaseVerb /*verb*/) const {
    return {};
  }
};

// The kinds a desk knows, by code. The plain kind "case" has no rules.
class CaseKinds {
public:
  void add(const CaseKind& kind) { m_kinds.push_back(&kind); }
  // Null for an unknown code.
  const CaseKind* find(std::string_view code) const;
  std::vector<std::string_view> codes() const;

private:
  std::vector<const CaseKind*> m_kinds;
};

// Every kind this build has (lib/epb/domain/builtin_kinds.cpp).
const CaseKinds& builtin_case_kinds();

} // namespace epb
