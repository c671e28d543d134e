// The service's pure pieces without Redis: reading checks, the hourly→daily path and the
// choice between hourly and bulletin figures, water-body assessment windows, works and plots.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "services/environment/air_day.h"
#include "services/environment/air_rules.h"
#include "services/environment/water_rules.h"
#include "services/environment/works_rules.h"
#include "tests/support/proto_date.h"

namespace devplan::environment {
namespace {

using ::devplan::testing::D;

v1::HourlyReading R(const std::string& station, v1::Date date, int hour, double pm25) {
  v1::HourlyReading r;
  r.set_station_id(station);
  *r.mutable_date() = date;
  r.set_hour(hour);
  r.mutable_concentrations()->set_pm25(pm25);
  return r;
}

const std::set<std::string> kStations = {"S1"};
const absl::CivilHour kNow(2024, 6, 1, 12);

TEST(RefuseReadingTest, AcceptsAnEndedHourOfThePlanYear) {
  EXPECT_EQ(RefuseReading(R("S1", D(2024, 6, 1), 11, 30), 2024, kStations, kNow), std::nullopt);
}

TEST(RefuseReadingTest, NamesTheFieldOfEachProblem) {
  auto reason = [](const v1::HourlyReading& r) {
    return RefuseReading(r, 2024, kStations, kNow).value_or("");
  };
  EXPECT_NE(reason(R("S2", D(2024, 6, 1), 1, 30)).find("station_id: unknown"), std::string::npos);
  EXPECT_NE(reason(R("S1", D(2024, 6, 1), 12, 30)).find("has not ended"), std::string::npos);
  EXPECT_NE(reason(R("S1", D(2025, 1, 1), 0, 30)).find("outside the plan year 2024"), std::string::npos);
  EXPECT_NE(reason(R("S1", D(2024, 2, 30), 0, 30)).find("date"), std::string::npos);
  EXPECT_NE(reason(R("S1", D(2024, 6, 1), -1, 30)).find("hour: -1"), std::string::npos);
  EXPECT_NE(reason(R("S1", D(2024, 6, 1), 1, 3001)).find("pm25: 3001"), std::string::npos);
  EXPECT_NE(reason(R("S1", D(2024, 6, 1), 1, std::numeric_limits<double>::infinity()))
                .find("pm25: not a number"),
            std::string::npos);
  v1::HourlyReading co = R("S1", D(2024, 6, 1), 1, 30);
  co.mutable_concentrations()->set_co(-0.1);
  EXPECT_NE(reason(co).find("concentrations.co: -0.1 is negative"), std::string::npos);
}

TEST(RefuseReadingTest, BoundsAreInclusive) {
  v1::HourlyReading r = R("S1", D(2024, 6, 1), 1, kMaxHourlyPm25UgM3);
  r.mutable_concentrations()->set_pm10(kMaxHourlyPm10UgM3);
  r.mutable_concentrations()->set_co(0);
  EXPECT_EQ(RefuseReading(r, 2024, kStations, kNow), std::nullopt);
}

// Found while writing fuzz_hourly's invariants (its byte mutations did not assemble such a
// message in 10.6 million runs; tests/fuzz/regressions/fuzz_hourly/ holds one): the station id
// and a later message's district were quoted whole, and a stream's reply lists up to 1,000
// refusals, each with the same reason.
TEST(RefuseReadingTest, QuotesAtMostAShortPrefixOfTheStationOrDistrict) {
  const std::string long_id(5000, 'S');
  const std::string reason =
      RefuseReading(R(long_id, D(2024, 6, 1), 1, 30), 2024, kStations, kNow).value_or("");
  EXPECT_NE(reason.find("station_id: unknown station"), std::string::npos);
  EXPECT_LT(reason.size(), 250u);

  v1::SubmitHourlyReadingsRequest first, later;
  first.set_district("410108");
  first.set_year(2024);
  later.set_district(std::string(5000, '4'));
  const std::optional<std::string> mismatch = HeaderMismatch(first, later);
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_NE(mismatch->find("differs from the first message's \"410108\""), std::string::npos);
  EXPECT_LT(mismatch->size(), 250u);
}

StationHours Constant(const std::string& id, double pm25, int hours) {
  StationHours s;
  s.station_id = id;
  for (int h = 0; h < hours; ++h) {
    v1::HourlyConcentrations c;
    c.set_pm25(pm25);
    c.set_pm10(50);
    c.set_so2(10);
    c.set_no2(30);
    c.set_o3(80);
    c.set_co(0.5);
    s.hours[h] = c;
  }
  s.reported_by = "dept-" + id;
  return s;
}

TEST(ComputeHourlyDayTest, AveragesStationsAndLeavesOutStationsWithoutHours) {
  const std::vector<StationHours> stations = {Constant("S1", 60, 24), Constant("S2", 100, 24),
                                              Constant("S3", 0, 0)};
  const v1::AirQualityDay day = ComputeHourlyDay("410108", absl::CivilDay(2024, 1, 5), stations);
  EXPECT_EQ(day.name(), "districts/410108/airQualityDays/2024-01-05");
  EXPECT_EQ(day.stations_size(), 2);
  EXPECT_DOUBLE_EQ(day.district_concentrations().pm25(), 80);
  EXPECT_EQ(day.source(), v1::AIR_DAY_SOURCE_HOURLY);
  EXPECT_EQ(day.assessment().aqi(), 107);
  EXPECT_EQ(day.departments_size(), 2);
}

TEST(ComputeHourlyDayTest, A19HourStationGivesNoDailyMean) {
  const std::vector<StationHours> stations = {Constant("S1", 60, 19)};
  const v1::AirQualityDay day = ComputeHourlyDay("410108", absl::CivilDay(2024, 1, 5), stations);
  EXPECT_EQ(day.source(), v1::AIR_DAY_SOURCE_NONE);
  EXPECT_FALSE(day.district_concentrations().has_pm25());
  EXPECT_EQ(day.stations(0).hours_reported(), 19);
}

TEST(EffectiveDayTest, ValidHourlyWinsElseBulletinElseNone) {
  const absl::CivilDay d(2024, 1, 5);
  const v1::AirQualityDay valid = ComputeHourlyDay("410108", d, std::vector{Constant("S1", 30, 24)});
  const v1::AirQualityDay thin = ComputeHourlyDay("410108", d, std::vector{Constant("S1", 30, 10)});
  v1::DailyAqi bulletin;
  *bulletin.mutable_date() = D(2024, 1, 5);
  bulletin.set_aqi(160);
  bulletin.add_primary_pollutants("PM2.5");
  bulletin.set_reported_by("bulletin-dept");

  const v1::AirQualityDay a = EffectiveDay("410108", d, &valid, &bulletin);
  EXPECT_EQ(a.source(), v1::AIR_DAY_SOURCE_HOURLY);
  EXPECT_EQ(a.assessment().aqi(), 50);
  EXPECT_EQ(a.bulletin().aqi(), 160);
  EXPECT_TRUE(IsCounted(a));

  const v1::AirQualityDay b = EffectiveDay("410108", d, &thin, &bulletin);
  EXPECT_EQ(b.source(), v1::AIR_DAY_SOURCE_BULLETIN);
  EXPECT_EQ(b.assessment().aqi(), 160);
  EXPECT_EQ(b.assessment().category(), v1::AQI_CATEGORY_MODERATELY_POLLUTED);
  EXPECT_EQ(b.hourly_assessment().validity(), v1::AQI_VALIDITY_NO_DATA);  // 10 hours: no item valid
  ASSERT_EQ(b.departments_size(), 1);
  EXPECT_EQ(b.departments(0), "bulletin-dept");

  const v1::AirQualityDay c = EffectiveDay("410108", d, &thin, nullptr);
  EXPECT_EQ(c.source(), v1::AIR_DAY_SOURCE_NONE);
  EXPECT_FALSE(IsCounted(c));

  const v1::AirQualityDay e = EffectiveDay("410108", d, nullptr, &bulletin);
  EXPECT_EQ(e.source(), v1::AIR_DAY_SOURCE_BULLETIN);
  EXPECT_EQ(e.assessment().edition(), v1::AQI_EDITION_HJ633_2012);
}

TEST(ValidateBulletinTest, PrimaryPollutantsExactlyAbove50) {
  v1::SubmitDailyAqiRequest r;
  r.set_district("410108");
  *r.mutable_date() = D(2024, 1, 1);
  r.set_reported_by("x");
  r.set_aqi(50);
  EXPECT_TRUE(ValidateBulletin(r, absl::CivilDay(2024, 6, 1)).ok());
  r.set_aqi(51);
  EXPECT_FALSE(ValidateBulletin(r, absl::CivilDay(2024, 6, 1)).ok());
  r.add_primary_pollutants("O3_8H");
  EXPECT_TRUE(ValidateBulletin(r, absl::CivilDay(2024, 6, 1)).ok());
  EXPECT_FALSE(ValidateBulletin(r, absl::CivilDay(2023, 12, 31)).ok());  // in the future
  r.set_primary_pollutants(0, std::string(5000, 'x'));
  const absl::Status unknown = ValidateBulletin(r, absl::CivilDay(2024, 6, 1));
  EXPECT_EQ(unknown.message().rfind("primary_pollutants[0]: unknown ", 0), 0u) << unknown.message();
  EXPECT_EQ(unknown.message().find(std::string(101, 'x')), std::string::npos) << unknown.message();
}

TEST(TitlesTest, EveryEnvironmentTitleHasTheSharedLimitAndIsNamedByItself) {
  // 133 Chinese characters (399 bytes) fit the shared 400-byte limit of titles; 134 do not.
  std::string title;
  for (int i = 0; i < 133; ++i) title += "沟";
  const absl::CivilDay today(2024, 6, 1);
  v1::Station station;
  station.set_station_id("S1");
  station.set_district("410108");
  station.set_title_zh(title);
  station.set_level(v1::STATION_LEVEL_CITY);
  EXPECT_TRUE(ValidateNewStation(station).ok());
  station.set_title_en(title + "沟");
  EXPECT_EQ(ValidateNewStation(station).message().rfind("station.title_en: ", 0), 0u);

  v1::WaterBody body;
  body.set_water_body_id("w");
  body.set_district("410108");
  body.set_title_zh(title);
  body.set_kind(v1::WATER_BODY_KIND_DITCH);
  body.add_sampling_points("A");
  EXPECT_TRUE(ValidateWaterBody(body, today).ok());
  body.set_title_en(std::string(5000, 'x'));
  EXPECT_EQ(ValidateWaterBody(body, today).message().rfind("water_body.title_en: ", 0), 0u);

  v1::Work work;
  work.set_work_id("W1");
  work.set_district("410108");
  work.set_kind(v1::WORK_KIND_PARK);
  work.set_title_zh(title);
  EXPECT_TRUE(ValidateWork(work, today).ok());
  work.set_title_en(title + "沟");
  EXPECT_EQ(ValidateWork(work, today).message().rfind("work.title_en: ", 0), 0u);

  v1::Plot plot;
  plot.set_plot_id("P1");
  plot.set_district("410108");
  plot.set_title_zh(title + "沟");
  EXPECT_EQ(ValidatePlot(plot, today).message().rfind("plot.title_zh: ", 0), 0u);
}

v1::WaterBody Body() {
  v1::WaterBody b;
  b.set_name("districts/410108/waterBodies/w");
  b.set_water_body_id("w");
  b.set_district("410108");
  b.set_title_zh("w");
  b.set_kind(v1::WATER_BODY_KIND_DITCH);
  b.set_black_odorous_listed(true);
  *b.mutable_listed_on() = D(2024, 1, 1);
  for (const char* p : {"A", "B", "C", "D"}) b.add_sampling_points(p);
  return b;
}

v1::WaterSample S(const std::string& point, v1::Date date, double transparency) {
  v1::WaterSample s;
  s.set_point_id(point);
  *s.mutable_date() = date;
  s.set_transparency_cm(transparency);
  return s;
}

TEST(AssessBodyTest, UsesTheMonthOfTheLatestSampleUpToAsOf) {
  const std::vector<v1::WaterSample> samples = {
      S("A", D(2024, 3, 1), 5), S("B", D(2024, 3, 1), 5), S("C", D(2024, 3, 1), 5),
      S("A", D(2024, 4, 2), 40), S("B", D(2024, 4, 2), 40),
      S("A", D(2024, 4, 20), 5)};
  // As of 31 March: three heavy points of four → 75 % ≥ 60 %: heavy.
  v1::WaterBodyAssessment march = AssessBody(Body(), samples, absl::CivilDay(2024, 3, 31));
  EXPECT_EQ(march.level(), v1::BLACK_ODOR_LEVEL_HEAVY);
  EXPECT_EQ(march.points(3).level(), v1::BLACK_ODOR_LEVEL_UNSPECIFIED);  // D never sampled
  // As of 10 April: April's samples only (A, B clear): none.
  v1::WaterBodyAssessment early_april = AssessBody(Body(), samples, absl::CivilDay(2024, 4, 10));
  EXPECT_EQ(early_april.level(), v1::BLACK_ODOR_LEVEL_NONE);
  EXPECT_FALSE(early_april.enough_points());
  EXPECT_FALSE(StillBlackOdorous(Body(), early_april, absl::CivilDay(2024, 4, 10)));
  // As of 30 April: A has one heavy (5 cm) and one clear sample: 50 % heavy < 60 %, but a
  // heavy result keeps the point light; the body is light.
  v1::WaterBodyAssessment april = AssessBody(Body(), samples, absl::CivilDay(2024, 4, 30));
  EXPECT_EQ(april.points(0).level(), v1::BLACK_ODOR_LEVEL_LIGHT);
  EXPECT_EQ(april.level(), v1::BLACK_ODOR_LEVEL_LIGHT);
  // No sample yet: still counted while listed.
  v1::WaterBodyAssessment none = AssessBody(Body(), {}, absl::CivilDay(2024, 2, 1));
  EXPECT_EQ(none.level(), v1::BLACK_ODOR_LEVEL_UNSPECIFIED);
  EXPECT_TRUE(StillBlackOdorous(Body(), none, absl::CivilDay(2024, 2, 1)));
  EXPECT_FALSE(StillBlackOdorous(Body(), none, absl::CivilDay(2023, 12, 31)));  // not yet listed
}

TEST(GradeWaterSampleTest, GroundwaterClassOnlyForGroundwater) {
  v1::WaterSample s = S("A", D(2024, 3, 1), 40);
  s.set_groundwater_class(v1::WATER_QUALITY_CLASS_II);
  EXPECT_FALSE(GradeWaterSample(Body(), s, absl::CivilDay(2024, 6, 1)).ok());
  v1::WaterBody gw = Body();
  gw.set_kind(v1::WATER_BODY_KIND_GROUNDWATER);
  gw.set_black_odorous_listed(false);
  gw.set_drinking_water_source(true);
  s.clear_transparency_cm();
  absl::StatusOr<v1::WaterSample> ok = GradeWaterSample(gw, s, absl::CivilDay(2024, 6, 1));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(MeetsDrinkingWaterClass(gw, *ok), true);
}

TEST(GradeWaterSampleTest, AnUnknownPointIsQuotedShort) {
  const v1::WaterSample hostile = S(std::string(5000, 'x'), D(2024, 3, 1), 40);
  const absl::Status s = GradeWaterSample(Body(), hostile, absl::CivilDay(2024, 6, 1)).status();
  EXPECT_EQ(s.message().rfind("sample.point_id: ", 0), 0u) << s.message();
  EXPECT_EQ(s.message().find(std::string(101, 'x')), std::string::npos) << s.message();
}

TEST(SafeUseTest, SurveyAndRiskControlMustPrecedeDevelopment) {
  v1::Plot p;
  *p.mutable_developed_on() = D(2024, 5, 1);
  EXPECT_TRUE(NeedsSafeUse(p, absl::CivilDay(2024, 5, 1)));
  EXPECT_FALSE(NeedsSafeUse(p, absl::CivilDay(2024, 4, 30)));
  EXPECT_FALSE(NeedsSafeUse(p, absl::CivilDay(2025, 5, 1)));
  EXPECT_FALSE(SafelyUsed(p));
  *p.mutable_survey_completed_on() = D(2024, 5, 1);  // the same day counts as before
  p.set_survey_result(v1::SOIL_SURVEY_RESULT_NEEDS_RISK_CONTROL);
  EXPECT_FALSE(SafelyUsed(p));
  *p.mutable_risk_control_completed_on() = D(2024, 5, 2);
  EXPECT_FALSE(SafelyUsed(p));
  *p.mutable_risk_control_completed_on() = D(2024, 5, 1);
  EXPECT_TRUE(SafelyUsed(p));
}

TEST(WorkTest, CountsByYearAndMilestoneStaysDone) {
  v1::Work w;
  *w.mutable_started_on() = D(2023, 11, 1);
  *w.mutable_completed_on() = D(2024, 3, 1);
  EXPECT_FALSE(StartedInYearBy(w, absl::CivilDay(2024, 12, 31)));
  EXPECT_TRUE(CompletedInYearBy(w, absl::CivilDay(2024, 3, 1)));
  EXPECT_FALSE(CompletedInYearBy(w, absl::CivilDay(2025, 3, 1)));
  EXPECT_TRUE(CompletedBy(w, absl::CivilDay(2025, 3, 1)));
}

}  // namespace
}  // namespace devplan::environment
