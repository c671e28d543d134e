// Water bodies and samples, works and plots over gRPC, and the metrics built on them.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/environment/service/env_fixture.h"

namespace devplan::testing {
namespace {

constexpr char kBody[] = "districts/410108/waterBodies/jinwa";

class SiteTest : public EnvTest {
 protected:
  grpc::Status PutBody(const std::string& id, v1::WaterBodyKind kind, bool listed, bool source,
                       std::vector<std::string> points = {"P1", "P2", "P3"}) {
    v1::PutWaterBodyRequest req;
    v1::WaterBody* b = req.mutable_water_body();
    b->set_water_body_id(id);
    b->set_district(kDistrict);
    b->set_title_zh(id + "（测试）");
    b->set_kind(kind);
    b->set_black_odorous_listed(listed);
    if (listed) *b->mutable_listed_on() = D(2024, 1, 1);
    b->set_drinking_water_source(source);
    for (auto& p : points) b->add_sampling_points(p);
    req.set_reported_by(kDept);
    v1::WaterBody out;
    return stub().PutWaterBody(ContextWithDeadline().get(), req, &out);
  }
  // A black-odorous sample: transparency, DO, ORP, NH3-N.
  grpc::Status Sample(const std::string& body, const std::string& point, v1::Date date,
                      double transparency, double dox, double orp, double nh3n,
                      v1::WaterSample* out = nullptr) {
    v1::SubmitWaterSampleRequest req;
    req.set_parent(std::string("districts/410108/waterBodies/") + body);
    v1::WaterSample* s = req.mutable_sample();
    s->set_point_id(point);
    *s->mutable_date() = date;
    s->set_transparency_cm(transparency);
    s->set_dissolved_oxygen_mg_l(dox);
    s->set_orp_mv(orp);
    s->set_ammonia_nitrogen_mg_l(nh3n);
    req.set_reported_by("区环境监测站（测试）");
    v1::WaterSample tmp;
    return stub().SubmitWaterSample(ContextWithDeadline().get(), req, out ? out : &tmp);
  }
  grpc::Status GroundwaterSample(const std::string& body, v1::Date date, v1::WaterQualityClass c) {
    v1::SubmitWaterSampleRequest req;
    req.set_parent(std::string("districts/410108/waterBodies/") + body);
    req.mutable_sample()->set_point_id("W1");
    *req.mutable_sample()->mutable_date() = date;
    req.mutable_sample()->set_groundwater_class(c);
    req.set_reported_by("区环境监测站（测试）");
    v1::WaterSample out;
    return stub().SubmitWaterSample(ContextWithDeadline().get(), req, &out);
  }
  grpc::Status PutWork(const std::string& id, v1::WorkKind kind,
                       v1::EnvironmentMilestone milestone, std::optional<v1::Date> started,
                       std::optional<v1::Date> completed, const std::string& body = "") {
    v1::PutWorkRequest req;
    v1::Work* w = req.mutable_work();
    w->set_work_id(id);
    w->set_district(kDistrict);
    w->set_kind(kind);
    w->set_title_zh(id + "（测试）");
    w->set_milestone(milestone);
    w->set_water_body_id(body);
    if (started) *w->mutable_started_on() = *started;
    if (completed) *w->mutable_completed_on() = *completed;
    req.set_reported_by(kDept);
    v1::Work out;
    return stub().PutWork(ContextWithDeadline().get(), req, &out);
  }
  grpc::Status PutPlot(const std::string& id, std::optional<v1::Date> survey,
                       v1::SoilSurveyResult result, std::optional<v1::Date> control,
                       std::optional<v1::Date> developed) {
    v1::PutPlotRequest req;
    v1::Plot* p = req.mutable_plot();
    p->set_plot_id(id);
    p->set_district(kDistrict);
    p->set_title_zh(id + "地块（测试）");
    if (survey) *p->mutable_survey_completed_on() = *survey;
    p->set_survey_result(result);
    if (control) *p->mutable_risk_control_completed_on() = *control;
    if (developed) *p->mutable_developed_on() = *developed;
    req.set_reported_by("区自然资源局（测试）");
    v1::Plot out;
    return stub().PutPlot(ContextWithDeadline().get(), req, &out);
  }
};

TEST_F(SiteTest, SampleIsGradedOnTheWayIn) {
  ASSERT_TRUE(PutBody("jinwa", v1::WATER_BODY_KIND_DITCH, true, false).ok());
  v1::WaterSample s;
  // Transparency 8 cm (< 10: heavy), DO 1.0 (light), ORP -100 (light), NH3-N 9 (light).
  ASSERT_TRUE(Sample("jinwa", "P1", D(2024, 3, 5), 8, 1.0, -100, 9, &s).ok());
  EXPECT_EQ(s.name(), std::string(kBody) + "/points/P1/samples/2024-03-05");
  EXPECT_EQ(s.black_odor_level(), v1::BLACK_ODOR_LEVEL_HEAVY);
  // GB 3838 single factor: DO 1.0 < 2 and NH3-N 9 > 2 → 劣V, both deciding.
  EXPECT_EQ(s.surface_water_class(), v1::WATER_QUALITY_CLASS_WORSE_THAN_V);
  EXPECT_EQ(s.deciding_parameters_size(), 2);
}

TEST_F(SiteTest, BadWaterInputIsRefusedAndWritesNothing) {
  EXPECT_EQ(Sample("nobody", "P1", D(2024, 3, 5), 30, 5, 100, 1).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(PutBody("jinwa", v1::WATER_BODY_KIND_DITCH, true, false).ok());
  grpc::Status s = Sample("jinwa", "P9", D(2024, 3, 5), 30, 5, 100, 1);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("sample.point_id"), std::string::npos);
  s = Sample("jinwa", "P1", D(2024, 3, 5), -1, 5, 100, 1);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("transparency_cm"), std::string::npos);
  EXPECT_EQ(Sample("jinwa", "P1", D(2099, 3, 5), 30, 5, 100, 1).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Keys("env:{410108}:water_samples"), 0);
  // A body without points, a listed body without a listing date, duplicate points.
  EXPECT_EQ(PutBody("x", v1::WATER_BODY_KIND_DITCH, false, false, {}).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(PutBody("x", v1::WATER_BODY_KIND_DITCH, false, false, {"A", "A"}).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(PutBody("x", v1::WATER_BODY_KIND_UNSPECIFIED, false, false).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // A groundwater source's sample needs the lab's GB/T 14848 class.
  ASSERT_TRUE(PutBody("jiuwutan", v1::WATER_BODY_KIND_GROUNDWATER, false, true, {"W1"}).ok());
  EXPECT_EQ(GroundwaterSample("jiuwutan", D(2024, 3, 5), v1::WATER_QUALITY_CLASS_UNSPECIFIED)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListWaterBodiesRequest list;
  list.set_district(kDistrict);
  v1::ListWaterBodiesResponse bodies;
  ASSERT_TRUE(stub().ListWaterBodies(ContextWithDeadline().get(), list, &bodies).ok());
  EXPECT_EQ(bodies.total_size(), 2);
}

TEST_F(SiteTest, BlackOdorousBodiesDropOutAsTheyClearUp) {
  const v1::Date jan = D(2024, 1, 31);
  EXPECT_EQ(Metric("environment.black_odorous_remaining", jan).value_case(),
            v1::MetricValue::VALUE_NOT_SET);
  ASSERT_TRUE(PutBody("jinwa", v1::WATER_BODY_KIND_DITCH, true, false).ok());
  ASSERT_TRUE(PutBody("zhangniu", v1::WATER_BODY_KIND_DITCH, true, false).ok());
  ASSERT_TRUE(PutBody("dongfeng", v1::WATER_BODY_KIND_RIVER, false, false).ok());
  // Listed but not yet sampled: still counted.
  EXPECT_EQ(Metric("environment.black_odorous_remaining", jan).count(), 2);
  // March: jinwa heavy at every point (three samples each).
  for (const char* p : {"P1", "P2", "P3"}) {
    for (int day : {4, 11, 18}) ASSERT_TRUE(Sample("jinwa", p, D(2024, 3, day), 8, 0.1, -250, 18).ok());
  }
  // March: zhangniu already clear everywhere.
  for (const char* p : {"P1", "P2", "P3"}) {
    ASSERT_TRUE(Sample("zhangniu", p, D(2024, 3, 6), 40, 5, 120, 1).ok());
  }
  EXPECT_EQ(Metric("environment.black_odorous_remaining", D(2024, 3, 31)).count(), 1);
  // September: jinwa light at one point only, clear elsewhere; October: clear.
  ASSERT_TRUE(Sample("jinwa", "P1", D(2024, 9, 10), 20, 3, 100, 2).ok());
  ASSERT_TRUE(Sample("jinwa", "P2", D(2024, 9, 10), 40, 5, 120, 1).ok());
  ASSERT_TRUE(Sample("jinwa", "P3", D(2024, 9, 10), 40, 5, 120, 1).ok());
  EXPECT_EQ(Metric("environment.black_odorous_remaining", D(2024, 9, 30)).count(), 1);
  for (const char* p : {"P1", "P2", "P3"}) {
    ASSERT_TRUE(Sample("jinwa", p, D(2024, 10, 8), 45, 6, 150, 0.8).ok());
  }
  const v1::MetricValue oct = Metric("environment.black_odorous_remaining", D(2024, 10, 31));
  EXPECT_EQ(oct.count(), 0);
  EXPECT_EQ(oct.value_case(), v1::MetricValue::kCount);
  // As of March the old grade stands.
  EXPECT_EQ(Metric("environment.black_odorous_remaining", D(2024, 3, 31)).count(), 1);
  // The baseline of 全面消除黑臭水体: both listed bodies stood on the register on 1 January,
  // whatever happened since; it is the same at every date of the year.
  for (const v1::Date& d : {D(2024, 3, 31), D(2024, 10, 31)}) {
    EXPECT_EQ(Metric("environment.black_odorous_at_year_start", d).count(), 2);
  }

  v1::AssessWaterBodyRequest req;
  req.set_name(kBody);
  *req.mutable_as_of() = D(2024, 3, 31);
  v1::WaterBodyAssessment a;
  ASSERT_TRUE(stub().AssessWaterBody(ContextWithDeadline().get(), req, &a).ok());
  EXPECT_EQ(a.level(), v1::BLACK_ODOR_LEVEL_HEAVY);
  EXPECT_TRUE(a.still_black_odorous());
  EXPECT_TRUE(a.enough_points());
  ASSERT_EQ(a.points_size(), 3);
  EXPECT_EQ(a.points(0).samples(), 3);
  ASSERT_EQ(a.heavy_stretches_size(), 1);
  EXPECT_EQ(a.heavy_stretches(0), "P1..P3");
  EXPECT_EQ(a.window_start().month(), 3);
  *req.mutable_as_of() = D(2024, 10, 31);
  ASSERT_TRUE(stub().AssessWaterBody(ContextWithDeadline().get(), req, &a).ok());
  EXPECT_EQ(a.level(), v1::BLACK_ODOR_LEVEL_NONE);
  EXPECT_FALSE(a.still_black_odorous());
}

TEST_F(SiteTest, DrinkingWaterComplianceCountsSourceMonths) {
  ASSERT_TRUE(PutBody("jiuwutan", v1::WATER_BODY_KIND_GROUNDWATER, false, true, {"W1"}).ok());
  const v1::Date jun = D(2024, 6, 30);
  EXPECT_EQ(Metric("environment.drinking_water_compliance_rate", jun).value_case(),
            v1::MetricValue::VALUE_NOT_SET);
  for (int m = 1; m <= 6; ++m) {
    ASSERT_TRUE(GroundwaterSample("jiuwutan", D(2024, m, 10), v1::WATER_QUALITY_CLASS_III).ok());
  }
  // A second May sample of class IV spoils May.
  ASSERT_TRUE(GroundwaterSample("jiuwutan", D(2024, 5, 20), v1::WATER_QUALITY_CLASS_IV).ok());
  EXPECT_NEAR(Metric("environment.drinking_water_compliance_rate", jun).percent(), 500.0 / 6, 1e-9);
  EXPECT_DOUBLE_EQ(Metric("environment.drinking_water_compliance_rate", D(2024, 4, 30)).percent(), 100);
}

TEST_F(SiteTest, WorksCountByTheirDatesAndMilestonesAreDoneWhenCompleted) {
  const v1::Date as_of = D(2024, 9, 30);
  EXPECT_EQ(Metric("environment.water_treatment_projects_started", as_of).value_case(),
            v1::MetricValue::VALUE_NOT_SET);
  ASSERT_TRUE(PutBody("jinwa", v1::WATER_BODY_KIND_DITCH, true, false).ok());
  ASSERT_TRUE(PutWork("T1", v1::WORK_KIND_WATER_TREATMENT, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                      D(2024, 4, 1), std::nullopt, "jinwa").ok());
  ASSERT_TRUE(PutWork("T2", v1::WORK_KIND_WATER_TREATMENT, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                      D(2024, 10, 1), std::nullopt).ok());
  ASSERT_TRUE(PutWork("T0", v1::WORK_KIND_WATER_TREATMENT, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                      D(2023, 6, 1), std::nullopt).ok());  // started last year
  EXPECT_EQ(Metric("environment.water_treatment_projects_started", as_of).count(), 1);
  EXPECT_EQ(Metric("environment.water_treatment_projects_started", D(2024, 12, 31)).count(), 2);
  ASSERT_TRUE(PutWork("R1", v1::WORK_KIND_ROAD_GREENING, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                      D(2024, 3, 1), D(2024, 5, 1)).ok());
  ASSERT_TRUE(PutWork("R2", v1::WORK_KIND_ROAD_GREENING, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                      D(2024, 3, 1), std::nullopt).ok());
  EXPECT_EQ(Metric("environment.roads_greened", as_of).count(), 1);
  EXPECT_EQ(Metric("environment.parks_built", as_of).value_case(), v1::MetricValue::VALUE_NOT_SET);
  ASSERT_TRUE(PutWork("P1", v1::WORK_KIND_PARK, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                      D(2024, 1, 10), D(2024, 6, 1)).ok());
  ASSERT_TRUE(PutWork("P2", v1::WORK_KIND_PARK, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                      D(2023, 1, 10), D(2023, 11, 1)).ok());  // finished last year
  EXPECT_EQ(Metric("environment.parks_built", as_of).count(), 1);
  for (const char* v : {"BHZ", "NZ", "QL"}) {
    ASSERT_TRUE(PutWork(v, v1::WORK_KIND_MODEL_VILLAGE, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                        D(2024, 3, 1), std::string(v) == "QL" ? std::optional<v1::Date>()
                                                              : D(2024, 9, 1)).ok());
  }
  EXPECT_EQ(Metric("environment.model_villages_completed", as_of).count(), 2);
  EXPECT_EQ(Metric("environment.model_villages_completed", D(2024, 8, 31)).count(), 0);
  // The other single-work milestones read the same way.
  const std::vector<std::pair<std::string, v1::EnvironmentMilestone>> others = {
      {"environment.zhangniu_ditch_epc_done", v1::ENVIRONMENT_MILESTONE_ZHANGNIU_DITCH_EPC},
      {"environment.sewage_outfall_survey_done", v1::ENVIRONMENT_MILESTONE_SEWAGE_OUTFALL_SURVEY},
      {"environment.metro7_stations_greening_done",
       v1::ENVIRONMENT_MILESTONE_METRO7_STATIONS_GREENING}};
  for (const auto& [key, milestone] : others) {
    EXPECT_EQ(Metric(key, as_of).value_case(), v1::MetricValue::VALUE_NOT_SET) << key;
    ASSERT_TRUE(PutWork("M" + std::to_string(milestone), v1::WORK_KIND_OTHER, milestone,
                        D(2024, 2, 1), D(2024, 9, 30)).ok());
    EXPECT_TRUE(Metric(key, as_of).done()) << key;
    EXPECT_FALSE(Metric(key, D(2024, 9, 29)).done()) << key;
  }

  // Milestones: NO_DATA until registered, false until completed, true from completion on.
  const std::string jw = "environment.jiuwutan_source_protection_done";
  EXPECT_EQ(Metric(jw, as_of).value_case(), v1::MetricValue::VALUE_NOT_SET);
  ASSERT_TRUE(PutWork("JW", v1::WORK_KIND_SOURCE_PROTECTION,
                      v1::ENVIRONMENT_MILESTONE_JIUWUTAN_SOURCE_PROTECTION, D(2024, 2, 1),
                      std::nullopt).ok());
  EXPECT_EQ(Metric(jw, as_of).value_case(), v1::MetricValue::kDone);
  EXPECT_FALSE(Metric(jw, as_of).done());
  ASSERT_TRUE(PutWork("JW", v1::WORK_KIND_SOURCE_PROTECTION,
                      v1::ENVIRONMENT_MILESTONE_JIUWUTAN_SOURCE_PROTECTION, D(2024, 2, 1),
                      D(2024, 8, 15)).ok());
  EXPECT_TRUE(Metric(jw, as_of).done());
  EXPECT_FALSE(Metric(jw, D(2024, 8, 14)).done());
  // A second work cannot carry the same milestone.
  grpc::Status s = PutWork("JW2", v1::WORK_KIND_SOURCE_PROTECTION,
                           v1::ENVIRONMENT_MILESTONE_JIUWUTAN_SOURCE_PROTECTION, D(2024, 2, 1),
                           std::nullopt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(s.error_message().find("works/JW"), std::string::npos);

  // Sewer renewal needs both roads.
  const std::string sewer = "environment.sewer_renewal_done";
  ASSERT_TRUE(PutWork("XS", v1::WORK_KIND_SEWER_RENEWAL,
                      v1::ENVIRONMENT_MILESTONE_SEWER_RENEWAL_XIANGSHAN_ROAD, D(2024, 3, 1),
                      D(2024, 7, 1)).ok());
  EXPECT_FALSE(Metric(sewer, as_of).done());
  // Half of it: one road done (1), the other not registered (0).
  EXPECT_DOUBLE_EQ(Metric(sewer, as_of).progress(), 0.5);
  ASSERT_TRUE(PutWork("SC", v1::WORK_KIND_SEWER_RENEWAL,
                      v1::ENVIRONMENT_MILESTONE_SEWER_RENEWAL_SHENGCHAN_ROAD, D(2024, 3, 1),
                      D(2024, 9, 1)).ok());
  EXPECT_TRUE(Metric(sewer, as_of).done());
  EXPECT_FALSE(Metric(sewer, D(2024, 8, 31)).done());
  // On 31 August: 香山路 done (1), 生产路 started (½) → ¾ of the way; done means no progress.
  EXPECT_DOUBLE_EQ(Metric(sewer, D(2024, 8, 31)).progress(), 0.75);
  EXPECT_FALSE(Metric(sewer, as_of).has_progress());
}

TEST_F(SiteTest, BadWorksAreRefusedAndWriteNothing) {
  EXPECT_EQ(PutWork("T1", v1::WORK_KIND_WATER_TREATMENT, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                    D(2024, 4, 1), std::nullopt, "nobody").error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(PutWork("T1", v1::WORK_KIND_PARK, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED, D(2024, 4, 1),
                    D(2024, 3, 1)).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(PutWork("T1", v1::WORK_KIND_PARK, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED, std::nullopt,
                    D(2024, 3, 1)).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(PutWork("T1", v1::WORK_KIND_UNSPECIFIED, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED,
                    std::nullopt, std::nullopt).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(PutWork("T1", v1::WORK_KIND_PARK, v1::ENVIRONMENT_MILESTONE_UNSPECIFIED, D(2099, 1, 1),
                    std::nullopt).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Keys("env:*"), 0);
}

TEST_F(SiteTest, SafeUseRateIsPlotsSafelyUsedOverPlotsDeveloped) {
  const v1::Date as_of = D(2024, 12, 31);
  EXPECT_EQ(Metric("environment.construction_land_safe_use_rate", as_of).value_case(),
            v1::MetricValue::VALUE_NOT_SET);
  // Tracked, none developed yet: 100 (docs/plan-indicators.md).
  ASSERT_TRUE(PutPlot("A", D(2024, 2, 1), v1::SOIL_SURVEY_RESULT_MEETS_STANDARD, std::nullopt,
                      std::nullopt).ok());
  EXPECT_DOUBLE_EQ(Metric("environment.construction_land_safe_use_rate", as_of).percent(), 100);
  ASSERT_TRUE(PutPlot("A", D(2024, 2, 1), v1::SOIL_SURVEY_RESULT_MEETS_STANDARD, std::nullopt,
                      D(2024, 5, 1)).ok());  // safe
  ASSERT_TRUE(PutPlot("B", D(2024, 2, 1), v1::SOIL_SURVEY_RESULT_NEEDS_RISK_CONTROL,
                      D(2024, 4, 1), D(2024, 6, 1)).ok());  // safe after risk control
  ASSERT_TRUE(PutPlot("C", D(2024, 7, 1), v1::SOIL_SURVEY_RESULT_MEETS_STANDARD, std::nullopt,
                      D(2024, 6, 1)).ok());  // developed before the survey: not safe
  ASSERT_TRUE(PutPlot("D", std::nullopt, v1::SOIL_SURVEY_RESULT_UNSPECIFIED, std::nullopt,
                      D(2023, 6, 1)).ok());  // developed last year: not this year's
  EXPECT_NEAR(Metric("environment.construction_land_safe_use_rate", as_of).percent(), 200.0 / 3, 1e-9);
  EXPECT_DOUBLE_EQ(Metric("environment.construction_land_safe_use_rate", D(2024, 5, 31)).percent(), 100);
  // Bad plots.
  EXPECT_EQ(PutPlot("E", D(2024, 2, 1), v1::SOIL_SURVEY_RESULT_UNSPECIFIED, std::nullopt,
                    std::nullopt).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(PutPlot("E", D(2024, 2, 1), v1::SOIL_SURVEY_RESULT_MEETS_STANDARD, D(2024, 3, 1),
                    std::nullopt).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListPlotsRequest list;
  list.set_district(kDistrict);
  list.set_page_size(2);
  v1::ListPlotsResponse plots;
  ASSERT_TRUE(stub().ListPlots(ContextWithDeadline().get(), list, &plots).ok());
  EXPECT_EQ(plots.plots_size(), 2);
  EXPECT_EQ(plots.total_size(), 4);
  EXPECT_FALSE(plots.next_page_token().empty());
}

}  // namespace
}  // namespace devplan::testing
