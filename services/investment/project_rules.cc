#include "services/investment/project_rules.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/resource_name.h"

namespace devplan::investment {
namespace {

struct StageField {
  v1::ProjectStage stage;
  const char* field;
  const v1::Date& (v1::Project::*get)() const;
  bool (v1::Project::*has)() const;
};

// Lifecycle order: planned → signed → started (开工) → completed → in operation.
constexpr std::array<StageField, 5> kStages = {{
    {v1::PROJECT_STAGE_PLANNED, "planned_on", &v1::Project::planned_on, &v1::Project::has_planned_on},
    {v1::PROJECT_STAGE_SIGNED, "signed_on", &v1::Project::signed_on, &v1::Project::has_signed_on},
    {v1::PROJECT_STAGE_STARTED, "started_on", &v1::Project::started_on, &v1::Project::has_started_on},
    {v1::PROJECT_STAGE_COMPLETED, "completed_on", &v1::Project::completed_on,
     &v1::Project::has_completed_on},
    {v1::PROJECT_STAGE_IN_OPERATION, "in_operation_on", &v1::Project::in_operation_on,
     &v1::Project::has_in_operation_on},
}};

absl::Status ValidateStageDates(const v1::Project& p, absl::CivilDay today) {
  std::optional<absl::CivilDay> previous;
  const char* previous_field = nullptr;
  for (const StageField& s : kStages) {
    if (!(p.*s.has)()) continue;
    absl::StatusOr<absl::CivilDay> day = ToCivilDay((p.*s.get)(), absl::StrCat("project.", s.field));
    if (!day.ok()) return day.status();
    if (*day > today) {
      return absl::InvalidArgumentError(
          absl::StrCat("project.", s.field, ": ", DayKey(*day), " is in the future"));
    }
    if (previous.has_value() && *day < *previous) {
      return absl::FailedPreconditionError(absl::StrCat("project.", s.field, " (", DayKey(*day),
                                                        ") is before project.", previous_field,
                                                        " (", DayKey(*previous), ")"));
    }
    previous = *day;
    previous_field = s.field;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateNewProject(const v1::Project& p, absl::CivilDay today) {
  if (absl::Status s = ValidateId(p.project_id(), "project.project_id"); !s.ok()) return s;
  if (absl::Status s = ValidateDistrict(p.district(), "project.district"); !s.ok()) return s;
  if (p.title_zh().empty() || p.title_zh().size() > 400) {
    return absl::InvalidArgumentError("project.title_zh: required, at most 400 bytes");
  }
  if (p.category() == v1::PROJECT_CATEGORY_UNSPECIFIED || !v1::ProjectCategory_IsValid(p.category())) {
    return absl::InvalidArgumentError("project.category: required, one of ProjectCategory");
  }
  if (p.total_investment_yuan() < 0 || p.total_investment_yuan() > kMaxTotalInvestmentYuan) {
    return absl::InvalidArgumentError(absl::StrCat("project.total_investment_yuan: ",
                                                   p.total_investment_yuan(),
                                                   " is outside 0..", kMaxTotalInvestmentYuan));
  }
  if (p.planned_investment_yuan() < 0 ||
      p.planned_investment_yuan() > p.total_investment_yuan()) {
    return absl::InvalidArgumentError(
        "project.planned_investment_yuan: must be within 0..total_investment_yuan");
  }
  if (p.lead_department().empty()) {
    return absl::InvalidArgumentError("project.lead_department: required");
  }
  return ValidateStageDates(p, today);
}

v1::ProjectStage DeriveStage(const v1::Project& p) {
  v1::ProjectStage stage = v1::PROJECT_STAGE_PLANNED;
  for (const StageField& s : kStages) {
    if ((p.*s.has)()) stage = s.stage;
  }
  return stage;
}

std::optional<absl::CivilDay> StageDate(const v1::Project& p, v1::ProjectStage stage) {
  for (const StageField& s : kStages) {
    if (s.stage == stage && (p.*s.has)()) {
      const v1::Date& d = (p.*s.get)();
      return absl::CivilDay(d.year(), d.month(), d.day());
    }
  }
  return std::nullopt;
}

}  // namespace devplan::investment
