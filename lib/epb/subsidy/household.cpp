// The household-registration query and answer files, and recording the answers.
#include "epb/subsidy/household.hpp"
#include "epb/core/sha256.hpp"
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"
#include "epb/validate/person_id.hpp"

#include <map>

#include <fmt/format.h>

namespace epb {
namespace {

constexpr std::string_view k_query_header = "id_number,name";
constexpr std::string_view k_answer_header = "id_number,registered,district,registered_on";

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t comma; (comma = line.find(',', start)) != std::string_view::npos; start = comma + 1)
    out.push_back(line.substr(start, comma - start));
  out.push_back(line.substr(start));
  return out;
}

} // namespace

std::string render_household_query(const std::vector<HouseholdQuery>& queries) {
  std::string out = std::string(k_query_header) + "\r\n";
  for (const auto& q : queries)
    out += fmt::format("{},{}\r\n", q.id_number, q.name); // IDs and names hold no comma or quote
  return out;
}

Result<std::vector<HouseholdAnswer>> parse_household_answers(std::string_view text, std::string_view file) {
  std::vector<HouseholdAnswer> out;
  std::map<std::string, int, std::less<>> seen; // ID number → the line of its answer
  int line_number = 0;
  bool header = true;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    const std::string where = fmt::format("{}:{}", file, line_number);
    if (auto bad = text_violation(TextKind::line, line)) return invalid(where, *bad);
    if (header) {
      if (trim(line) != k_answer_header) return invalid(where, fmt::format("the header must be '{}'", k_answer_header));
      header = false;
      continue;
    }
    if (trim(line).empty()) continue;
    const auto fields = split(line);
    if (fields.size() != 4) return invalid(where, fmt::format("expected 4 fields, found {}", fields.size()));
    HouseholdAnswer answer;
    answer.line = line_number;
    auto id = validate_person_id(trim(fields[0]));
    if (!id) return invalid(where + ": id_number", id.error().message());
    answer.id_number = *id;
    if (const auto [first, fresh] = seen.emplace(*id, line_number); !fresh)
      return invalid(where + ": id_number",
                     fmt::format("a second answer for {} (first on line {})", mask_person_id(*id), first->second));
    const std::string registered = to_lower_ascii(trim(fields[1]));
    if (registered == "yes" || registered == "y" || registered == "1")
      answer.registered = true;
    else if (registered != "no" && registered != "n" && registered != "0")
      return invalid(where + ": registered", fmt::format("'{}' is not yes or no", terminal_safe(fields[1])));
    answer.district = std::string(trim(fields[2]));
    if (!trim(fields[3]).empty()) {
      auto date = parse_date(trim(fields[3]));
      if (!date) return invalid(where + ": registered_on", date.error().message());
      answer.registered_on = *date;
    }
    out.push_back(std::move(answer));
  }
  if (header) return invalid(std::string(file), "empty: expected the header line");
  return out;
}

Result<HouseholdImport> import_household_answers(SubsidyDesk& desk, Ledger& ledger, const Stamp& stamp,
                                                 std::string_view text, std::string_view file,
                                                 std::string_view file_sha256) {
  auto answers = parse_household_answers(text, file);
  if (!answers) return std::unexpected(answers.error());
  sql::Transaction transaction(ledger.db());
  HouseholdImport summary;
  for (const auto& answer : *answers) {
    auto checked = desk.record_household(stamp, answer);
    if (!checked) {
      Problem problem = checked.error();
      problem.fault = Fault::invalid; // an answer no application awaits is a bad file
      problem.what = fmt::format("{}:{}: {}", file, answer.line, problem.what);
      return std::unexpected(problem);
    }
    ++summary.records;
    if (checked->failures.empty()) ++summary.eligible;
  }
  summary.sha256 = std::string(file_sha256);
  desk.record_exchange(
      HouseholdExchange{stamp.at, stamp.actor, false, summary.records, summary.sha256, std::string(file)});
  transaction.commit();
  return summary;
}

} // namespace epb
