// Validation of projects and investment reports: pure functions, unit-tested without Redis.
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/investment.pb.h"

namespace devplan::investment {

// Sane bounds; a figure beyond them is a typo (亿 for 万), not a project.
inline constexpr int64_t kMaxTotalInvestmentYuan = 1'000'000'000'000;  // 1万亿元
inline constexpr int64_t kMaxMonthlyInvestmentYuan = 100'000'000'000;  // 1000亿元

// Checks a project to be created, as of `today`: id, names, category, amounts, department,
// stage dates (none in the future, in lifecycle order). INVALID_ARGUMENT names the field;
// FAILED_PRECONDITION for stage dates out of lifecycle order.
absl::Status ValidateNewProject(const v1::Project& project, absl::CivilDay today);

// The stage implied by the latest stage date that is set.
v1::ProjectStage DeriveStage(const v1::Project& project);

// The date the project reached `stage`, if it did.
std::optional<absl::CivilDay> StageDate(const v1::Project& project, v1::ProjectStage stage);

}  // namespace devplan::investment
