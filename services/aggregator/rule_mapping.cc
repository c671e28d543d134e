#include "services/aggregator/rule_mapping.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace devplan::aggregator {
namespace {

scoring::Comparator ToComparator(v1::Comparator c) {
  switch (c) {
    case v1::COMPARATOR_RATE_AT_LEAST: return scoring::Comparator::kRateAtLeast;
    case v1::COMPARATOR_ABOUT: return scoring::Comparator::kAbout;
    case v1::COMPARATOR_IN_STEP_WITH: return scoring::Comparator::kInStepWith;
    case v1::COMPARATOR_ZERO: return scoring::Comparator::kZero;
    case v1::COMPARATOR_LEVEL: return scoring::Comparator::kLevel;
    case v1::COMPARATOR_RANGE: return scoring::Comparator::kRange;
    case v1::COMPARATOR_MILESTONE: return scoring::Comparator::kMilestone;
    default: return scoring::Comparator::kCumulativeAtLeast;
  }
}

scoring::Cadence ToCadence(v1::Cadence c) {
  switch (c) {
    case v1::CADENCE_DAILY: return scoring::Cadence::kDaily;
    case v1::CADENCE_QUARTERLY: return scoring::Cadence::kQuarterly;
    case v1::CADENCE_ANNUAL: return scoring::Cadence::kAnnual;
    case v1::CADENCE_EVENT: return scoring::Cadence::kEventBased;
    default: return scoring::Cadence::kMonthly;
  }
}

}  // namespace

scoring::PlanPolicy PolicyOf(const v1::Plan& plan) {
  scoring::PlanPolicy policy;
  policy.plan_year = plan.year();
  // 序时进度 as progress reports read it: "1–N 月累计完成 X%" against the share of the year up
  // to the end of month N, not up to the day the report is printed.
  policy.timeline_at_current_to = true;
  const v1::ReleaseCalendar& calendar = plan.release_calendar();
  if (calendar.monthly_release_day() > 0) policy.monthly_release_day = calendar.monthly_release_day();
  if (calendar.quarterly_release_day() > 0) {
    policy.quarterly_release_day = calendar.quarterly_release_day();
  }
  return policy;
}

scoring::IndicatorRule ToRule(const v1::Plan& plan, const v1::Indicator& ind,
                              v1::Cadence cadence) {
  scoring::IndicatorRule rule;
  rule.id = ind.id();
  rule.area = AreaKey(ind.area());
  rule.comparator = ToComparator(ind.comparator());
  rule.target = ind.target();
  if (ind.comparator() == v1::COMPARATOR_RANGE) rule.range_hi = ind.target_high();
  if (ind.has_baseline()) rule.baseline = ind.baseline();
  rule.in_step_with = ind.in_step_with();
  rule.due = ind.has_due() ? absl::CivilDay(ind.due().year(), ind.due().month(), ind.due().day())
                           : absl::CivilDay(plan.year(), 12, 31);
  rule.cadence = ToCadence(cadence);
  rule.monthly_schedule.assign(ind.monthly_schedule().begin(), ind.monthly_schedule().end());
  rule.whole_units = ind.unit() == v1::UNIT_COUNT;
  rule.weight = ind.weight() == 0 ? 1.0 : ind.weight();
  if (ind.tolerance_pp() > 0) {
    if (ind.comparator() == v1::COMPARATOR_RATE_AT_LEAST) {
      rule.at_risk_pp = ind.tolerance_pp();
    } else {
      rule.about_band_pp = ind.tolerance_pp();
    }
  }
  return rule;
}

namespace {
template <typename Ids>
std::string KeyWithMembers(const std::string& key, const Ids& members) {
  return members.empty() ? key : absl::StrCat(key, "[", absl::StrJoin(members, ","), "]");
}
}  // namespace

std::string SourceId(const v1::SourceMetric& source) {
  return KeyWithMembers(source.key(), source.members());
}

std::string ValueId(const v1::MetricValue& value) {
  return KeyWithMembers(value.key(), value.members());
}

std::optional<double> NumericValue(const v1::MetricValue& v) {
  switch (v.value_case()) {
    case v1::MetricValue::kCount: return static_cast<double>(v.count());
    case v1::MetricValue::kAmountYuan: return static_cast<double>(v.amount_yuan());
    case v1::MetricValue::kPercent: return v.percent();
    case v1::MetricValue::kMeasure: return v.measure();
    case v1::MetricValue::kDone: return v.done() ? 1.0 : 0.0;
    default: return std::nullopt;
  }
}

scoring::Observation ToObservation(const v1::MetricValue* value, bool source_unavailable) {
  scoring::Observation obs;
  obs.source_unavailable = source_unavailable;
  if (value == nullptr) return obs;
  obs.actual = NumericValue(*value);
  if (value->value_case() == v1::MetricValue::kDone) obs.done = value->done();
  if (value->has_progress()) obs.progress = value->progress();
  if (value->has_current_to()) {
    const v1::Date& d = value->current_to();
    obs.current_to = absl::CivilDay(d.year(), d.month(), d.day());
    // A figure that speaks for 31 December is the full-year figure.
    obs.full_year = d.month() == 12 && d.day() == 31;
    // A done milestone's figure speaks for the day it was done.
    if (obs.done.value_or(false)) obs.done_on = obs.current_to;
  }
  return obs;
}

v1::IndicatorStatus ToProtoStatus(scoring::Status s) {
  switch (s) {
    case scoring::Status::kMet: return v1::INDICATOR_STATUS_MET;
    case scoring::Status::kDoneLate: return v1::INDICATOR_STATUS_DONE_LATE;
    case scoring::Status::kOnTrack: return v1::INDICATOR_STATUS_ON_TRACK;
    case scoring::Status::kAtRisk: return v1::INDICATOR_STATUS_AT_RISK;
    case scoring::Status::kBehind: return v1::INDICATOR_STATUS_BEHIND;
    case scoring::Status::kNoData: return v1::INDICATOR_STATUS_NO_DATA;
    case scoring::Status::kStale: return v1::INDICATOR_STATUS_STALE;
    case scoring::Status::kUnavailable: return v1::INDICATOR_STATUS_UNAVAILABLE;
  }
  return v1::INDICATOR_STATUS_UNSPECIFIED;
}

v1::Trend ToProtoTrend(scoring::Trend t) {
  switch (t) {
    case scoring::Trend::kBetter: return v1::TREND_BETTER;
    case scoring::Trend::kWorse: return v1::TREND_WORSE;
    case scoring::Trend::kSame: return v1::TREND_SAME;
    default: return v1::TREND_UNSPECIFIED;
  }
}

const char* AreaKey(v1::Area area) {
  switch (area) {
    case v1::AREA_ECONOMY: return "economy";
    case v1::AREA_PROJECTS: return "projects";
    case v1::AREA_VITALITY: return "vitality";
    case v1::AREA_ECOLOGY: return "ecology";
    case v1::AREA_URBAN_RURAL: return "urban_rural";
    case v1::AREA_LIVELIHOOD: return "livelihood";
    default: return "unspecified";
  }
}

}  // namespace devplan::aggregator
