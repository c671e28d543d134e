#include "services/environment/works_rules.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"

namespace devplan::environment {
namespace {

constexpr size_t kMaxTextBytes = 200;
// A plot larger than 100 km² is a unit mistake (ha or mu sent as m²… the other way round).
constexpr int64_t kMaxPlotAreaM2 = 100'000'000;

std::optional<absl::CivilDay> DayOf(bool has, const v1::Date& d) {
  if (!has) return std::nullopt;
  return absl::CivilDay(d.year(), d.month(), d.day());
}

// An optional date: valid when set, not after today.
absl::StatusOr<std::optional<absl::CivilDay>> PastDate(bool has, const v1::Date& d,
                                                       const std::string& field,
                                                       absl::CivilDay today) {
  if (!has) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(d, field);
  RETURN_IF_ERROR(day.status());
  if (*day > today) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", DayKey(*day), " is in the future"));
  }
  return std::optional<absl::CivilDay>(*day);
}

absl::Status CheckTitles(const std::string& zh, const std::string& en, const std::string& what) {
  RETURN_IF_ERROR(ValidateRequiredText(zh, absl::StrCat(what, ".title_zh"), kMaxTitleBytes));
  return ValidateText(en, absl::StrCat(what, ".title_en"), kMaxTitleBytes);
}

}  // namespace

std::string WorkName(const std::string& district, const std::string& id) {
  return absl::StrCat("districts/", district, "/works/", id);
}

std::string PlotName(const std::string& district, const std::string& id) {
  return absl::StrCat("districts/", district, "/plots/", id);
}

absl::Status ValidateWork(const v1::Work& w, absl::CivilDay today) {
  RETURN_IF_ERROR(ValidateId(w.work_id(), "work.work_id"));
  RETURN_IF_ERROR(ValidateDistrict(w.district(), "work.district"));
  if (w.kind() == v1::WORK_KIND_UNSPECIFIED || !v1::WorkKind_IsValid(w.kind())) {
    return absl::InvalidArgumentError("work.kind: required");
  }
  RETURN_IF_ERROR(CheckTitles(w.title_zh(), w.title_en(), "work"));
  if (!v1::EnvironmentMilestone_IsValid(w.milestone())) {
    return absl::InvalidArgumentError("work.milestone: unknown milestone");
  }
  if (!w.water_body_id().empty()) {
    RETURN_IF_ERROR(ValidateId(w.water_body_id(), "work.water_body_id"));
  }
  absl::StatusOr<std::optional<absl::CivilDay>> started =
      PastDate(w.has_started_on(), w.started_on(), "work.started_on", today);
  RETURN_IF_ERROR(started.status());
  absl::StatusOr<std::optional<absl::CivilDay>> completed =
      PastDate(w.has_completed_on(), w.completed_on(), "work.completed_on", today);
  RETURN_IF_ERROR(completed.status());
  if (completed->has_value()) {
    if (!started->has_value()) {
      return absl::InvalidArgumentError("work.completed_on: requires started_on");
    }
    if (**completed < **started) {
      return absl::InvalidArgumentError("work.completed_on: before started_on");
    }
  }
  if (w.progress_percent() < 0 || w.progress_percent() > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat("work.progress_percent: ", w.progress_percent(), " is outside 0..100"));
  }
  return absl::OkStatus();
}

absl::Status ValidatePlot(const v1::Plot& p, absl::CivilDay today) {
  RETURN_IF_ERROR(ValidateId(p.plot_id(), "plot.plot_id"));
  RETURN_IF_ERROR(ValidateDistrict(p.district(), "plot.district"));
  RETURN_IF_ERROR(CheckTitles(p.title_zh(), p.title_en(), "plot"));
  if (p.planned_use_zh().size() > kMaxTextBytes) {
    return absl::InvalidArgumentError("plot.planned_use_zh: longer than 200 bytes");
  }
  if (p.area_m2() < 0 || p.area_m2() > kMaxPlotAreaM2) {
    return absl::InvalidArgumentError(
        absl::StrCat("plot.area_m2: ", p.area_m2(), " is outside 0..", kMaxPlotAreaM2));
  }
  absl::StatusOr<std::optional<absl::CivilDay>> survey =
      PastDate(p.has_survey_completed_on(), p.survey_completed_on(), "plot.survey_completed_on", today);
  RETURN_IF_ERROR(survey.status());
  absl::StatusOr<std::optional<absl::CivilDay>> control = PastDate(
      p.has_risk_control_completed_on(), p.risk_control_completed_on(),
      "plot.risk_control_completed_on", today);
  RETURN_IF_ERROR(control.status());
  absl::StatusOr<std::optional<absl::CivilDay>> developed =
      PastDate(p.has_developed_on(), p.developed_on(), "plot.developed_on", today);
  RETURN_IF_ERROR(developed.status());
  if (!v1::SoilSurveyResult_IsValid(p.survey_result())) {
    return absl::InvalidArgumentError("plot.survey_result: unknown result");
  }
  const bool has_result = p.survey_result() != v1::SOIL_SURVEY_RESULT_UNSPECIFIED;
  if (survey->has_value() != has_result) {
    return absl::InvalidArgumentError(
        "plot.survey_result: give it together with survey_completed_on, or neither");
  }
  if (control->has_value()) {
    if (p.survey_result() != v1::SOIL_SURVEY_RESULT_NEEDS_RISK_CONTROL) {
      return absl::InvalidArgumentError(
          "plot.risk_control_completed_on: only for a plot whose survey asked for risk control");
    }
    if (**control < **survey) {
      return absl::InvalidArgumentError("plot.risk_control_completed_on: before the survey");
    }
  }
  return absl::OkStatus();
}

bool StartedInYearBy(const v1::Work& w, absl::CivilDay as_of) {
  const auto d = DayOf(w.has_started_on(), w.started_on());
  return d && d->year() == as_of.year() && *d <= as_of;
}

bool CompletedInYearBy(const v1::Work& w, absl::CivilDay as_of) {
  const auto d = DayOf(w.has_completed_on(), w.completed_on());
  return d && d->year() == as_of.year() && *d <= as_of;
}

bool StartedBy(const v1::Work& w, absl::CivilDay as_of) {
  const auto d = DayOf(w.has_started_on(), w.started_on());
  return d && *d <= as_of;
}

bool CompletedBy(const v1::Work& w, absl::CivilDay as_of) {
  const auto d = DayOf(w.has_completed_on(), w.completed_on());
  return d && *d <= as_of;
}

bool NeedsSafeUse(const v1::Plot& p, absl::CivilDay as_of) {
  const auto d = DayOf(p.has_developed_on(), p.developed_on());
  return d && d->year() == as_of.year() && *d <= as_of;
}

bool SafelyUsed(const v1::Plot& p) {
  const auto developed = DayOf(p.has_developed_on(), p.developed_on());
  const auto survey = DayOf(p.has_survey_completed_on(), p.survey_completed_on());
  if (!developed || !survey || *survey > *developed) return false;
  if (p.survey_result() == v1::SOIL_SURVEY_RESULT_MEETS_STANDARD) return true;
  const auto control = DayOf(p.has_risk_control_completed_on(), p.risk_control_completed_on());
  return p.survey_result() == v1::SOIL_SURVEY_RESULT_NEEDS_RISK_CONTROL && control &&
         *control <= *developed;
}

}  // namespace devplan::environment
