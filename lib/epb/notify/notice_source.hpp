#pragma once
// Where notices come from. The planner (outbox_plan.cpp) walks every level of every ladder and
// asks the source that plans the level's trigger which cases are due a notice of it now; what
// follows is the same for every source: the recipient and transport, the texts, the unique key
// (case, source, item, level, deadline version, cycle), the Message-ID, the insert, and a
// cancelled notice when the recipient has no contact. Sources so far: 'deadline' (the case's
// deadline: before_due, overdue, paused_every, extension; deadline_source.cpp), 'subsidy'
// (decisions on a subsidy application; lib/epb/subsidy/subsidy_notices.hpp) and 'fee' (dunning
// of unpaid fee instalments; lib/epb/fee/fee_notices.hpp).
//
// A source's candidates must come from index probes, not scans: an idle `notify run` costs a
// few probes per level however large the ledger.
#include "epb/cases/case.hpp"
#include "epb/config/config.hpp"
#include "epb/ledger/ledger.hpp"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace epb {

class OfficeCalendar;
struct Notice;

// What a source may use while planning: the ledger inside the plan's transaction.
struct NoticeScope {
  Ledger& ledger;
  const Config& config;
  const OfficeCalendar& calendar;
  const Stamp& stamp;
};

// A placeholder a source fills, in both languages (the recipient's decides).
struct TemplateValue {
  std::string name;
  std::string zh;
  std::string en;
};

// A notice a source finds due for a level: the case, the rest of its key, its template values.
struct NoticeCandidate {
  const Case& c;
  std::string item;                  // which of the case's things: "" for the case itself
  int deadline_version = 0;          // the case's for deadline notices; 0 for notices that do not depend on it
  std::int64_t cycle = 0;            // a repeat of the same item and level: a new extension, a new round
  std::vector<TemplateValue> values; // filled before the case's own ({ref}, {service}, ...)
};

// Plans one candidate of the level being asked for; false when its key was planned before.
using PlanCandidate = std::function<bool(const NoticeCandidate&)>;

class NoticeSource {
public:
  virtual ~NoticeSource() = default;
  // Stored in notice.source and part of the key and the Message-ID: letters, digits, '-'.
  virtual std::string_view code() const = 0;
  // Whether levels of this trigger are this source's (each trigger has exactly one source).
  virtual bool plans(NotifyTrigger trigger) const = 0;
  // Calls `plan` for each candidate of `level` now due among the cases of `services` (the
  // services the ladder covers).
  virtual void candidates(const NoticeScope& scope, const NotifyLadder& ladder, std::span<const std::string> services,
                          const NotifyLevel& level, const PlanCandidate& plan) const = 0;
  // Once per plan, after every ladder: a source that consumes a queue marks it done here, so
  // every level saw the same entries (and an entry no level asks for is not told later).
  virtual void finish(const NoticeScope& /*scope*/) const {}
  // Why a pending notice of this source is no longer wanted, checked just before delivery.
  virtual std::optional<std::string> stale_reason(Ledger& ledger, const Notice& notice) const = 0;
};

// The sources a planner knows.
class NoticeSources {
public:
  void add(const NoticeSource& source) { m_sources.push_back(&source); }
  // Null when no source plans it.
  const NoticeSource* for_trigger(NotifyTrigger trigger) const;
  // Null for a code no source of this build has.
  const NoticeSource* find(std::string_view code) const;
  std::span<const NoticeSource* const> all() const { return m_sources; }

private:
  std::vector<const NoticeSource*> m_sources;
};

// Every source this build has (lib/epb/domain/builtin_sources.cpp).
const NoticeSources& builtin_notice_sources();

} // namespace epb
