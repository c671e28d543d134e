// Every social.* metric from facts in Redis through real gRPC, each with a hand-computed
// value as of (at least) two dates: facts dated after as_of must not count.
#include <gtest/gtest.h>

#include "services/common/metrics_contract.h"
#include "tests/social/social_fixture.h"

namespace devplan::social::testing {
namespace {

using ::devplan::testing::ContextWithDeadline;

// current_to as "yyyy-mm-dd", "" when unset.
std::string To(const v1::MetricValue& v) {
  if (!v.has_current_to()) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.current_to().year(), v.current_to().month(),
                v.current_to().day());
  return buf;
}

bool NoData(const v1::MetricValue& v) {
  return v.value_case() == v1::MetricValue::VALUE_NOT_SET && !v.has_current_to();
}

class SocialMetricsTest : public SocialFixture {};

TEST_F(SocialMetricsTest, ServesEveryKeyThePlansUse) {
  v1::ListMetricDefinitionsRequest r;
  r.set_page_size(1000);
  v1::ListMetricDefinitionsResponse resp;
  ASSERT_TRUE(stub().ListMetricDefinitions(ContextWithDeadline().get(), r, &resp).ok());
  std::map<std::string, v1::MetricDefinition> defs;
  for (const auto& d : resp.definitions()) defs[d.key()] = d;
  const std::map<std::string, v1::Unit> wanted = {
      {"social.job_fairs", v1::UNIT_COUNT},
      {"social.job_fair_positions", v1::UNIT_COUNT},
      {"social.new_urban_jobs", v1::UNIT_COUNT},
      {"social.skills_training", v1::UNIT_PERSON_TIMES},
      {"social.new_skilled_talents", v1::UNIT_PERSON_TIMES},
      {"social.new_high_skilled_talents", v1::UNIT_COUNT},
      {"social.schools_delivered", v1::UNIT_COUNT},
      {"social.school_projects_started", v1::UNIT_COUNT},
      {"social.high_school_38_enrolling", v1::UNIT_MILESTONE},
      {"social.provincial_famous_teachers", v1::UNIT_COUNT},
      {"social.backbone_teachers", v1::UNIT_COUNT},
      {"social.education_talents", v1::UNIT_COUNT},
      {"social.cultural_events", v1::UNIT_COUNT},
      {"social.medical_service_project_started", v1::UNIT_MILESTONE},
      {"social.hospital3_north_structure_done", v1::UNIT_MILESTONE},
      {"social.fitness_facilities_started", v1::UNIT_MILESTONE},
      {"social.football_cup_held", v1::UNIT_MILESTONE},
      {"social.pension_coverage_rate", v1::UNIT_PERCENT},
      {"social.medical_insurance_coverage_rate", v1::UNIT_PERCENT},
  };
  for (const auto& [key, unit] : wanted) {
    ASSERT_TRUE(defs.contains(key)) << key;
    EXPECT_EQ(defs[key].unit(), unit) << key;
    EXPECT_FALSE(defs[key].name_zh().empty()) << key;
    EXPECT_NE(defs[key].cadence(), v1::CADENCE_UNSPECIFIED) << key;
  }
}

TEST_F(SocialMetricsTest, AnEmptyDistrictIsNoDataEverywhere) {
  for (const auto& [key, v] : Metrics(D(2024, 12, 31))) EXPECT_TRUE(NoData(v)) << key;
}

TEST_F(SocialMetricsTest, MonthlyFiguresSumTheMonthsEndedByAsOfAndUseTheLatestRevision) {
  using I = v1::SocialIndicator;
  for (auto [ind, m, value, dept] : std::vector<std::tuple<I, int, int64_t, std::string>>{
           {v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 1, 150, "区人社局"},
           {v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2, 120, "区人社局"},
           {v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2, 130, "区统计局"},  // revision
           {v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 3, 200, "区人社局"},
           {v1::SOCIAL_INDICATOR_SKILLS_TRAINING, 1, 1000, "区人社局"},
           {v1::SOCIAL_INDICATOR_SKILLS_TRAINING, 2, 2000, "区人社局"},
           {v1::SOCIAL_INDICATOR_NEW_HIGH_SKILLED_TALENTS, 1, 0, "区人社局"},
           {v1::SOCIAL_INDICATOR_PROBLEM_HOUSING_RESOLVED, 1, 1, "区住房保障中心"},
           {v1::SOCIAL_INDICATOR_PROBLEM_HOUSING_RESOLVED, 4, 2, "区住房保障中心"},
       }) {
    ASSERT_TRUE(Report(Monthly(ind, 2024, m, value, dept)).ok());
  }
  auto mar15 = Metrics(D(2024, 3, 15));
  // January 150 + February 130 (revised from 120); March has not ended.
  EXPECT_EQ(mar15["social.new_urban_jobs"].count(), 280);
  EXPECT_EQ(To(mar15["social.new_urban_jobs"]), "2024-02-29");
  EXPECT_EQ(mar15["social.new_urban_jobs"].provenance().fact_count(), 2);
  EXPECT_EQ(mar15["social.new_urban_jobs"].provenance().departments_size(), 2);  // 人社局, 统计局
  EXPECT_EQ(mar15["social.skills_training"].count(), 3000);
  EXPECT_TRUE(NoData(mar15["social.new_skilled_talents"]));
  // A reported zero is a value, not NO_DATA.
  ASSERT_EQ(mar15["social.new_high_skilled_talents"].value_case(), v1::MetricValue::kCount);
  EXPECT_EQ(mar15["social.new_high_skilled_talents"].count(), 0);
  EXPECT_EQ(To(mar15["social.new_high_skilled_talents"]), "2024-01-31");
  EXPECT_EQ(mar15["social.problem_housing_resolved"].count(), 1);

  auto dec31 = Metrics(D(2024, 12, 31));
  EXPECT_EQ(dec31["social.new_urban_jobs"].count(), 480);
  EXPECT_EQ(To(dec31["social.new_urban_jobs"]), "2024-03-31");
  EXPECT_EQ(dec31["social.problem_housing_resolved"].count(), 3);
  // The next year starts from zero months: nothing of 2024 counts toward 2025.
  EXPECT_TRUE(NoData(Metrics(D(2025, 1, 15))["social.new_urban_jobs"]));
}

TEST_F(SocialMetricsTest, JobFairsAndPositionsCountFairsStartedInTheYearByAsOf) {
  v1::BatchCreateEventsRequest b;
  b.set_district(kDistrict);
  b.set_reported_by("区人社局");
  *b.add_events() = JobFair("JF-1", D(2024, 2, 20), 800);
  *b.add_events() = JobFair("JF-2", D(2024, 3, 10), 1200);
  *b.add_events() = JobFair("JF-3", D(2024, 6, 1), 1000);
  *b.add_events() = JobFair("JF-4", D(2025, 1, 5), 500);
  ASSERT_TRUE(Batch(b).ok());

  auto mar15 = Metrics(D(2024, 3, 15));
  EXPECT_EQ(mar15["social.job_fairs"].count(), 2);
  EXPECT_EQ(mar15["social.job_fair_positions"].count(), 2000);
  EXPECT_EQ(To(mar15["social.job_fairs"]), "2024-03-10");
  EXPECT_EQ(mar15["social.job_fairs"].provenance().departments(0), "区人社局");
  auto dec31 = Metrics(D(2024, 12, 31));
  EXPECT_EQ(dec31["social.job_fairs"].count(), 3);
  EXPECT_EQ(dec31["social.job_fair_positions"].count(), 3000);
  EXPECT_EQ(To(dec31["social.job_fair_positions"]), "2024-06-01");
  auto next = Metrics(D(2025, 3, 1));
  EXPECT_EQ(next["social.job_fairs"].count(), 1);
  EXPECT_EQ(next["social.job_fair_positions"].count(), 500);
  // Before the first fair of the year: zero, known (the district records fairs).
  auto jan = Metrics(D(2024, 1, 31));
  ASSERT_EQ(jan["social.job_fairs"].value_case(), v1::MetricValue::kCount);
  EXPECT_EQ(jan["social.job_fairs"].count(), 0);
}

class SchoolsTest : public SocialFixture {
 protected:
  void SetUp() override {
    using S = v1::FacilityStage;
    Facility(NewFacility("XCL-MS", "新城路中学", v1::FACILITY_KIND_SCHOOL,
                         v1::PLAN_FACILITY_XINCHENG_ROAD_MIDDLE_SCHOOL),
             {{S::FACILITY_STAGE_STARTED, D(2022, 3, 1)},
              {S::FACILITY_STAGE_STRUCTURE_DONE, D(2023, 5, 1)},
              {S::FACILITY_STAGE_DELIVERED, D(2024, 8, 20)},
              {S::FACILITY_STAGE_IN_SERVICE, D(2024, 9, 1)}});
    Facility(NewFacility("OLD-1", "上年交付学校", v1::FACILITY_KIND_SCHOOL),
             {{S::FACILITY_STAGE_DELIVERED, D(2023, 12, 20)}});
    Facility(NewFacility("DZ-PS", "杜庄小学", v1::FACILITY_KIND_SCHOOL,
                         v1::PLAN_FACILITY_DUZHUANG_PRIMARY_SCHOOL),
             {{S::FACILITY_STAGE_PLANNED, D(2023, 10, 1)}, {S::FACILITY_STAGE_STARTED, D(2024, 4, 10)}});
    Facility(NewFacility("HALT-1", "停工复建学校", v1::FACILITY_KIND_SCHOOL),
             {{S::FACILITY_STAGE_STARTED, D(2021, 5, 1)},
              {S::FACILITY_STAGE_SUSPENDED, D(2022, 6, 1)},
              {S::FACILITY_STAGE_RESUMED, D(2024, 3, 5)}});
    Facility(NewFacility("ZZ38", "郑州市第38高级中学", v1::FACILITY_KIND_SCHOOL,
                         v1::PLAN_FACILITY_HIGH_SCHOOL_38),
             {{S::FACILITY_STAGE_STARTED, D(2022, 9, 1)},
              {S::FACILITY_STAGE_COMPLETED, D(2024, 7, 15)},
              {S::FACILITY_STAGE_DELIVERED, D(2024, 8, 1)},
              {S::FACILITY_STAGE_IN_SERVICE, D(2024, 9, 1)}});
    Facility(NewFacility("LATE-1", "补登学校", v1::FACILITY_KIND_SCHOOL),
             {{S::FACILITY_STAGE_IN_SERVICE, D(2024, 5, 1)}});
    // A vocational school is not one of the 中小学.
    Facility(NewFacility("ZZKJ", "郑州科技工业学校", v1::FACILITY_KIND_VOCATIONAL_SCHOOL,
                         v1::PLAN_FACILITY_ZHENGZHOU_SCI_TECH_INDUSTRIAL_SCHOOL),
             {{S::FACILITY_STAGE_STARTED, D(2024, 2, 1)}, {S::FACILITY_STAGE_DELIVERED, D(2024, 6, 1)}});
  }
};

TEST_F(SchoolsTest, SchoolsDeliveredCountsDeliveriesInTheYearByAsOf) {
  // 30 June: only LATE-1 (in service 1 May, so delivered by then). OLD-1 was 2023.
  auto jun = Metrics(D(2024, 6, 30));
  EXPECT_EQ(jun["social.schools_delivered"].count(), 1);
  EXPECT_EQ(To(jun["social.schools_delivered"]), "2024-05-01");
  // 30 September: + 新城路中学 (20 Aug) + 第38高级中学 (1 Aug).
  auto sep = Metrics(D(2024, 9, 30));
  EXPECT_EQ(sep["social.schools_delivered"].count(), 3);
  EXPECT_EQ(To(sep["social.schools_delivered"]), "2024-08-20");
  EXPECT_EQ(sep["social.schools_delivered"].provenance().fact_count(), 3);
  // As of 2023-12-31 OLD-1 counts for 2023.
  EXPECT_EQ(Metrics(D(2023, 12, 31))["social.schools_delivered"].count(), 1);
}

// The plan's 11 schools are a named list: counting the list leaves out the senior high school
// the plan targets separately (第38高级中学), which the whole category includes.
TEST_F(SchoolsTest, TheListedSchoolsLeaveOutTheSeniorHighSchool) {
  v1::GetMetricsRequest r;
  r.set_district("410108");
  *r.mutable_as_of() = D(2024, 9, 30);
  r.add_keys("social.schools_delivered");
  v1::MetricSelection* sel = r.add_selections();
  sel->set_key("social.schools_delivered");
  for (const char* id : {"XCL-MS", "LATE-1", "DZ-PS"}) sel->add_members(id);
  v1::GetMetricsResponse resp;
  grpc::Status s = stub().GetMetrics(ContextWithDeadline().get(), r, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(resp.metrics_size(), 2);
  EXPECT_EQ(resp.metrics(0).count(), 3);  // 新城路中学, 补登学校 and 第38高级中学
  EXPECT_EQ(resp.metrics(1).count(), 2);  // 新城路中学, 补登学校; 杜庄小学 not delivered yet
  EXPECT_EQ(To(resp.metrics(1)), "2024-08-20");
}

// Several dates in one call (also_as_of, what the aggregator asks for a scorecard): each
// further date is answered exactly as a call of its own for that date would be, keys and
// selections alike, across a year boundary too.
TEST_F(SchoolsTest, FurtherDatesAreAnsweredAsTheirOwnCallsWouldBe) {
  auto request = [](const v1::Date& as_of) {
    v1::GetMetricsRequest r;
    r.set_district("410108");
    *r.mutable_as_of() = as_of;
    r.add_keys("social.schools_delivered");
    r.add_keys("social.school_projects_started");
    v1::MetricSelection* sel = r.add_selections();
    sel->set_key("social.schools_delivered");
    for (const char* id : {"XCL-MS", "LATE-1", "DZ-PS"}) sel->add_members(id);
    return r;
  };
  const std::vector<v1::Date> dates = {D(2024, 9, 30), D(2023, 12, 31), D(2024, 3, 31), D(2024, 9, 30)};
  v1::GetMetricsRequest all = request(dates[0]);
  for (size_t i = 1; i < dates.size(); ++i) *all.add_also_as_of() = dates[i];
  v1::GetMetricsResponse together;
  grpc::Status s = stub().GetMetrics(ContextWithDeadline().get(), all, &together);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(together.also_size(), 3);
  for (size_t i = 0; i < dates.size(); ++i) {
    v1::GetMetricsResponse alone;
    s = stub().GetMetrics(ContextWithDeadline().get(), request(dates[i]), &alone);
    ASSERT_TRUE(s.ok()) << s.error_message();
    const auto& got = i == 0 ? together.metrics() : together.also(static_cast<int>(i) - 1).metrics();
    ASSERT_EQ(got.size(), alone.metrics_size()) << i;
    for (int m = 0; m < got.size(); ++m) {
      EXPECT_EQ(got[m].SerializeAsString(), alone.metrics(m).SerializeAsString()) << i << " " << m;
    }
    if (i > 0) {
      EXPECT_EQ(together.also(static_cast<int>(i) - 1).as_of().year(), dates[i].year());
    }
  }
  // The dates differ in what they count: 2023's year-end is not 2024's September.
  EXPECT_NE(together.metrics(0).count(), together.also(0).metrics(0).count());
}

TEST_F(SchoolsTest, FurtherDatesAreCheckedByName) {
  v1::GetMetricsRequest r;
  r.set_district("410108");
  *r.mutable_as_of() = D(2024, 9, 30);
  *r.add_also_as_of() = D(2024, 6, 30);
  *r.add_also_as_of() = D(2024, 2, 30);
  v1::GetMetricsResponse resp;
  grpc::Status s = stub().GetMetrics(ContextWithDeadline().get(), r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("also_as_of[1]"), std::string::npos) << s.error_message();
  r.clear_also_as_of();
  for (int i = 0; i < kMaxExtraDates + 1; ++i) *r.add_also_as_of() = D(2024, 1, 31);
  s = stub().GetMetrics(ContextWithDeadline().get(), r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("also_as_of: 13 dates"), std::string::npos) << s.error_message();
}

TEST_F(SchoolsTest, SchoolProjectsStartedCountsStartsAndResumptionsInTheYear) {
  // 31 March: HALT-1 resumed 5 March. Starts in 2021/2022 and the vocational school don't count.
  auto mar = Metrics(D(2024, 3, 31));
  EXPECT_EQ(mar["social.school_projects_started"].count(), 1);
  EXPECT_EQ(To(mar["social.school_projects_started"]), "2024-03-05");
  auto sep = Metrics(D(2024, 9, 30));
  EXPECT_EQ(sep["social.school_projects_started"].count(), 2);  // + 杜庄小学 10 April
  EXPECT_EQ(To(sep["social.school_projects_started"]), "2024-04-10");
}

TEST_F(SchoolsTest, HighSchool38IsDoneOnceEnrollingWithTheDayItWasDone) {
  auto aug = Metrics(D(2024, 8, 15));
  ASSERT_EQ(aug["social.high_school_38_enrolling"].value_case(), v1::MetricValue::kDone);
  EXPECT_FALSE(aug["social.high_school_38_enrolling"].done());
  EXPECT_EQ(To(aug["social.high_school_38_enrolling"]), "2024-08-01");  // latest step: delivered
  // Delivered (rank 4) is 4/5 of the way to in service (rank 5).
  ASSERT_TRUE(aug["social.high_school_38_enrolling"].has_progress());
  EXPECT_DOUBLE_EQ(aug["social.high_school_38_enrolling"].progress(), 0.8);
  // Only started (rank 1) in 2023: 1/5.
  EXPECT_DOUBLE_EQ(Metrics(D(2023, 6, 1))["social.high_school_38_enrolling"].progress(), 0.2);
  auto sep = Metrics(D(2024, 9, 30));
  EXPECT_TRUE(sep["social.high_school_38_enrolling"].done());
  EXPECT_FALSE(sep["social.high_school_38_enrolling"].has_progress());  // done: no progress
  EXPECT_EQ(To(sep["social.high_school_38_enrolling"]), "2024-09-01");
  EXPECT_EQ(sep["social.high_school_38_enrolling"].provenance().departments(0), "区住建局");
}

TEST_F(SocialMetricsTest, HealthAndFitnessMilestonesFollowTheirFacilities) {
  using S = v1::FacilityStage;
  Facility(NewFacility("HJ-MED", "惠济区紧密型医疗卫生服务建设项目", v1::FACILITY_KIND_HEALTH,
                       v1::PLAN_FACILITY_CLOSE_KNIT_MEDICAL_SERVICE_PROJECT),
           {{S::FACILITY_STAGE_PLANNED, D(2024, 1, 10)}, {S::FACILITY_STAGE_STARTED, D(2024, 5, 20)}});
  Facility(NewFacility("ZZ3-NORTH-RT", "市三院北区放疗核医学中心", v1::FACILITY_KIND_HEALTH,
                       v1::PLAN_FACILITY_HOSPITAL3_NORTH_RADIOTHERAPY_CENTRE),
           {{S::FACILITY_STAGE_STARTED, D(2023, 3, 1)},
            {S::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 10, 15)}});

  auto mar = Metrics(D(2024, 3, 31));
  EXPECT_FALSE(mar["social.medical_service_project_started"].done());
  EXPECT_EQ(To(mar["social.medical_service_project_started"]), "2024-01-10");
  auto jun = Metrics(D(2024, 6, 30));
  EXPECT_TRUE(jun["social.medical_service_project_started"].done());
  EXPECT_EQ(To(jun["social.medical_service_project_started"]), "2024-05-20");

  auto sep = Metrics(D(2024, 9, 30));
  ASSERT_EQ(sep["social.hospital3_north_structure_done"].value_case(), v1::MetricValue::kDone);
  EXPECT_FALSE(sep["social.hospital3_north_structure_done"].done());
  EXPECT_EQ(To(sep["social.hospital3_north_structure_done"]), "2023-03-01");
  auto dec = Metrics(D(2024, 12, 31));
  EXPECT_TRUE(dec["social.hospital3_north_structure_done"].done());
  EXPECT_EQ(To(dec["social.hospital3_north_structure_done"]), "2024-10-15");

  // Not registered: NO_DATA. Registered without steps: known, not done, no date yet.
  EXPECT_TRUE(NoData(dec["social.fitness_facilities_started"]));
  ASSERT_TRUE(Create(NewFacility("FIT-3T", "全民健身设施三级服务体系建设项目",
                                 v1::FACILITY_KIND_FITNESS,
                                 v1::PLAN_FACILITY_FITNESS_THREE_TIER_PROJECT))
                  .ok());
  auto known = Metrics(D(2024, 12, 31))["social.fitness_facilities_started"];
  ASSERT_EQ(known.value_case(), v1::MetricValue::kDone);
  EXPECT_FALSE(known.done());
  EXPECT_EQ(To(known), "");
  ASSERT_TRUE(Step(StepOf("FIT-3T", S::FACILITY_STAGE_STARTED, D(2024, 11, 8))).ok());
  EXPECT_FALSE(Metrics(D(2024, 11, 7))["social.fitness_facilities_started"].done());
  EXPECT_TRUE(Metrics(D(2024, 11, 8))["social.fitness_facilities_started"].done());
}

TEST_F(SocialMetricsTest, TalentCountsSumTheDaysOfTheYearByAsOf) {
  ASSERT_TRUE(Report(Talent(v1::TALENT_CATEGORY_PROVINCIAL_FAMOUS_TEACHER, D(2024, 4, 15), 2)).ok());
  ASSERT_TRUE(Report(Talent(v1::TALENT_CATEGORY_PROVINCIAL_FAMOUS_TEACHER, D(2024, 11, 20), 3)).ok());
  ASSERT_TRUE(Report(Talent(v1::TALENT_CATEGORY_BACKBONE_TEACHER, D(2024, 9, 10), 37)).ok());
  auto jun = Metrics(D(2024, 6, 30));
  EXPECT_EQ(jun["social.provincial_famous_teachers"].count(), 2);
  EXPECT_EQ(To(jun["social.provincial_famous_teachers"]), "2024-04-15");
  ASSERT_EQ(jun["social.backbone_teachers"].value_case(), v1::MetricValue::kCount);
  EXPECT_EQ(jun["social.backbone_teachers"].count(), 0);
  EXPECT_TRUE(NoData(jun["social.education_talents"]));
  auto dec = Metrics(D(2024, 12, 31));
  EXPECT_EQ(dec["social.provincial_famous_teachers"].count(), 5);
  EXPECT_EQ(To(dec["social.provincial_famous_teachers"]), "2024-11-20");
  EXPECT_EQ(dec["social.backbone_teachers"].count(), 37);
  EXPECT_EQ(dec["social.backbone_teachers"].provenance().departments(0), "区教育局");
}

TEST_F(SocialMetricsTest, CulturalEventsCountSessionsInTheYearInAllAndByType) {
  v1::BatchCreateEventsRequest b;
  b.set_district(kDistrict);
  b.set_reported_by("区文化广电和旅游局");
  *b.add_events() = Cultural("C1", D(2024, 3, 1), v1::CULTURAL_EVENT_TYPE_HERITAGE_OUTREACH);
  *b.add_events() = Cultural("C2", D(2024, 7, 1), v1::CULTURAL_EVENT_TYPE_HERITAGE_OUTREACH);
  *b.add_events() = Cultural("C3", D(2024, 4, 5), v1::CULTURAL_EVENT_TYPE_READING_PROMOTION);
  *b.add_events() = Cultural("C4", D(2024, 5, 5), v1::CULTURAL_EVENT_TYPE_SQUARE_DANCE);
  *b.add_events() = Cultural("C5", D(2024, 8, 8), v1::CULTURAL_EVENT_TYPE_SQUARE_DANCE);
  *b.add_events() = Cultural("C6", D(2024, 2, 2), v1::CULTURAL_EVENT_TYPE_PUBLIC_TRAINING);
  ASSERT_TRUE(Batch(b).ok());
  auto jun = Metrics(D(2024, 6, 30));
  EXPECT_EQ(jun["social.cultural_events"].count(), 4);
  EXPECT_EQ(To(jun["social.cultural_events"]), "2024-05-05");
  EXPECT_EQ(jun["social.cultural_events_heritage"].count(), 1);
  EXPECT_EQ(jun["social.cultural_events_reading"].count(), 1);
  EXPECT_EQ(jun["social.cultural_events_square_dance"].count(), 1);
  EXPECT_EQ(jun["social.cultural_events_training"].count(), 1);
  auto dec = Metrics(D(2024, 12, 31));
  EXPECT_EQ(dec["social.cultural_events"].count(), 6);
  EXPECT_EQ(dec["social.cultural_events_heritage"].count(), 2);
  EXPECT_EQ(dec["social.cultural_events_square_dance"].count(), 2);
  EXPECT_EQ(dec["social.cultural_events"].provenance().fact_count(), 6);
}

TEST_F(SocialMetricsTest, FootballCupIsHeldWhenItsFinalIsPlayed) {
  ASSERT_TRUE(Create(CreateOf(FootballCup(D(2024, 5, 10)))).ok());
  // Known but not begun by 1 May: not done, no date.
  auto may1 = Metrics(D(2024, 5, 1))["social.football_cup_held"];
  ASSERT_EQ(may1.value_case(), v1::MetricValue::kDone);
  EXPECT_FALSE(may1.done());
  EXPECT_EQ(To(may1), "");
  v1::FinishEventRequest f;
  f.set_name("districts/410108/events/yellow-river-cup-3");
  *f.mutable_end_date() = D(2024, 6, 22);
  f.set_reported_by("区体育局");
  ASSERT_TRUE(Finish(f).ok());
  auto jun15 = Metrics(D(2024, 6, 15))["social.football_cup_held"];
  EXPECT_FALSE(jun15.done());
  EXPECT_EQ(To(jun15), "2024-05-10");
  auto jun30 = Metrics(D(2024, 6, 30))["social.football_cup_held"];
  EXPECT_TRUE(jun30.done());
  EXPECT_EQ(To(jun30), "2024-06-22");
}

TEST_F(SocialMetricsTest, CoverageRateIsTheLatestMonthEndedByAsOf) {
  ASSERT_TRUE(Report(Coverage(v1::INSURANCE_SCHEME_BASIC_PENSION, 2024, 3, 9'500, 10'000)).ok());
  ASSERT_TRUE(Report(Coverage(v1::INSURANCE_SCHEME_BASIC_PENSION, 2024, 6, 9'850, 10'000)).ok());
  auto jun29 = Metrics(D(2024, 6, 29));
  EXPECT_DOUBLE_EQ(jun29["social.pension_coverage_rate"].percent(), 95.0);
  EXPECT_EQ(To(jun29["social.pension_coverage_rate"]), "2024-03-31");
  auto jun30 = Metrics(D(2024, 6, 30));
  EXPECT_DOUBLE_EQ(jun30["social.pension_coverage_rate"].percent(), 98.5);
  EXPECT_EQ(To(jun30["social.pension_coverage_rate"]), "2024-06-30");
  EXPECT_TRUE(NoData(jun30["social.medical_insurance_coverage_rate"]));
  EXPECT_TRUE(NoData(Metrics(D(2024, 3, 30))["social.pension_coverage_rate"]));
  // A revision replaces the month's counts in the rate.
  ASSERT_TRUE(Report(Coverage(v1::INSURANCE_SCHEME_BASIC_PENSION, 2024, 6, 9'900, 10'000)).ok());
  EXPECT_DOUBLE_EQ(Metrics(D(2024, 6, 30))["social.pension_coverage_rate"].percent(), 99.0);
}

}  // namespace
}  // namespace devplan::social::testing
