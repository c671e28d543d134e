// Facilities and their dated lifecycle (see FacilityStage in social.proto): validation, the
// legal steps, corrections, and reading a facility as it stood on a date. Pure functions,
// unit-tested without Redis.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/timestamp.pb.h>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/social.pb.h"

namespace devplan::social {

// Position in the lifecycle order: PLANNED 0; STARTED, SUSPENDED, RESUMED 1 (construction);
// STRUCTURE_DONE 2; COMPLETED 3; DELIVERED 4; IN_SERVICE 5. -1 for UNSPECIFIED.
int StageRank(v1::FacilityStage stage);

// A facility to be registered: id, district, names, kind, plan_facility, lead department;
// no output-only fields. INVALID_ARGUMENT naming the field ("facility.title_zh: …").
absl::Status ValidateNewFacility(const v1::Facility& facility);

// Whether a stored facility is the one a create request describes (the fields a client
// sets; output-only fields aside): re-creating it is then idempotent.
bool SameRegistration(const v1::Facility& stored, const v1::Facility& requested);

struct StepInput {
  v1::FacilityStage stage = v1::FACILITY_STAGE_UNSPECIFIED;
  v1::Date date;
  std::string reported_by;
  std::string correction_reason;
  google::protobuf::Timestamp record_time;
};

// The request's own checks (stage, date, reporter, reason length): INVALID_ARGUMENT.
absl::Status ValidateStepInput(const StepInput& step);

struct StepOutcome {
  v1::Facility facility;  // with the step applied, or as stored when unchanged
  bool changed;           // false: an equal step is in force already (a retry)
};

// Applies one lifecycle step recorded on `today` (a validated StepInput). FAILED_PRECONDITION
// for an illegal step: a future date, a date before the latest step in force, or a stage
// that may not follow the current one (backwards without correction_reason, anything but
// RESUMED while SUSPENDED, a second PLANNED or STARTED). A correction first withdraws every
// step in force of rank >= the step's rank, then applies the same checks.
absl::StatusOr<StepOutcome> ApplyStep(const v1::Facility& facility, const StepInput& step,
                                      absl::CivilDay today);

// The steps in force (not withdrawn) dated on or before `as_of`, in recording order (which
// is date order: the rules keep it so).
std::vector<const v1::FacilityStep*> StepsInForce(const v1::Facility& facility,
                                                  absl::CivilDay as_of);

// The step by which the facility first stood at `stage` or beyond (rank >= the stage's
// rank), among the steps in force dated on or before as_of; nullptr if it had not. A school
// recorded as DELIVERED without a STRUCTURE_DONE step had its structure done by the
// delivery.
const v1::FacilityStep* FirstReaching(const v1::Facility& facility, v1::FacilityStage stage,
                                      absl::CivilDay as_of);

// How far the facility stood on `as_of` on the way to `target`: the highest stage rank in
// force over the target's rank (a school with its structure done is 2/5 of the way to IN
// SERVICE), 0 before any step. nullopt for targets of rank 1 or less, which have no stage
// between nothing and done.
std::optional<double> ProgressToward(const v1::Facility& facility, v1::FacilityStage target,
                                     absl::CivilDay as_of);

// The latest step in force dated on or before as_of; nullptr if none.
const v1::FacilityStep* LatestStep(const v1::Facility& facility, absl::CivilDay as_of);

// The first STARTED or RESUMED step in force (开复工) dated in [from, to]; nullptr if none.
const v1::FacilityStep* StartedOrResumedIn(const v1::Facility& facility, absl::CivilDay from,
                                           absl::CivilDay to);

absl::CivilDay DayOf(const v1::Date& date);

}  // namespace devplan::social
