#pragma once
// A notice ready to deliver, and the transports that deliver it (sendmail, SMTP, JSON lines,
// letter batches). Transports never decide *whether* to send: the outbox does.
#include "epb/config/notify_config.hpp"
#include "epb/core/error.hpp"
#include "epb/time/date.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace epb {

struct OutgoingNotice {
  std::int64_t id = 0;
  std::string message_id; // stable, from the outbox key: a resend after a crash is recognisable
  std::string ref;        // the case
  std::string level;
  std::string audience; // applicant, assignee, unit_head
  std::string recipient_name;
  std::string recipient; // e-mail address, phone number or postal address, per transport
  std::string lang;      // zh-TW or en
  std::string subject;
  std::string body;
  Instant created; // when it was planned (the Date: header)
};

class Transport {
public:
  virtual ~Transport() = default;
  // Delivers one notice. A Problem (fault failure) is a delivery failure to retry later;
  // its why is kept as the notice's last error.
  virtual Result<void> deliver(const OutgoingNotice& notice) = 0;
  // Ends the run's batch (the letter CSV is closed here). Called once after all deliveries.
  virtual Result<void> finish() { return {}; }
};

// `run_stamp` names per-run files (letter batches): e.g. 20261102-090000.
std::unique_ptr<Transport> make_transport(const NotifyTransport& config, std::string_view run_stamp);

// One per kind; make_transport picks by config.kind.
std::unique_ptr<Transport> make_sendmail_transport(const NotifyTransport& config);
std::unique_ptr<Transport> make_smtp_transport(const NotifyTransport& config);
std::unique_ptr<Transport> make_jsonl_transport(const NotifyTransport& config);
std::unique_ptr<Transport> make_letter_transport(const NotifyTransport& config, std::string_view run_stamp);

// The RFC 5322 message a sendmail or SMTP transport sends: UTF-8 subject as an encoded word,
// base64 body, Message-ID and Date headers.
std::string rfc5322_message(const OutgoingNotice& notice, std::string_view from);

// The pieces of rfc5322_message, exposed for tests.
// Base64 (RFC 4648, with padding, no line breaks).
std::string base64_encode(std::string_view bytes);
// `text` as RFC 2047 "=?UTF-8?B?...?=" words of at most 75 characters, none splitting a UTF-8
// character, joined by CRLF + space so that no line is longer than 76 characters when the
// first starts after `first_line_used` characters (e.g. 9 for "Subject: ").
std::string encoded_words(std::string_view text, std::size_t first_line_used);
// The bare address of "Name <addr>" (or the text itself when there are no angle brackets):
// the SMTP envelope sender.
std::string_view address_of(std::string_view mailbox);

} // namespace epb
