// BuildScorecard without servers: a small 2024 plan and the metric answers a fan-out would
// have produced, judged at 30 June 2024 (day 182 of 366). Every expected figure below is
// worked out from the rules in services/aggregator/scoring/ and noted where it is asserted.
#include "services/aggregator/scorecard_builder.h"

#include <gtest/gtest.h>

#include <string>

#include "services/common/dates.h"

namespace devplan::aggregator {
namespace {

constexpr double kF = 182.0 / 366.0;  // elapsed share of 2024 at 30 June
const absl::CivilDay kAsOf(2024, 6, 30);

v1::Indicator Indicator(const std::string& id, v1::Area area, v1::Comparator comparator,
                        double target, const std::string& service, const std::string& key,
                        v1::Unit unit = v1::UNIT_COUNT) {
  v1::Indicator ind;
  ind.set_id(id);
  ind.set_name_zh(id);
  ind.set_area(area);
  ind.set_comparator(comparator);
  ind.set_target(target);
  ind.set_unit(unit);
  ind.mutable_source()->set_service(service);
  ind.mutable_source()->set_key(key);
  return ind;
}

v1::MetricValue Count(const std::string& key, int64_t n, absl::CivilDay current_to) {
  v1::MetricValue v;
  v.set_key(key);
  v.set_count(n);
  *v.mutable_current_to() = ToProtoDate(current_to);
  return v;
}

v1::MetricValue Percent(const std::string& key, double p, absl::CivilDay current_to) {
  v1::MetricValue v;
  v.set_key(key);
  v.set_percent(p);
  *v.mutable_current_to() = ToProtoDate(current_to);
  return v;
}

v1::MetricValue Done(const std::string& key, bool done, absl::CivilDay current_to) {
  v1::MetricValue v;
  v.set_key(key);
  v.set_done(done);
  *v.mutable_current_to() = ToProtoDate(current_to);
  return v;
}

// Five indicators over four areas and three services:
//   soc.jobs      livelihood  cumulative 10000 (weight 2)  social/new_urban_jobs
//   soc.schools   livelihood  cumulative 4                 social/new_schools
//   econ.gdp      economy     rate at least 6 %            investment/gdp_growth
//   proj.bridge   projects    milestone due 31 March       investment/bridge_done
//   eco.good_days ecology     cumulative 250 days          environment/air_good_days
v1::Plan TestPlan() {
  v1::Plan plan;
  plan.set_name("districts/410108/plans/2024");
  plan.set_district("410108");
  plan.set_district_name_zh("惠济区");
  plan.set_year(2024);
  plan.set_version(3);
  v1::Indicator jobs = Indicator("soc.jobs", v1::AREA_LIVELIHOOD,
                                 v1::COMPARATOR_CUMULATIVE_AT_LEAST, 10000, "social",
                                 "new_urban_jobs");
  jobs.set_weight(2);
  *plan.add_indicators() = jobs;
  *plan.add_indicators() = Indicator("soc.schools", v1::AREA_LIVELIHOOD,
                                     v1::COMPARATOR_CUMULATIVE_AT_LEAST, 4, "social",
                                     "new_schools");
  *plan.add_indicators() = Indicator("econ.gdp", v1::AREA_ECONOMY, v1::COMPARATOR_RATE_AT_LEAST,
                                     6.0, "investment", "gdp_growth", v1::UNIT_PERCENT);
  v1::Indicator bridge = Indicator("proj.bridge", v1::AREA_PROJECTS, v1::COMPARATOR_MILESTONE, 0,
                                   "investment", "bridge_done", v1::UNIT_MILESTONE);
  *bridge.mutable_due() = ToProtoDate(absl::CivilDay(2024, 3, 31));
  *plan.add_indicators() = bridge;
  *plan.add_indicators() = Indicator("eco.good_days", v1::AREA_ECOLOGY,
                                     v1::COMPARATOR_CUMULATIVE_AT_LEAST, 250, "environment",
                                     "air_good_days", v1::UNIT_DAYS);
  return plan;
}

// Every service answered; soc.schools has no fact yet.
ScorecardInputs AllAnswered(const v1::Plan& plan) {
  ScorecardInputs in;
  in.plan = &plan;
  in.as_of = kAsOf;
  in.now["new_urban_jobs"] = Count("new_urban_jobs", 6000, kAsOf);
  in.now["gdp_growth"] = Percent("gdp_growth", 5.5, absl::CivilDay(2024, 5, 31));
  in.now["bridge_done"] = Done("bridge_done", false, kAsOf);
  in.now["air_good_days"] = Count("air_good_days", 120, kAsOf);
  in.month_ago["new_urban_jobs"] = Count("new_urban_jobs", 4000, absl::CivilDay(2024, 5, 31));
  in.month_ago["air_good_days"] = Count("air_good_days", 100, absl::CivilDay(2024, 5, 31));
  return in;
}

const v1::IndicatorResult& Result(const v1::Scorecard& card, const std::string& id) {
  for (const v1::IndicatorResult& r : card.indicators()) {
    if (r.id() == id) return r;
  }
  ADD_FAILURE() << "no indicator " << id;
  static const v1::IndicatorResult kNone;
  return kNone;
}

const v1::AreaResult& Area(const v1::Scorecard& card, v1::Area area) {
  for (const v1::AreaResult& a : card.areas()) {
    if (a.area() == area) return a;
  }
  ADD_FAILURE() << "no area " << v1::Area_Name(area);
  static const v1::AreaResult kNone;
  return kNone;
}

TEST(BuildScorecard, CarriesThePlanAndTheTimeLine) {
  const v1::Plan plan = TestPlan();
  const v1::Scorecard card = BuildScorecard(AllAnswered(plan));
  EXPECT_EQ(card.district(), "410108");
  EXPECT_EQ(card.district_name_zh(), "惠济区");
  EXPECT_EQ(card.plan(), "districts/410108/plans/2024");
  EXPECT_EQ(card.plan_version(), 3);
  EXPECT_EQ(card.as_of().month(), 6);
  EXPECT_EQ(card.as_of().day(), 30);
  EXPECT_DOUBLE_EQ(card.elapsed_share(), kF);
  EXPECT_EQ(card.indicators_size(), 5);
  EXPECT_TRUE(card.failed_sources().empty());
  EXPECT_TRUE(card.has_compute_time());
}

TEST(BuildScorecard, ACumulativeIndicatorAheadOfTheTimeLineIsOnTrack) {
  const v1::Plan plan = TestPlan();
  const v1::Scorecard card = BuildScorecard(AllAnswered(plan));
  const v1::IndicatorResult& jobs = Result(card, "soc.jobs");
  // expected = 10000 × f = 4972.7, in whole people 4972; 6000 is above it, below the target.
  EXPECT_EQ(jobs.status(), v1::INDICATOR_STATUS_ON_TRACK);
  EXPECT_EQ(jobs.expected(), 4972);
  // 序时进度: read at 30 June, the end of the period the figure covers; 0.6 − 0.4972 ahead.
  EXPECT_EQ(jobs.timeline_date().day(), 30);
  EXPECT_NEAR(jobs.timeline_gap_pp(), (6000.0 - 4972) / 10000 * 100, 1e-9);
  // 4000 to go over July–December.
  EXPECT_NEAR(jobs.needed_per_month(), 4000.0 / 6, 1e-9);
  EXPECT_DOUBLE_EQ(jobs.actual(), 6000);
  EXPECT_DOUBLE_EQ(jobs.completion(), 0.6);
  EXPECT_DOUBLE_EQ(jobs.score(), 100);
  EXPECT_DOUBLE_EQ(jobs.change_since_previous_month(), 2000);
  // On 30 May 4000 was behind its time line (10000 × 151/366 = 4126); now it is ahead.
  EXPECT_EQ(jobs.trend(), v1::TREND_BETTER);
  EXPECT_NEAR(jobs.year_end_projection(), 6000 / kF, 1e-6);
  EXPECT_EQ(jobs.current_to().day(), 30);
}

TEST(BuildScorecard, ARateJustUnderItsFloorIsAtRiskWithAPartialScore) {
  const v1::Plan plan = TestPlan();
  const v1::Scorecard card = BuildScorecard(AllAnswered(plan));
  const v1::IndicatorResult& gdp = Result(card, "econ.gdp");
  // 5.5 % against 6 %: within the 1 pp tolerance, score 100 × (1 − 0.5 / 5).
  EXPECT_EQ(gdp.status(), v1::INDICATOR_STATUS_AT_RISK);
  EXPECT_DOUBLE_EQ(gdp.expected(), 6.0);
  EXPECT_NEAR(gdp.score(), 90, 1e-9);
  EXPECT_FALSE(gdp.has_completion());  // a growth rate is not a share of anything
  EXPECT_EQ(gdp.trend(), v1::TREND_UNSPECIFIED);  // no value a month ago
  EXPECT_FALSE(gdp.has_change_since_previous_month());
}

TEST(BuildScorecard, AMilestoneNotDoneAfterItsDueDateIsBehindAndScoresZero) {
  const v1::Plan plan = TestPlan();
  const v1::Scorecard card = BuildScorecard(AllAnswered(plan));
  const v1::IndicatorResult& bridge = Result(card, "proj.bridge");
  EXPECT_EQ(bridge.status(), v1::INDICATOR_STATUS_BEHIND);
  EXPECT_DOUBLE_EQ(bridge.score(), 0);
  EXPECT_FALSE(bridge.done());
  EXPECT_FALSE(bridge.has_year_end_projection());
}

TEST(BuildScorecard, AnIndicatorWithoutAFactPastItsFirstDueDateIsOverdueAndScoresZero) {
  const v1::Plan plan = TestPlan();
  const v1::Scorecard card = BuildScorecard(AllAnswered(plan));
  const v1::IndicatorResult& schools = Result(card, "soc.schools");
  // A monthly figure: January's was due by 20 February; by 30 June its absence is overdue.
  EXPECT_EQ(schools.status(), v1::INDICATOR_STATUS_NO_DATA);
  EXPECT_FALSE(schools.has_actual());
  EXPECT_TRUE(schools.overdue());
  EXPECT_DOUBLE_EQ(schools.score(), 0);
  EXPECT_NE(schools.explanation().find("overdue"), std::string::npos) << schools.explanation();
  // The card's reporting line names the source that has not reported.
  bool social = false;
  for (const v1::ReportingCompleteness& rc : card.reporting()) {
    if (rc.source() != "social") continue;
    social = true;
    EXPECT_EQ(rc.current(), 1);
    EXPECT_EQ(rc.overdue(), 1);
  }
  EXPECT_TRUE(social);
}

TEST(BuildScorecard, AnIndicatorWithoutAFactBeforeItsFirstDueDateIsLeftOut) {
  const v1::Plan plan = TestPlan();
  ScorecardInputs in = AllAnswered(plan);
  in.as_of = absl::CivilDay(2024, 2, 10);
  const v1::Scorecard card = BuildScorecard(in);
  const v1::IndicatorResult& schools = Result(card, "soc.schools");
  EXPECT_EQ(schools.status(), v1::INDICATOR_STATUS_NO_DATA);
  EXPECT_FALSE(schools.overdue());
  EXPECT_FALSE(schools.has_score());
  EXPECT_EQ(schools.explanation(), "no value reported yet");
}

TEST(BuildScorecard, GoodDaysTellHowManyBadDaysAreStillAffordable) {
  const v1::Plan plan = TestPlan();
  const v1::Scorecard card = BuildScorecard(AllAnswered(plan));
  const v1::IndicatorResult& days = Result(card, "eco.good_days");
  // 184 days of 2024 remain after 30 June; 130 more good days are needed: 54 to spare.
  EXPECT_DOUBLE_EQ(days.days_to_spare(), 54);
  // expected 250 × f = 124.3; 120 is within 90 % of it.
  EXPECT_EQ(days.status(), v1::INDICATOR_STATUS_AT_RISK);
  EXPECT_NEAR(days.score(), 100 * 120 / (250 * kF), 1e-9);
}

TEST(BuildScorecard, AreasAndOverallAreWeightedMeansOfWhatScored) {
  const v1::Plan plan = TestPlan();
  const v1::Scorecard card = BuildScorecard(AllAnswered(plan));
  ASSERT_EQ(card.areas_size(), 4);
  // Livelihood: soc.jobs (weight 2) 100 and soc.schools, overdue, 0.
  const v1::AreaResult& livelihood = Area(card, v1::AREA_LIVELIHOOD);
  EXPECT_NEAR(livelihood.score(), 200.0 / 3, 1e-9);
  EXPECT_EQ(livelihood.status_counts().at("ON_TRACK"), 1);
  EXPECT_EQ(livelihood.status_counts().at("NO_DATA"), 1);
  EXPECT_NEAR(Area(card, v1::AREA_ECONOMY).score(), 90, 1e-9);
  EXPECT_DOUBLE_EQ(Area(card, v1::AREA_PROJECTS).score(), 0);
  const double ecology = 100 * 120 / (250 * kF);
  EXPECT_NEAR(Area(card, v1::AREA_ECOLOGY).score(), ecology, 1e-9);
  // An area weighs what its scored indicators weigh: livelihood 3, the others 1.
  EXPECT_NEAR(card.overall_score(), (200.0 + 90 + 0 + ecology) / 6, 1e-9);
}

TEST(BuildScorecard, WeakestAndStrongestFollowScoreAndLead) {
  const v1::Plan plan = TestPlan();
  const v1::Scorecard card = BuildScorecard(AllAnswered(plan));
  // Below 100, lowest first: bridge 0 and the overdue schools 0 (a tie without a lead,
  // broken by id), gdp 90, good days 96.5.
  ASSERT_EQ(card.weakest_size(), 4);
  EXPECT_EQ(card.weakest(0), "proj.bridge");
  EXPECT_EQ(card.weakest(1), "soc.schools");
  EXPECT_EQ(card.weakest(2), "econ.gdp");
  EXPECT_EQ(card.weakest(3), "eco.good_days");
  // Only soc.jobs is ahead of its time line.
  ASSERT_EQ(card.strongest_size(), 1);
  EXPECT_EQ(card.strongest(0), "soc.jobs");
}

TEST(BuildScorecard, AnAreaFilterKeepsOnlyThatAreasIndicatorsAndScore) {
  const v1::Plan plan = TestPlan();
  ScorecardInputs in = AllAnswered(plan);
  in.areas = {v1::AREA_ECONOMY};
  const v1::Scorecard card = BuildScorecard(in);
  ASSERT_EQ(card.indicators_size(), 1);
  EXPECT_EQ(card.indicators(0).id(), "econ.gdp");
  ASSERT_EQ(card.areas_size(), 1);
  EXPECT_EQ(card.areas(0).area(), v1::AREA_ECONOMY);
  EXPECT_NEAR(card.overall_score(), 90, 1e-9);
}

TEST(BuildScorecard, ADailyMetricTenDaysOldIsStaleWhereAMonthlyOneIsNot) {
  const v1::Plan plan = TestPlan();
  ScorecardInputs in = AllAnswered(plan);
  in.now["new_urban_jobs"] = Count("new_urban_jobs", 6000, absl::CivilDay(2024, 6, 20));
  EXPECT_EQ(Result(BuildScorecard(in), "soc.jobs").status(), v1::INDICATOR_STATUS_ON_TRACK);

  in.cadence["new_urban_jobs"] = v1::CADENCE_DAILY;  // at most 3 days old
  const v1::Scorecard card = BuildScorecard(in);
  const v1::IndicatorResult& jobs = Result(card, "soc.jobs");
  EXPECT_EQ(jobs.status(), v1::INDICATOR_STATUS_STALE);
  EXPECT_DOUBLE_EQ(jobs.score(), 100);  // STALE keeps the score it had
  EXPECT_NE(jobs.explanation().find("older than its reporting cadence"), std::string::npos)
      << jobs.explanation();
  EXPECT_EQ(Area(card, v1::AREA_LIVELIHOOD).status_counts().at("STALE"), 1);
}

TEST(BuildScorecard, AFailedServiceMakesItsIndicatorsUnavailableAndTheRestStillScore) {
  const v1::Plan plan = TestPlan();
  ScorecardInputs in = AllAnswered(plan);
  // environment did not answer: what a fan-out leaves is its last known value.
  in.now.erase("air_good_days");
  in.failed_services = {"environment"};
  in.last_known["air_good_days"] = Count("air_good_days", 110, absl::CivilDay(2024, 6, 15));
  const v1::Scorecard card = BuildScorecard(in);

  ASSERT_EQ(card.failed_sources_size(), 1);
  EXPECT_EQ(card.failed_sources(0), "environment");
  const v1::IndicatorResult& days = Result(card, "eco.good_days");
  EXPECT_EQ(days.status(), v1::INDICATOR_STATUS_UNAVAILABLE);
  EXPECT_FALSE(days.has_score());
  EXPECT_DOUBLE_EQ(days.actual(), 110);  // the last known value, shown
  EXPECT_EQ(days.current_to().day(), 15);
  EXPECT_FALSE(days.has_year_end_projection());
  EXPECT_FALSE(days.has_change_since_previous_month());  // nothing fresh to compare
  EXPECT_EQ(days.explanation(), "environment did not answer; last known value shown");

  // Ecology has nothing scored, so it has no score and drops out of the overall mean.
  const v1::AreaResult& ecology = Area(card, v1::AREA_ECOLOGY);
  EXPECT_FALSE(ecology.has_score());
  EXPECT_EQ(ecology.status_counts().at("UNAVAILABLE"), 1);
  // Livelihood (weight 3: soc.jobs 100 × 2, overdue soc.schools 0), economy 90, projects 0.
  EXPECT_NEAR(card.overall_score(), (100 * 2 + 0 + 90 + 0) / 5.0, 1e-9);
  // The other services' indicators are judged as before.
  EXPECT_EQ(Result(card, "soc.jobs").status(), v1::INDICATOR_STATUS_ON_TRACK);
  EXPECT_EQ(Result(card, "econ.gdp").status(), v1::INDICATOR_STATUS_AT_RISK);
}

TEST(BuildScorecard, AFailedServiceWithNothingKnownShowsNoValue) {
  const v1::Plan plan = TestPlan();
  ScorecardInputs in = AllAnswered(plan);
  in.failed_services = {"investment"};  // no last_known: the aggregator never saw it answer
  const v1::Scorecard card = BuildScorecard(in);
  for (const char* id : {"econ.gdp", "proj.bridge"}) {
    const v1::IndicatorResult& r = Result(card, id);
    EXPECT_EQ(r.status(), v1::INDICATOR_STATUS_UNAVAILABLE) << id;
    EXPECT_FALSE(r.has_actual()) << id;
    EXPECT_FALSE(r.has_score()) << id;
  }
  EXPECT_FALSE(Area(card, v1::AREA_ECONOMY).has_score());
  EXPECT_FALSE(Area(card, v1::AREA_PROJECTS).has_score());
  // Nothing unavailable may be named weakest: it has no score to be weak with.
  for (const std::string& id : card.weakest()) {
    EXPECT_NE(id, "econ.gdp");
    EXPECT_NE(id, "proj.bridge");
  }
}

TEST(BuildScorecard, InStepWithTakesTheOtherIndicatorsActualAsItsTarget) {
  v1::Plan plan = TestPlan();
  v1::Indicator revenue = Indicator("econ.revenue", v1::AREA_ECONOMY, v1::COMPARATOR_IN_STEP_WITH,
                                    0, "investment", "revenue_growth", v1::UNIT_PERCENT);
  revenue.set_in_step_with("econ.gdp");
  *plan.add_indicators() = revenue;
  ScorecardInputs in = AllAnswered(plan);
  in.now["revenue_growth"] = Percent("revenue_growth", 5.2, absl::CivilDay(2024, 5, 31));
  const v1::Scorecard card = BuildScorecard(in);
  const v1::IndicatorResult& r = Result(card, "econ.revenue");
  // In step with gdp's 5.5 %: at least 5.5 − 0.5 pp, and 5.2 is.
  EXPECT_DOUBLE_EQ(r.target(), 5.5);
  EXPECT_EQ(r.status(), v1::INDICATOR_STATUS_ON_TRACK);
  EXPECT_DOUBLE_EQ(r.score(), 100);

  in.now["revenue_growth"] = Percent("revenue_growth", 4.2, absl::CivilDay(2024, 5, 31));
  EXPECT_EQ(Result(BuildScorecard(in), "econ.revenue").status(), v1::INDICATOR_STATUS_AT_RISK);
}

}  // namespace
}  // namespace devplan::aggregator
