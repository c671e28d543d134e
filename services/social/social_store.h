// The SocialService's facts in Redis (key layout: services/common/redis_keys.h, social
// section), read and written through the service's store::RecordStore: read-modify-writes
// (revisions, lifecycle steps, finishing an event) compare-and-set the record they read and
// retry when another writer got there first. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/social.pb.h"
#include "services/common/store/record_store.h"
#include "services/social/facility_rules.h"

namespace devplan::social {

// Everything the metrics of one district are computed from, read in one round trip.
struct SocialFacts {
  std::vector<v1::MonthlyFigure> monthly;
  std::vector<v1::TalentCount> talents;
  std::vector<v1::CoverageFigure> coverage;
  std::vector<v1::Facility> facilities;
  std::vector<v1::Event> events;
};

struct EventsWritten {
  std::vector<v1::Event> events;  // as stored, in request order
  int created = 0;                // newly written
};

class SocialStore {
 public:
  explicit SocialStore(store::RecordStore& records) : records_(records) {}

  // ---- Revisable figures: the first report of a natural key, or its next revision (see
  // Revise in figure_rules.h); the same content again answers the stored record.
  absl::StatusOr<v1::MonthlyFigure> ReportMonthly(const std::string& district,
                                                  v1::MonthlyFigure figure,
                                                  const store::RequestKey& request);
  absl::StatusOr<v1::TalentCount> ReportTalent(const std::string& district, v1::TalentCount count,
                                               const store::RequestKey& request);
  absl::StatusOr<v1::CoverageFigure> ReportCoverage(const std::string& district,
                                                    v1::CoverageFigure figure,
                                                    const store::RequestKey& request);
  // nullopt when nothing was reported for that "<INDICATOR>/<yyyy-mm>".
  absl::StatusOr<std::optional<v1::MonthlyFigure>> GetMonthly(const std::string& district,
                                                              const std::string& field);
  // Unordered; callers sort.
  absl::StatusOr<std::vector<v1::MonthlyFigure>> ListMonthly(const std::string& district);
  absl::StatusOr<std::vector<v1::TalentCount>> ListTalents(const std::string& district);
  absl::StatusOr<std::vector<v1::CoverageFigure>> ListCoverage(const std::string& district);

  // ---- Facilities.
  // Stores a validated facility. Idempotent on facility_id (SameRegistration) and on the
  // request key; ALREADY_EXISTS for another facility under the id or the plan_facility.
  absl::StatusOr<v1::Facility> CreateFacility(v1::Facility facility, const store::RequestKey& request);
  absl::StatusOr<std::optional<v1::Facility>> GetFacility(const std::string& district,
                                                          const std::string& facility_id);
  // Ordered by facility_id.
  absl::StatusOr<std::vector<v1::Facility>> ListFacilities(const std::string& district);
  // Applies a validated step with ApplyStep as of `today`. NOT_FOUND when the facility does
  // not exist; FAILED_PRECONDITION for an illegal step.
  absl::StatusOr<v1::Facility> RecordStep(const std::string& district,
                                          const std::string& facility_id,
                                          const StepInput& step, absl::CivilDay today,
                                          const store::RequestKey& request);

  // ---- Events.
  // Stores validated events of one district, all or nothing. Events stored already with
  // the same content (SameEvent) are answered as stored; another event under an id, or a
  // plan_event given to another event, is ALREADY_EXISTS and nothing is written.
  absl::StatusOr<EventsWritten> CreateEvents(const std::string& district,
                                             std::vector<v1::Event> events,
                                             const store::RequestKey& request);
  // Sets end_date of an event that has none. NOT_FOUND; FAILED_PRECONDITION when another
  // end_date is set; INVALID_ARGUMENT when it is before start_date.
  absl::StatusOr<v1::Event> FinishEvent(const std::string& district, const std::string& event_id,
                                        absl::CivilDay end, const std::string& reported_by,
                                        const google::protobuf::Timestamp& now,
                                        const store::RequestKey& request);
  absl::StatusOr<std::optional<v1::Event>> GetEvent(const std::string& district,
                                                    const std::string& event_id);
  // Unordered; callers sort.
  absl::StatusOr<std::vector<v1::Event>> ListEvents(const std::string& district);

  absl::StatusOr<SocialFacts> LoadFacts(const std::string& district);

 private:
  template <typename Figure>
  absl::StatusOr<Figure> Revise(const std::string& district, const std::string& key,
                                Figure incoming, const char* kind,
                                const store::RequestKey& request);

  store::RecordStore& records_;
};

}  // namespace devplan::social
