// The aggregator against the real domain services over gRPC and a real Redis: plan
// validation and versions, a domain write reaching the scorecard, and a partial outage.
#include <gtest/gtest.h>

#include <cstdio>

#include "absl/time/clock.h"

#include "tests/aggregator/service/plan_fixtures.h"
#include "tests/support/suite_fixture.h"

namespace devplan::testing {
namespace {

TEST(ScorecardService, RefusesAFlawedPlanListingEveryProblemAndKeepsThePrevious) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "v1")).ok());

  v1::Plan bad = TestPlan();
  *bad.add_indicators() = bad.indicators(0);  // duplicate id
  bad.mutable_indicators(1)->mutable_source()->set_key("environment.no_such_metric");
  bad.mutable_indicators(0)->set_weight(-1);
  absl::StatusOr<v1::Plan> refused = s.scorecard().DoPutPlan(PutRequest(bad, "v2"));
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string msg(refused.status().message());
  EXPECT_NE(msg.find("duplicate"), std::string::npos) << msg;
  EXPECT_NE(msg.find("environment.no_such_metric"), std::string::npos) << msg;
  EXPECT_NE(msg.find("weight"), std::string::npos) << msg;

  v1::GetPlanRequest get;
  get.set_name("districts/410108/plans/2024");
  absl::StatusOr<v1::Plan> in_force = s.scorecard().DoGetPlan(get);
  ASSERT_TRUE(in_force.ok());
  EXPECT_EQ(in_force->version(), 1);
  EXPECT_EQ(in_force->indicators_size(), 2);
}

TEST(ScorecardService, PlansAreVersionedAndPutIsIdempotent) {
  SuiteFixture s;
  EXPECT_EQ(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "a"))->version(), 1);
  EXPECT_EQ(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "a"))->version(), 1);  // retry
  v1::Plan changed = TestPlan();
  changed.mutable_indicators(0)->set_target(2100);
  EXPECT_EQ(s.scorecard().DoPutPlan(PutRequest(changed, "b"))->version(), 2);
  v1::GetPlanRequest get;
  get.set_name("districts/410108/plans/2024");
  EXPECT_EQ(s.scorecard().DoGetPlan(get)->indicators(0).target(), 2100);
  get.set_version(1);
  EXPECT_EQ(s.scorecard().DoGetPlan(get)->indicators(0).target(), 2000);
  get.set_version(3);
  EXPECT_EQ(s.scorecard().DoGetPlan(get).status().code(), absl::StatusCode::kNotFound);
}

TEST(ScorecardService, ADomainWriteReachesTheScorecardThroughGetMetrics) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "p")).ok());
  ReportJobs(s, 1, 300);
  ReportJobs(s, 2, 200);
  ReportJobs(s, 3, 100);  // not yet ended on 2024-03-15

  auto stub = s.ScorecardStub();
  v1::GetScorecardRequest req;
  req.set_district("410108");
  *req.mutable_as_of() = D(2024, 3, 15);
  v1::Scorecard card;
  auto ctx = ContextWithDeadline();
  ASSERT_TRUE(stub->GetScorecard(ctx.get(), req, &card).ok());
  const v1::IndicatorResult& jobs = Find(card, "soc.new_urban_jobs");
  EXPECT_EQ(jobs.actual(), 500);  // January + February
  // 序时进度 is read at the end of the period the data covers (29 February, day 60), not at
  // the request date (15 March, day 75): expected = 2000 × 60/366 = 327.9, in whole people
  // 327 → ON_TRACK, and the card says how far ahead: (500 − 327)/2000 = +8.65 points.
  EXPECT_EQ(jobs.expected(), 327);
  EXPECT_EQ(jobs.timeline_date().month(), 2);
  EXPECT_EQ(jobs.timeline_date().day(), 29);
  EXPECT_NEAR(jobs.timeline_gap_pp(), (500.0 - 327) / 2000 * 100, 1e-9);
  // 1500 to go over the ten months March..December.
  EXPECT_NEAR(jobs.needed_per_month(), 150.0, 1e-9);
  EXPECT_EQ(jobs.status(), v1::INDICATOR_STATUS_ON_TRACK);
  EXPECT_EQ(jobs.current_to().month(), 2);
  EXPECT_EQ(jobs.current_to().day(), 29);  // 2024 is a leap year
  EXPECT_EQ(jobs.provenance().departments(0), "区人社局");
  // Nothing has been reported since the end of February (March counts once it ends).
  EXPECT_EQ(jobs.change_since_previous_month(), 0);
  EXPECT_EQ(Find(card, "eco.air_good_days").status(), v1::INDICATOR_STATUS_NO_DATA);
  EXPECT_TRUE(card.failed_sources().empty());

  // At the end of March its 100 jobs count, and they are the change since February's end.
  *req.mutable_as_of() = D(2024, 3, 31);
  auto ctx2 = ContextWithDeadline();
  ASSERT_TRUE(stub->GetScorecard(ctx2.get(), req, &card).ok());
  const v1::IndicatorResult& march = Find(card, "soc.new_urban_jobs");
  EXPECT_EQ(march.actual(), 600);
  EXPECT_EQ(march.change_since_previous_month(), 100);
  EXPECT_EQ(march.current_to().month(), 3);
}

TEST(ScorecardService, GoodDaysSayHowManyNonGoodDaysAreStillAffordable) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "p")).ok());
  for (int day = 1; day <= 10; ++day) {
    v1::SubmitDailyAqiRequest r;
    r.set_district("410108");
    *r.mutable_date() = D(2024, 1, day);
    const bool polluted = day == 4 || day == 5;
    r.set_aqi(polluted ? 160 : 40);
    if (polluted) r.add_primary_pollutants("PM2.5");
    r.set_reported_by("区生态环境分局");
    ASSERT_TRUE(s.environment().DoSubmitDailyAqi(r).ok());
  }
  const std::optional<v1::Scorecard> card = CardAsOf(s, D(2024, 1, 10));
  const v1::IndicatorResult& good = Find(*card, "eco.air_good_days");
  EXPECT_EQ(good.actual(), 8);
  // 2024 allows 366 − 226 = 140 non-good days; two are spent.
  ASSERT_TRUE(good.has_days_to_spare());
  EXPECT_EQ(good.days_to_spare(), 138);
  EXPECT_FALSE(Find(*card, "soc.new_urban_jobs").has_days_to_spare());  // not a day count
}

TEST(ScorecardService, AServiceDownYieldsAPartialScorecardNamingIt) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "p")).ok());
  ReportJobs(s, 1, 150);
  v1::GetScorecardRequest req;
  req.set_district("410108");
  *req.mutable_as_of() = D(2024, 2, 10);
  ASSERT_TRUE(s.scorecard().DoGetScorecard(req).ok());  // seen once: a last known value

  s.StopSocial();
  // The card already computed stays right while no fact changed, and is served as it was.
  ASSERT_TRUE(s.scorecard().DoGetScorecard(req)->failed_sources().empty());
  // Any other card needs the services again.
  *req.mutable_as_of() = D(2024, 2, 11);
  absl::StatusOr<v1::Scorecard> card = s.scorecard().DoGetScorecard(req);
  ASSERT_TRUE(card.ok()) << card.status();
  ASSERT_EQ(card->failed_sources_size(), 1);
  EXPECT_EQ(card->failed_sources(0), "social");
  const v1::IndicatorResult& jobs = Find(*card, "soc.new_urban_jobs");
  EXPECT_EQ(jobs.status(), v1::INDICATOR_STATUS_UNAVAILABLE);
  EXPECT_EQ(jobs.actual(), 150);  // the last known value, shown
  EXPECT_FALSE(jobs.has_score());
  EXPECT_EQ(Find(*card, "eco.air_good_days").status(), v1::INDICATOR_STATUS_NO_DATA);
}

// Issue #14, finding 8: gRPC's default reconnect backoff (growing to 120 s) left a service
// that came back unused for seconds while every call to it failed at once with "Connection
// refused". Now a call waits for the reconnect within its deadline, and reconnects are at
// most a second apart, so the first call after the restart is answered.
TEST(ScorecardService, AServiceThatComesBackIsUsedByTheNextCall) {
  SuiteFixture s;
  aggregator::DomainClients clients({{"social", s.social_address()}}, absl::Seconds(2));
  ASSERT_TRUE(clients.Definitions().ok());
  s.StopSocial();
  const absl::Time down = absl::Now();
  // A call while it is down starts the channel reconnecting (an idle channel does not).
  EXPECT_EQ(clients.Definitions(/*refresh=*/true).status().code(), absl::StatusCode::kUnavailable);
  // Long enough for the default backoff to have grown (attempts about 1 s, 2.6 s and 5.2 s
  // after the first): a default channel would still be waiting when the service returns.
  absl::SleepFor(absl::Seconds(3.5) - (absl::Now() - down));
  ASSERT_TRUE(s.RestartSocial()) << "the port was taken meanwhile";
  const absl::Time back = absl::Now();
  absl::StatusOr<std::map<std::string, std::map<std::string, v1::MetricDefinition>>> defs =
      clients.Definitions(/*refresh=*/true);
  ASSERT_TRUE(defs.ok()) << defs.status();
  EXPECT_FALSE(defs->at("social").empty());
  std::printf("[ measured ] restarted social answered after %.0f ms\n",
              absl::ToDoubleMilliseconds(absl::Now() - back));
}

TEST(ScorecardService, BadRequestsGetClearStatuses) {
  SuiteFixture s;
  v1::GetScorecardRequest req;
  req.set_district("41010");
  *req.mutable_as_of() = D(2024, 3, 1);
  EXPECT_EQ(s.scorecard().DoGetScorecard(req).status().code(), absl::StatusCode::kInvalidArgument);
  req.set_district("410108");
  EXPECT_EQ(s.scorecard().DoGetScorecard(req).status().code(), absl::StatusCode::kNotFound);
  req.mutable_as_of()->set_month(2);
  req.mutable_as_of()->set_day(30);  // D() would normalise it to 1 March
  EXPECT_EQ(s.scorecard().DoGetScorecard(req).status().code(), absl::StatusCode::kInvalidArgument);
  v1::GetPlanRequest get;
  get.set_name("districts/410108/plans/twenty");
  EXPECT_EQ(s.scorecard().DoGetPlan(get).status().code(), absl::StatusCode::kInvalidArgument);
}

namespace named_lists {

void School(SuiteFixture& s, const std::string& id, v1::PlanFacility plan,
            const std::vector<std::pair<v1::FacilityStage, v1::Date>>& steps) {
  v1::CreateFacilityRequest create;
  v1::Facility* f = create.mutable_facility();
  f->set_facility_id(id);
  f->set_district("410108");
  f->set_title_zh(id);
  f->set_kind(v1::FACILITY_KIND_SCHOOL);
  f->set_plan_facility(plan);
  f->set_lead_department("区教育局");
  create.set_reported_by("区教育局");
  ASSERT_TRUE(s.social().DoCreateFacility(create).ok());
  for (const auto& [stage, date] : steps) {
    v1::RecordFacilityStepRequest step;
    step.set_name("districts/410108/facilities/" + id);
    step.set_stage(stage);
    *step.mutable_date() = date;
    step.set_reported_by("区教育局");
    absl::StatusOr<v1::Facility> done = s.social().DoRecordFacilityStep(step);
    ASSERT_TRUE(done.ok()) << id << ": " << done.status();
  }
}

void WaterBody(SuiteFixture& s, const std::string& id, v1::Date listed_on) {
  v1::PutWaterBodyRequest req;
  v1::WaterBody* b = req.mutable_water_body();
  b->set_water_body_id(id);
  b->set_district("410108");
  b->set_title_zh(id);
  b->set_kind(v1::WATER_BODY_KIND_DITCH);
  b->set_black_odorous_listed(true);
  *b->mutable_listed_on() = listed_on;
  b->add_sampling_points("P1");
  req.set_reported_by("郑州市生态环境局惠济分局");
  ASSERT_TRUE(s.environment().DoPutWaterBody(req).ok());
}

v1::Plan ListsPlan() {
  v1::Plan p;
  p.set_district("410108");
  p.set_district_name_zh("惠济区");
  p.set_year(2024);
  v1::Indicator schools = Cumulative("soc.schools_delivered", v1::AREA_LIVELIHOOD, 2, "social",
                                     "social.schools_delivered");
  schools.mutable_source()->add_members("S-1");
  schools.mutable_source()->add_members("S-2");
  schools.set_lead_department("区教育局");
  *p.add_indicators() = schools;
  v1::Indicator hs38 = Cumulative("soc.high_school_38_enrolling", v1::AREA_LIVELIHOOD, 1,
                                  "social", "social.high_school_38_enrolling");
  hs38.set_comparator(v1::COMPARATOR_MILESTONE);
  hs38.set_unit(v1::UNIT_MILESTONE);
  *hs38.mutable_due() = D(2024, 9, 30);
  hs38.set_lead_department("区教育局");
  *p.add_indicators() = hs38;
  v1::Indicator black = Cumulative("eco.black_odorous_remaining", v1::AREA_ECOLOGY, 0,
                                   "environment", "environment.black_odorous_remaining");
  black.set_comparator(v1::COMPARATOR_ZERO);
  black.mutable_baseline_source()->set_service("environment");
  black.mutable_baseline_source()->set_key("environment.black_odorous_at_year_start");
  black.set_lead_department("郑州市生态环境局惠济分局");
  *p.add_indicators() = black;
  v1::Indicator jobs = Cumulative("soc.new_urban_jobs", v1::AREA_LIVELIHOOD, 2000, "social",
                                  "social.new_urban_jobs");
  jobs.set_lead_department("区人社局");
  *p.add_indicators() = jobs;
  return p;
}

}  // namespace named_lists

// Issue #12, plan data: a named list counts its members (not the category, which here also
// holds the senior high school and an unlisted school); the black-odorous baseline is the
// register's count on 1 January; a milestone with known stages is graded against its time
// line; and reporting completeness names the department that has reported nothing.
TEST(ScorecardService, NamedListsBaselinesStagesAndDepartmentsComeFromTheData) {
  using namespace named_lists;
  using S = v1::FacilityStage;
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(ListsPlan(), "lists")).ok());
  School(s, "S-1", v1::PLAN_FACILITY_UNSPECIFIED,
         {{S::FACILITY_STAGE_STARTED, D(2022, 3, 1)}, {S::FACILITY_STAGE_DELIVERED, D(2024, 5, 1)}});
  School(s, "S-2", v1::PLAN_FACILITY_UNSPECIFIED, {{S::FACILITY_STAGE_STARTED, D(2023, 3, 1)}});
  School(s, "U-1", v1::PLAN_FACILITY_UNSPECIFIED, {{S::FACILITY_STAGE_DELIVERED, D(2024, 4, 1)}});
  // The senior high school: structure done (rank 2 of 5 toward enrolling), delivered in June.
  School(s, "HS38", v1::PLAN_FACILITY_HIGH_SCHOOL_38,
         {{S::FACILITY_STAGE_STARTED, D(2022, 9, 1)},
          {S::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 3, 1)},
          {S::FACILITY_STAGE_DELIVERED, D(2024, 6, 10)}});
  // Two bodies on the register on 1 January, one listed in March (not in the baseline).
  WaterBody(s, "W-1", D(2023, 6, 1));
  WaterBody(s, "W-2", D(2024, 1, 1));
  WaterBody(s, "W-3", D(2024, 3, 15));

  const v1::Scorecard may = CardAsOf(s, D(2024, 5, 31));
  const v1::IndicatorResult& schools = Find(may, "soc.schools_delivered");
  // The category has S-1, U-1 (and HS38 in June); the list only S-1.
  EXPECT_EQ(schools.actual(), 1);
  // Stages: structure done is 2/5 of the way to enrolling; by 31 May the time line to
  // 30 September expects 152/274 of it, so 0.4 is behind (0.4 < 0.9 × 0.555).
  const v1::IndicatorResult& hs38 = Find(may, "soc.high_school_38_enrolling");
  EXPECT_DOUBLE_EQ(hs38.progress(), 0.4);
  EXPECT_NEAR(hs38.expected(), 152.0 / 274, 1e-9);
  EXPECT_EQ(hs38.status(), v1::INDICATOR_STATUS_BEHIND);
  EXPECT_NEAR(hs38.score(), 100 * 0.4 / (152.0 / 274), 1e-6);
  // In June delivery (rank 4) puts it at 0.8 ≥ the time line's 0.66: on track.
  const v1::Scorecard june = CardAsOf(s, D(2024, 6, 30));
  const v1::IndicatorResult& hs38_june = Find(june, "soc.high_school_38_enrolling");
  EXPECT_DOUBLE_EQ(hs38_june.progress(), 0.8);
  EXPECT_EQ(hs38_june.status(), v1::INDICATOR_STATUS_ON_TRACK);
  // Three unsampled bodies remain against a baseline of two from the register: behind.
  const v1::IndicatorResult& black = Find(may, "eco.black_odorous_remaining");
  EXPECT_EQ(black.actual(), 3);
  EXPECT_NEAR(black.expected(), 2 * (1 - may.elapsed_share()), 1e-9);
  EXPECT_EQ(black.status(), v1::INDICATOR_STATUS_BEHIND);
  // 区人社局 has reported nothing although January's jobs were due on 20 February.
  std::map<std::string, v1::ReportingCompleteness> by_department;
  for (const auto& rc : may.reporting_by_department()) by_department[rc.department()] = rc;
  ASSERT_EQ(by_department.size(), 3u);
  EXPECT_EQ(by_department["区人社局"].overdue(), 1);
  EXPECT_EQ(by_department["区教育局"].current(), 2);
  EXPECT_EQ(by_department["郑州市生态环境局惠济分局"].current(), 1);
  EXPECT_EQ(Find(may, "soc.new_urban_jobs").lead_department(), "区人社局");
  ASSERT_EQ(may.reporting_by_area_size(), 2);
  EXPECT_EQ(may.reporting_by_area(0).area(), v1::AREA_ECOLOGY);
  EXPECT_EQ(may.reporting_by_area(1).overdue(), 1);  // livelihood: the jobs
}

// Finding 5 of issue #14: a plan whose indicator id is 9 KB was echoed into every problem, and
// the status header outgrew the client's 8 KiB limit (RESOURCE_EXHAUSTED "received initial
// metadata size exceeds limit"). Over real gRPC the answer is INVALID_ARGUMENT, cut to size.
TEST(ScorecardService, AHugeBadPlanGetsInvalidArgumentWithABoundedMessage) {
  SuiteFixture s;
  v1::Plan plan = TestPlan();
  plan.mutable_indicators(0)->set_id("soc." + std::string(9000, 'x'));
  plan.mutable_indicators(0)->mutable_source()->set_key(std::string(9000, 'k'));
  v1::PutPlanRequest req = PutRequest(plan, "huge");
  v1::Plan out;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::Status st = s.ScorecardStub()->PutPlan(&ctx, req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << st.error_message().substr(0, 200);
  EXPECT_LE(st.error_message().size(), 4096u);
  EXPECT_NE(st.error_message().find("indicators[0]"), std::string::npos);
}

// A plan may only narrow metrics that count named records.
TEST(ScorecardService, APlanNarrowingAMetricWithoutRecordsIsRefused) {
  SuiteFixture s;
  v1::Plan plan = TestPlan();
  plan.mutable_indicators(0)->mutable_source()->add_members("J-1");
  absl::StatusOr<v1::Plan> stored = s.scorecard().DoPutPlan(PutRequest(plan, "bad-members"));
  ASSERT_FALSE(stored.ok());
  EXPECT_EQ(stored.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(stored.status().message().find("source.members"), std::string::npos)
      << stored.status();
}

}  // namespace
}  // namespace devplan::testing
