#pragma once
// How cases look on output: columns per format, personal data masked unless revealed.
#include "context.hpp"

#include "epb/cases/case.hpp"
#include "epb/cases/case_store.hpp"
#include "epb/output/rows.hpp"
#include "epb/privacy/reveal.hpp"

namespace epb::cli {

// The export/list columns of the csv, tsv, json and jsonl formats: a stable contract, and
// the same names `epb case import` reads.
std::vector<Column> case_columns(Format format);
// The machine formats carry the case's pauses and extensions too, read from `store`.
Row case_row(Context& context, const Case& c, Format format, const Disclosure& disclosure, CaseStore& store);

// "王O明" / "A12****789" unless revealed; organisations' names and numbers are not personal.
std::string shown_name(const Applicant& applicant, const Disclosure& disclosure);

std::string service_name(Context& context, std::string_view code);
std::string unit_name(Context& context, std::string_view code);
std::string state_name(Context& context, std::string_view service, std::string_view state);
// A due date for tables: "2028-01-05*" when it depends on a provisional calendar year.
std::string due_text(Context& context, Date due, bool provisional);
// The line under a table that marked a due date or count with '*'.
void provisional_footnote(Context& context);
// A table-friendly time: "2023-01-19 09:30" (ISO) or "112/01/19 09:30" (ROC).
std::string short_time(Context& context, Instant at);

} // namespace epb::cli
