#pragma once
// The outbox (DESIGN.md "Notifications"): `epb notify run` plans every notice now due under
// a unique key (case, source, item, level, deadline version, cycle), then delivers the pending
// ones. The notices come from sources (notice_source.hpp): the case deadline, subsidy decisions,
// fee dunning.
// States: planned → sending → sent | failed (retried with back-off) | cancelled.
// A notice is marked `sending` in its own committed transaction before the transport is
// called, so after a crash the next run re-sends only that one, with the same Message-ID.
#include "epb/cases/case.hpp"
#include "epb/config/config.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/notify/message.hpp"
#include "epb/notify/notice_source.hpp"
#include "epb/notify/notice_state.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace epb {

// The source of the notices the deadline ladder plans (notice.source).
inline constexpr std::string_view k_deadline_source = "deadline";

struct Notice {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string ref;
  std::string source{k_deadline_source}; // what planned it: the deadline ladder, or another source
  std::string item;                      // which of the case's things it is about; "" for the case
  std::string level;
  std::string trigger;
  int deadline_version = 0;
  std::int64_t cycle = 0;
  std::string audience;
  std::string transport;
  std::string recipient_name;
  std::string recipient;
  std::string lang;
  std::string subject;
  std::string body;
  std::string message_id;
  NoticeState state = NoticeState::planned;
  // Set by deliverable(): no longer wanted, would be cancelled (the reason in last_error).
  bool would_cancel = false;
  int attempts = 0;
  std::string last_error;
  Instant planned_at;
  Instant next_attempt_at;
  std::optional<Instant> sent_at;
};

struct PlanReport {
  std::vector<Notice> planned; // new notices (with state planned, or cancelled: no contact)
};

struct DeliveryReport {
  bool outside_window = false; // not a working day or outside the delivery hours: nothing sent
  int cancelled = 0;           // pending notices no longer wanted (case closed, deadline moved)
  std::vector<Notice> sent;
  std::vector<Notice> failed;
};

using TransportFactory = std::function<std::unique_ptr<Transport>(const NotifyTransport&)>;

class Outbox {
public:
  Outbox(Ledger& ledger, const Config& config, const OfficeCalendar& calendar,
         const NoticeSources& sources = builtin_notice_sources())
      : m_ledger(ledger), m_config(config), m_calendar(calendar), m_sources(sources) {}

  // Plans what is due at stamp.at, in one transaction (rolled back when `dry_run`). Notices
  // no longer wanted are cancelled by deliver(), just before they would have gone out.
  PlanReport plan(const Stamp& stamp, bool dry_run);
  // Whether notices may be delivered at `now`: a working day, inside the configured hours.
  bool in_window(Instant now) const;
  // The notices a delivery at `now` would handle, oldest first; those no longer wanted have
  // would_cancel set and the reason in last_error.
  std::vector<Notice> deliverable(Instant now);
  // Sends the deliverable notices through `transports` (one per transport code, made on first
  // use); each outcome is committed as it happens.
  DeliveryReport deliver(const Stamp& stamp, const TransportFactory& transports);

  std::vector<Notice> list(std::optional<NoticeState> state, const std::string& ref, std::int64_t limit);
  Result<Notice> find(std::int64_t id);
  // Makes a failed (or cancelled) notice planned again, due now, with its attempts reset.
  Result<Notice> retry(const Stamp& stamp, std::int64_t id);

private:
  // Why a pending notice is no longer wanted, asked of the source that planned it.
  std::optional<std::string> stale_reason(const Notice& notice);
  Ledger& m_ledger;
  const Config& m_config;
  const OfficeCalendar& m_calendar;
  const NoticeSources& m_sources;
};

// Renders a template text: {name} placeholders from `values`, {{ and }} for braces.
std::string render_template(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values);

} // namespace epb
