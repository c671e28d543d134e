// Water facts by the standards: input checks, the black-odorous grade of a sample and of a
// water body as of a date (2015 guideline, rules/black_odorous.h), the GB 3838-2002 class of a
// sample (rules/surface_water_class.h) and drinking-water compliance. Pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/environment.pb.h"

namespace devplan::environment {

// A water body to be stored, as of `today`. INVALID_ARGUMENT naming the field.
absl::Status ValidateWaterBody(const v1::WaterBody& body, absl::CivilDay today);

// Checks a sample of `body` and fills its output fields (black_odor_level,
// surface_water_class, deciding_parameters). INVALID_ARGUMENT naming the field, e.g. an
// unknown point, a date in the future, a negative value, a missing groundwater class.
absl::StatusOr<v1::WaterSample> GradeWaterSample(const v1::WaterBody& body,
                                                 v1::WaterSample sample, absl::CivilDay today);

// The body's black-odorous grade as of `as_of` from its samples (any order; later-dated ones
// are ignored). The window is the calendar month of the latest sample on or before as_of:
// each sampling point is graded on its samples of that month (GradePoint), the points in
// sampling_points order give the body's grade (GradeWaterBody). Samples of points no longer
// listed are ignored. Without samples the level is UNSPECIFIED.
v1::WaterBodyAssessment AssessBody(const v1::WaterBody& body,
                                   std::span<const v1::WaterSample> samples, absl::CivilDay as_of);

// Whether the body counts in environment.black_odorous_remaining as of `as_of`: listed on or
// before it, and either not sampled yet or graded light/heavy.
bool StillBlackOdorous(const v1::WaterBody& body, const v1::WaterBodyAssessment& assessment,
                       absl::CivilDay as_of);

// Whether a drinking-water source's sample meets Class III: GB/T 14848 class as reported for
// groundwater, GB 3838-2002 class of the measured parameters for surface water. nullopt when
// the sample cannot be judged (no class).
std::optional<bool> MeetsDrinkingWaterClass(const v1::WaterBody& body, const v1::WaterSample& sample);

// "districts/{district}/waterBodies/{id}" and its samples' names.
std::string WaterBodyName(const std::string& district, const std::string& id);
std::string WaterSampleName(const std::string& district, const std::string& body_id,
                            const std::string& point_id, absl::CivilDay day);

}  // namespace devplan::environment
