// The RFC 5322 message for sendmail and SMTP: every header 7-bit (RFC 2047 encoded words for
// UTF-8), the body base64 so no relay can mangle Chinese text or long lines.
#include "epb/notify/message.hpp"

#include <array>
#include <string>

#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::string_view k_base64_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view k_word_open = "=?UTF-8?B?";
constexpr std::string_view k_word_close = "?=";
// RFC 2047: an encoded word is at most 75 characters, and a line holding one at most 76.
constexpr std::size_t k_max_word = 75;
constexpr std::size_t k_max_line = 76;
constexpr std::size_t k_body_line = 76; // RFC 2045's limit for base64 lines
constexpr std::array<std::string_view, 7> k_weekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u; }

bool is_plain_ascii(std::string_view text) {
  for (char c : text)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

// Addresses come from case data: a CR or LF would let a value add headers (a Bcc: that
// sendmail -t obeys), so control characters never reach a header.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
  return out;
}

// How many raw bytes fit in an encoded word of at most `word_chars` characters.
std::size_t raw_capacity(std::size_t word_chars) {
  const std::size_t overhead = k_word_open.size() + k_word_close.size();
  if (word_chars <= overhead) return 0;
  return (word_chars - overhead) / 4 * 3;
}

std::size_t last_line_length(std::string_view text) {
  const auto newline = text.rfind('\n');
  return newline == std::string_view::npos ? text.size() : text.size() - newline - 1;
}

// A header value: as is when it is short printable ASCII, else encoded words.
std::string header_value(std::string_view name, std::string_view value) {
  const std::size_t used = name.size() + 2;
  const std::string clean = one_line(value);
  if (is_plain_ascii(clean) && clean.find("=?") == std::string::npos && used + clean.size() <= k_max_line) return clean;
  return encoded_words(value, used);
}

// "Name <addr>", the name quoted when plain ASCII and encoded when not.
std::string mailbox(std::string_view header, std::string_view name, std::string_view address) {
  const std::string bare = "<" + one_line(address) + ">";
  if (name.empty()) return bare;
  std::string out;
  if (is_plain_ascii(name)) {
    out = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  } else {
    out = encoded_words(name, header.size() + 2);
  }
  const std::size_t line = last_line_length(out) + (out.find('\n') == std::string::npos ? header.size() + 2 : 0);
  out += line + 1 + bare.size() > k_max_line ? "\r\n " : " ";
  return out + bare;
}

// The configured From may be a bare address or "Name <addr>" with a Chinese name.
std::string from_value(std::string_view from) {
  const auto open = from.find('<');
  if (open == std::string_view::npos) return one_line(from);
  std::string_view name = from.substr(0, open);
  while (!name.empty() && name.back() == ' ')
    name.remove_suffix(1);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  return mailbox("From", name, address_of(from));
}

std::string rfc5322_date(Instant instant) {
  const Date day = instant.taipei_date();
  const int seconds = instant.taipei_seconds_of_day();
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0800", k_weekdays[static_cast<std::size_t>(day.weekday())],
                     day.day(), k_months[static_cast<std::size_t>(day.month() - 1)], day.year(), seconds / 3600,
                     seconds / 60 % 60, seconds % 60);
}

// RFC 2045: text is base64-encoded in its canonical form, with CRLF line breaks.
std::string crlf_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

} // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16 |
                            std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8 |
                            std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out += k_base64_alphabet[n >> 18 & 0x3F];
    out += k_base64_alphabet[n >> 12 & 0x3F];
    out += k_base64_alphabet[n >> 6 & 0x3F];
    out += k_base64_alphabet[n & 0x3F];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) n |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out += k_base64_alphabet[n >> 18 & 0x3F];
    out += k_base64_alphabet[n >> 12 & 0x3F];
    out += rest == 2 ? k_base64_alphabet[n >> 6 & 0x3F] : '=';
    out += '=';
  }
  return out;
}

std::string encoded_words(std::string_view text, std::size_t first_line_used) {
  std::string out;
  std::size_t capacity = raw_capacity(std::min(k_max_word, k_max_line - std::min(first_line_used, k_max_line)));
  if (capacity < 4) { // too little room left for even one character: start on the next line
    out += "\r\n ";
    capacity = raw_capacity(k_max_word);
  }
  bool first = true;
  while (!text.empty()) {
    std::size_t take = std::min(capacity, text.size());
    // Each encoded word must hold whole characters (RFC 2047 section 5).
    while (take > 0 && take < text.size() && is_continuation_byte(text[take]))
      --take;
    if (take == 0) take = std::min(capacity, text.size()); // not UTF-8: split bytes rather than loop
    if (!first) out += "\r\n ";
    out += k_word_open;
    out += base64_encode(text.substr(0, take));
    out += k_word_close;
    text.remove_prefix(take);
    first = false;
    capacity = raw_capacity(k_max_word);
  }
  return out;
}

std::string_view address_of(std::string_view mailbox_text) {
  const auto open = mailbox_text.find('<');
  const auto close = mailbox_text.find('>', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return mailbox_text;
  return mailbox_text.substr(open + 1, close - open - 1);
}

std::string rfc5322_message(const OutgoingNotice& notice, std::string_view from) {
  std::string out;
  const auto header = [&out](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  };
  header("From", from_value(from));
  header("To", mailbox("To", notice.recipient_name, notice.recipient));
  header("Subject", header_value("Subject", notice.subject));
  header("Date", rfc5322_date(notice.created));
  header("Message-ID", "<" + one_line(notice.message_id) + ">");
  // RFC 3834: tells auto-responders (out-of-office replies) not to answer a notice.
  header("Auto-Submitted", "auto-generated");
  header("MIME-Version", "1.0");
  header("Content-Type", "text/plain; charset=UTF-8");
  header("Content-Transfer-Encoding", "base64");
  out += "\r\n";
  const std::string body = base64_encode(crlf_lines(notice.body));
  for (std::size_t i = 0; i < body.size(); i += k_body_line) {
    out += std::string_view(body).substr(i, k_body_line);
    out += "\r\n";
  }
  return out;
}

} // namespace epb
