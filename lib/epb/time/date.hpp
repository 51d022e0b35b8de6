#pragma once
// Business dates (Asia/Taipei calendar days) and instants (UTC seconds).
// DOMAIN.md §7: Taipei is UTC+8 all year, so no time-zone database is needed.
#include "epb/core/error.hpp"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace epb {

// A calendar day, stored as days since 1970-01-01.
class Date {
public:
  constexpr Date() = default;
  constexpr explicit Date(std::int32_t days_since_epoch) : m_days(days_since_epoch) {}

  // Returns nothing when the triple is not a real day (2023-02-30).
  static std::optional<Date> from_ymd(int year, int month, int day);

  std::int32_t days() const { return m_days; }
  int year() const;
  int month() const;
  int day() const;
  int roc_year() const { return year() - 1911; }
  // 0 = Sunday ... 6 = Saturday.
  int weekday() const;
  bool is_weekend() const { return weekday() == 0 || weekday() == 6; }

  std::string iso() const; // 2018-03-31
  std::string roc() const; // 107/03/31

  Date operator+(int days) const { return Date(m_days + days); }
  Date operator-(int days) const { return Date(m_days - days); }
  int operator-(Date other) const { return m_days - other.m_days; }
  Date& operator++() {
    ++m_days;
    return *this;
  }
  auto operator<=>(const Date&) const = default;

private:
  std::int32_t m_days = 0;
};

enum class DateStyle { iso, roc };
std::string format_date(Date date, DateStyle style);

// Accepts ISO (2018-03-31) and the ROC forms found on forms:
// 107/03/31, 107.03.31, 107-03-31, 1070331, 107年3月31日 (also with 民國 in front).
Result<Date> parse_date(std::string_view text);

// An instant in time, seconds since the Unix epoch (UTC).
class Instant {
public:
  constexpr Instant() = default;
  constexpr explicit Instant(std::int64_t unix_seconds) : m_seconds(unix_seconds) {}
  std::int64_t unix_seconds() const { return m_seconds; }

  static constexpr std::int64_t k_taipei_offset = 8 * 3600;

  static Instant taipei_midnight(Date date) { return Instant(std::int64_t{date.days()} * 86400 - k_taipei_offset); }
  // The Taipei calendar day this instant falls on.
  Date taipei_date() const;
  // Seconds since Taipei midnight.
  int taipei_seconds_of_day() const;

  // 2023-01-19T09:30:00+08:00
  std::string iso() const;
  // 2023-01-19T01:30:00Z, the form stored in the ledger (sorts as text).
  std::string utc() const;

  Instant operator+(std::int64_t seconds) const { return Instant(m_seconds + seconds); }
  auto operator<=>(const Instant&) const = default;

private:
  std::int64_t m_seconds = 0;
};

// Accepts a date (meaning Taipei midnight) or a date and time, ISO or ROC, with
// an optional 'T', seconds, and zone (Z or ±HH:MM; none means Taipei).
Result<Instant> parse_instant(std::string_view text);

// The real clock; commands use Context's clock, which --as-of / EPB_NOW can fix.
Instant system_now();

} // namespace epb
