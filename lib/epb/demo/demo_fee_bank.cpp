// The demo's bank collection file: the fortnight's bank payments written in a fixed-width
// layout of [fee.layouts] and imported through the import engine with the payment target, as a
// real bank's file would be.
#include "epb/demo/demo_fee.hpp"

#include "epb/fee/fee_payments.hpp"
#include "epb/io/import_engine.hpp"
#include "epb/io/output_file.hpp"
#include "epb/io/record_reader.hpp"
#include "epb/io/text_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace epb {
namespace {

constexpr std::string_view k_bank_file = "fee-bank-collection.txt";

// One fixed-width line of `layout`: each field at its place, the amount zero-padded.
std::string layout_line(const FixedWidthLayout& layout,
                        const std::vector<std::pair<std::string, std::string>>& values) {
  std::string line;
  for (const FixedWidthField& field : layout.fields) {
    std::string value;
    for (const auto& [name, text] : values)
      if (name == field.name) value = text;
    const auto width = static_cast<std::size_t>(field.width);
    if (field.name == "amount" && value.size() < width) value.insert(0, width - value.size(), '0');
    value.resize(width, ' ');
    const auto at = static_cast<std::size_t>(field.start - 1);
    if (line.size() < at + value.size()) line.resize(at + value.size(), ' ');
    line.replace(at, value.size(), value);
  }
  while (!line.empty() && line.back() == ' ')
    line.pop_back();
  return line;
}

std::string layout_date(const FixedWidthLayout& layout, Date day) {
  if (layout.date_format == "roc") return fmt::format("{:03}{:02}{:02}", day.year() - 1911, day.month(), day.day());
  return fmt::format("{:04}{:02}{:02}", day.year(), day.month(), day.day());
}

} // namespace

Result<void> import_demo_bank_file(Ledger& ledger, const FeeSettings& fee, const FixedWidthLayout& layout,
                                   const Stamp& stamp, const DemoOptions& options, std::vector<FeeBankRow> rows) {
  if (!options.protect) return invalid("demo", "the bank's collection file needs the files it must not replace");
  std::sort(rows.begin(), rows.end(), [](const FeeBankRow& a, const FeeBankRow& b) {
    return std::tie(a.paid_on, a.slip) < std::tie(b.paid_on, b.slip);
  });
  std::string text = fmt::format("H{}KSEPB-AIRFEE\n", layout_date(layout, stamp.at.taipei_date()));
  for (int skip = 1; skip < layout.skip_head; ++skip)
    text += "H\n";
  std::int64_t total = 0;
  int seq = 0;
  for (const FeeBankRow& row : rows) {
    total += row.amount;
    // The bank's own transaction id: its day and a running number (what makes a re-import a no-op).
    const std::string txn = fmt::format("BK{}{:06}", layout_date(layout, row.paid_on), ++seq);
    text += layout_line(layout, {{"slip", row.slip},
                                 {"amount", std::to_string(row.amount)},
                                 {"paid_on", layout_date(layout, row.paid_on)},
                                 {"txn_id", txn},
                                 {"collector", layout.collector}}) +
            "\n";
  }
  text += fmt::format("{}{:06}{:012}\n", layout.trailer_prefix.empty() ? "T" : layout.trailer_prefix, seq, total);
  const std::string path = options.directory + "/" + std::string(k_bank_file);
  OutputFile file("demo bank collection file", path, *options.protect, OutputOptions{.replace = true});
  file.stream() << text;
  file.commit();
  TextSource input(path, TextSource::Encoding::utf8);
  auto reader = make_fixed_width_reader(input, layout);
  if (!reader) return std::unexpected(reader.error());
  FeePaymentTarget target(ledger, fee, stamp, &layout);
  const ImportSummary imported = run_import(ledger, **reader, target, ImportOptions{}, {});
  if (!imported.errors.empty()) return invalid(path, imported.errors.front());
  return {};
}

} // namespace epb
