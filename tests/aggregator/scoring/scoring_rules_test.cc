#include "services/aggregator/scoring/scoring_rules.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace devplan::scoring {
namespace {

using absl::CivilDay;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// 2024-06-30 is day 182 of 366: f = 182/366 = 0.497267...
const CivilDay kMidYear(2024, 6, 30);
constexpr double kFMid = 182.0 / 366;

IndicatorRule Rule(Comparator c, double target) {
  IndicatorRule r;
  r.id = "x";
  r.comparator = c;
  r.target = target;
  return r;
}

Observation Value(double actual) {
  Observation o;
  o.actual = actual;
  return o;
}

Observation FullYear(double actual) {
  Observation o = Value(actual);
  o.full_year = true;
  return o;
}

Status StatusOf(const IndicatorRule& r, double actual, CivilDay as_of) {
  return Score(r, Value(actual), as_of).status;
}

double ScoreOf(const IndicatorRule& r, double actual, CivilDay as_of) {
  return *Score(r, Value(actual), as_of).score;
}

// ---------------------------------------------------------------------------
// Cumulative, higher is better
// ---------------------------------------------------------------------------

// Target 199 at 2024-06-30: expected = 199 x 182/366 = 98.9563...;
// AT_RISK floor = 0.9 x 98.9563 = 89.0607.
TEST(CumulativeTest, StatusAtEachThreshold) {
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 199);
  EXPECT_EQ(StatusOf(r, 199.0, kMidYear), Status::kMet);
  EXPECT_EQ(StatusOf(r, 250.0, kMidYear), Status::kMet);
  EXPECT_EQ(StatusOf(r, 198.99, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 99.0, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 98.95, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 89.07, kMidYear), Status::kAtRisk);
  // 89.06 is just under 0.9 x expected (89.0607): BEHIND.
  EXPECT_EQ(StatusOf(r, 89.06, kMidYear), Status::kBehind);
  EXPECT_EQ(StatusOf(r, 89.0, kMidYear), Status::kBehind);
}

TEST(CumulativeTest, ExactlyAtExpectedIsOnTrack) {
  // Target 366 at 2024-06-30: expected = 182 exactly.
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);
  const IndicatorScore s = Score(r, Value(182.0), kMidYear);
  EXPECT_DOUBLE_EQ(*s.expected, 182.0);
  EXPECT_EQ(s.status, Status::kOnTrack);
  // 0.9 x 182 = 163.8 exactly at the AT_RISK floor.
  EXPECT_EQ(StatusOf(r, 163.8, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 163.79, kMidYear), Status::kBehind);
}

TEST(CumulativeTest, ExpectedCompletionLeadAndScore) {
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 199);
  const double expected = 199 * kFMid;  // 98.9563...
  const IndicatorScore on = Score(r, Value(99.0), kMidYear);
  EXPECT_NEAR(*on.expected, 98.956284, 1e-6);
  EXPECT_DOUBLE_EQ(*on.completion, 99.0 / 199);
  EXPECT_DOUBLE_EQ(*on.lead, (99.0 - expected) / 199);
  EXPECT_DOUBLE_EQ(on.elapsed, kFMid);
  EXPECT_DOUBLE_EQ(*on.score, 100.0);

  // Below expected: 100 x actual / expected. 89.06 / 98.9563 = 89.9994 %.
  EXPECT_DOUBLE_EQ(ScoreOf(r, 89.06, kMidYear), 100 * 89.06 / expected);
  EXPECT_NEAR(ScoreOf(r, 89.06, kMidYear), 89.9994, 1e-4);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 49.478, kMidYear), 100 * 49.478 / expected);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 199.0, kMidYear), 100.0);
}

TEST(CumulativeTest, LeapYearTimeLine) {
  // 1 January 2024: f = 1/366. Target 366 -> expected 1.
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);
  EXPECT_EQ(StatusOf(r, 1.0, CivilDay(2024, 1, 1)), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 0.9, CivilDay(2024, 1, 1)), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 0.89, CivilDay(2024, 1, 1)), Status::kBehind);
  // 1 March 2024 is day 61 (29 February counts): expected 61, so 60.99 is
  // below the line, which it would not be in a 365-day year (day 60).
  EXPECT_EQ(StatusOf(r, 61.0, CivilDay(2024, 3, 1)), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 60.99, CivilDay(2024, 3, 1)), Status::kAtRisk);
  // 31 December: f = 1, expected = target.
  EXPECT_EQ(StatusOf(r, 365.99, CivilDay(2024, 12, 31)), Status::kAtRisk);
}

TEST(CumulativeTest, NonLeapPlanYear) {
  PlanPolicy p;
  p.plan_year = 2023;
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 365);
  // 1 March 2023 is day 60 of 365: expected 60.
  const IndicatorScore s = Score(r, Value(60.0), CivilDay(2023, 3, 1), p);
  EXPECT_DOUBLE_EQ(*s.expected, 60.0);
  EXPECT_EQ(s.status, Status::kOnTrack);
}

TEST(CumulativeTest, AfterYearEndExpectedIsTheTarget) {
  // Final 2024 figures scored in January 2025: f clamps to 1.
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 100);
  const IndicatorScore s = Score(r, Value(95.0), CivilDay(2025, 1, 20));
  EXPECT_DOUBLE_EQ(s.elapsed, 1.0);
  EXPECT_DOUBLE_EQ(*s.expected, 100.0);
  EXPECT_EQ(s.status, Status::kAtRisk);
  EXPECT_DOUBLE_EQ(*s.score, 95.0);
}

TEST(CumulativeTest, AtRiskRatioOverridablePerIndicatorAndPlan) {
  IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);  // expected 182
  EXPECT_EQ(StatusOf(r, 150.0, kMidYear), Status::kBehind);  // < 163.8
  r.at_risk_ratio = 0.8;                                     // floor 145.6
  EXPECT_EQ(StatusOf(r, 150.0, kMidYear), Status::kAtRisk);
  PlanPolicy p;
  p.at_risk_ratio = 0.8;
  EXPECT_EQ(Score(Rule(Comparator::kCumulativeAtLeast, 366), Value(150.0),
                  kMidYear, p)
                .status,
            Status::kAtRisk);
}

// ---------------------------------------------------------------------------
// Monthly schedule
// ---------------------------------------------------------------------------

const std::vector<double> kFractions = {0.05, 0.10, 0.20, 0.30, 0.40, 0.50,
                                        0.55, 0.60, 0.70, 0.80, 0.90, 1.00};

TEST(ScheduleTest, FractionScheduleReplacesTargetTimesF) {
  IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 1000);
  r.monthly_schedule = kFractions;
  const CivilDay day(2024, 3, 15);
  // expected = 1000 x (0.10 + 0.10 x 15/31) = 148.387...; 0.9 x = 133.548...
  const IndicatorScore s = Score(r, Value(148.39), day);
  EXPECT_DOUBLE_EQ(*s.expected, 1000 * (0.10 + 0.10 * 15 / 31));
  EXPECT_EQ(s.status, Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 148.38, day), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 133.55, day), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 133.54, day), Status::kBehind);
  // Without the schedule the line is 1000 x 75/366 = 204.9: 148.39 BEHIND.
  EXPECT_EQ(StatusOf(Rule(Comparator::kCumulativeAtLeast, 1000), 148.39, day),
            Status::kBehind);
  // The lead is measured against the schedule, not f.
  EXPECT_NEAR(*s.lead, (148.39 - 148.387097) / 1000, 1e-8);
}

TEST(ScheduleTest, AmountSchedule) {
  IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 120);
  r.schedule_unit = ScheduleUnit::kAmount;
  r.monthly_schedule = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
  // Month end of a 29-day February: exactly 20.
  EXPECT_DOUBLE_EQ(*Score(r, Value(20.0), CivilDay(2024, 2, 29)).expected,
                   20.0);
  EXPECT_EQ(StatusOf(r, 20.0, CivilDay(2024, 2, 29)), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 19.99, CivilDay(2024, 2, 29)), Status::kAtRisk);
  // 10 April: end of March 30 + (40 - 30) x 10/30 = 33.33...
  EXPECT_DOUBLE_EQ(*Score(r, Value(0.0), CivilDay(2024, 4, 10)).expected,
                   30 + 10.0 * 10 / 30);
  EXPECT_THAT(RuleProblems(r), IsEmpty());
}

TEST(ScheduleTest, MalformedScheduleFallsBackToTimeLineAndIsReported) {
  IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);
  r.monthly_schedule = std::vector<double>(kFractions.begin(),
                                           kFractions.end() - 1);  // 11
  EXPECT_DOUBLE_EQ(*Score(r, Value(0.0), kMidYear).expected, 182.0);
  EXPECT_EQ(RuleProblems(r).size(), 1u);
}

// ---------------------------------------------------------------------------
// NO_DATA, UNAVAILABLE, and a reported zero
// ---------------------------------------------------------------------------

TEST(NoDataTest, MissingValueIsNoDataButZeroIsAValue) {
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);
  // Before the year's first monthly figure is due (20 February) nothing is missing yet.
  const IndicatorScore early = Score(r, Observation{}, CivilDay(2024, 2, 20));
  EXPECT_EQ(early.status, Status::kNoData);
  EXPECT_EQ(early.underlying_status, Status::kNoData);
  EXPECT_FALSE(early.overdue);
  EXPECT_FALSE(early.score.has_value());
  // After it, a missing report is overdue and scores 0: it is no longer free.
  const IndicatorScore none = Score(r, Observation{}, kMidYear);
  EXPECT_EQ(none.status, Status::kNoData);
  EXPECT_TRUE(none.overdue);
  EXPECT_DOUBLE_EQ(*none.score, 0.0);

  const IndicatorScore zero = Score(r, Value(0.0), kMidYear);
  EXPECT_EQ(zero.status, Status::kBehind);
  EXPECT_DOUBLE_EQ(*zero.score, 0.0);
  EXPECT_DOUBLE_EQ(*zero.completion, 0.0);

  // On a zero (eliminate) indicator a reported 0 is the goal.
  IndicatorRule z = Rule(Comparator::kZero, 0);
  z.baseline = 7;
  EXPECT_EQ(StatusOf(z, 0.0, kMidYear), Status::kMet);
  EXPECT_EQ(Score(z, Observation{}, kMidYear).status, Status::kNoData);
}

TEST(NoDataTest, UnavailableWinsAndIsNotScored) {
  Observation o = Value(500.0);
  o.source_unavailable = true;
  const IndicatorScore s =
      Score(Rule(Comparator::kCumulativeAtLeast, 366), o, kMidYear);
  EXPECT_EQ(s.status, Status::kUnavailable);
  EXPECT_FALSE(s.score.has_value());
}

// ---------------------------------------------------------------------------
// Rate at least x
// ---------------------------------------------------------------------------

TEST(RateTest, YearToDateBands) {
  const IndicatorRule r = Rule(Comparator::kRateAtLeast, 6.0);
  EXPECT_EQ(StatusOf(r, 9.0, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 6.0, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 5.99, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 5.0, kMidYear), Status::kAtRisk);  // x - 1 pp
  EXPECT_EQ(StatusOf(r, 4.99, kMidYear), Status::kBehind);
  EXPECT_EQ(StatusOf(r, -2.0, kMidYear), Status::kBehind);
}

TEST(RateTest, NeverMetBeforeTheFullYearFigure) {
  const IndicatorRule r = Rule(Comparator::kRateAtLeast, 6.0);
  EXPECT_EQ(StatusOf(r, 12.0, CivilDay(2024, 12, 31)), Status::kOnTrack);
  EXPECT_EQ(Score(r, FullYear(6.0), CivilDay(2025, 1, 25)).status,
            Status::kMet);
  // A full-year figure below x is BEHIND, even within the AT_RISK band.
  const IndicatorScore short_year = Score(r, FullYear(5.99), CivilDay(2025, 1, 25));
  EXPECT_EQ(short_year.status, Status::kBehind);
  EXPECT_DOUBLE_EQ(*short_year.score, 100 * (1 - 0.01 / 5));  // 99.8
}

TEST(RateTest, ScoreFallsOverFivePoints) {
  const IndicatorRule r = Rule(Comparator::kRateAtLeast, 6.0);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 6.0, kMidYear), 100.0);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 5.0, kMidYear), 80.0);    // 1 pp short
  EXPECT_DOUBLE_EQ(ScoreOf(r, 4.99, kMidYear), 100 * (1 - 1.01 / 5));
  EXPECT_DOUBLE_EQ(ScoreOf(r, 3.5, kMidYear), 50.0);    // 2.5 pp short
  EXPECT_NEAR(ScoreOf(r, 1.0, kMidYear), 0.0, 1e-12);   // 5 pp short
  EXPECT_DOUBLE_EQ(ScoreOf(r, -4.0, kMidYear), 0.0);    // clamped
}

TEST(RateTest, ExpectedAndLead) {
  const IndicatorScore s =
      Score(Rule(Comparator::kRateAtLeast, 6.0), Value(7.5), kMidYear);
  EXPECT_DOUBLE_EQ(*s.expected, 6.0);
  EXPECT_FALSE(s.completion.has_value());
  EXPECT_DOUBLE_EQ(*s.lead, 1.5 / 6.0);
}

TEST(RateTest, ToleranceOverridesAndRoundingAtTheEdge) {
  IndicatorRule r = Rule(Comparator::kRateAtLeast, 7.3);
  // 7.3 - 1.0 is not exactly 6.3 in binary; the edge still holds.
  EXPECT_EQ(StatusOf(r, 6.3, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 6.29, kMidYear), Status::kBehind);
  r.at_risk_pp = 2.0;
  EXPECT_EQ(StatusOf(r, 5.3, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 5.29, kMidYear), Status::kBehind);
  PlanPolicy p;
  p.score_span_pp = 10.0;
  EXPECT_DOUBLE_EQ(*Score(Rule(Comparator::kRateAtLeast, 6.0), Value(5.0),
                          kMidYear, p)
                        .score,
                   90.0);
}

// ---------------------------------------------------------------------------
// About x (左右): at least x - 0.5 pp
// ---------------------------------------------------------------------------

TEST(AboutTest, BandsAroundXMinusHalfPoint) {
  const IndicatorRule r = Rule(Comparator::kAbout, 6.5);  // floor 6.0
  EXPECT_EQ(StatusOf(r, 6.5, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 6.0, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 5.99, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 5.0, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 4.99, kMidYear), Status::kBehind);
  // Over-performance is not a risk.
  EXPECT_EQ(StatusOf(r, 11.0, kMidYear), Status::kOnTrack);
  EXPECT_DOUBLE_EQ(*Score(r, Value(6.0), kMidYear).expected, 6.0);
}

TEST(AboutTest, FullYearAndScore) {
  const IndicatorRule r = Rule(Comparator::kAbout, 6.5);
  EXPECT_EQ(Score(r, FullYear(6.0), CivilDay(2025, 1, 20)).status,
            Status::kMet);
  EXPECT_EQ(Score(r, FullYear(5.99), CivilDay(2025, 1, 20)).status,
            Status::kBehind);
  // 5.5 is 0.5 pp below the floor of 6.0: 100 x (1 - 0.5/5) = 90.
  EXPECT_DOUBLE_EQ(ScoreOf(r, 5.5, kMidYear), 90.0);
}

TEST(AboutTest, BandOverridable) {
  IndicatorRule r = Rule(Comparator::kAbout, 6.5);
  r.about_band_pp = 1.0;  // floor 5.5
  EXPECT_EQ(StatusOf(r, 5.5, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 5.49, kMidYear), Status::kAtRisk);
}

// ---------------------------------------------------------------------------
// In step with another indicator
// ---------------------------------------------------------------------------

Observation InStep(std::optional<double> actual, std::optional<double> ref) {
  Observation o;
  o.actual = actual;
  o.reference_actual = ref;
  return o;
}

TEST(InStepTest, FloorIsReferenceMinusHalfPoint) {
  IndicatorRule r = Rule(Comparator::kInStepWith, 0);
  r.in_step_with = "gdp_growth";
  // Reference 5.2 -> floor 4.7, AT_RISK down to 3.7.
  EXPECT_EQ(Score(r, InStep(5.2, 5.2), kMidYear).status, Status::kOnTrack);
  EXPECT_EQ(Score(r, InStep(4.7, 5.2), kMidYear).status, Status::kOnTrack);
  EXPECT_EQ(Score(r, InStep(4.69, 5.2), kMidYear).status, Status::kAtRisk);
  EXPECT_EQ(Score(r, InStep(3.7, 5.2), kMidYear).status, Status::kAtRisk);
  EXPECT_EQ(Score(r, InStep(3.69, 5.2), kMidYear).status, Status::kBehind);
  EXPECT_DOUBLE_EQ(*Score(r, InStep(4.7, 5.2), kMidYear).expected, 4.7);
  // 2 pp below the floor: 100 x (1 - 2/5) = 60.
  EXPECT_DOUBLE_EQ(*Score(r, InStep(2.7, 5.2), kMidYear).score, 60.0);
  EXPECT_THAT(RuleProblems(r), IsEmpty());
}

TEST(InStepTest, MissingReferenceOrValueIsNoData) {
  const IndicatorRule r = Rule(Comparator::kInStepWith, 0);
  EXPECT_EQ(Score(r, InStep(5.0, std::nullopt), kMidYear).status,
            Status::kNoData);
  EXPECT_EQ(Score(r, InStep(std::nullopt, 5.0), kMidYear).status,
            Status::kNoData);
  // A reference of 0 is a value.
  EXPECT_EQ(Score(r, InStep(-0.5, 0.0), kMidYear).status, Status::kOnTrack);
}

// ---------------------------------------------------------------------------
// Zero (eliminate)
// ---------------------------------------------------------------------------

IndicatorRule ZeroRule(double baseline) {
  IndicatorRule r = Rule(Comparator::kZero, 0);
  r.baseline = baseline;
  return r;
}

TEST(ZeroTest, Bands) {
  // Baseline 20 at 2024-06-30: ON_TRACK while <= 20 x 184/366 = 10.0546.
  const IndicatorRule r = ZeroRule(20);
  EXPECT_DOUBLE_EQ(*Score(r, Value(10.0), kMidYear).expected,
                   20 * (1 - kFMid));
  EXPECT_EQ(StatusOf(r, 0.0, kMidYear), Status::kMet);
  EXPECT_EQ(StatusOf(r, 10.0, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 10.05, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 10.06, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 20.0, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 21.0, kMidYear), Status::kBehind);
  // Early in the year the line is barely below the baseline.
  EXPECT_EQ(StatusOf(r, 19.94, CivilDay(2024, 1, 1)), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 19.95, CivilDay(2024, 1, 1)), Status::kAtRisk);
  // At year end anything above 0 is behind the line.
  EXPECT_EQ(StatusOf(r, 1.0, CivilDay(2024, 12, 31)), Status::kAtRisk);
}

TEST(ZeroTest, ScoreIsShareOfRemovalDueSoFar) {
  const IndicatorRule r = ZeroRule(20);
  // 11 left: removed 9 of the 20 x 182/366 = 9.945 due -> 90.49.
  EXPECT_DOUBLE_EQ(ScoreOf(r, 11.0, kMidYear), 100 * 9 / (20 * kFMid));
  EXPECT_NEAR(ScoreOf(r, 11.0, kMidYear), 90.4945, 1e-4);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 10.0, kMidYear), 100.0);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 20.0, kMidYear), 0.0);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 25.0, kMidYear), 0.0);  // clamped, not negative
  const IndicatorScore s = Score(r, Value(11.0), kMidYear);
  EXPECT_DOUBLE_EQ(*s.completion, 9.0 / 20);
  EXPECT_DOUBLE_EQ(*s.lead, 9.0 / 20 - kFMid);
}

TEST(ZeroTest, MissingBaselineIsAProblem) {
  EXPECT_EQ(RuleProblems(Rule(Comparator::kZero, 0)).size(), 1u);
  EXPECT_THAT(RuleProblems(ZeroRule(20)), IsEmpty());
}

// ---------------------------------------------------------------------------
// Level
// ---------------------------------------------------------------------------

TEST(LevelTest, AtRiskBeforeMidYearBehindFromIt) {
  const IndicatorRule r = Rule(Comparator::kLevel, 100);
  // 2024-06-30: f = 182/366 < 0.5.
  EXPECT_EQ(StatusOf(r, 100.0, kMidYear), Status::kMet);
  EXPECT_EQ(StatusOf(r, 99.9, kMidYear), Status::kAtRisk);
  // 2024-07-01: f = 183/366 = 0.5 exactly.
  EXPECT_EQ(StatusOf(r, 99.9, CivilDay(2024, 7, 1)), Status::kBehind);
  EXPECT_EQ(StatusOf(r, 100.0, CivilDay(2024, 7, 1)), Status::kMet);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 99.9, CivilDay(2024, 7, 1)), 99.9);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 92.0, kMidYear), 92.0);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 100.0, kMidYear), 100.0);
}

TEST(LevelTest, ScoreAgainstANonHundredLevel) {
  const IndicatorRule r = Rule(Comparator::kLevel, 95);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 76.0, kMidYear), 80.0);  // 76 / 95
  EXPECT_DOUBLE_EQ(ScoreOf(r, 97.0, kMidYear), 100.0);
}

// ---------------------------------------------------------------------------
// Range [a, b]
// ---------------------------------------------------------------------------

TEST(RangeTest, MetAtLowerEndOtherwiseCumulativeTowardIt) {
  IndicatorRule r = Rule(Comparator::kRange, 50);
  r.range_hi = 60;
  // expected = 50 x 182/366 = 24.863; 0.9 x = 22.377.
  EXPECT_EQ(StatusOf(r, 50.0, kMidYear), Status::kMet);
  EXPECT_EQ(StatusOf(r, 65.0, kMidYear), Status::kMet);  // above b: still met
  EXPECT_EQ(StatusOf(r, 49.99, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 24.87, kMidYear), Status::kOnTrack);
  EXPECT_EQ(StatusOf(r, 24.86, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 22.38, kMidYear), Status::kAtRisk);
  EXPECT_EQ(StatusOf(r, 22.37, kMidYear), Status::kBehind);
  EXPECT_DOUBLE_EQ(ScoreOf(r, 20.0, kMidYear), 100 * 20 / (50 * kFMid));
  EXPECT_THAT(RuleProblems(r), IsEmpty());
  r.range_hi = 40;
  EXPECT_EQ(RuleProblems(r).size(), 1u);
}

// ---------------------------------------------------------------------------
// Milestone
// ---------------------------------------------------------------------------

Observation Done(bool done) {
  Observation o;
  o.done = done;
  return o;
}

Observation ValueCurrentToHelper(double actual, CivilDay current_to) {
  Observation o = Value(actual);
  o.current_to = current_to;
  return o;
}

TEST(MilestoneTest, BeforeOnAndAfterDue) {
  IndicatorRule r = Rule(Comparator::kMilestone, 0);
  r.due = CivilDay(2024, 9, 30);
  const IndicatorScore on_due = Score(r, Done(false), CivilDay(2024, 9, 30));
  EXPECT_EQ(on_due.status, Status::kOnTrack);
  EXPECT_DOUBLE_EQ(*on_due.score, 100.0);
  const IndicatorScore late = Score(r, Done(false), CivilDay(2024, 10, 1));
  EXPECT_EQ(late.status, Status::kBehind);
  EXPECT_DOUBLE_EQ(*late.score, 0.0);
  const IndicatorScore done = Score(r, Done(true), CivilDay(2024, 10, 1));
  EXPECT_EQ(done.status, Status::kMet);
  EXPECT_DOUBLE_EQ(*done.score, 100.0);
  EXPECT_DOUBLE_EQ(*done.completion, 1.0);
}

TEST(MilestoneTest, DefaultDueIsYearEndAndNoReportIsNoData) {
  const IndicatorRule r = Rule(Comparator::kMilestone, 0);
  EXPECT_EQ(Score(r, Done(false), CivilDay(2024, 12, 31)).status,
            Status::kOnTrack);
  EXPECT_EQ(Score(r, Done(false), CivilDay(2025, 1, 1)).status,
            Status::kBehind);
  EXPECT_EQ(Score(r, Observation{}, kMidYear).status, Status::kNoData);
}

TEST(MilestoneTest, DoneAfterItsDueDateIsDoneLateNotMet) {
  IndicatorRule r = Rule(Comparator::kMilestone, 0);
  r.due = CivilDay(2024, 6, 30);
  Observation on_time = Done(true);
  on_time.done_on = CivilDay(2024, 6, 30);
  EXPECT_EQ(Score(r, on_time, CivilDay(2024, 9, 30)).status, Status::kMet);
  Observation late = Done(true);
  late.done_on = CivilDay(2024, 7, 1);
  const IndicatorScore s = Score(r, late, CivilDay(2024, 9, 30));
  EXPECT_EQ(s.status, Status::kDoneLate);
  EXPECT_DOUBLE_EQ(*s.score, kDefaultLateMilestoneScore);
  EXPECT_DOUBLE_EQ(*s.completion, 1.0);
  // Counted on its own in the area counts.
  const OverallScore o = AggregateAreas({{"m", "projects", 1.0, s}});
  EXPECT_EQ(o.counts.done_late, 1);
  EXPECT_EQ(o.counts.met, 0);
}

// A milestone whose stages the service knows is graded against the time line from 1 January
// to its due date, not a flat 100 until the day it is due.
TEST(MilestoneTest, KnownStagesAreGradedAgainstTheTimeLineToDue) {
  IndicatorRule r = Rule(Comparator::kMilestone, 0);
  r.due = CivilDay(2024, 9, 30);  // day 274 of the plan year
  auto at = [&](double progress, CivilDay day) {
    Observation o = Done(false);
    o.progress = progress;
    return Score(r, o, day);
  };
  // 30 June is day 182: the time line expects 182/274 = 66 % of the way.
  const IndicatorScore half = at(0.4, CivilDay(2024, 6, 30));
  ASSERT_TRUE(half.expected.has_value());
  EXPECT_NEAR(*half.expected, 182.0 / 274, 1e-12);
  EXPECT_EQ(half.status, Status::kBehind);
  EXPECT_NEAR(*half.score, 100 * 0.4 / (182.0 / 274), 1e-9);
  EXPECT_DOUBLE_EQ(*half.completion, 0.4);
  // 62 % of the way is within 0.9 of the expected 66 %: at risk; 80 %: on track.
  EXPECT_EQ(at(0.62, CivilDay(2024, 6, 30)).status, Status::kAtRisk);
  const IndicatorScore ahead = at(0.8, CivilDay(2024, 6, 30));
  EXPECT_EQ(ahead.status, Status::kOnTrack);
  EXPECT_DOUBLE_EQ(*ahead.score, 100.0);
  // All stages but the last is still not done, never MET.
  EXPECT_EQ(at(1.0, CivilDay(2024, 9, 1)).status, Status::kOnTrack);
  // Past due and not done: BEHIND with 0 whatever the stages.
  EXPECT_DOUBLE_EQ(*at(0.99, CivilDay(2024, 10, 1)).score, 0.0);
  // Without known stages nothing says it is late before its due date.
  EXPECT_EQ(Score(r, Done(false), CivilDay(2024, 6, 30)).status, Status::kOnTrack);
}

// ---------------------------------------------------------------------------
// Any plan year
// ---------------------------------------------------------------------------

TEST(PlanYearTest, EveryDateRuleFollowsThePlansYear) {
  PlanPolicy y2025;
  y2025.plan_year = 2025;
  const IndicatorRule jobs = Rule(Comparator::kCumulativeAtLeast, 2000);
  // 31 March 2025 is day 90 of 365.
  const IndicatorScore s = Score(jobs, Value(600.0), CivilDay(2025, 3, 31), y2025);
  EXPECT_NEAR(*s.expected, 2000.0 * 90 / 365, 1e-9);
  EXPECT_EQ(s.status, Status::kOnTrack);
  // The same date under the 2024 policy would be a date after the plan year: f = 1.
  EXPECT_DOUBLE_EQ(*Score(jobs, Value(600.0), CivilDay(2025, 3, 31)).expected, 2000.0);
  // A milestone's default due date is 31 December of the plan's year.
  const IndicatorRule m = Rule(Comparator::kMilestone, 0);
  EXPECT_EQ(Score(m, Done(false), CivilDay(2025, 12, 31), y2025).status, Status::kOnTrack);
  EXPECT_EQ(Score(m, Done(false), CivilDay(2026, 1, 1), y2025).status, Status::kBehind);
  // The first monthly figure of 2025 is due by 20 February 2025.
  EXPECT_EQ(FirstReleaseDue(jobs, y2025), CivilDay(2025, 2, 20));
}

TEST(PlanYearTest, LeapYearsCountTheirExtraDay) {
  PlanPolicy y2028;
  y2028.plan_year = 2028;
  const IndicatorScore s = Score(Rule(Comparator::kCumulativeAtLeast, 366), Value(60.0),
                                 CivilDay(2028, 2, 29), y2028);
  EXPECT_NEAR(*s.expected, 60.0, 1e-9);
}

// ---------------------------------------------------------------------------
// 序时进度: the gap to the time line and what it takes to catch up
// ---------------------------------------------------------------------------

TEST(TimelineGapTest, GapInPointsAndMonthlyAmountStillNeeded) {
  PlanPolicy p;
  p.timeline_at_current_to = true;
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 1200);
  // January–June (current to 30 June, day 182 of 366), read on 10 July.
  const IndicatorScore s =
      Score(r, ValueCurrentToHelper(500.0, CivilDay(2024, 6, 30)), CivilDay(2024, 7, 10), p);
  EXPECT_EQ(s.timeline_day, CivilDay(2024, 6, 30));
  EXPECT_NEAR(*s.expected, 1200.0 * 182 / 366, 1e-9);
  EXPECT_NEAR(*s.timeline_gap_pp, (500.0 / 1200 - 182.0 / 366) * 100, 1e-9);
  EXPECT_LT(*s.timeline_gap_pp, 0);  // 低于序时进度
  // 700 to go over July..December.
  EXPECT_NEAR(*s.needed_per_month, 700.0 / 6, 1e-9);
  // Beside it, 500 over January..June so far.
  EXPECT_NEAR(*s.pace_per_month, 500.0 / 6, 1e-9);
  // Met: nothing more is needed; rates have no time line gap.
  EXPECT_FALSE(Score(r, ValueCurrentToHelper(1300.0, CivilDay(2024, 6, 30)),
                     CivilDay(2024, 7, 10), p)
                   .needed_per_month.has_value());
  EXPECT_FALSE(Score(Rule(Comparator::kRateAtLeast, 6.0), Value(7.0), kMidYear, p)
                   .timeline_gap_pp.has_value());
  // A count of events is complete to the as-of date whatever the date of its latest event.
  IndicatorRule signings = Rule(Comparator::kCumulativeAtLeast, 1200);
  signings.cadence = Cadence::kEventBased;
  EXPECT_EQ(Score(signings, ValueCurrentToHelper(500.0, CivilDay(2024, 5, 18)),
                  CivilDay(2024, 7, 10), p)
                .timeline_day,
            CivilDay(2024, 7, 10));
}

TEST(WholeUnitsTest, SmallCountTargetsAreNotBehindBeforeAWholeUnitIsDue) {
  IndicatorRule pilot = Rule(Comparator::kCumulativeAtLeast, 1);
  pilot.whole_units = true;
  // One pilot in the year: nothing is due before 31 December.
  const IndicatorScore jan2 = Score(pilot, Value(0.0), CivilDay(2024, 1, 2));
  EXPECT_DOUBLE_EQ(*jan2.expected, 0.0);
  EXPECT_EQ(jan2.status, Status::kOnTrack);
  EXPECT_EQ(Score(pilot, Value(0.0), CivilDay(2024, 12, 31)).status, Status::kBehind);
  // Four teachers: one due per quarter of the year (day 92 of 366 is 1 April).
  IndicatorRule teachers = Rule(Comparator::kCumulativeAtLeast, 4);
  teachers.whole_units = true;
  EXPECT_EQ(Score(teachers, Value(0.0), CivilDay(2024, 3, 31)).status, Status::kOnTrack);
  EXPECT_DOUBLE_EQ(*Score(teachers, Value(0.0), CivilDay(2024, 4, 1)).expected, 1.0);
  // Without whole units the same pilot would be BEHIND from 2 January (score 0).
  EXPECT_EQ(Score(Rule(Comparator::kCumulativeAtLeast, 1), Value(0.0), CivilDay(2024, 1, 2)).status,
            Status::kBehind);
}

TEST(WholeUnitsTest, SchoolsHandedOverForTheAutumnTermFollowTheirSchedule) {
  // deploy/plans/410108-2024.textproto: the 11 schools are due by the end of August.
  IndicatorRule schools = Rule(Comparator::kCumulativeAtLeast, 11);
  schools.whole_units = true;
  schools.monthly_schedule = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
  EXPECT_EQ(Score(schools, Value(0.0), CivilDay(2024, 7, 31)).status, Status::kOnTrack);
  EXPECT_EQ(Score(schools, Value(11.0), CivilDay(2024, 8, 31)).status, Status::kMet);
  EXPECT_EQ(Score(schools, Value(6.0), CivilDay(2024, 8, 31)).status, Status::kBehind);
}

TEST(ReleaseCalendarTest, NextFigureDueDates) {
  const PlanPolicy p;
  // Monthly: May's figure current → June's due by 20 July; mid-month data counts as the
  // month before.
  EXPECT_EQ(NextReleaseDue(Cadence::kMonthly, CivilDay(2024, 5, 31), p), CivilDay(2024, 7, 20));
  EXPECT_EQ(NextReleaseDue(Cadence::kMonthly, CivilDay(2024, 6, 10), p), CivilDay(2024, 7, 20));
  EXPECT_EQ(NextReleaseDue(Cadence::kMonthly, CivilDay(2024, 11, 30), p), CivilDay(2025, 1, 20));
  // Quarterly: Q1 current → Q2 due by 20 July; Q4 → next Q1 due by 20 April.
  EXPECT_EQ(NextReleaseDue(Cadence::kQuarterly, CivilDay(2024, 3, 31), p), CivilDay(2024, 7, 20));
  EXPECT_EQ(NextReleaseDue(Cadence::kQuarterly, CivilDay(2024, 5, 31), p), CivilDay(2024, 7, 20));
  EXPECT_EQ(NextReleaseDue(Cadence::kQuarterly, CivilDay(2024, 12, 31), p), CivilDay(2025, 4, 20));
  EXPECT_FALSE(NextReleaseDue(Cadence::kDaily, CivilDay(2024, 5, 31), p).has_value());
}

// ---------------------------------------------------------------------------
// STALE
// ---------------------------------------------------------------------------

Observation ValueCurrentTo(double actual, CivilDay current_to) {
  return ValueCurrentToHelper(actual, current_to);
}

TEST(StaleTest, MonthlyIsStaleOnlyOnceTheNextMonthsFigureIsOverdue) {
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);
  const Observation o = ValueCurrentTo(300.0, CivilDay(2024, 5, 31));
  // June's figure is due by 20 July: on that day May's figure is still the latest expected.
  const IndicatorScore fresh = Score(r, o, CivilDay(2024, 7, 20));
  EXPECT_EQ(fresh.status, Status::kOnTrack);
  EXPECT_FALSE(fresh.stale);
  // 21 July: June's figure is overdue -> STALE, underlying ON_TRACK, still scored.
  const IndicatorScore stale = Score(r, o, CivilDay(2024, 7, 21));
  EXPECT_EQ(stale.status, Status::kStale);
  EXPECT_EQ(stale.underlying_status, Status::kOnTrack);
  EXPECT_TRUE(stale.stale);
  EXPECT_DOUBLE_EQ(*stale.score, 100.0);
  // An underlying BEHIND is replaced too, and keeps its score.
  const IndicatorScore behind =
      Score(r, ValueCurrentTo(100.0, CivilDay(2024, 5, 31)),
            CivilDay(2024, 7, 21));  // expected 203 at 21 July (the as-of policy)
  EXPECT_EQ(behind.status, Status::kStale);
  EXPECT_EQ(behind.underlying_status, Status::kBehind);
  EXPECT_DOUBLE_EQ(*behind.score, 100 * 100.0 / 203);
}

TEST(StaleTest, NeverOverridesMet) {
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);
  const IndicatorScore s =
      Score(r, ValueCurrentTo(400.0, CivilDay(2024, 1, 31)), kMidYear);
  EXPECT_EQ(s.status, Status::kMet);
  EXPECT_EQ(s.underlying_status, Status::kMet);
  EXPECT_TRUE(s.stale);  // the flag still tells the data is old
}

TEST(StaleTest, DefaultLimitsByCadence) {
  IndicatorRule r = Rule(Comparator::kRateAtLeast, 6.0);
  const auto status_at = [&](Cadence c, CivilDay current_to, CivilDay as_of) {
    r.cadence = c;
    return Score(r, ValueCurrentTo(7.0, current_to), as_of).status;
  };
  const CivilDay june27(2024, 6, 27);
  EXPECT_EQ(status_at(Cadence::kDaily, june27, CivilDay(2024, 6, 30)),
            Status::kOnTrack);  // 3 days
  EXPECT_EQ(status_at(Cadence::kDaily, june27, CivilDay(2024, 7, 1)),
            Status::kStale);  // 4 days
  // First-quarter GDP: the second quarter's is due by 20 July, not ~100 days on (9 July).
  const CivilDay march31(2024, 3, 31);
  EXPECT_EQ(status_at(Cadence::kQuarterly, march31, CivilDay(2024, 7, 20)),
            Status::kOnTrack);
  EXPECT_EQ(status_at(Cadence::kQuarterly, march31, CivilDay(2024, 7, 21)),
            Status::kStale);
  // A plan may set another release day.
  PlanPolicy late;
  late.quarterly_release_day = 25;
  r.cadence = Cadence::kQuarterly;
  EXPECT_EQ(Score(r, ValueCurrentTo(7.0, march31), CivilDay(2024, 7, 25), late).status,
            Status::kOnTrack);
  const CivilDay dec31(2023, 12, 31);
  EXPECT_EQ(status_at(Cadence::kAnnual, dec31, CivilDay(2025, 2, 3)),
            Status::kOnTrack);  // 400 days
  EXPECT_EQ(status_at(Cadence::kAnnual, dec31, CivilDay(2025, 2, 4)),
            Status::kStale);  // 401 days
  EXPECT_EQ(status_at(Cadence::kEventBased, CivilDay(2020, 1, 1),
                      CivilDay(2024, 12, 31)),
            Status::kOnTrack);  // never stale
}

TEST(StaleTest, LimitsOverridablePerIndicatorAndPlan) {
  IndicatorRule r = Rule(Comparator::kRateAtLeast, 6.0);
  const Observation o = ValueCurrentTo(7.0, CivilDay(2024, 6, 1));
  EXPECT_EQ(Score(r, o, CivilDay(2024, 6, 20)).status, Status::kOnTrack);
  r.max_age_days = 10;
  EXPECT_EQ(Score(r, o, CivilDay(2024, 6, 11)).status, Status::kOnTrack);
  EXPECT_EQ(Score(r, o, CivilDay(2024, 6, 12)).status, Status::kStale);
  PlanPolicy p;
  p.monthly_release_day = 28;
  // Current to 1 June: May is the last whole month, June's figure is due by 28 July.
  EXPECT_EQ(Score(Rule(Comparator::kRateAtLeast, 6.0), o, CivilDay(2024, 7, 28), p).status,
            Status::kOnTrack);
  EXPECT_EQ(Score(Rule(Comparator::kRateAtLeast, 6.0), o, CivilDay(2024, 7, 29), p).status,
            Status::kStale);
}

TEST(StaleTest, UnknownCurrentToIsNotChecked) {
  IndicatorRule r = Rule(Comparator::kRateAtLeast, 6.0);
  r.cadence = Cadence::kDaily;
  EXPECT_EQ(StatusOf(r, 7.0, kMidYear), Status::kOnTrack);
}

TEST(TimelineTest, CurrentToPolicyComparesLaggingDataWithItsOwnPeriod) {
  // January-May data (current to 31 May = day 152), looked at on 20 June
  // (day 172). Target 366 -> expected 172 at the as-of date: 152 is BEHIND
  // (< 0.9 x 172 = 154.8). Read at the current-to date the line is 152.
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);
  const Observation o = ValueCurrentTo(152.0, CivilDay(2024, 5, 31));
  EXPECT_EQ(Score(r, o, CivilDay(2024, 6, 20)).status, Status::kBehind);
  PlanPolicy p;
  p.timeline_at_current_to = true;
  const IndicatorScore s = Score(r, o, CivilDay(2024, 6, 20), p);
  EXPECT_DOUBLE_EQ(*s.expected, 152.0);
  EXPECT_EQ(s.status, Status::kOnTrack);
}

// ---------------------------------------------------------------------------
// Aggregation
// ---------------------------------------------------------------------------

ScoredIndicator Made(std::string id, std::string area, double weight,
                     Status status, std::optional<double> score,
                     std::optional<double> lead = std::nullopt) {
  ScoredIndicator s;
  s.id = std::move(id);
  s.area = std::move(area);
  s.weight = weight;
  s.result.status = status;
  s.result.underlying_status = status;
  s.result.score = score;
  s.result.lead = lead;
  return s;
}

TEST(AggregateTest, WeightedMeansLeaveNoDataOutAndCountIt) {
  const std::vector<ScoredIndicator> all = {
      Made("a1", "economy", 1, Status::kOnTrack, 100),
      Made("a2", "economy", 3, Status::kBehind, 50),
      Made("a3", "economy", 5, Status::kNoData, std::nullopt),
      Made("b1", "ecology", 2, Status::kStale, 80),  // stale still scores
      Made("b2", "ecology", 4, Status::kUnavailable, std::nullopt),
      Made("c1", "people", 1, Status::kNoData, std::nullopt),
  };
  const OverallScore o = AggregateAreas(all);
  ASSERT_EQ(o.areas.size(), 3u);
  // economy: (1 x 100 + 3 x 50) / 4 = 62.5, weight 4 (a3 left out).
  EXPECT_EQ(o.areas[0].area, "economy");
  EXPECT_DOUBLE_EQ(*o.areas[0].score, 62.5);
  EXPECT_DOUBLE_EQ(o.areas[0].weight, 4.0);
  EXPECT_EQ(o.areas[0].counts.no_data, 1);
  EXPECT_EQ(o.areas[0].counts.total(), 3);
  // ecology: 80, weight 2.
  EXPECT_DOUBLE_EQ(*o.areas[1].score, 80.0);
  EXPECT_DOUBLE_EQ(o.areas[1].weight, 2.0);
  EXPECT_EQ(o.areas[1].counts.unavailable, 1);
  EXPECT_EQ(o.areas[1].counts.stale, 1);
  // people: nothing scored.
  EXPECT_FALSE(o.areas[2].score.has_value());
  // overall: (4 x 62.5 + 2 x 80) / 6 = 410 / 6 = 68.33...
  EXPECT_DOUBLE_EQ(*o.score, 410.0 / 6);
  EXPECT_EQ(o.counts.no_data, 2);
  EXPECT_EQ(o.counts.unavailable, 1);
  EXPECT_EQ(o.counts.on_track, 1);
  EXPECT_EQ(o.counts.behind, 1);
  EXPECT_EQ(o.counts.total(), 6);
}

TEST(AggregateTest, GivenAreaWeightsReplaceIndicatorSums) {
  const std::vector<ScoredIndicator> all = {
      Made("a1", "economy", 1, Status::kOnTrack, 100),
      Made("a2", "economy", 3, Status::kBehind, 50),
      Made("b1", "ecology", 2, Status::kAtRisk, 80),
  };
  const OverallScore o =
      AggregateAreas(all, {{"economy", 1.0}, {"ecology", 3.0}});
  // (1 x 62.5 + 3 x 80) / 4 = 75.625.
  EXPECT_DOUBLE_EQ(*o.score, 75.625);
}

TEST(AggregateTest, NothingScoredGivesNoScore) {
  EXPECT_FALSE(AggregateAreas({}).score.has_value());
  EXPECT_FALSE(
      AggregateAreas({Made("x", "a", 1, Status::kNoData, std::nullopt)})
          .score.has_value());
}

TEST(AggregateTest, EndToEndFromRules) {
  IndicatorRule investment = Rule(Comparator::kCumulativeAtLeast, 366);
  investment.id = "investment";
  investment.area = "economy";
  investment.weight = 2;
  IndicatorRule growth = Rule(Comparator::kRateAtLeast, 6.0);
  growth.id = "growth";
  growth.area = "economy";
  const std::vector<ScoredIndicator> all = {
      ScoreIndicator(investment, Value(91.0), kMidYear),  // 91/182 -> 50
      ScoreIndicator(growth, Value(5.0), kMidYear),       // 80
  };
  EXPECT_EQ(all[0].id, "investment");
  EXPECT_DOUBLE_EQ(all[0].weight, 2.0);
  // (2 x 50 + 1 x 80) / 3 = 60.
  EXPECT_DOUBLE_EQ(*AggregateAreas(all).score, 60.0);
}

// ---------------------------------------------------------------------------
// Trend
// ---------------------------------------------------------------------------

TEST(TrendTest, LowerIsBetterForZero) {
  const IndicatorRule r = ZeroRule(20);
  EXPECT_EQ(TrendOf(r, 8.0, 10.0, kMidYear), Trend::kBetter);
  EXPECT_EQ(TrendOf(r, 12.0, 10.0, kMidYear), Trend::kWorse);
  EXPECT_EQ(TrendOf(r, 10.0, 10.0, kMidYear), Trend::kSame);
}

TEST(TrendTest, HigherIsBetterForRatesAndLevels) {
  EXPECT_EQ(TrendOf(Rule(Comparator::kRateAtLeast, 6), 5.0, 6.0, kMidYear),
            Trend::kWorse);
  EXPECT_EQ(TrendOf(Rule(Comparator::kAbout, 6), 7.0, 6.0, kMidYear),
            Trend::kBetter);
  EXPECT_EQ(TrendOf(Rule(Comparator::kLevel, 100), 100.0, 100.0, kMidYear),
            Trend::kSame);
}

TEST(TrendTest, CumulativeComparesGapToTimeLineNotRawGrowth) {
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);
  // Now 2024-06-30 (expected 182); a month earlier 2024-05-30 (day 151).
  // 180 vs 150: went up, but the gap widened from -1 to -2: WORSE.
  EXPECT_EQ(TrendOf(r, 180.0, 150.0, kMidYear), Trend::kWorse);
  EXPECT_EQ(TrendOf(r, 185.0, 150.0, kMidYear), Trend::kBetter);
  EXPECT_EQ(TrendOf(r, 181.0, 150.0, kMidYear), Trend::kSame);
  // 31 March -> 29 February (clamped): expected 91 and 60.
  EXPECT_EQ(TrendOf(r, 91.0, 60.0, CivilDay(2024, 3, 31)), Trend::kSame);
}

TEST(TrendTest, Unknowns) {
  const IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 366);
  EXPECT_EQ(TrendOf(r, std::nullopt, 10.0, kMidYear), Trend::kUnknown);
  EXPECT_EQ(TrendOf(r, 10.0, std::nullopt, kMidYear), Trend::kUnknown);
  // A month before 20 January is in the previous plan year.
  EXPECT_EQ(TrendOf(r, 10.0, 300.0, CivilDay(2024, 1, 20)), Trend::kUnknown);
  EXPECT_EQ(TrendOf(Rule(Comparator::kMilestone, 0), 1.0, 0.0, kMidYear),
            Trend::kUnknown);
}

// ---------------------------------------------------------------------------
// Year-end projection by comparator
// ---------------------------------------------------------------------------

TEST(ProjectYearEndTest, ByComparator) {
  EXPECT_DOUBLE_EQ(*ProjectYearEnd(Rule(Comparator::kCumulativeAtLeast, 199),
                                   Value(99.0), kMidYear),
                   99.0 * 366 / 182);
  EXPECT_DOUBLE_EQ(
      *ProjectYearEnd(Rule(Comparator::kRateAtLeast, 6), Value(5.4), kMidYear),
      5.4);
  EXPECT_DOUBLE_EQ(
      *ProjectYearEnd(Rule(Comparator::kLevel, 100), Value(98.0), kMidYear),
      98.0);
  EXPECT_DOUBLE_EQ(*ProjectYearEnd(ZeroRule(20), Value(11.0), kMidYear),
                   20 - 9 * 366.0 / 182);
  EXPECT_FALSE(ProjectYearEnd(Rule(Comparator::kMilestone, 0), Done(false),
                              kMidYear)
                   .has_value());
  EXPECT_FALSE(ProjectYearEnd(Rule(Comparator::kCumulativeAtLeast, 1),
                              Observation{}, kMidYear)
                   .has_value());
}

// ---------------------------------------------------------------------------
// Weak / strong ranking
// ---------------------------------------------------------------------------

TEST(RankingTest, WeakByScoreThenShortfallStrongByLead) {
  const std::vector<ScoredIndicator> all = {
      Made("w1", "a", 1, Status::kBehind, 60, -0.30),
      Made("s1", "a", 1, Status::kOnTrack, 100, 0.20),
      Made("w3", "a", 1, Status::kAtRisk, 80, -0.10),
      Made("w2", "a", 1, Status::kBehind, 60, -0.40),  // same score, further behind
      Made("s2", "a", 1, Status::kMet, 100, 0.35),
      Made("line", "a", 1, Status::kOnTrack, 100, 0.0),  // on the line: neither
      Made("nd", "a", 1, Status::kNoData, std::nullopt),
      Made("r1", "a", 1, Status::kAtRisk, 90, std::nullopt),
  };
  const Ranking top3 = RankWeakStrong(all, 3);
  EXPECT_THAT(top3.weak, ElementsAre("w2", "w1", "w3"));
  EXPECT_THAT(top3.strong, ElementsAre("s2", "s1"));
  const Ranking top10 = RankWeakStrong(all, 10);
  EXPECT_THAT(top10.weak, ElementsAre("w2", "w1", "w3", "r1"));
  EXPECT_THAT(RankWeakStrong(all, 1).weak, ElementsAre("w2"));
  EXPECT_THAT(RankWeakStrong(all, 0).weak, IsEmpty());
}

TEST(RankingTest, FromScoredRules) {
  // Target 366 at mid-year (expected 182).
  IndicatorRule a = Rule(Comparator::kCumulativeAtLeast, 366);
  a.id = "ahead";    // 219.6 -> completion 0.6, f 0.497: lead +0.103
  IndicatorRule b = Rule(Comparator::kCumulativeAtLeast, 366);
  b.id = "behind";   // 91 -> score 50
  IndicatorRule c = Rule(Comparator::kCumulativeAtLeast, 366);
  c.id = "slightly";  // 170 -> score 93.4
  IndicatorRule d = Rule(Comparator::kRateAtLeast, 6);
  d.id = "growth";   // 9 % against 6 %: lead +0.5
  const std::vector<ScoredIndicator> all = {
      ScoreIndicator(a, Value(219.6), kMidYear),
      ScoreIndicator(b, Value(91.0), kMidYear),
      ScoreIndicator(c, Value(170.0), kMidYear),
      ScoreIndicator(d, Value(9.0), kMidYear),
  };
  EXPECT_NEAR(*all[0].result.lead, 0.6 - kFMid, 1e-12);
  const Ranking r = RankWeakStrong(all, 2);
  EXPECT_THAT(r.weak, ElementsAre("behind", "slightly"));
  EXPECT_THAT(r.strong, ElementsAre("growth", "ahead"));
}

// ---------------------------------------------------------------------------
// Names and rule checks
// ---------------------------------------------------------------------------

TEST(NamesTest, StatusAndTrendNames) {
  EXPECT_EQ(ToString(Status::kOnTrack), "ON_TRACK");
  EXPECT_EQ(ToString(Status::kNoData), "NO_DATA");
  EXPECT_EQ(ToString(Status::kUnavailable), "UNAVAILABLE");
  EXPECT_EQ(ToString(Trend::kWorse), "WORSE");
  EXPECT_EQ(ToString(Comparator::kInStepWith), "IN_STEP_WITH");
}

TEST(RuleProblemsTest, FlagsBrokenRules) {
  EXPECT_THAT(RuleProblems(Rule(Comparator::kCumulativeAtLeast, 10)), IsEmpty());
  EXPECT_EQ(RuleProblems(Rule(Comparator::kCumulativeAtLeast, 0)).size(), 1u);
  EXPECT_EQ(RuleProblems(Rule(Comparator::kInStepWith, 0)).size(), 1u);
  IndicatorRule r = Rule(Comparator::kCumulativeAtLeast, 10);
  r.monthly_schedule = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6,
                        0.7, 0.8, 0.9, 0.95, 0.9, 1.0};  // decreases
  EXPECT_EQ(RuleProblems(r).size(), 1u);
  r.monthly_schedule.back() = 0.97;  // decreases and does not reach 1
  EXPECT_EQ(RuleProblems(r).size(), 2u);
  r.weight = -1;
  EXPECT_EQ(RuleProblems(r).size(), 3u);
}

}  // namespace
}  // namespace devplan::scoring
