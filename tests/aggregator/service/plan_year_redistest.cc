// Any plan year is graded by its own calendar (issue #12: a 2025 plan was graded with the 2024
// policy, elapsed share 1.0 all year, and expected the whole year's 2000 jobs in April). The
// same reports in four years, read over gRPC from the real services, meet the same
// expectations, each on its year's calendar: 2024 and 2028 are leap years (29 February, 366
// days), 2025 and 2026 are not. A watch of "today" follows the plan of today's year.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/aggregator/service/plan_fixtures.h"
#include "tests/support/suite_fixture.h"

namespace devplan::testing {
namespace {

std::string Day(const v1::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

v1::Scorecard CardOverGrpc(SuiteFixture& s, const v1::Date& as_of) {
  v1::GetScorecardRequest req;
  req.set_district("410108");
  *req.mutable_as_of() = as_of;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::Scorecard card;
  const grpc::Status status = s.ScorecardStub()->GetScorecard(&ctx, req, &card);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return card;
}

// A plan of `year` with the test plan's 2000 jobs (and 226 good days) for 410108.
v1::Plan PlanOf(int year) {
  v1::Plan plan = TestPlan();
  plan.set_year(year);
  return plan;
}

// 200 new jobs in each of January, February and March of the plan year.
struct PlanYear {
  int year;
  int days_in_year;
  int last_of_february;
  int expected_by_february;  // 2000 × (31 + last_of_february) / days_in_year, whole people
  int expected_by_march;     // 2000 × (59 or 60 + 31) / days_in_year
};
constexpr PlanYear kPlanYears[] = {
    {2024, 366, 29, 327, 497},  // 2000 × 60/366 = 327.9, 2000 × 91/366 = 497.3
    {2025, 365, 28, 323, 493},  // 2000 × 59/365 = 323.3, 2000 × 90/365 = 493.2
    {2026, 365, 28, 323, 493},
    {2028, 366, 29, 327, 497},  // a leap year again: its time line after February counts 29 days
};

TEST(PlanYear, EveryYearIsGradedOnItsOwnCalendarWithTheSameExpectations) {
  // One suite, one plan a year. "Today" is after every year, so no report is in the future.
  SuiteFixture s(Clock::FixedDay(absl::CivilDay(2028, 12, 31)));
  for (const PlanYear& y : kPlanYears) {
    ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(PlanOf(y.year), absl::StrCat("p", y.year))).ok());
    for (int month = 1; month <= 3; ++month) ReportJobs(s, month, 200, "410108", y.year);
  }
  for (const PlanYear& y : kPlanYears) {
    SCOPED_TRACE(y.year);
    const int days_to_february_end = 31 + y.last_of_february;
    const int days_to_march_end = days_to_february_end + 31;

    // 15 March: January and February count, read at the end of February.
    const v1::Scorecard march = CardOverGrpc(s, D(y.year, 3, 15));
    EXPECT_EQ(march.plan(), absl::StrCat("districts/410108/plans/", y.year));
    EXPECT_NEAR(march.elapsed_share(), (days_to_february_end + 15.0) / y.days_in_year, 1e-9);
    const v1::IndicatorResult& by_february = Find(march, "soc.new_urban_jobs");
    EXPECT_EQ(by_february.actual(), 400);
    EXPECT_EQ(Day(by_february.timeline_date()), Day(D(y.year, 2, y.last_of_february)));
    EXPECT_EQ(Day(by_february.current_to()), Day(D(y.year, 2, y.last_of_february)));
    EXPECT_EQ(by_february.expected(), y.expected_by_february);
    EXPECT_EQ(by_february.status(), v1::INDICATOR_STATUS_ON_TRACK);

    // 20 April: January–March, read at 31 March; 1400 to go over April–December.
    const v1::Scorecard april = CardOverGrpc(s, D(y.year, 4, 20));
    EXPECT_NEAR(april.elapsed_share(), (days_to_march_end + 20.0) / y.days_in_year, 1e-9);
    const v1::IndicatorResult& jobs = Find(april, "soc.new_urban_jobs");
    EXPECT_EQ(jobs.actual(), 600);
    EXPECT_EQ(Day(jobs.timeline_date()), Day(D(y.year, 3, 31)));
    EXPECT_EQ(jobs.expected(), y.expected_by_march);
    EXPECT_NEAR(jobs.timeline_gap_pp(), (600.0 - y.expected_by_march) / 2000 * 100, 1e-9);
    EXPECT_NEAR(jobs.needed_per_month(), 1400.0 / 9, 1e-9);
    EXPECT_EQ(jobs.status(), v1::INDICATOR_STATUS_ON_TRACK);
    EXPECT_EQ(jobs.score(), 100);

    // The good-days source reported nothing that year: after 4 January (daily figures) that
    // is overdue, scored 0, and the environment source is shown as not reporting.
    const v1::IndicatorResult& air = Find(april, "eco.air_good_days");
    EXPECT_EQ(air.status(), v1::INDICATOR_STATUS_NO_DATA);
    EXPECT_TRUE(air.overdue());
    EXPECT_EQ(air.score(), 0);
    int environment_overdue = -1, social_current = -1;
    for (const v1::ReportingCompleteness& rc : april.reporting()) {
      if (rc.source() == "environment") environment_overdue = rc.overdue();
      if (rc.source() == "social") social_current = rc.current();
    }
    EXPECT_EQ(environment_overdue, 1);
    EXPECT_EQ(social_current, 1);
  }
}

// A dashboard left open follows today: its watch carries no as_of. With today 20 April 2026
// the card is 2026's, on 2026's calendar, whatever other years have plans.
TEST(PlanYear, AWatchOfTodayFollowsThePlanOfTodaysYear) {
  SuiteFixture s(Clock::FixedDay(absl::CivilDay(2026, 4, 20)));
  v1::Plan earlier = PlanOf(2024);
  earlier.mutable_indicators(0)->set_target(1000);  // not the plan to follow
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(earlier, "p2024")).ok());
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(PlanOf(2026), "p2026")).ok());
  for (int month = 1; month <= 3; ++month) {
    ReportJobs(s, month, 150, "410108", 2024);
    ReportJobs(s, month, 200, "410108", 2026);
  }

  auto stub = s.ScorecardStub();
  v1::WatchScorecardRequest req;
  req.set_district("410108");  // no as_of: today
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto watch = stub->WatchScorecard(&ctx, req);
  v1::Scorecard card;
  ASSERT_TRUE(watch->Read(&card));
  EXPECT_EQ(Day(card.as_of()), "2026-04-20");
  EXPECT_EQ(card.plan(), "districts/410108/plans/2026");
  EXPECT_NEAR(card.elapsed_share(), 110.0 / 365, 1e-9);
  const v1::IndicatorResult& jobs = Find(card, "soc.new_urban_jobs");
  EXPECT_EQ(jobs.target(), 2000);
  EXPECT_EQ(jobs.actual(), 600);
  EXPECT_EQ(Day(jobs.timeline_date()), "2026-03-31");
  EXPECT_EQ(jobs.expected(), 493);  // 2000 × 90/365, not the whole year's 2000
  EXPECT_EQ(jobs.status(), v1::INDICATOR_STATUS_ON_TRACK);

  // A write of today's year reaches the watch, read on the same calendar.
  ReportJobs(s, 3, 250, "410108", 2026);  // March revised
  v1::Scorecard revised;
  ASSERT_TRUE(watch->Read(&revised));
  EXPECT_EQ(Find(revised, "soc.new_urban_jobs").actual(), 650);
  EXPECT_EQ(Find(revised, "soc.new_urban_jobs").expected(), 493);
  ctx.TryCancel();
  EXPECT_EQ(watch->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

}  // namespace
}  // namespace devplan::testing
