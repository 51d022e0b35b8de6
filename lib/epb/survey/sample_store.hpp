#pragma once
// The stored samples (schema version 12: survey_sample, survey_stratum, survey_member). All
// SQL over those tables' sample-level columns lives here; answers and attempts are in
// member_store.hpp.
#include "epb/ledger/ledger.hpp"
#include "epb/survey/sample.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace epb {

enum class MemberStatus { pending, responded, unreachable, refused };
std::string_view member_status_name(MemberStatus status);

// One chosen case or spare of a stored sample, with the case's ref.
struct SampleMember {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string ref;
  std::string stratum;
  bool spare = false;
  int position = 0;
  MemberStatus status = MemberStatus::pending;
  bool called = false;                  // on the call list: chosen, or a spare that took a place
  std::optional<std::int64_t> replaces; // member id of the unreachable one a spare stands in for
  int attempts = 0;
};

struct StoredSample {
  std::int64_t id = 0;
  SampleDefinition definition;
  std::int64_t frame_size = 0;
  std::string frame_sha256;
  std::string frame_blob;
  std::string sample_sha256;
  Instant drawn_at;
  std::string actor;
  std::string note; // --note: why it was drawn; not part of the definition
  std::vector<StratumDraw> strata;
};

// How many members of a sample have one role, call state and status (`epb survey show`).
struct MemberCount {
  bool spare = false;
  bool called = false;
  std::string status; // as stored: pending, responded, unreachable, refused
  std::int64_t count = 0;
};

// "complaint,petition": the services as stored (sorted, comma-separated).
std::string services_text(const std::vector<std::string>& services);

class SampleStore {
public:
  explicit SampleStore(Ledger& ledger) : m_ledger(ledger) {}

  // Inserts the sample, its strata and its members (chosen called, spares not); returns its id.
  // Inside the caller's transaction, whose write lock makes max(id) + 1 the next ids (explicit
  // ids, no RETURNING: 100,000 members go through one prepared insert).
  std::int64_t insert(const StoredSample& sample, const SampleDraw& draw, const std::vector<FrameRow>& rows);
  std::optional<StoredSample> find(std::int64_t id);
  std::vector<StoredSample> list();                        // newest first, without frame blobs
  std::vector<StratumDraw> strata(std::int64_t sample_id); // by stratum name (byte order)
  // Members in stored order: stratum by stratum (byte order), chosen by position, then spares.
  std::vector<SampleMember> members(std::int64_t sample_id);
  // Chosen before spares, called before not, then by status name.
  std::vector<MemberCount> member_counts(std::int64_t sample_id);
  // The ref of a case (verify names the cases a frame lost); none when it is gone.
  std::optional<std::string> case_ref(std::int64_t case_id);

private:
  Ledger& m_ledger;
};

} // namespace epb
