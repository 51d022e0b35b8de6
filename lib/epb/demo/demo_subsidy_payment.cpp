// The season's paid batch: built by the payment engine like `epb subsidy pay`, confirmed from a
// bank result made up here and imported through the same result target as a real bank file.
#include "epb/demo/demo_subsidy.hpp"

#include "epb/io/import_engine.hpp"
#include "epb/io/text_source.hpp"
#include "epb/payment/payment_result.hpp"

#include <fmt/format.h>

namespace epb {

Result<std::optional<BuiltBatch>> build_demo_batch(Ledger& ledger, const PaymentSource& source, const Stamp& stamp,
                                                   const DemoOptions& options) {
  BatchRequest request;
  request.option = "demo roster";
  request.roster_path = options.directory + "/subsidy-roster.csv";
  request.protect = options.protect;
  request.output.replace = true; // the demo's own file, rebuilt with the demo
  auto built = build_payment_batch(ledger, source, stamp, request);
  if (!built && built.error().fault == Fault::not_found) return std::optional<BuiltBatch>{};
  if (!built) return std::unexpected(built.error());
  return std::optional<BuiltBatch>{std::move(*built)};
}

Result<void> confirm_demo_batch(Ledger& ledger, const PaymentSource& source, const Stamp& stamp,
                                const DemoOptions& options, const BuiltBatch& batch, SampleRandom& random,
                                SubsidySeasonSummary& summary) {
  const auto items = payment_batch_items(ledger, batch.id);
  const std::size_t failed = random.index(items.size());
  std::string text = "batch,ref,amount,status,reason,paid_on\n";
  for (std::size_t n = 0; n < items.size(); ++n)
    text += n == failed ? fmt::format("{},{},{},failed,帳號不符（戶名與帳號不一致）,\n", batch.ref, items[n].ref,
                                      items[n].amount)
                        : fmt::format("{},{},{},paid,,{}\n", batch.ref, items[n].ref, items[n].amount,
                                      stamp.at.taipei_date().iso());
  const std::string path = options.directory + "/subsidy-bank-result.csv";
  OutputFile file("demo bank result", path, *options.protect, OutputOptions{.replace = true});
  file.stream() << text;
  file.commit();
  TextSource input(path, TextSource::Encoding::utf8);
  auto reader = make_record_reader(input, InputFormat::csv);
  if (!reader) return std::unexpected(reader.error());
  PaymentResultTarget target(ledger, source, stamp);
  const ImportSummary imported = run_import(ledger, **reader, target, ImportOptions{}, {});
  if (!imported.errors.empty()) return invalid(path, imported.errors.front());
  if (const auto confirmed = find_payment_batch(ledger, batch.ref)) {
    summary.paid = confirmed->paid;
    summary.paid_total = confirmed->paid_total;
    summary.payment_failed = confirmed->failed;
  }
  return {};
}

} // namespace epb
