#include "epb/demo/sample_csv.hpp"

#include "epb/demo/sample_people.hpp"
#include "epb/output/rows.hpp"
#include "epb/time/date.hpp"

#include <fmt/format.h>

#include <array>

namespace epb {
namespace {

constexpr std::string_view k_header =
    "service,channel,applicant_kind,name,id_number,business_number,phone,email,address,subject,description,place,"
    "received,source_system,source_id,status,closed,outcome";

// Received between 2018-01-02 and 2026-10-30, office hours mostly, so every due date
// (at most a few weeks later) still falls inside the shipped 2018–2026 calendar.
Instant sample_received(SampleRandom& random) {
  const Date first = *Date::from_ymd(2018, 1, 2);
  const Date last = *Date::from_ymd(2026, 10, 30);
  const Date day = first + random.uniform_int(0, last - first);
  const int hour = random.percent(90) ? random.uniform_int(8, 17) : random.uniform_int(0, 23);
  return Instant::taipei_midnight(day) + std::int64_t{hour} * 3600 + random.uniform_int(0, 59) * 60;
}

const Instant k_handled_before = Instant::taipei_midnight(*Date::from_ymd(2026, 9, 1));

std::string csv_cell(std::string_view value) {
  if (value.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

// Breaks one field the way real exports get broken; the importer must say which and where.
void spoil(SampleRandom& random, std::array<std::string, 18>& row) {
  switch (random.uniform_int(0, 4)) {
  case 0: // a checksum typo in the ID number
    if (!row[4].empty()) {
      row[4].back() = row[4].back() == '9' ? '0' : static_cast<char>(row[4].back() + 1);
      return;
    }
    [[fallthrough]];
  case 1: row[12] = "2023-02-30 10:00"; return;
  case 2: row[0] = "noise_permit"; return;
  case 3: row[6] = "0912-34"; return;
  default: row[12] = "next tuesday"; return;
  }
}

} // namespace

std::string_view sample_csv_header() { return k_header; }

void write_sample_csv(std::ostream& out, const Config& config, const SampleCsvOptions& options) {
  SamplePeople people(options.seed);
  SampleRandom& random = people.random();
  std::string buffer;
  buffer.reserve(1 << 20);
  buffer.append(k_header).append("\r\n");
  // Only services of the plain kind: subsidy applications and fee projects are opened with
  // their own verbs (`epb subsidy apply/import`, `epb fee project add`), never by `case import`.
  std::vector<Service> services;
  for (const Service& service : config.services)
    if (service.kind == k_default_service_kind) services.push_back(service);
  for (std::uint64_t n = 1; n <= options.rows; ++n) {
    const Service& service = random.pick(services);
    const Channel& channel = random.pick(config.channels);
    std::array<std::string, 18> row;
    row[0] = service.code;
    row[1] = channel.code;
    const int who = random.uniform_int(0, 99);
    if (service.anonymous_allowed && who < 15) {
      row[2] = "anonymous";
      if (random.percent(50)) row[6] = people.mobile_phone();
    } else if (who < 30) {
      const SampleCompany company = people.company();
      row[2] = "organisation";
      row[3] = company.name;
      row[5] = company.business_number;
      row[6] = company.phone;
      row[8] = company.address.text;
    } else {
      const SamplePerson person = people.person();
      row[2] = "person";
      row[3] = person.name;
      if (service.id_required || random.percent(60)) row[4] = person.id_number;
      row[6] = person.phone;
      if (random.percent(30)) row[7] = fmt::format("user{}@example.com.tw", n);
      row[8] = person.address.text;
    }
    if (service.track_repeats || service.anonymous_allowed) {
      const SampleMatter matter = service.track_repeats ? people.complaint() : people.whistleblower_report();
      row[9] = matter.subject;
      row[10] = matter.description;
      row[11] = matter.place;
    } else {
      row[9] = service.code == "petition" ? people.petition_subject() : service.name_zh + "申請";
    }
    // About 1% of rows carry the commas and line breaks that break naive CSV readers.
    if (random.percent(1))
      row[10] = fmt::format("{}，詳如附件, 第{}頁\n另：請儘速處理", row[9], random.uniform_int(1, 9));
    const Instant received = sample_received(random);
    row[12] = received.iso();
    row[13] = "sample";
    row[14] = fmt::format("S{:09}", n);
    // Like a real ledger, nearly everything older than two months has been handled; what is
    // left open is what `epb case overdue` is for.
    if (received < k_handled_before && random.percent(97)) {
      row[15] = "closed";
      row[16] = (received + std::int64_t{random.uniform_int(1, 30)} * 86400).iso();
      row[17] = random.percent(90) ? "已依規定辦理並回復" : "查無違規，已函復說明";
    }
    if (options.invalid_percent > 0 && random.percent(options.invalid_percent)) spoil(random, row);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) buffer += ',';
      buffer += csv_cell(row[i]);
    }
    buffer += "\r\n";
    if (buffer.size() > (1 << 20) - 4096) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out.flush();
}

} // namespace epb
