#pragma once
// `epb survey sample` and `epb survey verify`: draws a sample inside the ledger and stores it
// with all that re-draws and checks it; re-draws it later and says what differs.
#include "epb/config/config.hpp"
#include "epb/core/error.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/survey/sample_frame.hpp"
#include "epb/survey/sample_store.hpp"

#include <string>
#include <vector>

namespace epb {

// The options of `epb survey sample`, as typed; validated by SampleDesk::define().
struct SampleRequest {
  std::string services; // "subsidy" or "petition,complaint"
  std::string period;   // "2018-01-01..2018-06-30", ROC too ("107/01/01..107/06/30"), or "2018", "2018-03"
  std::string rate;     // "1/10", "10%"
  std::string size;     // "200"; exactly one of rate and size (the questionnaire's required rate when neither)
  std::string strata;   // "unit,district"
  int min_per_stratum = 1;
  int spares = 0;
  std::string method = "systematic";
  std::string seed;                    // decimal 0..2^64-1; required
  std::string exclude_surveyed_within; // "90d"; empty: the questionnaire's default
};

struct DrawnSample {
  StoredSample sample; // id 0 for a dry run
  SampleDraw draw;
  Frame frame;
};

// What `verify` found. Identical: the frame re-built from the ledger is the stored one and the
// re-draw gives the stored members.
struct VerifyReport {
  StoredSample sample;
  std::int64_t frame_size_now = 0;
  std::string frame_sha256_now;
  std::vector<std::string> added;       // refs in the frame now, not then
  std::vector<std::string> removed;     // refs in the frame then, not now (a case reopened, deleted)
  std::vector<std::string> changed;     // refs whose frame fields (service, unit, district, closed date) changed
  bool stored_hash_mismatch = false;    // the stored frame's hash is not the hash of the frame it stores
  bool stored_members_altered = false;  // the stored members are not what the stored sample hash says
  bool redraw_differs = false;          // the re-draw gives other members than the stored ones
  bool definition_altered = false;      // the stored definition or hashes are not those the draw's event recorded
  std::vector<std::string> differences; // one line per difference, for people
  bool identical() const;
  bool frame_changed() const { return !added.empty() || !removed.empty() || !changed.empty(); }
  // The stored sample does not agree with itself or with its event: its rows were edited.
  bool sample_edited() const;
};

class SampleDesk {
public:
  SampleDesk(Ledger& ledger, const Config& config) : m_ledger(ledger), m_config(config) {}

  // Validates a request (exit-3 Problems name the option) into a definition.
  Result<SampleDefinition> define(const SampleRequest& request) const;
  // Builds the frame, draws, and (unless dry_run) stores the sample and records an event
  // "survey:ID" "sample" with its hashes, in one transaction.
  // `note` (--note) is stored with the sample and its event. An empty frame is a not_found Problem.
  Result<DrawnSample> draw(const Stamp& stamp, const SampleDefinition& definition, bool dry_run,
                           std::string_view note = {});
  // Re-builds the frame as of the sample (its drawn_at, earlier samples only, the states its
  // event recorded), compares it with the stored one, checks the stored members against the
  // stored sample hash and the stored sample against its event, and re-draws.
  Result<VerifyReport> verify(std::int64_t sample_id);

private:
  std::vector<std::string> states_of(std::string_view questionnaire) const;

  Ledger& m_ledger;
  const Config& m_config;
};

} // namespace epb
