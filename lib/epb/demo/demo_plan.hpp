#pragma once
// Internal to the demo: what a service's cases look like, the plan of each case, and the
// player that acts a plan out through the CaseDesk.
#include "epb/cases/case_desk.hpp"
#include "epb/demo/sample_people.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace epb {

// How a service's cases look; built from the service's code for the bureau's own services,
// from its flags for any other. Shares are percentages.
struct ServiceProfile {
  enum class Matter { complaint, report, petition, listed };
  int weight = 5;                                    // relative number of cases in a year
  std::vector<std::pair<std::string, int>> channels; // codes present in the config, weighted
  int person = 90;
  int organisation = 10;
  int anonymous = 0; // 0 unless the service allows it
  int with_id = 40;  // persons giving their ID where the SOP does not require it
  int pause = 15;
  int late = 10;
  int extend = 5;
  int reject = 5;
  Matter matter = Matter::listed;
  std::string trade;                 // organisations' line of business (營造), or empty
  std::vector<std::string> subjects; // for Matter::listed
  std::vector<std::string> outcomes;
  std::vector<std::string> rejections;
};

ServiceProfile profile_for(const Config& config, const Service& service);

// A new case as an applicant would bring it; `received` is left empty (the stamp's time).
NewCase sample_new_case(SamplePeople& people, const Service& service, const ServiceProfile& profile);
std::string sample_channel(SampleRandom& random, const ServiceProfile& profile);
// True for channels whose cases arrive during office hours (counter, post, fax).
bool office_hours_channel(std::string_view channel);

// The SOP's paths, read from the config.
// The final state a case normally ends in: "closed" when the SOP has it, else its first final state.
std::string usual_final(const Service& service);
// The states a case passes after `from` to reach `target`: the longest simple path that
// avoids pause states (those are entered only by pausing). Empty when there is none.
std::vector<std::string> route_to(const Service& service, std::string_view from, std::string_view target);
// A final state other than `usual` that `state` may move to (a rejection).
std::optional<std::string> other_final(const Service& service, std::string_view state, std::string_view usual);
bool can_pause(const Service& service, std::string_view state);

struct CasePlan {
  const Service* service = nullptr;
  const ServiceProfile* profile = nullptr;
  Instant received;
  NewCase input;
  bool late = false;  // closes after its due date
  bool stuck = false; // work stops part-way: left open and overdue
  bool pause = false; // waits for documents once
  int pause_workdays = 0;
  bool extend = false;
  bool reject = false;
  std::optional<std::size_t> repeated_by; // the later plan repeating this one (so this one must close)
  std::optional<std::size_t> repeat_of;   // the plan this one repeats
};

struct Staff {
  std::string id;   // clerk07: the actor of the ledger's events
  std::string name; // the 承辦人 a case is assigned to
};

struct PlayedCase {
  std::string ref;
  std::optional<Instant> closed_at;
  bool closed_late = false;
};

// Acts plans out through the desk, never past `now`.
class CasePlayer {
public:
  CasePlayer(CaseDesk& desk, const OfficeCalendar& calendar, SampleRandom& random, Instant now)
      : m_desk(desk), m_calendar(calendar), m_random(random), m_now(now) {}

  Result<PlayedCase> play(const CasePlan& plan, const std::vector<Staff>& staff);

  // The n-th working day after `from` (n = 0: `from` itself, or the next working day);
  // nothing beyond the calendar.
  std::optional<Date> workday(Date from, int n) const;
  // A moment in office hours on `day`.
  Instant office_time(Date day);

private:
  // Pauses for documents and resumes when they come; false when the case stays paused.
  bool wait_for_documents(const CasePlan& plan, const Staff& officer, Case& c, Instant& t, int& shift);
  Result<Case> step(const CasePlan& plan, const Staff& officer, const Case& c, const std::string& next, bool final,
                    Instant when);

  CaseDesk& m_desk;
  const OfficeCalendar& m_calendar;
  SampleRandom& m_random;
  Instant m_now;
};

} // namespace epb
