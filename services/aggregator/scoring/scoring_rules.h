// Scoring rules for a district's annual plan (any year: the year comes from PlanPolicy).
//
// Everything that decides an indicator's status and score lives in
// scoring_rules.cc; this header is its whole public surface. Pure C++: no
// I/O, no gRPC, no protobuf. Plain structs in, plain structs out.
//
// Reading order for a newcomer:
//   1. the default thresholds just below,
//   2. IndicatorRule / Observation (what the caller supplies),
//   3. Score() (one indicator), AggregateAreas() (area + overall),
//      RankWeakStrong() (关注弱势指标 / 巩固优势指标), TrendOf(), ProjectYearEnd().
//
// Units: rates and "about" values are percentages, compared in percentage
// points (pp). Amounts arrive from the services as integer yuan but are passed
// here as double: only ratios (actual / target, actual / expected) matter, and
// a double holds every yuan amount below 2^53 exactly.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"

namespace devplan::scoring {

// ---------------------------------------------------------------------------
// Default thresholds. Plan-wide overrides go in PlanPolicy, per-indicator
// overrides in the optional fields of IndicatorRule.
// ---------------------------------------------------------------------------
inline constexpr int kDefaultPlanYear = 2024;
// Cumulative: AT_RISK while actual >= 0.9 x expected.
inline constexpr double kDefaultAtRiskRatio = 0.9;
// Rates: AT_RISK while actual >= floor - 1 pp.
inline constexpr double kDefaultAtRiskPp = 1.0;
// "About x" (左右) and "in step with": the floor is x - 0.5 pp.
inline constexpr double kDefaultAboutBandPp = 0.5;
// Rates: the score falls linearly from 100 to 0 over a 5 pp shortfall.
inline constexpr double kDefaultScoreSpanPp = 5.0;
// Level: below the level is AT_RISK before this share of the year, BEHIND
// from it on (f >= 0.5: in 2024 from 1 July, day 183 of 366).
inline constexpr double kDefaultLevelDeadlineShare = 0.5;
// Staleness: the longest allowed gap (days) between the value's current-to
// date and the as-of date, by cadence. Event-based values never go stale.
inline constexpr int kDefaultMaxAgeDaily = 3;
inline constexpr int kDefaultMaxAgeMonthly = 45;
inline constexpr int kDefaultMaxAgeQuarterly = 100;
inline constexpr int kDefaultMaxAgeAnnual = 400;
// Release calendar (Chinese statistical practice; the plan may override it): a monthly figure
// is due by the 20th of the month after the month it covers, a quarterly one by the 20th of
// the month after its quarter. A value is STALE only once the next figure is overdue.
inline constexpr int kDefaultMonthlyReleaseDay = 20;
inline constexpr int kDefaultQuarterlyReleaseDay = 20;
// A milestone done after its due date is DONE_LATE with this score: the task exists, the
// plan's date was missed.
inline constexpr double kDefaultLateMilestoneScore = 60.0;
// Floating-point slack for "at or above" comparisons, relative to the
// threshold (so 5.0 >= 6.0 - 1.0 holds whatever rounding did to 6.0 - 1.0).
inline constexpr double kCompareEpsilon = 1e-9;

// ---------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------
enum class Comparator {
  kCumulativeAtLeast,  // counts, amounts, days: expected = target x f
  kRateAtLeast,        // year-to-date growth >= x %
  kAbout,              // growth about x % (左右): at least x - 0.5 pp
  kInStepWith,         // growth in step with another indicator (同步)
  kZero,               // eliminate: the count left must reach 0
  kLevel,              // hold a level, e.g. 100 %
  kRange,              // [a, b]: MET at >= a, otherwise cumulative toward a
  kMilestone,          // a task done by its due date
};

enum class Status {
  kMet,          // the year's target is reached
  kDoneLate,     // milestone: done, but after its due date
  kOnTrack,      // on or ahead of the time line
  kAtRisk,       // slightly behind
  kBehind,       // clearly behind
  kNoData,       // nothing reported (a reported 0 is data)
  kStale,        // reported, but older than the cadence allows
  kUnavailable,  // the source service is down (set by the caller)
};

enum class Cadence { kDaily, kMonthly, kQuarterly, kAnnual, kEventBased };

// How IndicatorRule::monthly_schedule is expressed.
enum class ScheduleUnit {
  kFraction,  // cumulative month-end shares of the target (December = 1.0)
  kAmount,    // cumulative month-end amounts (December = target)
};

enum class Trend { kBetter, kWorse, kSame, kUnknown };

std::string_view ToString(Status status);
std::string_view ToString(Trend trend);
std::string_view ToString(Comparator comparator);

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

// Plan-wide settings; every field defaults to the constants above.
struct PlanPolicy {
  int plan_year = kDefaultPlanYear;
  double at_risk_ratio = kDefaultAtRiskRatio;
  double at_risk_pp = kDefaultAtRiskPp;
  double about_band_pp = kDefaultAboutBandPp;
  double score_span_pp = kDefaultScoreSpanPp;
  double level_deadline_share = kDefaultLevelDeadlineShare;
  int max_age_daily = kDefaultMaxAgeDaily;
  int max_age_monthly = kDefaultMaxAgeMonthly;
  int max_age_quarterly = kDefaultMaxAgeQuarterly;
  int max_age_annual = kDefaultMaxAgeAnnual;
  int monthly_release_day = kDefaultMonthlyReleaseDay;
  int quarterly_release_day = kDefaultQuarterlyReleaseDay;
  double late_milestone_score = kDefaultLateMilestoneScore;
  // false (the spec): the time line f is taken at the as-of date.
  // true: at the observation's current-to date (when earlier), so monthly
  // data lagging by publication is compared with what was expected by the
  // end of the month it covers.
  bool timeline_at_current_to = false;
};

// One indicator of the plan and how it is judged.
struct IndicatorRule {
  std::string id;
  std::string area;  // the plan area it belongs to, for AggregateAreas()
  Comparator comparator = Comparator::kCumulativeAtLeast;

  // What the comparator is measured against:
  //   cumulative: full-year target     rate / about: x (%)
  //   level: the level (e.g. 100)      range: a (the lower end)
  //   zero, in-step, milestone: unused
  double target = 0.0;
  std::optional<double> range_hi;  // range: b (kept for display, not scored)
  std::optional<double> baseline;  // zero: the count at the start of the year
  std::string in_step_with;        // in-step: id of the reference indicator
  std::optional<absl::CivilDay> due;  // milestone; default 31 Dec of the year

  Cadence cadence = Cadence::kMonthly;
  // Empty, or 12 cumulative month-end values (see ScheduleUnit) replacing
  // target x f as the expected value of a cumulative / range indicator.
  std::vector<double> monthly_schedule;
  ScheduleUnit schedule_unit = ScheduleUnit::kFraction;
  // Counts of whole things (schools, pilots, parks): the time line expects whole units, the
  // largest whole number not above target x f, so a target of 1 is not behind on 2 January.
  bool whole_units = false;

  double weight = 1.0;  // within its area

  // Per-indicator overrides of PlanPolicy (nullopt = use the plan's).
  std::optional<double> at_risk_ratio;
  std::optional<double> at_risk_pp;
  std::optional<double> about_band_pp;
  std::optional<int> max_age_days;  // replaces the cadence's limit
};

// What is known about an indicator at the as-of date.
struct Observation {
  // nullopt = nothing reported -> NO_DATA. A reported 0 is a value.
  std::optional<double> actual;
  // Last day the value covers (e.g. 2024-05-31 for January-May data).
  // nullopt = unknown; staleness is then not checked.
  std::optional<absl::CivilDay> current_to;
  // Rates / about / in-step: this is the final full-year figure.
  bool full_year = false;
  // Milestone: nullopt = nothing reported -> NO_DATA.
  std::optional<bool> done;
  // Milestone done: the day it was done (the services report it as current_to).
  std::optional<absl::CivilDay> done_on;
  // Milestone not done: the share of the way through its known stages (0..1); nullopt where
  // the source knows no stages.
  std::optional<double> progress;
  // In-step: the reference indicator's actual; nullopt -> NO_DATA.
  std::optional<double> reference_actual;
  // Set by the caller when the source service is down -> UNAVAILABLE.
  bool source_unavailable = false;
};

// ---------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------
struct IndicatorScore {
  Status status = Status::kNoData;
  // The status before STALE replaced it (equal to `status` otherwise).
  Status underlying_status = Status::kNoData;
  // 0..100; nullopt for NO_DATA / UNAVAILABLE. STALE still scores.
  std::optional<double> score;
  // What the actual is compared with now: cumulative / range: target x f or
  // the schedule; rate: x; about / in-step: the floor (x - band); zero:
  // baseline x (1 - f); level: the level. nullopt for milestones.
  std::optional<double> expected;
  // Share of the year's goal achieved: actual / target (cumulative, range,
  // level), (baseline - actual) / baseline (zero), 1 or 0 (milestone).
  // nullopt for rates (a growth rate is not a share of anything).
  std::optional<double> completion;
  // How far ahead (+) or behind (-) the indicator is, as a fraction of the
  // target. Cumulative / range / zero: completion minus the time-line share
  // (= completion - f without a schedule). Rate / about / in-step:
  // (actual - x) / |x| (time plays no part). Level: (actual - level) / level.
  // nullopt for milestones or a zero target.
  std::optional<double> lead;
  double elapsed = 0.0;  // f used for this indicator
  // The day f was read at: the end of the period the data covers (current_to) when that is
  // before as_of and the policy says so, else as_of (序时进度 is judged at that day).
  absl::CivilDay timeline_day;
  // Cumulative / range: how many percentage points completion is ahead (+) of or behind (-)
  // the time line (超/低于序时进度 X 个百分点). nullopt otherwise or without a value.
  std::optional<double> timeline_gap_pp;
  // Cumulative / range not yet met: what each month still to come after the data's month
  // must deliver on average to reach the target (剩余月份需月均完成); nullopt otherwise or when
  // no month remains.
  std::optional<double> needed_per_month;
  // Beside it, what each whole month of the year so far delivered on average (1–N 月月均完成),
  // over the months the data covers; nullopt without needed_per_month or before January ends.
  std::optional<double> pace_per_month;
  // NO_DATA past the date the first figure of the year was due: scores 0 and counts in the
  // area and overall means, so a department that reports nothing is visible.
  bool overdue = false;
  // The value is older than its cadence allows. Set even when the status is
  // MET (MET is never replaced by STALE).
  bool stale = false;
};

// An indicator's result with what aggregation and ranking need.
struct ScoredIndicator {
  std::string id;
  std::string area;
  double weight = 1.0;
  IndicatorScore result;
};

struct StatusCounts {
  int met = 0;
  int done_late = 0;
  int on_track = 0;
  int at_risk = 0;
  int behind = 0;
  int no_data = 0;
  int stale = 0;
  int unavailable = 0;
  void Add(Status status);
  int total() const;
};

struct AreaScore {
  std::string area;
  std::optional<double> score;  // nullopt when nothing in the area scored
  double weight = 0.0;          // the weight used in the overall mean
  StatusCounts counts;
};

struct OverallScore {
  std::optional<double> score;
  std::vector<AreaScore> areas;  // in order of first appearance
  StatusCounts counts;
};

struct Ranking {
  std::vector<std::string> weak;    // furthest behind first
  std::vector<std::string> strong;  // furthest ahead first
};

// ---------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------

// The day by which the figure after the one that is current to `current_to` is due under
// the release calendar; nullopt for cadences without one (daily, annual, event-based).
std::optional<absl::CivilDay> NextReleaseDue(Cadence cadence, absl::CivilDay current_to,
                                             const PlanPolicy& policy);

// The day by which the year's first figure is due (NO_DATA after it is overdue); nullopt for
// event-based indicators and milestones, which have no first figure to wait for.
std::optional<absl::CivilDay> FirstReleaseDue(const IndicatorRule& rule, const PlanPolicy& policy);

// Status and score of one indicator at `as_of`.
IndicatorScore Score(const IndicatorRule& rule, const Observation& obs,
                     absl::CivilDay as_of, const PlanPolicy& policy = {});

// Convenience: Score() packaged with id, area and weight from the rule.
ScoredIndicator ScoreIndicator(const IndicatorRule& rule,
                               const Observation& obs, absl::CivilDay as_of,
                               const PlanPolicy& policy = {});

// Area score = weighted mean of its scored indicators (UNAVAILABLE and NO_DATA
// not yet overdue left out, counted; overdue NO_DATA counts with score 0). Overall = weighted mean of the areas that
// scored; an area's weight is `area_weights[area]` if given, else the sum of
// the weights of its indicators that scored.
OverallScore AggregateAreas(
    const std::vector<ScoredIndicator>& indicators,
    const std::map<std::string, double>& area_weights = {});

// Up to `top_n` ids each. Weak: indicators scoring below 100, lowest score
// first, ties by the largest shortfall (smallest lead), then id. Strong:
// indicators with lead > 0, largest lead first, then id.
Ranking RankWeakStrong(const std::vector<ScoredIndicator>& indicators,
                       std::size_t top_n);

// Is the indicator doing better or worse than a month earlier, judged by its
// direction (lower is better for kZero, higher for the rest)? Cumulative and
// range indicators always grow, so for them the lead against the time line
// is compared: now at `as_of` versus a month earlier at as_of minus one month
// (day clamped to the month's end). kUnknown when either value is missing,
// for milestones, or when the month-earlier date is before the plan year.
Trend TrendOf(const IndicatorRule& rule, std::optional<double> actual,
              std::optional<double> month_ago_actual, absl::CivilDay as_of,
              const PlanPolicy& policy = {});

// Year-end projection: cumulative / range: actual / f; zero: the count left
// at the pace so far; rate / about / in-step / level: the latest value;
// milestone or no value: nullopt. For air-quality good days use
// ProjectGoodDays() in projection.h.
std::optional<double> ProjectYearEnd(const IndicatorRule& rule,
                                     const Observation& obs,
                                     absl::CivilDay as_of,
                                     const PlanPolicy& policy = {});

// Problems with a rule that make its score meaningless (wrong schedule
// length, zero rule without a baseline, ...). Empty when the rule is sound.
// Score() never fails: it falls back (e.g. ignores a malformed schedule).
std::vector<std::string> RuleProblems(const IndicatorRule& rule);

}  // namespace devplan::scoring
