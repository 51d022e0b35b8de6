#pragma once
// All SQL about notices (the outbox table).
#include "epb/ledger/ledger.hpp"
#include "epb/notify/outbox.hpp"

namespace epb {

// The Message-ID of the notice with this key. A deadline notice (source "deadline", no item)
// has the form it always had: notice-REF-LEVEL-vN-cN@epb.ksepb.gov.tw; other notices add their
// source and item: notice-REF-SOURCE-ITEM-LEVEL-vN-cN@epb.ksepb.gov.tw. Sources and items
// are written into it as they are: keep them to letters, digits, '-' and '.'.
std::string notice_message_id(std::string_view ref, std::string_view source, std::string_view item,
                              std::string_view level, int deadline_version, std::int64_t cycle);

class NoticeStore {
public:
  explicit NoticeStore(Ledger& ledger) : m_db(ledger.db()) {}

  // Whether the notice with this key (the notice table's unique key) was planned already.
  bool exists(std::int64_t case_id, std::string_view source, std::string_view item, std::string_view level,
              int deadline_version, std::int64_t cycle);
  std::int64_t insert(const Notice& notice);
  // Open, running cases of `services` due in [from, to) with no notice of `level` for their
  // current deadline: found inside SQLite, so an idle run costs index probes only.
  std::vector<std::int64_t> unnotified(const std::vector<std::string>& services, std::string_view level, Instant from,
                                       Instant to);
  // Why a pending notice is no longer wanted (case closed, due date changed, case paused), if so.
  std::optional<std::string> stale_reason(const Notice& notice);
  void cancel(std::int64_t id, std::string_view reason, Instant at);
  // Cancels the notices of one of a case's things (a fee instalment's slip) that are still to
  // be sent (planned, or failed and due to be retried), e.g. once it is paid; how many.
  int cancel_pending(std::int64_t case_id, std::string_view source, std::string_view item, std::string_view reason,
                     Instant at);

  // Cases added since `after_id` (opened or imported after the last scan), due before `to`,
  // with no notice of `level` for their current deadline.
  std::vector<std::int64_t> new_unnotified(const std::vector<std::string>& services, std::string_view level,
                                           std::int64_t after_id, Instant to);
  std::int64_t max_case_id();
  // The note of the case's open pause, else of its latest (what documents are awaited), or "".
  std::string pause_note(std::int64_t case_id);

  struct Cursor {
    Instant threshold;
    Date scanned_on;
    std::int64_t last_case_id = 0; // the newest case when the cursor was set
  };
  std::optional<Cursor> cursor(std::string_view ladder, std::string_view level);
  void set_cursor(std::string_view ladder, std::string_view level, const Cursor& cursor);
  std::vector<Notice> pending(Instant now, int max_attempts);
  std::vector<Notice> list(std::optional<NoticeState> state, const std::string& ref, std::int64_t limit);
  std::optional<Notice> find(std::int64_t id);
  void mark_sending(std::int64_t id);
  void mark_sent(std::int64_t id, Instant at);
  void mark_failed(std::int64_t id, std::string_view error, Instant next_attempt);
  void reset(std::int64_t id, Instant at);

  struct PendingExtension {
    std::int64_t id = 0; // case_extension.id: the extension notice's cycle
    std::int64_t case_id = 0;
    int workdays = 0;
    std::string reason;
  };
  // Extensions the applicant must be told of and no notice was planned for yet.
  std::vector<PendingExtension> untold_extensions();
  void mark_extension_told(std::int64_t id, Instant at);

private:
  struct Window {
    std::optional<Instant> from;
    std::optional<std::int64_t> after_id;
    Instant to;
  };
  std::vector<std::int64_t> cases_without_notice(std::string_view window, const std::vector<std::string>& services,
                                                 std::string_view level, const Window& bounds);

  sql::Database& m_db;
};

} // namespace epb
