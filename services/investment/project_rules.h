// Validation of projects and their lifecycle: pure functions, unit-tested without Redis.
//
// Two kinds of refusal: INVALID_ARGUMENT for a malformed field (named in the message), and
// FAILED_PRECONDITION for a change the project's current state does not allow — a stage
// date out of lifecycle order (e.g. started before signed), a date in the future, or going
// back on something already recorded (changing or clearing a stage date, the packaging date,
// a bond-review decision) without a correction reason.
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/investment.pb.h"
#include "services/common/validation.h"

namespace devplan::investment {

// A dated field of something that happened: absent → nullopt; not a real day →
// INVALID_ARGUMENT; after `today` → FAILED_PRECONDITION (the plan's rule for projects,
// outputs and events alike).
absl::StatusOr<std::optional<absl::CivilDay>> HappenedDay(bool present, const v1::Date& date,
                                                          absl::string_view field,
                                                          absl::CivilDay today);

// Sane bounds; a figure beyond them is a typo (亿 for 万), not a project.
inline constexpr int64_t kMaxTotalInvestmentYuan = 1'000'000'000'000;  // 1万亿元
inline constexpr int64_t kMaxMonthlyInvestmentYuan = 100'000'000'000;  // 1000亿元
// Years the service keeps monthly facts for: the 14th Five-Year Plan period onward (2021),
// so the previous year of every plan year is there for year-on-year comparisons.
inline constexpr int kFirstReportYear = 2021;
// Text limits (kMaxTitleBytes, kMaxNoteBytes) are the suite's: services/common/validation.h.

// Checks a project to be created, as of `today`: attributes, then the dated facts as a
// change from nothing.
absl::Status ValidateNewProject(const v1::Project& project, absl::CivilDay today);

// The attributes that do not depend on the project's history: id, district, names,
// category, amounts, department, shape of the funding. INVALID_ARGUMENT naming the field.
absl::Status ValidateProjectAttributes(const v1::Project& project);

// The dated facts of a change from `before` to `after` (stage dates, packaging date, bond
// review), as of `today`:
// - every date a real calendar day (INVALID_ARGUMENT);
// - none in the future, stage dates in lifecycle order (FAILED_PRECONDITION, corrections
//   included: a correction must leave a consistent project);
// - a recorded stage date, packaging date, bond source or review decision changed or
//   cleared: FAILED_PRECONDITION unless `correction` (a reason was given).
// Filling in a skipped earlier stage in order (a signing date for a project recorded as
// started) is not going back and needs no reason.
absl::Status CheckDatedChanges(const v1::Project& before, const v1::Project& after,
                               bool correction, absl::CivilDay today);

// Whether the change from `before` to `after` goes back on something recorded (see
// CheckDatedChanges), i.e. is a correction.
bool IsCorrection(const v1::Project& before, const v1::Project& after);

// The stage implied by the latest stage date that is set (PLANNED when none is).
v1::ProjectStage DeriveStage(const v1::Project& project);

// The date the project reached `stage`, if it did.
std::optional<absl::CivilDay> StageDate(const v1::Project& project, v1::ProjectStage stage);

// A date field of a stored (already validated) record, if set.
std::optional<absl::CivilDay> DayOf(const v1::Date& date, bool present);

// The project signed at an event held on `day`: signs it when unsigned (lifecycle rules
// apply), leaves it when signed that very day, FAILED_PRECONDITION when signed on another
// day. Answers whether the project changed.
absl::StatusOr<bool> SignAtEvent(v1::Project& project, absl::CivilDay day, absl::CivilDay today);

// A month of a monthly fact (investment, figures): month 1-12, a year the service keeps
// (kFirstReportYear through today's year), and begun by `today`. INVALID_ARGUMENT naming
// `field` otherwise.
absl::StatusOr<absl::CivilMonth> ValidateReportMonth(const v1::Date& month,
                                                     absl::string_view field,
                                                     absl::CivilDay today);

}  // namespace devplan::investment
