#include "services/investment/project_rules.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
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

// Unset, or set to the same day.
bool SameDate(bool has_a, const v1::Date& a, bool has_b, const v1::Date& b) {
  if (has_a != has_b) return false;
  return !has_a || (a.year() == b.year() && a.month() == b.month() && a.day() == b.day());
}

bool HasDecision(const v1::Funding& f) {
  return f.review_status() == v1::BOND_REVIEW_STATUS_APPROVED ||
         f.review_status() == v1::BOND_REVIEW_STATUS_REJECTED;
}

absl::Status NeedsReason(absl::string_view field, absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat(field, ": ", what,
                   "; going back on a recorded fact is a correction and needs correction_reason"));
}

std::string Recorded(const v1::Date& d) {
  return absl::StrCat("recorded as ", DayKey(absl::CivilDay(d.year(), d.month(), d.day())));
}

absl::Status ValidateFunding(const v1::Project& p) {
  const v1::Funding& f = p.funding();
  if (!v1::FundingSource_IsValid(f.source())) {
    return absl::InvalidArgumentError("project.funding.source: not a FundingSource");
  }
  if (f.source() == v1::FUNDING_SOURCE_UNSPECIFIED) {
    if (f.requested_yuan() != 0 || f.review_status() != v1::BOND_REVIEW_STATUS_UNSPECIFIED ||
        f.has_reviewed_on()) {
      return absl::InvalidArgumentError(
          "project.funding.source: required when any other funding field is set");
    }
    return absl::OkStatus();
  }
  const int64_t cap = p.total_investment_yuan() > 0 ? p.total_investment_yuan()
                                                    : kMaxTotalInvestmentYuan;
  if (f.requested_yuan() < 1 || f.requested_yuan() > cap) {
    return absl::InvalidArgumentError(absl::StrCat("project.funding.requested_yuan: ",
                                                   f.requested_yuan(), " is outside 1..", cap,
                                                   " (at most the total investment)"));
  }
  if (f.review_status() == v1::BOND_REVIEW_STATUS_UNSPECIFIED ||
      !v1::BondReviewStatus_IsValid(f.review_status())) {
    return absl::InvalidArgumentError(
        "project.funding.review_status: required, one of BondReviewStatus");
  }
  if (HasDecision(f) && !f.has_reviewed_on()) {
    return absl::InvalidArgumentError(
        "project.funding.reviewed_on: required for an APPROVED or REJECTED review");
  }
  if (!HasDecision(f) && f.has_reviewed_on()) {
    return absl::InvalidArgumentError(
        "project.funding.reviewed_on: must be unset while the review is PENDING");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<absl::CivilDay>> HappenedDay(bool present, const v1::Date& date,
                                                          absl::string_view field,
                                                          absl::CivilDay today) {
  if (!present) return std::nullopt;
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(date, field);
  RETURN_IF_ERROR(day.status());
  if (*day > today) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", DayKey(*day), " is in the future; record it once it happened"));
  }
  return *day;
}


absl::Status ValidateProjectAttributes(const v1::Project& p) {
  RETURN_IF_ERROR(ValidateId(p.project_id(), "project.project_id"));
  if (p.project_id() == "-") {
    return absl::InvalidArgumentError(
        "project.project_id: \"-\" is reserved for \"every project\" in parent names");
  }
  RETURN_IF_ERROR(ValidateDistrict(p.district(), "project.district"));
  if (p.title_zh().empty() || p.title_zh().size() > kMaxTitleBytes) {
    return absl::InvalidArgumentError("project.title_zh: required, at most 400 bytes");
  }
  if (p.title_en().size() > kMaxTitleBytes) {
    return absl::InvalidArgumentError("project.title_en: at most 400 bytes");
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
  if (p.lead_department().empty() || p.lead_department().size() > kMaxTitleBytes) {
    return absl::InvalidArgumentError("project.lead_department: required, at most 400 bytes");
  }
  return ValidateFunding(p);
}

absl::Status CheckDatedChanges(const v1::Project& before, const v1::Project& after,
                               bool correction, absl::CivilDay today) {
  // The resulting dates: real days, none in the future, stages in order.
  std::optional<absl::CivilDay> previous;
  const char* previous_field = nullptr;
  for (const StageField& s : kStages) {
    const std::string field = absl::StrCat("project.", s.field);
    auto day = HappenedDay((after.*s.has)(), (after.*s.get)(), field, today);
    RETURN_IF_ERROR(day.status());
    if (!day->has_value()) continue;
    if (previous.has_value() && **day < *previous) {
      return absl::FailedPreconditionError(absl::StrCat(field, " (", DayKey(**day),
                                                        ") is before project.", previous_field,
                                                        " (", DayKey(*previous), ")"));
    }
    previous = **day;
    previous_field = s.field;
  }
  auto packaged = HappenedDay(after.has_packaged_on(), after.packaged_on(), "project.packaged_on", today);
  RETURN_IF_ERROR(packaged.status());
  auto reviewed = HappenedDay(after.funding().has_reviewed_on(), after.funding().reviewed_on(),
                           "project.funding.reviewed_on", today);
  RETURN_IF_ERROR(reviewed.status());
  if (correction) return absl::OkStatus();

  // Going back on what is recorded.
  for (const StageField& s : kStages) {
    if (!(before.*s.has)()) continue;
    if (!SameDate(true, (before.*s.get)(), (after.*s.has)(), (after.*s.get)())) {
      return NeedsReason(absl::StrCat("project.", s.field), Recorded((before.*s.get)()));
    }
  }
  if (before.has_packaged_on() &&
      !SameDate(true, before.packaged_on(), after.has_packaged_on(), after.packaged_on())) {
    return NeedsReason("project.packaged_on", Recorded(before.packaged_on()));
  }
  const v1::Funding& fb = before.funding();
  const v1::Funding& fa = after.funding();
  if (fb.source() != v1::FUNDING_SOURCE_UNSPECIFIED && fa.source() != fb.source()) {
    return NeedsReason("project.funding.source",
                       absl::StrCat("recorded as ", v1::FundingSource_Name(fb.source())));
  }
  if (HasDecision(fb) &&
      (fa.review_status() != fb.review_status() ||
       !SameDate(true, fb.reviewed_on(), fa.has_reviewed_on(), fa.reviewed_on()))) {
    return NeedsReason("project.funding.review_status",
                       absl::StrCat("review decided ", v1::BondReviewStatus_Name(fb.review_status()),
                                    " on ", DayKey(absl::CivilDay(fb.reviewed_on().year(),
                                                                  fb.reviewed_on().month(),
                                                                  fb.reviewed_on().day()))));
  }
  return absl::OkStatus();
}

bool IsCorrection(const v1::Project& before, const v1::Project& after) {
  // Checked against a far future "today" so that only going back can fail.
  return !CheckDatedChanges(before, after, false, absl::CivilDay(2100, 12, 31)).ok() &&
         CheckDatedChanges(before, after, true, absl::CivilDay(2100, 12, 31)).ok();
}

absl::Status ValidateNewProject(const v1::Project& p, absl::CivilDay today) {
  RETURN_IF_ERROR(ValidateProjectAttributes(p));
  return CheckDatedChanges(v1::Project(), p, false, today);
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
    if (s.stage == stage) return DayOf((p.*s.get)(), (p.*s.has)());
  }
  return std::nullopt;
}

std::optional<absl::CivilDay> DayOf(const v1::Date& d, bool present) {
  if (!present) return std::nullopt;
  return absl::CivilDay(d.year(), d.month(), d.day());
}

absl::StatusOr<bool> SignAtEvent(v1::Project& project, absl::CivilDay day, absl::CivilDay today) {
  if (std::optional<absl::CivilDay> signed_on = DayOf(project.signed_on(), project.has_signed_on())) {
    if (*signed_on == day) return false;
    return absl::FailedPreconditionError(
        absl::StrCat("projects/", project.project_id(), ": already signed on ", DayKey(*signed_on),
                     ", not at this event (", DayKey(day), ")"));
  }
  v1::Project signed_project = project;
  *signed_project.mutable_signed_on() = ToProtoDate(day);
  if (absl::Status s = CheckDatedChanges(project, signed_project, false, today); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("projects/", project.project_id(), ": ", s.message()));
  }
  signed_project.set_stage(DeriveStage(signed_project));
  project = std::move(signed_project);
  return true;
}

absl::StatusOr<absl::CivilMonth> ValidateReportMonth(const v1::Date& month,
                                                     absl::string_view field,
                                                     absl::CivilDay today) {
  absl::StatusOr<absl::CivilMonth> m = ToCivilMonth(month, field);
  RETURN_IF_ERROR(m.status());
  if (m->year() < kFirstReportYear || m->year() > today.year()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".year: ", m->year(), " is outside ",
                                                   kFirstReportYear, "..", today.year(),
                                                   ", the years the service keeps"));
  }
  if (*m > absl::CivilMonth(today)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", MonthKey(*m), " has not begun"));
  }
  return *m;
}

}  // namespace devplan::investment
