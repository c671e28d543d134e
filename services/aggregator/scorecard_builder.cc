#include "services/aggregator/scorecard_builder.h"

#include <cmath>

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/aggregator/rule_mapping.h"
#include "services/aggregator/scoring/elapsed.h"
#include "services/aggregator/scoring/projection.h"
#include "services/common/dates.h"

namespace devplan::aggregator {
namespace {

const v1::MetricValue* Find(const std::map<std::string, v1::MetricValue>& m,
                            const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

// A figure as a reader of the plan writes it: money in 亿元, rates in %, counts whole.
std::string FormatInUnit(double v, v1::Unit unit) {
  switch (unit) {
    case v1::UNIT_YUAN:
      return absl::StrFormat("%.2f亿元", v / 1e8);
    case v1::UNIT_PERCENT:
      return absl::StrFormat("%.1f%%", v);
    case v1::UNIT_UG_PER_M3:
      return absl::StrFormat("%.1f µg/m³", v);
    default:
      return absl::StrFormat("%.1f", v);
  }
}

std::string Explain(const scoring::IndicatorScore& r, const v1::Indicator& ind,
                    const scoring::Observation& obs, bool failed) {
  if (failed) return absl::StrCat(ind.source().service(), " did not answer; last known value shown");
  if (r.status == scoring::Status::kNoData) {
    return r.overdue ? "no value reported although the first figure of the year is overdue"
                     : "no value reported yet";
  }
  std::string s(scoring::ToString(r.status));
  if (ind.comparator() == v1::COMPARATOR_MILESTONE) {
    if (obs.progress && !obs.done.value_or(false) && r.expected) {
      absl::StrAppend(&s, absl::StrFormat("; stages %.0f%% of the way, the time line to its due "
                                          "date expects %.0f%%",
                                          100 * *obs.progress, 100 * *r.expected));
    }
    if (r.status == scoring::Status::kDoneLate) absl::StrAppend(&s, " (after its due date)");
    return s;
  }
  if (r.expected) {
    absl::StrAppend(&s, "; expected by ", DayKey(r.timeline_day), " ",
                    FormatInUnit(*r.expected, ind.unit()));
  }
  if (r.timeline_gap_pp) {
    absl::StrAppend(&s, *r.timeline_gap_pp >= 0 ? "; 超序时进度 " : "; 低于序时进度 ",
                    absl::StrFormat("%.1f", std::abs(*r.timeline_gap_pp)), " pp");
  }
  if (r.needed_per_month) {
    absl::StrAppend(&s, "; 剩余月份需月均完成 ", FormatInUnit(*r.needed_per_month, ind.unit()));
  }
  if (r.status == scoring::Status::kDoneLate) absl::StrAppend(&s, " (after its due date)");
  if (r.stale) absl::StrAppend(&s, "; value older than its reporting cadence allows");
  return s;
}

std::optional<double> Projection(const ScorecardInputs& in, const v1::Indicator& ind,
                                 const scoring::IndicatorRule& rule,
                                 const scoring::Observation& obs,
                                 const scoring::PlanPolicy& policy) {
  if (ind.projection() != v1::PROJECTION_DAILY_RATE) {
    return scoring::ProjectYearEnd(rule, obs, in.as_of, policy);
  }
  const v1::MetricValue* basis = Find(in.now, SourceId(ind.projection_basis()));
  if (!obs.actual || basis == nullptr || !NumericValue(*basis)) return std::nullopt;
  return scoring::ProjectGoodDays(static_cast<int>(*obs.actual),
                                  static_cast<int>(*NumericValue(*basis)),
                                  scoring::RemainingDays(in.plan->year(), in.as_of));
}

// Days after the figure's date still to come, less the days still needed to reach the target.
double DaysToSpare(const ScorecardInputs& in, const v1::Indicator& ind, double actual,
                   const v1::MetricValue& value) {
  absl::CivilDay counted_to = in.as_of;
  if (value.has_current_to()) {
    if (auto d = ToCivilDay(value.current_to(), "current_to"); d.ok()) counted_to = *d;
  }
  return scoring::RemainingDays(in.plan->year(), counted_to) - (ind.target() - actual);
}

// Where the plan names no lead department for an indicator.
constexpr char kUnassignedDepartment[] = "未指定 unassigned";

void CountReport(const scoring::IndicatorScore& r, v1::ReportingCompleteness& rc) {
  if (r.status == scoring::Status::kNoData) {
    (r.overdue ? rc.set_overdue(rc.overdue() + 1) : rc.set_missing(rc.missing() + 1));
  } else if (r.stale) {
    rc.set_stale(rc.stale() + 1);
  } else {
    rc.set_current(rc.current() + 1);
  }
}

// A ZERO indicator's count at the start of the year, read from its baseline metric; 0 while
// that metric has no value (nothing registered, so nothing to eliminate).
double Baseline(const ScorecardInputs& in, const v1::Indicator& ind) {
  const v1::MetricValue* v = Find(in.now, SourceId(ind.baseline_source()));
  if (v == nullptr) v = Find(in.last_known, SourceId(ind.baseline_source()));
  return v != nullptr ? NumericValue(*v).value_or(0.0) : 0.0;
}

}  // namespace

v1::Scorecard BuildScorecard(const ScorecardInputs& in) {
  const v1::Plan& plan = *in.plan;
  const scoring::PlanPolicy policy = PolicyOf(plan);
  std::map<std::string, v1::ReportingCompleteness> reporting;
  std::map<std::string, v1::ReportingCompleteness> reporting_by_department;
  std::map<v1::Area, v1::ReportingCompleteness> reporting_by_area;
  v1::Scorecard card;
  card.set_district(plan.district());
  card.set_district_name_zh(plan.district_name_zh());
  *card.mutable_as_of() = ToProtoDate(in.as_of);
  card.set_plan(plan.name());
  card.set_plan_version(plan.version());
  card.set_elapsed_share(scoring::ElapsedShare(plan.year(), in.as_of));
  for (const std::string& s : in.failed_services) card.add_failed_sources(s);

  // Actuals by indicator id, for IN_STEP_WITH references.
  std::map<std::string, std::optional<double>> actual_by_id;
  for (const v1::Indicator& ind : plan.indicators()) {
    const v1::MetricValue* v = Find(in.now, SourceId(ind.source()));
    actual_by_id[ind.id()] = v ? NumericValue(*v) : std::nullopt;
  }

  std::vector<scoring::ScoredIndicator> scored;
  for (const v1::Indicator& ind : plan.indicators()) {
    if (!in.areas.empty() && !in.areas.contains(ind.area())) continue;
    const std::string key = SourceId(ind.source());
    const bool failed = in.failed_services.contains(ind.source().service());
    const v1::MetricValue* value = failed ? Find(in.last_known, key) : Find(in.now, key);
    auto cadence = in.cadence.find(ind.source().key());
    scoring::IndicatorRule rule =
        ToRule(plan, ind, cadence == in.cadence.end() ? v1::CADENCE_MONTHLY : cadence->second);
    if (ind.has_baseline_source() && !rule.baseline) rule.baseline = Baseline(in, ind);
    scoring::Observation obs = ToObservation(value, failed);
    if (ind.comparator() == v1::COMPARATOR_IN_STEP_WITH) {
      obs.reference_actual = actual_by_id[ind.in_step_with()];
    }
    const scoring::ScoredIndicator s = scoring::ScoreIndicator(rule, obs, in.as_of, policy);
    if (!failed) {
      v1::ReportingCompleteness& by_source = reporting[ind.source().service()];
      by_source.set_source(ind.source().service());
      CountReport(s.result, by_source);
      const std::string department =
          ind.lead_department().empty() ? kUnassignedDepartment : ind.lead_department();
      v1::ReportingCompleteness& by_department = reporting_by_department[department];
      by_department.set_department(department);
      CountReport(s.result, by_department);
      v1::ReportingCompleteness& by_area = reporting_by_area[ind.area()];
      by_area.set_area(ind.area());
      CountReport(s.result, by_area);
    }
    scored.push_back(s);

    v1::IndicatorResult* r = card.add_indicators();
    r->set_id(ind.id());
    r->set_name_zh(ind.name_zh());
    r->set_name_en(ind.name_en());
    r->set_area(ind.area());
    r->set_unit(ind.unit());
    // "In step with" has no number of its own: its target is the other indicator's actual.
    r->set_target(ind.comparator() == v1::COMPARATOR_IN_STEP_WITH
                      ? obs.reference_actual.value_or(0)
                      : ind.target());
    r->set_status(ToProtoStatus(s.result.status));
    r->set_expected(s.result.expected.value_or(ind.target()));
    if (obs.actual) r->set_actual(*obs.actual);
    if (s.result.completion) r->set_completion(*s.result.completion);
    if (s.result.score) r->set_score(*s.result.score);
    r->set_done(obs.done.value_or(false));
    if (obs.progress && !obs.done.value_or(false)) r->set_progress(*obs.progress);
    r->set_lead_department(ind.lead_department());
    if (value != nullptr) {
      *r->mutable_current_to() = value->current_to();
      *r->mutable_provenance() = value->provenance();
    }
    const v1::MetricValue* before = failed ? nullptr : Find(in.month_ago, key);
    const std::optional<double> prev = before ? NumericValue(*before) : std::nullopt;
    if (obs.actual && prev) r->set_change_since_previous_month(*obs.actual - *prev);
    r->set_trend(ToProtoTrend(scoring::TrendOf(rule, obs.actual, prev, in.as_of, policy)));
    if (!failed) {
      if (auto p = Projection(in, ind, rule, obs, policy)) r->set_year_end_projection(*p);
    }
    *r->mutable_timeline_date() = ToProtoDate(s.result.timeline_day);
    if (s.result.timeline_gap_pp) r->set_timeline_gap_pp(*s.result.timeline_gap_pp);
    if (s.result.needed_per_month) r->set_needed_per_month(*s.result.needed_per_month);
    if (s.result.pace_per_month) r->set_pace_per_month(*s.result.pace_per_month);
    r->set_overdue(s.result.overdue);
    if (ind.unit() == v1::UNIT_DAYS && ind.comparator() == v1::COMPARATOR_CUMULATIVE_AT_LEAST &&
        obs.actual && value != nullptr) {
      r->set_days_to_spare(DaysToSpare(in, ind, *obs.actual, *value));
    }
    r->set_explanation(Explain(s.result, ind, obs, failed));
  }

  const scoring::OverallScore overall = scoring::AggregateAreas(scored);
  if (overall.score) card.set_overall_score(*overall.score);
  for (const scoring::AreaScore& a : overall.areas) {
    v1::AreaResult* ar = card.add_areas();
    for (int i = v1::Area_MIN; i <= v1::Area_MAX; ++i) {
      if (a.area == AreaKey(static_cast<v1::Area>(i))) ar->set_area(static_cast<v1::Area>(i));
    }
    if (a.score) ar->set_score(*a.score);
    auto& counts = *ar->mutable_status_counts();
    counts["MET"] = a.counts.met;
    counts["DONE_LATE"] = a.counts.done_late;
    counts["ON_TRACK"] = a.counts.on_track;
    counts["AT_RISK"] = a.counts.at_risk;
    counts["BEHIND"] = a.counts.behind;
    counts["NO_DATA"] = a.counts.no_data;
    counts["STALE"] = a.counts.stale;
    counts["UNAVAILABLE"] = a.counts.unavailable;
  }
  const scoring::Ranking ranking = scoring::RankWeakStrong(scored, kRankedIndicators);
  for (const std::string& id : ranking.weak) card.add_weakest(id);
  for (const std::string& id : ranking.strong) card.add_strongest(id);
  for (auto& [source, rc] : reporting) *card.add_reporting() = std::move(rc);
  for (auto& [department, rc] : reporting_by_department) {
    *card.add_reporting_by_department() = std::move(rc);
  }
  for (auto& [area, rc] : reporting_by_area) *card.add_reporting_by_area() = std::move(rc);
  *card.mutable_compute_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return card;
}

}  // namespace devplan::aggregator
