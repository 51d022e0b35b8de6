// Delivery: send what is due, one committed outcome at a time, so a crash loses nothing and
// repeats at most the notice in flight.
#include "epb/core/subject.hpp"
#include "epb/notify/notice_store.hpp"
#include "epb/notify/outbox.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

#include <map>

namespace epb {
namespace {

constexpr int k_max_backoff_doublings = 10;

Instant next_attempt(Instant now, int retry_minutes, int attempts) {
  const int doublings = std::min(std::max(attempts - 1, 0), k_max_backoff_doublings);
  return now + std::int64_t{retry_minutes} * 60 * (std::int64_t{1} << doublings);
}

} // namespace

std::optional<std::string> Outbox::stale_reason(const Notice& notice) {
  // A notice of a source this build no longer has is delivered as planned.
  const NoticeSource* source = m_sources.find(notice.source);
  return source ? source->stale_reason(m_ledger, notice) : std::nullopt;
}

bool Outbox::in_window(Instant now) const {
  const auto working = m_calendar.is_working(now.taipei_date());
  if (!working || !*working) return false;
  const int minute = now.taipei_seconds_of_day() / 60;
  return minute >= m_config.notify.window_from_minutes && minute < m_config.notify.window_to_minutes;
}

std::vector<Notice> Outbox::deliverable(Instant now) {
  if (!in_window(now)) return {};
  NoticeStore store(m_ledger);
  auto notices = store.pending(now, m_config.notify.max_attempts);
  for (auto& notice : notices)
    if (notice.state != NoticeState::sending)
      if (auto reason = stale_reason(notice)) {
        notice.would_cancel = true;
        notice.last_error = *reason;
      }
  return notices;
}

DeliveryReport Outbox::deliver(const Stamp& stamp, const TransportFactory& transports) {
  DeliveryReport report;
  if (!in_window(stamp.at)) {
    report.outside_window = true;
    return report;
  }
  NoticeStore store(m_ledger);
  std::map<std::string, std::unique_ptr<Transport>> open;
  for (Notice notice : store.pending(stamp.at, m_config.notify.max_attempts)) {
    // What changed since planning decides here, when it matters: just before sending.
    if (notice.state != NoticeState::sending)
      if (auto reason = stale_reason(notice)) {
        sql::Transaction transaction(m_ledger.db());
        store.cancel(notice.id, *reason, stamp.at);
        transaction.commit();
        ++report.cancelled;
        continue;
      }
    const NotifyTransport* config = m_config.notify.transport(notice.transport);
    {
      sql::Transaction transaction(m_ledger.db());
      store.mark_sending(notice.id);
      transaction.commit();
    }
    ++notice.attempts;
    Result<void> outcome;
    if (!config) {
      outcome = std::unexpected(
          Problem{Fault::failure, "", fmt::format("transport '{}' is not configured", notice.transport)});
    } else {
      auto& transport = open[notice.transport];
      if (!transport) transport = transports(*config);
      OutgoingNotice outgoing{notice.id,       notice.message_id,     notice.ref,       notice.level,
                              notice.audience, notice.recipient_name, notice.recipient, notice.lang,
                              notice.subject,  notice.body,           notice.planned_at};
      try {
        outcome = transport->deliver(outgoing);
      } catch (const Error& e) {
        outcome = std::unexpected(Problem{Fault::failure, "", e.what()});
      }
    }
    sql::Transaction transaction(m_ledger.db());
    if (outcome) {
      store.mark_sent(notice.id, stamp.at);
      m_ledger.record(stamp, subject::of_case(notice.ref), "notice-sent",
                      JsonObject()
                          .add("notice", notice.id)
                          .add("level", notice.level)
                          .add("audience", notice.audience)
                          .add("transport", notice.transport)
                          .add("message_id", notice.message_id)
                          .add("attempt", notice.attempts)
                          .str());
      notice.state = NoticeState::sent;
      notice.sent_at = stamp.at;
      report.sent.push_back(std::move(notice));
    } else {
      notice.last_error = outcome.error().message();
      notice.next_attempt_at = next_attempt(stamp.at, m_config.notify.retry_minutes, notice.attempts);
      store.mark_failed(notice.id, notice.last_error, notice.next_attempt_at);
      notice.state = NoticeState::failed;
      report.failed.push_back(std::move(notice));
    }
    transaction.commit();
  }
  for (auto& [code, transport] : open)
    if (transport)
      if (auto finished = transport->finish(); !finished)
        throw Error(fmt::format("transport {}: {}", code, finished.error().message()));
  return report;
}

std::vector<Notice> Outbox::list(std::optional<NoticeState> state, const std::string& ref, std::int64_t limit) {
  return NoticeStore(m_ledger).list(state, ref, limit);
}

Result<Notice> Outbox::find(std::int64_t id) {
  auto notice = NoticeStore(m_ledger).find(id);
  if (!notice) return not_found(fmt::format("notice {}", id));
  return *notice;
}

Result<Notice> Outbox::retry(const Stamp& stamp, std::int64_t id) {
  sql::Transaction transaction(m_ledger.db());
  NoticeStore store(m_ledger);
  auto notice = store.find(id);
  if (!notice) return not_found(fmt::format("notice {}", id));
  if (notice->state != NoticeState::failed && notice->state != NoticeState::cancelled)
    return invalid(fmt::format("notice {}", id), fmt::format("is {}; only failed or cancelled notices are retried",
                                                             notice_state_name(notice->state)));
  if (notice->transport.empty()) return invalid(fmt::format("notice {}", id), notice->last_error);
  store.reset(id, stamp.at);
  m_ledger.record(stamp, subject::of_case(notice->ref), "notice-retry", JsonObject().add("notice", id).str());
  transaction.commit();
  return *store.find(id);
}

} // namespace epb
