// validate_only (AIP-163) on every EnvironmentService write: a rehearsal checks what the
// write would check, including stored state (stations, water bodies, milestones), writes
// nothing, and answers what the write then answers — for the hourly stream too.
#include <gtest/gtest.h>

#include "tests/environment/service/env_fixture.h"
#include "tests/support/validate_only.h"

namespace devplan::testing {
namespace {

class EnvValidateOnlyTest : public EnvTest {
 protected:
  template <typename Reply, typename Request, typename Method>
  grpc::Status Both(const Request& request, Method method) {
    return RehearseThenWrite<Request, Reply>(redis(), request, [&](const Request& q, Reply* out) {
      return (stub().*method)(ContextWithDeadline().get(), q, out);
    });
  }
  static v1::CreateStationRequest Station(const std::string& id, const std::string& title) {
    v1::CreateStationRequest r;
    r.mutable_station()->set_station_id(id);
    r.mutable_station()->set_district(kDistrict);
    r.mutable_station()->set_title_zh(title);
    r.mutable_station()->set_level(v1::STATION_LEVEL_NATIONAL);
    r.set_reported_by(kDept);
    return r;
  }
  static v1::PutWaterBodyRequest Body(const std::string& id) {
    v1::PutWaterBodyRequest r;
    v1::WaterBody* b = r.mutable_water_body();
    b->set_water_body_id(id);
    b->set_district(kDistrict);
    b->set_title_zh(id + "（测试）");
    b->set_kind(v1::WATER_BODY_KIND_DITCH);
    b->add_sampling_points("P1");
    r.set_reported_by(kDept);
    return r;
  }
  static v1::PutWorkRequest Work(const std::string& id, const std::string& body,
                                 v1::EnvironmentMilestone milestone) {
    v1::PutWorkRequest r;
    v1::Work* w = r.mutable_work();
    w->set_work_id(id);
    w->set_district(kDistrict);
    w->set_kind(v1::WORK_KIND_WATER_TREATMENT);
    w->set_title_zh(id + "（测试）");
    w->set_water_body_id(body);
    w->set_milestone(milestone);
    *w->mutable_started_on() = D(2024, 3, 1);
    r.set_reported_by(kDept);
    return r;
  }
};

#define EXPECT_CODE(call, code)                                               \
  do {                                                                        \
    grpc::Status _s = (call);                                                 \
    EXPECT_EQ(_s.error_code(), grpc::StatusCode::code) << _s.error_message(); \
  } while (0)

TEST_F(EnvValidateOnlyTest, StationsBulletinsAndHourlyReadings) {
  using S = v1::EnvironmentService::Stub;
  EXPECT_CODE(Both<v1::Station>(Station("S1", "测试站 1"), &S::CreateStation), OK);
  EXPECT_CODE(Both<v1::Station>(Station("S1", "测试站 2"), &S::CreateStation), ALREADY_EXISTS);
  EXPECT_CODE(Both<v1::Station>(Station("S2", "测试站 1"), &S::CreateStation), ALREADY_EXISTS);

  v1::SubmitDailyAqiRequest bulletin;
  bulletin.set_district(kDistrict);
  *bulletin.mutable_date() = D(2024, 3, 5);
  bulletin.set_aqi(42);
  bulletin.set_reported_by(kDept);
  EXPECT_CODE(Both<v1::DailyAqi>(bulletin, &S::SubmitDailyAqi), OK);

  // A reading of an unknown station is refused in the reply, as the write refuses it.
  v1::SubmitHourlyReadingsRequest hours;
  hours.set_district(kDistrict);
  hours.set_year(2024);
  hours.set_reported_by(kDept);
  for (int h = 0; h < 24; ++h) *hours.add_readings() = Reading("S1", D(2024, 3, 5), h, 30, 50, 10, 30, 80, 0.5);
  *hours.add_readings() = Reading("S9", D(2024, 3, 5), 0, 30, 50, 10, 30, 80, 0.5);
  v1::SubmitHourlyReadingsResponse written;
  EXPECT_CODE((RehearseThenWrite<v1::SubmitHourlyReadingsRequest, v1::SubmitHourlyReadingsResponse>(
                  redis(), hours,
                  [&](const auto& q, auto* out) {
                    return stub().SubmitHourlyReadings(ContextWithDeadline().get(), q, out);
                  },
                  &written)),
              OK);
  EXPECT_EQ(written.accepted_count(), 24);
  EXPECT_EQ(written.refused_count(), 1);
}

TEST_F(EnvValidateOnlyTest, AStreamRehearsedByItsFirstMessageWritesNothing) {
  AddStations({"S1"});
  const std::map<std::string, std::string> before = redis().Contents();
  grpc::ClientContext ctx;
  v1::SubmitHourlyReadingsResponse resp;
  auto writer = stub().StreamHourlyReadings(&ctx, &resp);
  for (int h = 0; h < 24; h += 8) {
    v1::SubmitHourlyReadingsRequest m;
    if (h == 0) {
      m.set_district(kDistrict);
      m.set_year(2024);
      m.set_reported_by(kDept);
      m.set_validate_only(true);
    }
    for (int k = h; k < h + 8; ++k) *m.add_readings() = Reading("S1", D(2024, 3, 5), k, 30, 50, 10, 30, 80, 0.5);
    ASSERT_TRUE(writer->Write(m));
  }
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.accepted_count(), 24);
  EXPECT_EQ(redis().Contents(), before);
}

TEST_F(EnvValidateOnlyTest, WaterBodiesSamplesWorksAndPlots) {
  using S = v1::EnvironmentService::Stub;
  EXPECT_CODE(Both<v1::WaterBody>(Body("jinwa"), &S::PutWaterBody), OK);

  v1::SubmitWaterSampleRequest sample;
  sample.set_parent("districts/410108/waterBodies/jinwa");
  sample.mutable_sample()->set_point_id("P1");
  *sample.mutable_sample()->mutable_date() = D(2024, 3, 5);
  sample.mutable_sample()->set_transparency_cm(30);
  sample.set_reported_by(kDept);
  EXPECT_CODE(Both<v1::WaterSample>(sample, &S::SubmitWaterSample), OK);
  sample.set_parent("districts/410108/waterBodies/nobody");
  EXPECT_CODE(Both<v1::WaterSample>(sample, &S::SubmitWaterSample), NOT_FOUND);

  EXPECT_CODE(Both<v1::Work>(Work("T1", "jinwa", v1::ENVIRONMENT_MILESTONE_ZHANGNIU_DITCH_EPC),
                             &S::PutWork), OK);
  // The unknown water body is found missing by the write script's check.
  EXPECT_CODE(Both<v1::Work>(Work("T2", "nobody", v1::ENVIRONMENT_MILESTONE_UNSPECIFIED),
                             &S::PutWork), NOT_FOUND);
  EXPECT_CODE(Both<v1::Work>(Work("T3", "jinwa", v1::ENVIRONMENT_MILESTONE_ZHANGNIU_DITCH_EPC),
                             &S::PutWork), ALREADY_EXISTS);

  v1::PutPlotRequest plot;
  plot.mutable_plot()->set_plot_id("A");
  plot.mutable_plot()->set_district(kDistrict);
  plot.mutable_plot()->set_title_zh("A地块（测试）");
  *plot.mutable_plot()->mutable_survey_completed_on() = D(2024, 2, 1);
  plot.mutable_plot()->set_survey_result(v1::SOIL_SURVEY_RESULT_MEETS_STANDARD);
  plot.set_reported_by(kDept);
  EXPECT_CODE(Both<v1::Plot>(plot, &S::PutPlot), OK);
}

}  // namespace
}  // namespace devplan::testing
