// All scoring rules of the plan scorecards. See scoring_rules.h for the
// thresholds (kDefault*), the input/output structs and the contract of each
// public function. This file is organised as:
//   1. small helpers (comparisons, per-rule settings, the time line)
//   2. one function per comparator: status, score, expected, completion, lead
//   3. Score(): NO_DATA / UNAVAILABLE, dispatch, STALE
//   4. aggregation, ranking, trend, projection, rule checks
#include "services/aggregator/scoring/scoring_rules.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "services/aggregator/scoring/elapsed.h"
#include "services/aggregator/scoring/projection.h"

namespace devplan::scoring {
namespace {

constexpr double kFullScore = 100.0;

// ---------------------------------------------------------------------------
// 1. Helpers
// ---------------------------------------------------------------------------

// Slack for comparing against threshold `b` (see kCompareEpsilon).
double Slack(double b) { return kCompareEpsilon * std::max(1.0, std::abs(b)); }
bool AtLeast(double a, double b) { return a >= b - Slack(b); }
bool AtMost(double a, double b) { return a <= b + Slack(b); }

double Clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

// num / den, or nullopt when den is 0.
std::optional<double> Ratio(double num, double den) {
  if (den == 0.0) return std::nullopt;
  return num / den;
}

bool ScoresFull(Status s) { return s == Status::kMet || s == Status::kOnTrack; }

double AtRiskRatio(const IndicatorRule& r, const PlanPolicy& p) {
  return r.at_risk_ratio.value_or(p.at_risk_ratio);
}
double AtRiskPp(const IndicatorRule& r, const PlanPolicy& p) {
  return r.at_risk_pp.value_or(p.at_risk_pp);
}
double AboutBandPp(const IndicatorRule& r, const PlanPolicy& p) {
  return r.about_band_pp.value_or(p.about_band_pp);
}

absl::CivilDay LastDayOf(absl::CivilMonth month) {
  const absl::CivilDay first(month);
  return first + (DaysInMonth(first) - 1);
}

absl::CivilDay Due(const IndicatorRule& r, const PlanPolicy& p) {
  return r.due.value_or(absl::CivilDay(p.plan_year, 12, 31));
}

// The day the time line f is read at (see PlanPolicy::timeline_at_current_to). A count of
// events (signings, fairs held) is complete up to as_of whatever the date of its latest event,
// so only figures released by period (daily, monthly, quarterly, annual) are read at the end
// of the period they cover.
absl::CivilDay TimelineDay(const IndicatorRule& r, const Observation& obs, absl::CivilDay as_of,
                           const PlanPolicy& p) {
  if (p.timeline_at_current_to && r.cadence != Cadence::kEventBased && obs.current_to &&
      *obs.current_to < as_of) {
    return *obs.current_to;
  }
  return as_of;
}

// Expected cumulative value toward `target` at `day`: target x f, or the
// indicator's own monthly schedule when it has a well-formed one.
double ExpectedCumulative(const IndicatorRule& r, absl::CivilDay day,
                          const PlanPolicy& p) {
  double expected = r.target * ElapsedShare(p.plan_year, day);
  if (r.monthly_schedule.size() == 12) {
    const double v = ScheduledValue(r.monthly_schedule, p.plan_year, day);
    expected = r.schedule_unit == ScheduleUnit::kFraction ? r.target * v : v;
  }
  // The epsilon keeps 3.9999999 (a rounding of 4) at 4.
  return r.whole_units ? std::floor(expected + kCompareEpsilon * std::max(1.0, expected))
                       : expected;
}

// ---------------------------------------------------------------------------
// 2. One function per comparator. Each fills status (pre-STALE), score,
//    expected, completion and lead.
// ---------------------------------------------------------------------------

// Cumulative, higher is better (also Range, toward its lower end a).
// MET at >= target; ON_TRACK at >= expected; AT_RISK at >= ratio x expected.
// Score below expected: 100 x actual / expected.
IndicatorScore Cumulative(double actual, double target, double expected,
                          double at_risk_ratio) {
  IndicatorScore s;
  s.expected = expected;
  s.completion = Ratio(actual, target);
  s.lead = Ratio(actual - expected, target);  // = completion - expected share
  if (AtLeast(actual, target)) {
    s.status = Status::kMet;
  } else if (AtLeast(actual, expected)) {
    s.status = Status::kOnTrack;
  } else if (AtLeast(actual, at_risk_ratio * expected)) {
    s.status = Status::kAtRisk;
  } else {
    s.status = Status::kBehind;
  }
  const double pace = expected > 0.0 ? actual / expected : 0.0;
  s.score = ScoresFull(s.status) ? kFullScore : kFullScore * Clamp01(pace);
  return s;
}

// Rate at least `floor` (rate: floor = x; about: x - band; in step:
// reference - band). `named` is the value the plan names (x, or the
// reference indicator's actual), used for lead.
// Year to date: ON_TRACK at >= floor, AT_RISK at >= floor - at_risk_pp.
// Full-year figure: MET at >= floor, otherwise BEHIND.
// Score below the floor: 100 x max(0, 1 - shortfall_pp / span_pp).
IndicatorScore RateFloor(double actual, double named, double floor,
                         bool full_year, double at_risk_pp, double span_pp) {
  IndicatorScore s;
  s.expected = floor;
  s.lead = Ratio(actual - named, std::abs(named));
  if (full_year) {
    s.status = AtLeast(actual, floor) ? Status::kMet : Status::kBehind;
  } else if (AtLeast(actual, floor)) {
    s.status = Status::kOnTrack;
  } else if (AtLeast(actual, floor - at_risk_pp)) {
    s.status = Status::kAtRisk;
  } else {
    s.status = Status::kBehind;
  }
  const double shortfall = floor - actual;
  const double partial = span_pp > 0.0 ? 1.0 - shortfall / span_pp : 0.0;
  s.score = ScoresFull(s.status) ? kFullScore : kFullScore * Clamp01(partial);
  return s;
}

// Zero (eliminate): lower is better. The time line removes the baseline
// evenly, so expected = baseline x (1 - f).
// MET at 0; ON_TRACK at <= expected; AT_RISK at <= baseline; else BEHIND.
// Score: 100 x (baseline - actual) / (baseline x f), i.e. the share of the
// removal due so far that was achieved, clamped to [0, 100] (an increase
// above the baseline scores 0, not negative).
IndicatorScore Zero(double actual, double baseline, double f) {
  IndicatorScore s;
  const double expected = baseline * (1.0 - f);
  s.expected = expected;
  s.completion = Ratio(baseline - actual, baseline);
  s.lead = Ratio(expected - actual, baseline);  // = completion - f
  if (AtMost(actual, 0.0)) {
    s.status = Status::kMet;
  } else if (AtMost(actual, expected)) {
    s.status = Status::kOnTrack;
  } else if (AtMost(actual, baseline)) {
    s.status = Status::kAtRisk;
  } else {
    s.status = Status::kBehind;
  }
  const double due_so_far = baseline * f;
  const double achieved =
      due_so_far > 0.0 ? (baseline - actual) / due_so_far : 0.0;
  s.score = ScoresFull(s.status) ? kFullScore : kFullScore * Clamp01(achieved);
  return s;
}

// Level (e.g. 100 %): MET at or above the level; below it AT_RISK before
// the deadline share of the year, BEHIND from then on.
// Score below the level: 100 x actual / level.
IndicatorScore Level(double actual, double level, double f,
                     double deadline_share) {
  IndicatorScore s;
  s.expected = level;
  s.completion = Ratio(actual, level);
  s.lead = Ratio(actual - level, level);
  if (AtLeast(actual, level)) {
    s.status = Status::kMet;
  } else {
    s.status = AtLeast(f, deadline_share) ? Status::kBehind : Status::kAtRisk;
  }
  const double share = level > 0.0 ? actual / level : 0.0;
  s.score = s.status == Status::kMet ? kFullScore : kFullScore * Clamp01(share);
  return s;
}

// Milestone: MET when done by its due date; DONE_LATE (the policy's late score) when done
// after it; not done after it: BEHIND, 0. Not done by then:
// - stages known (progress 0..1): graded like a cumulative indicator toward 1 against the
//   time line from 1 January of the plan year to the due date (expected = the elapsed share
//   of that window), so a school still at its foundations in August is BEHIND;
// - no stages known: ON_TRACK, 100 (nothing says otherwise).
IndicatorScore Milestone(const Observation& obs, absl::CivilDay as_of, absl::CivilDay due,
                         double at_risk_ratio, const PlanPolicy& p) {
  IndicatorScore s;
  const bool done = *obs.done;
  s.completion = done ? 1.0 : obs.progress.value_or(0.0);
  if (done) {
    const bool late = obs.done_on.has_value() && *obs.done_on > due;
    s.status = late ? Status::kDoneLate : Status::kMet;
    s.score = late ? p.late_milestone_score : kFullScore;
    return s;
  }
  if (as_of > due) {
    s.status = Status::kBehind;
    s.score = 0.0;
    return s;
  }
  if (!obs.progress) {
    s.status = Status::kOnTrack;
    s.score = kFullScore;
    return s;
  }
  const int window = ElapsedDays(p.plan_year, due);
  const double expected =
      window > 0 ? std::min(1.0, static_cast<double>(ElapsedDays(p.plan_year, as_of)) / window)
                 : 1.0;
  s = Cumulative(std::clamp(*obs.progress, 0.0, 1.0), 1.0, expected, at_risk_ratio);
  // Not done is never MET, however far along the stages are.
  if (s.status == Status::kMet) s.status = Status::kOnTrack;
  return s;
}

// ---------------------------------------------------------------------------
// 3. Score(): the pieces around the comparators.
// ---------------------------------------------------------------------------

// Whether the observation carries what the comparator needs.
bool HasValue(const IndicatorRule& r, const Observation& obs) {
  switch (r.comparator) {
    case Comparator::kMilestone:
      return obs.done.has_value();
    case Comparator::kInStepWith:
      return obs.actual.has_value() && obs.reference_actual.has_value();
    default:
      return obs.actual.has_value();
  }
}

IndicatorScore Evaluate(const IndicatorRule& r, const Observation& obs,
                        absl::CivilDay as_of, absl::CivilDay timeline_day,
                        double f, const PlanPolicy& p) {
  const double actual = obs.actual.value_or(0.0);
  const double band = AboutBandPp(r, p);
  switch (r.comparator) {
    case Comparator::kCumulativeAtLeast:
    case Comparator::kRange:
      return Cumulative(actual, r.target, ExpectedCumulative(r, timeline_day, p),
                        AtRiskRatio(r, p));
    case Comparator::kRateAtLeast:
      return RateFloor(actual, r.target, r.target, obs.full_year,
                       AtRiskPp(r, p), p.score_span_pp);
    case Comparator::kAbout:
      return RateFloor(actual, r.target, r.target - band, obs.full_year,
                       AtRiskPp(r, p), p.score_span_pp);
    case Comparator::kInStepWith: {
      const double ref = *obs.reference_actual;
      return RateFloor(actual, ref, ref - band, obs.full_year, AtRiskPp(r, p),
                       p.score_span_pp);
    }
    case Comparator::kZero:
      return Zero(actual, r.baseline.value_or(0.0), f);
    case Comparator::kLevel:
      return Level(actual, r.target, f, p.level_deadline_share);
    case Comparator::kMilestone:
      return Milestone(obs, as_of, Due(r, p), AtRiskRatio(r, p), p);
  }
  return {};
}

// The longest allowed age of a value; nullopt = never stale.
std::optional<int> MaxAgeDays(const IndicatorRule& r, const PlanPolicy& p) {
  if (r.max_age_days) return r.max_age_days;
  switch (r.cadence) {
    case Cadence::kDaily:
      return p.max_age_daily;
    case Cadence::kMonthly:
      return p.max_age_monthly;
    case Cadence::kQuarterly:
      return p.max_age_quarterly;
    case Cadence::kAnnual:
      return p.max_age_annual;
    case Cadence::kEventBased:
      return std::nullopt;
  }
  return std::nullopt;
}

// Stale once the next figure is overdue: by the release calendar for monthly and quarterly
// figures, by the longest allowed age for the rest (and wherever a rule sets max_age_days).
bool IsStale(const IndicatorRule& r, const Observation& obs,
             absl::CivilDay as_of, const PlanPolicy& p) {
  if (!obs.current_to) return false;
  if (!r.max_age_days) {
    if (std::optional<absl::CivilDay> due = NextReleaseDue(r.cadence, *obs.current_to, p)) {
      return as_of > *due;
    }
  }
  const std::optional<int> limit = MaxAgeDays(r, p);
  if (!limit) return false;
  return as_of - *obs.current_to > *limit;
}

// What each month after the data's month must deliver on average to reach the target, and
// what each month of the year so far delivered, over the same whole months.
struct MonthlyPace {
  double needed;
  std::optional<double> so_far;  // nullopt before January's figure is complete
};
std::optional<MonthlyPace> CatchUp(const IndicatorRule& r, const Observation& obs,
                                   absl::CivilDay timeline_day, const PlanPolicy& p) {
  if (r.comparator != Comparator::kCumulativeAtLeast && r.comparator != Comparator::kRange) {
    return std::nullopt;
  }
  if (!obs.actual || AtLeast(*obs.actual, r.target)) return std::nullopt;
  // Months still to come after the month the data is complete to.
  const absl::CivilMonth data_month(timeline_day);
  const bool month_complete = timeline_day == LastDayOf(data_month);
  const absl::CivilMonth last_counted = month_complete ? data_month : data_month - 1;
  const int remaining = static_cast<int>(absl::CivilMonth(p.plan_year, 12) - last_counted);
  if (last_counted.year() > p.plan_year || remaining <= 0) return std::nullopt;
  MonthlyPace pace{(r.target - *obs.actual) / std::min(remaining, 12), std::nullopt};
  const int counted = static_cast<int>(last_counted - absl::CivilMonth(p.plan_year, 1)) + 1;
  if (counted > 0) pace.so_far = *obs.actual / counted;
  return pace;
}

// STALE replaces ON_TRACK / AT_RISK / BEHIND, never MET; score unchanged.
void ApplyStaleness(bool stale, IndicatorScore& s) {
  s.stale = stale;
  if (stale && s.status != Status::kMet) s.status = Status::kStale;
}

IndicatorScore Unscored(Status status) {
  IndicatorScore s;
  s.status = status;
  s.underlying_status = status;
  return s;
}

}  // namespace

std::optional<absl::CivilDay> NextReleaseDue(Cadence cadence, absl::CivilDay current_to,
                                             const PlanPolicy& policy) {
  // The last whole period the value covers, then the one after it, due on the release day
  // of the month after that period.
  const absl::CivilMonth month(current_to);
  const bool whole_month = current_to == LastDayOf(month);
  switch (cadence) {
    case Cadence::kMonthly: {
      const absl::CivilMonth covered = whole_month ? month : month - 1;
      const absl::CivilMonth release = covered + 2;
      return absl::CivilDay(release.year(), release.month(), policy.monthly_release_day);
    }
    case Cadence::kQuarterly: {
      // The quarter ending in or before the covered month.
      const absl::CivilMonth covered = whole_month ? month : month - 1;
      const absl::CivilMonth quarter_end = covered - covered.month() % 3;
      const absl::CivilMonth release = quarter_end + 4;
      return absl::CivilDay(release.year(), release.month(), policy.quarterly_release_day);
    }
    default:
      return std::nullopt;
  }
}

std::optional<absl::CivilDay> FirstReleaseDue(const IndicatorRule& rule, const PlanPolicy& policy) {
  if (rule.comparator == Comparator::kMilestone) return std::nullopt;
  const absl::CivilDay year_start(policy.plan_year, 1, 1);
  switch (rule.cadence) {
    case Cadence::kDaily:
      return year_start + policy.max_age_daily;
    case Cadence::kMonthly:
    case Cadence::kQuarterly:
      // The figure of the period before the year's first is due then; the year's first
      // is due one period on: NextReleaseDue of 31 December of the year before.
      return NextReleaseDue(rule.cadence, year_start - 1, policy);
    default:
      return std::nullopt;
  }
}

IndicatorScore Score(const IndicatorRule& rule, const Observation& obs,
                     absl::CivilDay as_of, const PlanPolicy& policy) {
  const absl::CivilDay day = TimelineDay(rule, obs, as_of, policy);
  const double f = ElapsedShare(policy.plan_year, day);
  IndicatorScore s;
  if (obs.source_unavailable) {
    s = Unscored(Status::kUnavailable);
  } else if (!HasValue(rule, obs)) {
    s = Unscored(Status::kNoData);
    const std::optional<absl::CivilDay> first_due = FirstReleaseDue(rule, policy);
    if (first_due && as_of > *first_due) {
      s.overdue = true;
      s.score = 0.0;
    }
  } else {
    s = Evaluate(rule, obs, as_of, day, f, policy);
    s.underlying_status = s.status;
    ApplyStaleness(IsStale(rule, obs, as_of, policy), s);
    if ((rule.comparator == Comparator::kCumulativeAtLeast ||
         rule.comparator == Comparator::kRange) &&
        s.lead) {
      s.timeline_gap_pp = *s.lead * 100.0;
    }
    if (const std::optional<MonthlyPace> pace = CatchUp(rule, obs, day, policy)) {
      s.needed_per_month = pace->needed;
      s.pace_per_month = pace->so_far;
    }
  }
  s.elapsed = f;
  s.timeline_day = day;
  return s;
}

ScoredIndicator ScoreIndicator(const IndicatorRule& rule,
                               const Observation& obs, absl::CivilDay as_of,
                               const PlanPolicy& policy) {
  return {rule.id, rule.area, rule.weight, Score(rule, obs, as_of, policy)};
}

// ---------------------------------------------------------------------------
// 4a. Aggregation
// ---------------------------------------------------------------------------

void StatusCounts::Add(Status status) {
  switch (status) {
    case Status::kMet: ++met; break;
    case Status::kDoneLate: ++done_late; break;
    case Status::kOnTrack: ++on_track; break;
    case Status::kAtRisk: ++at_risk; break;
    case Status::kBehind: ++behind; break;
    case Status::kNoData: ++no_data; break;
    case Status::kStale: ++stale; break;
    case Status::kUnavailable: ++unavailable; break;
  }
}

int StatusCounts::total() const {
  return met + done_late + on_track + at_risk + behind + no_data + stale + unavailable;
}

namespace {

struct WeightedMean {
  double sum = 0.0;
  double weight = 0.0;
  void Add(double value, double w) {
    sum += value * w;
    weight += w;
  }
  std::optional<double> Get() const {
    if (weight <= 0.0) return std::nullopt;
    return sum / weight;
  }
};

}  // namespace

OverallScore AggregateAreas(const std::vector<ScoredIndicator>& indicators,
                            const std::map<std::string, double>& area_weights) {
  OverallScore out;
  std::vector<WeightedMean> means;
  std::map<std::string, std::size_t> index;
  for (const ScoredIndicator& ind : indicators) {
    const auto [it, inserted] = index.try_emplace(ind.area, out.areas.size());
    if (inserted) {
      out.areas.emplace_back().area = ind.area;
      means.emplace_back();
    }
    out.areas[it->second].counts.Add(ind.result.status);
    out.counts.Add(ind.result.status);
    if (ind.result.score) means[it->second].Add(*ind.result.score, ind.weight);
  }
  WeightedMean overall;
  for (std::size_t i = 0; i < out.areas.size(); ++i) {
    AreaScore& area = out.areas[i];
    area.score = means[i].Get();
    const auto given = area_weights.find(area.area);
    area.weight = given != area_weights.end() ? given->second : means[i].weight;
    if (area.score) overall.Add(*area.score, area.weight);
  }
  out.score = overall.Get();
  return out;
}

// ---------------------------------------------------------------------------
// 4b. Weak / strong ranking (关注弱势指标 / 巩固优势指标)
// ---------------------------------------------------------------------------

namespace {

std::vector<std::string> TopIds(std::vector<const ScoredIndicator*> list,
                                std::size_t top_n) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < list.size() && i < top_n; ++i) {
    ids.push_back(list[i]->id);
  }
  return ids;
}

// Unknown lead sorts as "no shortfall" among equal scores.
double LeadOrMax(const ScoredIndicator* i) {
  return i->result.lead.value_or(std::numeric_limits<double>::infinity());
}

}  // namespace

Ranking RankWeakStrong(const std::vector<ScoredIndicator>& indicators,
                       std::size_t top_n) {
  std::vector<const ScoredIndicator*> weak;
  std::vector<const ScoredIndicator*> strong;
  for (const ScoredIndicator& ind : indicators) {
    const IndicatorScore& r = ind.result;
    if (!r.score) continue;
    if (*r.score < kFullScore) weak.push_back(&ind);
    if (r.lead && *r.lead > 0.0) strong.push_back(&ind);
  }
  std::sort(weak.begin(), weak.end(), [](const auto* a, const auto* b) {
    return std::make_tuple(*a->result.score, LeadOrMax(a), a->id) <
           std::make_tuple(*b->result.score, LeadOrMax(b), b->id);
  });
  std::sort(strong.begin(), strong.end(), [](const auto* a, const auto* b) {
    return std::make_tuple(-*a->result.lead, a->id) <
           std::make_tuple(-*b->result.lead, b->id);
  });
  return {TopIds(weak, top_n), TopIds(strong, top_n)};
}

// ---------------------------------------------------------------------------
// 4c. Trend
// ---------------------------------------------------------------------------

namespace {

// Higher is better: `now` against `before`.
Trend Compare(double now, double before) {
  const double slack = kCompareEpsilon * std::max({1.0, std::abs(now),
                                                   std::abs(before)});
  if (std::abs(now - before) <= slack) return Trend::kSame;
  return now > before ? Trend::kBetter : Trend::kWorse;
}

// The same day a month earlier, clamped to that month's last day
// (2024-03-31 -> 2024-02-29).
absl::CivilDay OneMonthEarlier(absl::CivilDay day) {
  const absl::CivilMonth prev = absl::CivilMonth(day) - 1;
  const int last = DaysInMonth(absl::CivilDay(prev));
  return absl::CivilDay(prev.year(), prev.month(), std::min(day.day(), last));
}

// Cumulative values only grow, so compare the gap to the time line instead.
Trend CumulativeTrend(const IndicatorRule& r, double now, double before,
                      absl::CivilDay as_of, const PlanPolicy& p) {
  const absl::CivilDay then = OneMonthEarlier(as_of);
  if (then.year() < p.plan_year) return Trend::kUnknown;
  return Compare(now - ExpectedCumulative(r, as_of, p),
                 before - ExpectedCumulative(r, then, p));
}

}  // namespace

Trend TrendOf(const IndicatorRule& rule, std::optional<double> actual,
              std::optional<double> month_ago_actual, absl::CivilDay as_of,
              const PlanPolicy& policy) {
  if (!actual || !month_ago_actual) return Trend::kUnknown;
  switch (rule.comparator) {
    case Comparator::kMilestone:
      return Trend::kUnknown;
    case Comparator::kCumulativeAtLeast:
    case Comparator::kRange:
      return CumulativeTrend(rule, *actual, *month_ago_actual, as_of, policy);
    case Comparator::kZero:
      return Compare(-*actual, -*month_ago_actual);  // lower is better
    default:
      return Compare(*actual, *month_ago_actual);
  }
}

// ---------------------------------------------------------------------------
// 4d. Year-end projection
// ---------------------------------------------------------------------------

std::optional<double> ProjectYearEnd(const IndicatorRule& rule,
                                     const Observation& obs,
                                     absl::CivilDay as_of,
                                     const PlanPolicy& policy) {
  if (!obs.actual || obs.source_unavailable) return std::nullopt;
  const double f =
      ElapsedShare(policy.plan_year, TimelineDay(rule, obs, as_of, policy));
  switch (rule.comparator) {
    case Comparator::kCumulativeAtLeast:
    case Comparator::kRange:
      return ProjectLinear(*obs.actual, f);
    case Comparator::kZero:
      return ProjectRemaining(rule.baseline.value_or(0.0), *obs.actual, f);
    case Comparator::kMilestone:
      return std::nullopt;
    default:
      return obs.actual;  // rates and levels: the latest value stands
  }
}

// ---------------------------------------------------------------------------
// 4e. Rule checks and names
// ---------------------------------------------------------------------------

namespace {

void CheckSchedule(const IndicatorRule& r, std::vector<std::string>& out) {
  const auto& s = r.monthly_schedule;
  if (s.empty()) return;
  if (s.size() != 12) {
    out.push_back(r.id + ": monthly_schedule needs 12 values, has " +
                  std::to_string(s.size()) + " (ignored)");
    return;
  }
  if (!std::is_sorted(s.begin(), s.end())) {
    out.push_back(r.id + ": monthly_schedule is not cumulative (decreases)");
  }
  const double full = r.schedule_unit == ScheduleUnit::kFraction ? 1.0 : r.target;
  if (std::abs(s[11] - full) > Slack(full)) {
    out.push_back(r.id + ": monthly_schedule does not end at the full target");
  }
}

}  // namespace

std::vector<std::string> RuleProblems(const IndicatorRule& rule) {
  std::vector<std::string> out;
  const Comparator c = rule.comparator;
  if (rule.weight < 0.0) out.push_back(rule.id + ": negative weight");
  if ((c == Comparator::kCumulativeAtLeast || c == Comparator::kRange ||
       c == Comparator::kLevel) &&
      rule.target <= 0.0) {
    out.push_back(rule.id + ": target must be positive");
  }
  if (c == Comparator::kRange && rule.range_hi && *rule.range_hi < rule.target) {
    out.push_back(rule.id + ": range_hi below the lower end");
  }
  if (c == Comparator::kZero && (!rule.baseline || *rule.baseline < 0.0)) {
    out.push_back(rule.id + ": zero rule needs a baseline >= 0");
  }
  if (c == Comparator::kInStepWith && rule.in_step_with.empty()) {
    out.push_back(rule.id + ": in-step rule does not name its reference");
  }
  if (c == Comparator::kCumulativeAtLeast || c == Comparator::kRange) {
    CheckSchedule(rule, out);
  }
  return out;
}

std::string_view ToString(Status status) {
  switch (status) {
    case Status::kMet: return "MET";
    case Status::kDoneLate: return "DONE_LATE";
    case Status::kOnTrack: return "ON_TRACK";
    case Status::kAtRisk: return "AT_RISK";
    case Status::kBehind: return "BEHIND";
    case Status::kNoData: return "NO_DATA";
    case Status::kStale: return "STALE";
    case Status::kUnavailable: return "UNAVAILABLE";
  }
  return "UNKNOWN";
}

std::string_view ToString(Trend trend) {
  switch (trend) {
    case Trend::kBetter: return "BETTER";
    case Trend::kWorse: return "WORSE";
    case Trend::kSame: return "SAME";
    case Trend::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view ToString(Comparator comparator) {
  switch (comparator) {
    case Comparator::kCumulativeAtLeast: return "CUMULATIVE_AT_LEAST";
    case Comparator::kRateAtLeast: return "RATE_AT_LEAST";
    case Comparator::kAbout: return "ABOUT";
    case Comparator::kInStepWith: return "IN_STEP_WITH";
    case Comparator::kZero: return "ZERO";
    case Comparator::kLevel: return "LEVEL";
    case Comparator::kRange: return "RANGE";
    case Comparator::kMilestone: return "MILESTONE";
  }
  return "UNKNOWN";
}

}  // namespace devplan::scoring
