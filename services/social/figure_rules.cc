#include "services/social/figure_rules.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/dates.h"
#include "services/common/validation.h"

namespace devplan::social {
namespace {

absl::Status CheckPlanYear(int64_t year, absl::CivilDay today, absl::string_view field,
                           absl::string_view shown) {
  if (year < kFirstPlanYear || year > today.year()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", shown,
                                                   " is outside the plan years ",
                                                   kFirstPlanYear, "..", today.year()));
  }
  return absl::OkStatus();
}

absl::Status CheckReporter(absl::string_view reported_by, absl::string_view note) {
  RETURN_IF_ERROR(ValidateReportedBy(reported_by));
  return ValidateText(note, "note");
}

}  // namespace

absl::StatusOr<absl::CivilMonth> PlanMonth(const v1::Date& date, absl::CivilDay today,
                                           absl::string_view field) {
  absl::StatusOr<absl::CivilMonth> month = ToCivilMonth(date, field);
  RETURN_IF_ERROR(month.status());
  if (absl::Status s = CheckPlanYear(month->year(), today, field, MonthKey(*month)); !s.ok()) {
    return s;
  }
  if (*month > absl::CivilMonth(today)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", MonthKey(*month),
                                                   " has not begun"));
  }
  return *month;
}

absl::StatusOr<absl::CivilDay> PlanDay(const v1::Date& date, absl::CivilDay today,
                                       absl::string_view field) {
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(date, field);
  RETURN_IF_ERROR(day.status());
  RETURN_IF_ERROR(CheckPlanYear(day->year(), today, field, DayKey(*day)));
  if (*day > today) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", DayKey(*day),
                                                   " is in the future"));
  }
  return *day;
}

absl::StatusOr<v1::MonthlyFigure> MonthlyFigureFrom(const v1::ReportMonthlyFigureRequest& r,
                                                    absl::CivilDay today,
                                                    const google::protobuf::Timestamp& now) {
  RETURN_IF_ERROR(ValidateDistrict(r.district()));
  if (r.indicator() == v1::SOCIAL_INDICATOR_UNSPECIFIED ||
      !v1::SocialIndicator_IsValid(r.indicator())) {
    return absl::InvalidArgumentError("indicator: required, one of SocialIndicator");
  }
  absl::StatusOr<absl::CivilMonth> month = PlanMonth(r.month(), today, "month");
  RETURN_IF_ERROR(month.status());
  if (r.value() < 0 || r.value() > kMaxMonthlyValue) {
    return absl::InvalidArgumentError(
        absl::StrCat("value: ", r.value(), " is outside 0..", kMaxMonthlyValue));
  }
  RETURN_IF_ERROR(CheckReporter(r.reported_by(), r.note()));
  v1::MonthlyFigure f;
  f.set_name(absl::StrCat("districts/", r.district(), "/monthlyFigures/",
                          v1::SocialIndicator_Name(r.indicator()), "/", MonthKey(*month)));
  f.set_indicator(r.indicator());
  *f.mutable_month() = ToProtoDate(absl::CivilDay(*month));
  f.set_value(r.value());
  f.set_reported_by(r.reported_by());
  *f.mutable_report_time() = now;
  f.set_note(r.note());
  return f;
}

absl::StatusOr<v1::TalentCount> TalentCountFrom(const v1::ReportTalentCountRequest& r,
                                                absl::CivilDay today,
                                                const google::protobuf::Timestamp& now) {
  RETURN_IF_ERROR(ValidateDistrict(r.district()));
  if (r.category() == v1::TALENT_CATEGORY_UNSPECIFIED ||
      !v1::TalentCategory_IsValid(r.category())) {
    return absl::InvalidArgumentError("category: required, one of TalentCategory");
  }
  absl::StatusOr<absl::CivilDay> day = PlanDay(r.date(), today, "date");
  RETURN_IF_ERROR(day.status());
  if (r.count() < 0 || r.count() > kMaxTalentCount) {
    return absl::InvalidArgumentError(
        absl::StrCat("count: ", r.count(), " is outside 0..", kMaxTalentCount));
  }
  if (r.reference().size() > 200) {
    return absl::InvalidArgumentError("reference: at most 200 bytes");
  }
  RETURN_IF_ERROR(CheckReporter(r.reported_by(), r.note()));
  v1::TalentCount t;
  t.set_name(absl::StrCat("districts/", r.district(), "/talentCounts/",
                          v1::TalentCategory_Name(r.category()), "/", DayKey(*day)));
  t.set_category(r.category());
  *t.mutable_date() = ToProtoDate(*day);
  t.set_count(r.count());
  t.set_reference(r.reference());
  t.set_reported_by(r.reported_by());
  *t.mutable_report_time() = now;
  t.set_note(r.note());
  return t;
}

absl::StatusOr<v1::CoverageFigure> CoverageFigureFrom(const v1::ReportCoverageRequest& r,
                                                      absl::CivilDay today,
                                                      const google::protobuf::Timestamp& now) {
  RETURN_IF_ERROR(ValidateDistrict(r.district()));
  if (r.scheme() == v1::INSURANCE_SCHEME_UNSPECIFIED ||
      !v1::InsuranceScheme_IsValid(r.scheme())) {
    return absl::InvalidArgumentError("scheme: required, one of InsuranceScheme");
  }
  absl::StatusOr<absl::CivilMonth> month = PlanMonth(r.month(), today, "month");
  RETURN_IF_ERROR(month.status());
  if (r.eligible() < 1 || r.eligible() > kMaxEligible) {
    return absl::InvalidArgumentError(
        absl::StrCat("eligible: ", r.eligible(), " is outside 1..", kMaxEligible));
  }
  // More insured than should be covered means the two counts come from different
  // registers; a rate above 100 % would hide that.
  if (r.insured() < 0 || r.insured() > r.eligible()) {
    return absl::InvalidArgumentError(
        absl::StrCat("insured: ", r.insured(), " is outside 0..eligible (", r.eligible(), ")"));
  }
  RETURN_IF_ERROR(CheckReporter(r.reported_by(), r.note()));
  v1::CoverageFigure c;
  c.set_name(absl::StrCat("districts/", r.district(), "/coverageFigures/",
                          v1::InsuranceScheme_Name(r.scheme()), "/", MonthKey(*month)));
  c.set_scheme(r.scheme());
  *c.mutable_month() = ToProtoDate(absl::CivilDay(*month));
  c.set_insured(r.insured());
  c.set_eligible(r.eligible());
  c.set_reported_by(r.reported_by());
  *c.mutable_report_time() = now;
  c.set_note(r.note());
  return c;
}

bool SameContent(const v1::MonthlyFigure& a, const v1::MonthlyFigure& b) {
  return a.value() == b.value();
}

bool SameContent(const v1::TalentCount& a, const v1::TalentCount& b) {
  return a.count() == b.count() && a.reference() == b.reference();
}

bool SameContent(const v1::CoverageFigure& a, const v1::CoverageFigure& b) {
  return a.insured() == b.insured() && a.eligible() == b.eligible();
}

double CoverageRatePercent(const v1::CoverageFigure& f) {
  return 100.0 * static_cast<double>(f.insured()) / static_cast<double>(f.eligible());
}

}  // namespace devplan::social
