#pragma once
// The remittance roster (匯款清冊) of a payment purpose as a report: one row per transfer of
// the payment engine (lib/epb/payment/) — payee, ID number, bank code, account, amount — and
// the count and sum. Subsidies (purpose 'subsidy') and whistleblower rewards ('reward').
// Personal data is masked unless the caller passes a revealing Disclosure, which recorded the
// reveal of every case listed (roster_refs()) before the document holds one unmasked value.
#include "epb/core/error.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/privacy/reveal.hpp"
#include "epb/report/document.hpp"
#include "epb/time/period.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace epb::report {

enum class RosterPurpose { subsidy, reward };
std::string_view roster_purpose_name(RosterPurpose purpose); // the payment engine's purpose

struct RosterScope {
  RosterPurpose purpose = RosterPurpose::subsidy;
  // Exactly one of the two: a batch's every item as it went to the bank, whatever its result
  // since; or the transfers the bank paid in a year (paid_on, a Taipei date, in the year).
  std::optional<std::string> batch;
  std::optional<int> year;
  // The roster as the ledger stood then (--as-of): batches built by then, results recorded by
  // then (a later result shows as in_batch, a later payment is not in the year's roster).
  Instant as_of;
  Instant generated_at;
  bool english = false;
};

// One transfer, its personal data in full (mask it through a Disclosure to show it).
struct RosterLine {
  std::string batch;
  std::string ref; // the case
  std::string payee;
  std::string id_number; // a person's ID number, or a business's UBN (not personal data)
  bool person = true;    // the payee is a person: name and ID number are personal data
  std::string bank_code;
  std::string account;
  std::int64_t amount = 0;
  std::string state; // in_batch, paid, failed
  std::optional<Date> paid_on;
};

// The roster's transfers in order (a batch: roster order; a year: by payment date, then batch
// and roster order). not_found for a batch the ledger lacks, or lacked at the as-of moment, or
// that pays another purpose.
Result<std::vector<RosterLine>> roster_lines(Ledger& ledger, const RosterScope& scope);

// The cases the lines name, once each: what a reveal records.
std::vector<std::string> roster_refs(const std::vector<RosterLine>& lines);

// The roster document: table `payments` (primary), table `total` (items and NT$), facts and
// definitions; names, ID numbers and accounts as `shown` shows them.
Document roster_document(const RosterScope& scope, const std::vector<RosterLine>& lines, const Disclosure& shown);

} // namespace epb::report
