// The daily side of air quality over gRPC: bulletin values and which figure wins, the
// stateless AQI engine, the calendar, stations, and the metric catalogue.
#include <gtest/gtest.h>

#include "tests/environment/service/env_fixture.h"

namespace devplan::testing {
namespace {

grpc::Status Bulletin(v1::EnvironmentService::Stub& stub, v1::Date date, int aqi,
                      std::vector<std::string> primary, v1::DailyAqi* out = nullptr) {
  v1::SubmitDailyAqiRequest req;
  req.set_district(kDistrict);
  *req.mutable_date() = date;
  req.set_aqi(aqi);
  for (auto& p : primary) req.add_primary_pollutants(p);
  req.set_reported_by("市环境监测站（测试）");
  v1::DailyAqi tmp;
  return stub.SubmitDailyAqi(ContextWithDeadline().get(), req, out ? out : &tmp);
}

void StreamDay(EnvTest*, v1::EnvironmentService::Stub& stub, v1::Date date, double pm25) {
  v1::SubmitHourlyReadingsRequest req;
  req.set_district(kDistrict);
  req.set_year(date.year());
  req.set_reported_by(kDept);
  for (int h = 0; h < 24; ++h) *req.add_readings() = Reading("S1", date, h, pm25, 50, 10, 30, 80, 0.5);
  v1::SubmitHourlyReadingsResponse resp;
  grpc::Status s = stub.SubmitHourlyReadings(ContextWithDeadline().get(), req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(resp.accepted_count(), 24);
}

v1::GetAqiCalendarResponse Calendar(v1::EnvironmentService::Stub& stub, v1::Date a, v1::Date b,
                                    grpc::Status* status = nullptr) {
  v1::GetAqiCalendarRequest req;
  req.set_district(kDistrict);
  *req.mutable_start_date() = a;
  *req.mutable_end_date() = b;
  v1::GetAqiCalendarResponse out;
  grpc::Status s = stub.GetAqiCalendar(ContextWithDeadline().get(), req, &out);
  if (status) *status = s;
  return out;
}

TEST_F(EnvTest, BulletinDaysCountAndAreReplacedOnResubmission) {
  ASSERT_TRUE(Bulletin(stub(), D(2024, 1, 1), 120, {"PM2.5"}).ok());
  ASSERT_TRUE(Bulletin(stub(), D(2024, 1, 2), 45, {}).ok());
  ASSERT_TRUE(Bulletin(stub(), D(2024, 1, 3), 230, {"PM2.5", "PM10"}).ok());
  const v1::Date jan31 = D(2024, 1, 31);
  EXPECT_EQ(Metric("environment.air_good_days", jan31).count(), 1);
  EXPECT_EQ(Metric("environment.air_valid_days", jan31).count(), 3);
  EXPECT_EQ(Metric("environment.air_heavy_pollution_days", jan31).count(), 1);
  EXPECT_EQ(Metric("environment.primary_days_pm25", jan31).count(), 2);
  EXPECT_EQ(Metric("environment.primary_days_pm10", jan31).count(), 1);
  // Bulletins carry no concentrations.
  EXPECT_EQ(Metric("environment.pm25_mean_ytd", jan31).value_case(), v1::MetricValue::VALUE_NOT_SET);
  // A corrected bulletin replaces the day.
  ASSERT_TRUE(Bulletin(stub(), D(2024, 1, 1), 90, {"PM2.5"}).ok());
  EXPECT_EQ(Metric("environment.air_good_days", jan31).count(), 2);
  EXPECT_EQ(Metric("environment.air_valid_days", jan31).count(), 3);
}

TEST_F(EnvTest, BadBulletinsAreRefusedAndWriteNothing) {
  EXPECT_EQ(Bulletin(stub(), D(2024, 1, 1), 501, {"PM2.5"}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Bulletin(stub(), D(2024, 1, 1), 120, {"PM25"}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Bulletin(stub(), D(2024, 1, 1), 120, {}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Bulletin(stub(), D(2024, 1, 1), 40, {"PM10"}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Bulletin(stub(), D(2024, 1, 1), 120, {"PM10", "PM10"}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Bulletin(stub(), D(2024, 2, 30), 60, {"PM10"}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Bulletin(stub(), D(2099, 1, 1), 60, {"PM10"}).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Keys("env:*"), 0);
  EXPECT_EQ(Metric("environment.air_good_days", D(2024, 12, 31)).value_case(),
            v1::MetricValue::VALUE_NOT_SET);
}

TEST_F(EnvTest, HourlyDataWinWhereValidAndTheBulletinFillsTheRest) {
  AddStations({"S1"});
  StreamDay(this, stub(), D(2024, 5, 1), 30);  // hourly AQI 50
  ASSERT_TRUE(Bulletin(stub(), D(2024, 5, 1), 130, {"O3_8H"}).ok());  // disagrees: hourly wins
  ASSERT_TRUE(Bulletin(stub(), D(2024, 5, 2), 130, {"O3_8H"}).ok());  // no hourly data
  // 2024-05-03: hourly data too thin for a valid day, and a bulletin: the bulletin counts.
  {
    v1::SubmitHourlyReadingsRequest req;
    req.set_district(kDistrict);
    req.set_year(2024);
    req.set_reported_by(kDept);
    for (int h = 0; h < 10; ++h) *req.add_readings() = Reading("S1", D(2024, 5, 3), h, 30, 50, 10, 30, 80, 0.5);
    v1::SubmitHourlyReadingsResponse resp;
    ASSERT_TRUE(stub().SubmitHourlyReadings(ContextWithDeadline().get(), req, &resp).ok());
  }
  ASSERT_TRUE(Bulletin(stub(), D(2024, 5, 3), 70, {"PM10"}).ok());

  const auto cal = Calendar(stub(), D(2024, 5, 1), D(2024, 5, 4));
  ASSERT_EQ(cal.days_size(), 4);
  EXPECT_EQ(cal.days(0).source(), v1::AIR_DAY_SOURCE_HOURLY);
  EXPECT_EQ(cal.days(0).aqi(), 50);
  EXPECT_EQ(cal.days(0).category(), v1::AQI_CATEGORY_EXCELLENT);
  EXPECT_EQ(cal.days(1).source(), v1::AIR_DAY_SOURCE_BULLETIN);
  EXPECT_EQ(cal.days(1).aqi(), 130);
  EXPECT_EQ(cal.days(1).category(), v1::AQI_CATEGORY_LIGHTLY_POLLUTED);
  ASSERT_EQ(cal.days(1).primary_pollutants_size(), 1);
  EXPECT_EQ(cal.days(1).primary_pollutants(0), v1::AIR_POLLUTANT_O3_8H);
  EXPECT_EQ(cal.days(2).source(), v1::AIR_DAY_SOURCE_BULLETIN);
  EXPECT_EQ(cal.days(2).aqi(), 70);
  EXPECT_FALSE(cal.days(3).valid());
  EXPECT_EQ(cal.days(3).source(), v1::AIR_DAY_SOURCE_NONE);
  EXPECT_EQ(cal.valid_days(), 3);
  EXPECT_EQ(cal.good_days(), 2);

  // The drill-down keeps both figures and says which one counts.
  v1::GetAirQualityDayRequest req;
  req.set_name("districts/410108/airQualityDays/2024-05-01");
  v1::AirQualityDay day;
  ASSERT_TRUE(stub().GetAirQualityDay(ContextWithDeadline().get(), req, &day).ok());
  EXPECT_EQ(day.source(), v1::AIR_DAY_SOURCE_HOURLY);
  EXPECT_EQ(day.bulletin().aqi(), 130);
  EXPECT_EQ(day.hourly_assessment().aqi(), 50);
  EXPECT_EQ(day.assessment().edition(), v1::AQI_EDITION_HJ633_2012);

  const v1::MetricValue good = Metric("environment.air_good_days", D(2024, 5, 31));
  EXPECT_EQ(good.count(), 2);
  EXPECT_EQ(good.provenance().departments_size(), 2);  // hourly feed and bulletin
  req.set_name("districts/410108/airQualityDays/2024-05-09");
  EXPECT_EQ(stub().GetAirQualityDay(ContextWithDeadline().get(), req, &day).error_code(),
            grpc::StatusCode::NOT_FOUND);
  req.set_name("districts/410108/airQualityDays/2024-5-9");
  EXPECT_EQ(stub().GetAirQualityDay(ContextWithDeadline().get(), req, &day).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(EnvTest, MetricsStandAsOfTheirDate) {
  ASSERT_TRUE(Bulletin(stub(), D(2024, 3, 1), 40, {}).ok());
  ASSERT_TRUE(Bulletin(stub(), D(2024, 3, 2), 60, {"PM10"}).ok());
  ASSERT_TRUE(Bulletin(stub(), D(2024, 3, 3), 160, {"PM2.5"}).ok());
  ASSERT_TRUE(Bulletin(stub(), D(2023, 12, 31), 40, {}).ok());  // another year
  EXPECT_EQ(Metric("environment.air_good_days", D(2024, 2, 29)).value_case(),
            v1::MetricValue::VALUE_NOT_SET);
  const v1::MetricValue on2 = Metric("environment.air_good_days", D(2024, 3, 2));
  EXPECT_EQ(on2.count(), 2);
  EXPECT_EQ(on2.current_to().day(), 2);
  EXPECT_EQ(on2.provenance().fact_count(), 2);
  EXPECT_EQ(Metric("environment.air_nongood_days", D(2024, 3, 2)).count(), 0);
  EXPECT_EQ(Metric("environment.air_nongood_days", D(2024, 3, 3)).count(), 1);
  const v1::MetricValue later = Metric("environment.air_good_days", D(2024, 6, 30));
  EXPECT_EQ(later.count(), 2);
  EXPECT_EQ(later.current_to().month(), 3);  // the data speak for 3 March, not 30 June
  EXPECT_NEAR(Metric("environment.air_good_day_rate", D(2024, 6, 30)).percent(), 200.0 / 3, 1e-9);
  EXPECT_EQ(Metric("environment.air_good_days", D(2023, 12, 31)).count(), 1);
}

TEST_F(EnvTest, ComputeAqiAnswersByTheEditionInForceOnTheDate) {
  v1::ComputeAqiRequest req;
  v1::DailyConcentrations* c = req.mutable_concentrations();
  c->set_so2(10);
  c->set_no2(30);
  c->set_pm10(50);
  c->set_pm25(80);
  c->set_co(0.5);
  c->set_o3_1h_max(120);
  c->set_o3_8h_max(90);
  *req.mutable_date() = D(2026, 2, 28);
  v1::AqiAssessment a;
  ASSERT_TRUE(stub().ComputeAqi(ContextWithDeadline().get(), req, &a).ok());
  // HJ 633-2012: PM2.5 80 in 75..115 → 50/40 x 5 + 100 = 106.25 → 107.
  EXPECT_EQ(a.edition(), v1::AQI_EDITION_HJ633_2012);
  EXPECT_EQ(a.edition_name(), "HJ 633-2012");
  EXPECT_EQ(a.validity(), v1::AQI_VALIDITY_VALID);
  EXPECT_EQ(a.aqi(), 107);
  EXPECT_EQ(a.category(), v1::AQI_CATEGORY_LIGHTLY_POLLUTED);
  EXPECT_EQ(a.category_zh(), "轻度污染");
  ASSERT_EQ(a.primary_pollutants_size(), 1);
  EXPECT_EQ(a.primary_pollutants(0), v1::AIR_POLLUTANT_PM25);
  EXPECT_EQ(a.iaqis_size(), 7);
  // HJ 633-2026 from 2026-03-01: PM2.5 80 in 60..115 → 50/55 x 20 + 100 = 118.18 → 119; six
  // items (no O3 1h).
  *req.mutable_date() = D(2026, 3, 1);
  ASSERT_TRUE(stub().ComputeAqi(ContextWithDeadline().get(), req, &a).ok());
  EXPECT_EQ(a.edition(), v1::AQI_EDITION_HJ633_2026);
  EXPECT_EQ(a.aqi(), 119);
  EXPECT_EQ(a.iaqis_size(), 6);
  // 2026 §5.3.1: PM2.5 missing and the rest <= 100 → not publishable.
  c->clear_pm25();
  ASSERT_TRUE(stub().ComputeAqi(ContextWithDeadline().get(), req, &a).ok());
  EXPECT_EQ(a.validity(), v1::AQI_VALIDITY_NOT_PUBLISHABLE);
  EXPECT_FALSE(a.has_aqi());
  ASSERT_EQ(a.missing_size(), 1);
  EXPECT_EQ(a.missing(0), v1::AIR_POLLUTANT_PM25);
  EXPECT_EQ(a.provisional_aqi(), 50);
  // Bad input names the field.
  c->set_pm10(-1);
  grpc::Status s = stub().ComputeAqi(ContextWithDeadline().get(), req, &a);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("concentrations.pm10"), std::string::npos);
  req.clear_date();
  EXPECT_EQ(stub().ComputeAqi(ContextWithDeadline().get(), req, &a).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Keys("*"), 0);  // stateless
}

TEST_F(EnvTest, CalendarRangeIsBounded) {
  grpc::Status s;
  const auto leap = Calendar(stub(), D(2024, 1, 1), D(2024, 12, 31), &s);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(leap.days_size(), 366);
  EXPECT_EQ(leap.valid_days(), 0);
  Calendar(stub(), D(2024, 1, 1), D(2025, 1, 1), &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Calendar(stub(), D(2024, 2, 1), D(2024, 1, 1), &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(EnvTest, StationsAreRegisteredOnceEach) {
  v1::CreateStationRequest req;
  v1::Station* st = req.mutable_station();
  st->set_station_id("HJ-01");
  st->set_district(kDistrict);
  st->set_title_zh("惠济区政府（测试）");
  st->set_level(v1::STATION_LEVEL_NATIONAL);
  st->set_latitude(34.87);
  st->set_longitude(113.62);
  req.set_reported_by(kDept);
  req.set_request_id("create-hj-01");
  v1::Station out;
  ASSERT_TRUE(stub().CreateStation(ContextWithDeadline().get(), req, &out).ok());
  EXPECT_EQ(out.name(), "districts/410108/stations/HJ-01");
  // A retry of the same request answers the stored station.
  ASSERT_TRUE(stub().CreateStation(ContextWithDeadline().get(), req, &out).ok());
  // The same id again, without the request id: ALREADY_EXISTS.
  req.clear_request_id();
  grpc::Status s = stub().CreateStation(ContextWithDeadline().get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  // The same station under another id would count twice in the mean: ALREADY_EXISTS.
  st->set_station_id("HJ-01b");
  s = stub().CreateStation(ContextWithDeadline().get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(s.error_message().find("stations/HJ-01"), std::string::npos) << s.error_message();
  // Bad input names the field and stores nothing.
  st->set_title_zh("另一个站");
  st->set_level(v1::STATION_LEVEL_UNSPECIFIED);
  s = stub().CreateStation(ContextWithDeadline().get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("station.level"), std::string::npos);
  st->set_level(v1::STATION_LEVEL_CITY);
  st->clear_longitude();
  EXPECT_EQ(stub().CreateStation(ContextWithDeadline().get(), req, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListStationsRequest list;
  list.set_district(kDistrict);
  v1::ListStationsResponse stations;
  ASSERT_TRUE(stub().ListStations(ContextWithDeadline().get(), list, &stations).ok());
  ASSERT_EQ(stations.stations_size(), 1);
  EXPECT_EQ(stations.total_size(), 1);
  v1::GetStationRequest get;
  get.set_name("districts/410108/stations/HJ-02");
  EXPECT_EQ(stub().GetStation(ContextWithDeadline().get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(EnvTest, TheCatalogueServesEveryPlannedKey) {
  v1::ListMetricDefinitionsRequest req;
  req.set_page_size(1000);
  v1::ListMetricDefinitionsResponse resp;
  ASSERT_TRUE(stub().ListMetricDefinitions(ContextWithDeadline().get(), req, &resp).ok());
  std::map<std::string, v1::Unit> units;
  for (const auto& d : resp.definitions()) units[d.key()] = d.unit();
  const std::map<std::string, v1::Unit> want = {
      {"environment.air_good_days", v1::UNIT_DAYS},
      {"environment.air_valid_days", v1::UNIT_DAYS},
      {"environment.air_good_day_rate", v1::UNIT_PERCENT},
      {"environment.air_nongood_days", v1::UNIT_DAYS},
      {"environment.air_heavy_pollution_days", v1::UNIT_DAYS},
      {"environment.pm25_mean_ytd", v1::UNIT_UG_PER_M3},
      {"environment.pm10_mean_ytd", v1::UNIT_UG_PER_M3},
      {"environment.primary_days_pm25", v1::UNIT_DAYS},
      {"environment.primary_days_pm10", v1::UNIT_DAYS},
      {"environment.primary_days_o3", v1::UNIT_DAYS},
      {"environment.primary_days_no2", v1::UNIT_DAYS},
      {"environment.primary_days_so2", v1::UNIT_DAYS},
      {"environment.primary_days_co", v1::UNIT_DAYS},
      {"environment.construction_land_safe_use_rate", v1::UNIT_PERCENT},
      {"environment.water_treatment_projects_started", v1::UNIT_COUNT},
      {"environment.black_odorous_remaining", v1::UNIT_COUNT},
      {"environment.black_odorous_at_year_start", v1::UNIT_COUNT},
      {"environment.drinking_water_compliance_rate", v1::UNIT_PERCENT},
      {"environment.roads_greened", v1::UNIT_COUNT},
      {"environment.parks_built", v1::UNIT_COUNT},
      {"environment.model_villages_completed", v1::UNIT_COUNT},
      {"environment.jiuwutan_source_protection_done", v1::UNIT_MILESTONE},
      {"environment.zhangniu_ditch_epc_done", v1::UNIT_MILESTONE},
      {"environment.sewage_outfall_survey_done", v1::UNIT_MILESTONE},
      {"environment.metro7_stations_greening_done", v1::UNIT_MILESTONE},
      {"environment.sewer_renewal_done", v1::UNIT_MILESTONE},
  };
  EXPECT_EQ(units, want);
}

}  // namespace
}  // namespace devplan::testing
