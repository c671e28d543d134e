// Expected values are worked by hand from HJ 633-2012 Table 1 / HJ 633-2026
// Table 3: IAQI = (IAQI_hi - IAQI_lo) * (C - BP_lo) / (BP_hi - BP_lo) + IAQI_lo,
// then rounded up. The arithmetic is written beside each number.
#include "services/environment/rules/aqi.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace devplan::env {
namespace {

constexpr Edition k2012 = Edition::kHj633_2012;
constexpr Edition k2026 = Edition::kHj633_2026;

int IaqiOf(Column column, double c, Edition edition) {
  absl::StatusOr<Iaqi> iaqi = ComputeIaqi(column, c, edition);
  EXPECT_TRUE(iaqi.ok()) << iaqi.status();
  if (!iaqi.ok() || !iaqi->value.has_value()) return -1;
  return *iaqi->value;
}

// Every item well inside category 1, each IAQI worked out:
//   SO2 10:   50*10/50       = 10
//   NO2 20:   50*20/40       = 25
//   PM10 30:  50*30/50       = 30
//   PM2.5 20: 50*20/35       = 28.57 -> 29
//   CO 0.5:   50*0.5/2       = 12.5  -> 13
//   O3 1h 80: 50*80/160      = 25
//   O3 8h 60: 50*60/100      = 30
// AQI = 30 in both editions (PM10 and O3 8h bands are identical below 50).
DailyConcentrations CleanDay() {
  DailyConcentrations d;
  d.so2 = 10;
  d.no2 = 20;
  d.pm10 = 30;
  d.pm25 = 20;
  d.co = 0.5;
  d.o3_1h_max = 80;
  d.o3_8h_max = 60;
  return d;
}

TEST(EditionTest, ChosenByTheDateOfTheData) {
  EXPECT_EQ(EditionForDate(absl::CivilDay(2026, 2, 28)), k2012);
  EXPECT_EQ(EditionForDate(absl::CivilDay(2026, 3, 1)), k2026);
  EXPECT_EQ(EditionForDate(absl::CivilDay(2024, 12, 31)), k2012);
  EXPECT_EQ(EditionForDate(absl::CivilDay(2030, 1, 1)), k2026);
  EXPECT_EQ(EditionName(k2012), "HJ 633-2012");
  EXPECT_EQ(EditionName(k2026), "HJ 633-2026");
}

TEST(EditionTest, ConvenienceOverloadUsesTheDatesEdition) {
  DailyConcentrations d = CleanDay();
  d.pm25 = 75;
  // 2012: PM2.5 75 is the top of band 35-75 -> 50*40/40+50 = 100.
  AqiResult before = ComputeDailyAqi(d, absl::CivilDay(2026, 2, 28));
  ASSERT_TRUE(before.valid());
  EXPECT_EQ(before.edition, k2012);
  EXPECT_EQ(*before.aqi, 100);
  // 2026: band 60-115 -> 50*(75-60)/55+100 = 113.64 -> 114.
  AqiResult after = ComputeDailyAqi(d, absl::CivilDay(2026, 3, 1));
  ASSERT_TRUE(after.valid());
  EXPECT_EQ(after.edition, k2026);
  EXPECT_EQ(*after.aqi, 114);
}

TEST(TablesTest, BreakpointsRiseWithinEveryColumn) {
  for (Edition e : {k2012, k2026}) {
    for (const BreakpointColumn& col : BreakpointTable(e)) {
      EXPECT_EQ(col.bp[0], 0);
      for (int i = 1; i < col.defined; ++i) {
        EXPECT_LT(col.bp[i - 1], col.bp[i])
            << EditionName(e) << " column " << static_cast<int>(col.column);
      }
    }
  }
}

TEST(TablesTest, The2026EditionChangesOnlyThePmColumns) {
  for (std::size_t i = 0; i < kColumnCount; ++i) {
    const BreakpointColumn& a = kHj633_2012Table[i];
    const BreakpointColumn& b = kHj633_2026Table[i];
    ASSERT_EQ(a.column, b.column);
    if (a.column == Column::kPm10_24h || a.column == Column::kPm25_24h) {
      EXPECT_NE(a.bp, b.bp);
    } else {
      EXPECT_EQ(a.bp, b.bp);
    }
  }
  EXPECT_EQ(Breakpoints(Column::kPm10_24h, k2026).bp[2], 120);
  EXPECT_EQ(Breakpoints(Column::kPm25_24h, k2026).bp[2], 60);
  EXPECT_EQ(Breakpoints(Column::kPm10_24h, k2012).bp[2], 150);
  EXPECT_EQ(Breakpoints(Column::kPm25_24h, k2012).bp[2], 75);
}

TEST(IaqiTest, Pm25EdgesIn2012) {
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 0, k2012), 0);
  // 50*20/35 = 28.57 -> 29
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 20, k2012), 29);
  // 35 is the top of 0-35: 50*35/35 = 50
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 35, k2012), 50);
  // 35.1 falls in 35-75: 50*0.1/40+50 = 50.125 -> 51
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 35.1, k2012), 51);
  // 75 is the top of 35-75: 50*40/40+50 = 100
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 75, k2012), 100);
  // 75.1 in 75-115: 50*0.1/40+100 = 100.125 -> 101
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 75.1, k2012), 101);
  // 60 in 35-75: 50*25/40+50 = 81.25 -> 82
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 60, k2012), 82);
  // 500 is the top of the column, band 350-500: 100*150/150+400 = 500
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 500, k2012), 500);
}

TEST(IaqiTest, Pm25SixtyBandIn2026) {
  // 48 in 35-60: 50*13/25+50 = 26+50 = 76
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 48, k2026), 76);
  // 60 is the top of 35-60: 50*25/25+50 = 100
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 60, k2026), 100);
  // 61 in 60-115: 50*1/55+100 = 100.91 -> 101
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 61, k2026), 101);
  // 115 is the top of 60-115: 150
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 115, k2026), 150);
}

TEST(IaqiTest, Pm10HundredTwentyBandIn2026) {
  // 85 in 50-120: 50*35/70+50 = 75
  EXPECT_EQ(IaqiOf(Column::kPm10_24h, 85, k2026), 75);
  // Same 85 in 2012, band 50-150: 50*35/100+50 = 67.5 -> 68
  EXPECT_EQ(IaqiOf(Column::kPm10_24h, 85, k2012), 68);
  // 120 is the top of 50-120: 100
  EXPECT_EQ(IaqiOf(Column::kPm10_24h, 120, k2026), 100);
  // 121 in 120-250: 50*1/130+100 = 100.38 -> 101
  EXPECT_EQ(IaqiOf(Column::kPm10_24h, 121, k2026), 101);
  // 150 in 2026, band 120-250: 50*30/130+100 = 111.54 -> 112; in 2012: 100
  EXPECT_EQ(IaqiOf(Column::kPm10_24h, 150, k2026), 112);
  EXPECT_EQ(IaqiOf(Column::kPm10_24h, 150, k2012), 100);
}

TEST(IaqiTest, AnyFractionRoundsUp) {
  // PM10 51: 50*1/100+50 = 50.5 -> 51
  EXPECT_EQ(IaqiOf(Column::kPm10_24h, 51, k2012), 51);
  // NO2 41: 50*1/40+50 = 51.25 -> 52
  EXPECT_EQ(IaqiOf(Column::kNo2_24h, 41, k2012), 52);
  // SO2 24h 476: 50*1/325+150 = 150.15 -> 151
  EXPECT_EQ(IaqiOf(Column::kSo2_24h, 476, k2012), 151);
  // PM2.5 35.001: 50*0.001/40+50 = 50.00125 -> 51 (a real excess is kept)
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 35.001, k2012), 51);
}

TEST(IaqiTest, FloatNoiseDoesNotRoundUp) {
  // CO 2.2 in 2-4: 50*0.2/2+50 = 55 exactly; in doubles 2.2-2 is
  // 0.20000000000000018 and the raw result 55.00000000000001.
  EXPECT_EQ(IaqiOf(Column::kCo_24h, 2.2, k2012), 55);
  // 35 plus noise: 50*8e-10/40+50 = 50.000000001 is still 50.
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 35.0000000008, k2012), 50);
  // A mean that should be 35: (34.9 + 35.1)/2 may not be exactly 35.
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, (34.9 + 35.1) / 2, k2012), 50);
}

TEST(RoundingTest, HalfToEvenPerGbt8170) {
  EXPECT_EQ(RoundHalfEven(34.5, 0), 34);
  EXPECT_EQ(RoundHalfEven(35.5, 0), 36);
  EXPECT_EQ(RoundHalfEven(34.49, 0), 34);
  EXPECT_EQ(RoundHalfEven(34.51, 0), 35);
  EXPECT_EQ(RoundHalfEven(0.5, 0), 0);
  EXPECT_EQ(RoundHalfEven(1.5, 0), 2);
  // One decimal (CO): 1.45 is stored as 1.4499999... and must still count
  // as a half.
  EXPECT_DOUBLE_EQ(RoundHalfEven(1.45, 1), 1.4);
  EXPECT_DOUBLE_EQ(RoundHalfEven(1.55, 1), 1.6);
  EXPECT_DOUBLE_EQ(RoundHalfEven(1.25, 1), 1.2);
  EXPECT_DOUBLE_EQ(RoundHalfEven(1.35, 1), 1.4);
  EXPECT_DOUBLE_EQ(RoundHalfEven(1.26, 1), 1.3);
}

// Found by fuzz_aqi: 8.98e307 scaled by 10 overflowed, so a finite concentration (ComputeAqi
// accepts any finite value >= 0) was assessed as infinity in the answer.
TEST(RoundingTest, HugeValuesStayFinite) {
  for (double v : {8.98846567431158e307, 1.7976931348623157e308, 0x1p60, 4503599627370497.0}) {
    EXPECT_EQ(RoundHalfEven(v, 1), v);
    EXPECT_EQ(RoundHalfEven(v, 0), v);
  }
  EXPECT_EQ(AssessedConcentration(Column::kCo_24h, 1.7976931348623157e308, k2026),
            1.7976931348623157e308);
}

TEST(RoundingTest, Only2026RoundsConcentrationsFirst) {
  EXPECT_EQ(AssessedConcentration(Column::kPm25_24h, 34.5, k2026), 34);
  EXPECT_EQ(AssessedConcentration(Column::kPm25_24h, 34.5, k2012), 34.5);
  EXPECT_DOUBLE_EQ(AssessedConcentration(Column::kCo_24h, 2.25, k2026), 2.2);

  // 2026: 35.5 -> 36, band 35-60: 50*1/25+50 = 52
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 35.5, k2026), 52);
  // 2012: 35.5 as is, band 35-75: 50*0.5/40+50 = 50.625 -> 51
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 35.5, k2012), 51);
  // 2026: 35.4 -> 35 -> 50 (2012 would give 50*0.4/40+50 = 50.5 -> 51)
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 35.4, k2026), 50);
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 35.4, k2012), 51);
  // 2026: 34.5 -> 34, 50*34/35 = 48.57 -> 49
  EXPECT_EQ(IaqiOf(Column::kPm25_24h, 34.5, k2026), 49);
  // 2026 CO 2.25 -> 2.2 -> 55; 2.35 -> 2.4 -> 50*0.4/2+50 = 60
  EXPECT_EQ(IaqiOf(Column::kCo_24h, 2.25, k2026), 55);
  EXPECT_EQ(IaqiOf(Column::kCo_24h, 2.35, k2026), 60);

  absl::StatusOr<Iaqi> iaqi = ComputeIaqi(Column::kPm25_24h, 35.5, k2026);
  ASSERT_TRUE(iaqi.ok());
  EXPECT_EQ(iaqi->assessed_concentration, 36);
}

TEST(IaqiTest, O3EightHourAbove800) {
  // 800 is the top of 265-800: 100*535/535+200 = 300, both editions.
  EXPECT_EQ(IaqiOf(Column::kO3_8h, 800, k2012), 300);
  EXPECT_EQ(IaqiOf(Column::kO3_8h, 800, k2026), 300);

  absl::StatusOr<Iaqi> y2012 = ComputeIaqi(Column::kO3_8h, 801, k2012);
  ASSERT_TRUE(y2012.ok());
  EXPECT_FALSE(y2012->value.has_value());  // not computed in 2012

  absl::StatusOr<Iaqi> y2026 = ComputeIaqi(Column::kO3_8h, 1500, k2026);
  ASSERT_TRUE(y2026.ok());
  EXPECT_EQ(y2026->value, 300);
  EXPECT_TRUE(y2026->set_by_rule);
  EXPECT_FALSE(y2026->beyond_range);

  // 2026 rounds first: 800.4 -> 800 is interpolated (300), 800.6 -> 801
  // takes the rule (also 300, but by rule).
  absl::StatusOr<Iaqi> low = ComputeIaqi(Column::kO3_8h, 800.4, k2026);
  absl::StatusOr<Iaqi> high = ComputeIaqi(Column::kO3_8h, 800.6, k2026);
  ASSERT_TRUE(low.ok() && high.ok());
  EXPECT_EQ(low->value, 300);
  EXPECT_FALSE(low->set_by_rule);
  EXPECT_EQ(high->value, 300);
  EXPECT_TRUE(high->set_by_rule);
}

TEST(DailyAqiTest, O3EightHourAbove800UsesOneHourIn2012) {
  DailyConcentrations d = CleanDay();
  d.o3_8h_max = 850;
  d.o3_1h_max = 900;
  AqiResult r = ComputeDailyAqi(d, k2012);
  ASSERT_TRUE(r.valid()) << r.reason;
  // O3 1h 900 in 800-1000: 100*100/200+300 = 350
  EXPECT_EQ(r.aqi, 350);
  EXPECT_EQ(r.primary_pollutants, std::vector<Pollutant>{Pollutant::kO3_1h});
  EXPECT_EQ(r.category->number, 6);

  // Without the 1h value there is nothing to stand in: day invalid.
  d.o3_1h_max.reset();
  AqiResult missing = ComputeDailyAqi(d, k2012);
  EXPECT_EQ(missing.validity, AqiValidity::kMissingPollutant);
  EXPECT_EQ(missing.missing, std::vector<Pollutant>{Pollutant::kO3_1h});
}

TEST(DailyAqiTest, O3EightHourAbove800Is300In2026) {
  DailyConcentrations d = CleanDay();
  d.o3_8h_max = 850;
  d.o3_1h_max = 1200;  // not an item in 2026; would be 500 if used
  AqiResult r = ComputeDailyAqi(d, k2026);
  ASSERT_TRUE(r.valid()) << r.reason;
  EXPECT_EQ(r.aqi, 300);
  EXPECT_EQ(r.primary_pollutants, std::vector<Pollutant>{Pollutant::kO3_8h});
  EXPECT_EQ(r.category->number, 5);
}

TEST(IaqiTest, So2OneHourAbove800) {
  // 650 is the top of 500-650: 150. 800 is the top of 650-800: 200.
  EXPECT_EQ(IaqiOf(Column::kSo2_1h, 650, k2012), 150);
  EXPECT_EQ(IaqiOf(Column::kSo2_1h, 800, k2012), 200);
  absl::StatusOr<Iaqi> y2012 = ComputeIaqi(Column::kSo2_1h, 900, k2012);
  ASSERT_TRUE(y2012.ok());
  EXPECT_FALSE(y2012->value.has_value());
  absl::StatusOr<Iaqi> y2026 = ComputeIaqi(Column::kSo2_1h, 900, k2026);
  ASSERT_TRUE(y2026.ok());
  EXPECT_EQ(y2026->value, 200);
  EXPECT_TRUE(y2026->set_by_rule);
}

TEST(IaqiTest, AboveTheTopOfAColumnIsCappedAndFlagged) {
  absl::StatusOr<Iaqi> top = ComputeIaqi(Column::kPm25_24h, 500, k2012);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->value, 500);
  EXPECT_FALSE(top->beyond_range);

  absl::StatusOr<Iaqi> above = ComputeIaqi(Column::kPm25_24h, 600, k2012);
  ASSERT_TRUE(above.ok());
  EXPECT_EQ(above->value, 500);
  EXPECT_TRUE(above->beyond_range);

  DailyConcentrations d = CleanDay();
  d.pm10 = 700;  // top of PM10 is 600
  AqiResult r = ComputeDailyAqi(d, k2012);
  ASSERT_TRUE(r.valid());
  EXPECT_EQ(r.aqi, 500);
  EXPECT_TRUE(r.beyond_range);
  EXPECT_EQ(r.category->name_zh, "严重污染");
}

TEST(IaqiTest, RejectsNegativeAndNonFinite) {
  EXPECT_FALSE(ComputeIaqi(Column::kPm25_24h, -1, k2012).ok());
  EXPECT_FALSE(ComputeIaqi(Column::kPm25_24h,
                           std::numeric_limits<double>::quiet_NaN(), k2012)
                   .ok());
  EXPECT_FALSE(ComputeIaqi(Column::kPm25_24h,
                           std::numeric_limits<double>::infinity(), k2026)
                   .ok());
}

TEST(DailyAqiTest, CleanDayHasNoPrimaryPollutant) {
  AqiResult r = ComputeDailyAqi(CleanDay(), k2012);
  ASSERT_TRUE(r.valid()) << r.reason;
  EXPECT_EQ(r.aqi, 30);  // see CleanDay()
  EXPECT_TRUE(r.primary_pollutants.empty());
  EXPECT_EQ(r.category->name_zh, "优");
  EXPECT_EQ(r.iaqis.size(), 7u);
  EXPECT_TRUE(IsGoodDay(r));

  AqiResult r2026 = ComputeDailyAqi(CleanDay(), k2026);
  ASSERT_TRUE(r2026.valid());
  EXPECT_EQ(r2026.aqi, 30);
  EXPECT_EQ(r2026.iaqis.size(), 6u);  // O3 1h is not an item in 2026
}

TEST(DailyAqiTest, AqiOf50NamesNoPrimaryButFiftyOneDoes) {
  DailyConcentrations d = CleanDay();
  d.pm25 = 35;  // 50
  d.pm10 = 50;  // 50*50/50 = 50
  AqiResult at50 = ComputeDailyAqi(d, k2012);
  ASSERT_TRUE(at50.valid());
  EXPECT_EQ(at50.aqi, 50);
  EXPECT_TRUE(at50.primary_pollutants.empty());

  d.pm25 = 35.1;  // 51 (see Pm25EdgesIn2012)
  AqiResult at51 = ComputeDailyAqi(d, k2012);
  ASSERT_TRUE(at51.valid());
  EXPECT_EQ(at51.aqi, 51);
  EXPECT_EQ(at51.primary_pollutants, std::vector<Pollutant>{Pollutant::kPm25});
  EXPECT_EQ(at51.category->name_zh, "良");
}

TEST(DailyAqiTest, TiedPollutantsAreAllPrimary) {
  DailyConcentrations d = CleanDay();
  d.pm25 = 75;   // 100
  d.pm10 = 150;  // top of 50-150: 100
  AqiResult r = ComputeDailyAqi(d, k2012);
  ASSERT_TRUE(r.valid());
  EXPECT_EQ(r.aqi, 100);
  EXPECT_EQ(r.primary_pollutants,
            (std::vector<Pollutant>{Pollutant::kPm10, Pollutant::kPm25}));
}

TEST(CategoryTest, Boundaries) {
  EXPECT_EQ(CategoryForAqi(0).number, 1);
  EXPECT_EQ(CategoryForAqi(50).number, 1);
  EXPECT_EQ(CategoryForAqi(51).number, 2);
  EXPECT_EQ(CategoryForAqi(100).number, 2);
  EXPECT_EQ(CategoryForAqi(101).number, 3);
  EXPECT_EQ(CategoryForAqi(150).number, 3);
  EXPECT_EQ(CategoryForAqi(151).number, 4);
  EXPECT_EQ(CategoryForAqi(200).number, 4);
  EXPECT_EQ(CategoryForAqi(201).number, 5);
  EXPECT_EQ(CategoryForAqi(300).number, 5);
  EXPECT_EQ(CategoryForAqi(301).number, 6);
  EXPECT_EQ(CategoryForAqi(500).number, 6);

  EXPECT_EQ(CategoryForAqi(120).name_zh, "轻度污染");
  EXPECT_EQ(CategoryForAqi(120).level_zh, "三级");
  EXPECT_EQ(CategoryForAqi(120).colour_en, "orange");
  EXPECT_EQ(CategoryForAqi(180).name_zh, "中度污染");
  EXPECT_EQ(CategoryForAqi(250).name_zh, "重度污染");
  EXPECT_EQ(CategoryForAqi(250).level_zh, "五级");
  EXPECT_EQ(CategoryForAqi(400).colour_zh, "褐红色");
  EXPECT_EQ(CategoryForAqi(30).name_en, "Excellent");
}

TEST(DailyAqiTest, GoodDayIsAtMost100) {
  DailyConcentrations d = CleanDay();
  d.pm25 = 75;  // 100
  AqiResult r100 = ComputeDailyAqi(d, k2012);
  EXPECT_EQ(r100.aqi, 100);
  EXPECT_TRUE(IsGoodDay(r100));

  d.pm25 = 75.1;  // 101 (see Pm25EdgesIn2012)
  AqiResult r101 = ComputeDailyAqi(d, k2012);
  EXPECT_EQ(r101.aqi, 101);
  EXPECT_FALSE(IsGoodDay(r101));
  EXPECT_EQ(r101.category->name_zh, "轻度污染");
}

TEST(DailyAqiTest, MissingItemMakesA2012DayInvalid) {
  DailyConcentrations d = CleanDay();
  d.co.reset();
  AqiResult r = ComputeDailyAqi(d, k2012);
  EXPECT_EQ(r.validity, AqiValidity::kMissingPollutant);
  EXPECT_FALSE(r.valid());
  EXPECT_FALSE(r.aqi.has_value());
  EXPECT_EQ(r.provisional_aqi, 30);
  EXPECT_EQ(r.missing, std::vector<Pollutant>{Pollutant::kCo});
  EXPECT_FALSE(IsGoodDay(r));
  EXPECT_NE(r.reason.find("CO"), std::string::npos);

  // A polluted partial day is still not counted in 2012.
  d.pm25 = 200;
  EXPECT_EQ(ComputeDailyAqi(d, k2012).validity,
            AqiValidity::kMissingPollutant);
}

TEST(DailyAqiTest, MissingItemIn2026PublishesOnlyAbove100) {
  DailyConcentrations d = CleanDay();
  d.o3_1h_max.reset();  // not needed in 2026
  d.pm25.reset();
  AqiResult na = ComputeDailyAqi(d, k2026);
  EXPECT_EQ(na.validity, AqiValidity::kNotPublishable);
  EXPECT_FALSE(na.aqi.has_value());
  EXPECT_EQ(na.provisional_aqi, 30);
  EXPECT_FALSE(IsGoodDay(na));

  // Exactly 100 is not > 100: PM10 120 -> 100 (2026), still NA.
  d.pm10 = 120;
  EXPECT_EQ(ComputeDailyAqi(d, k2026).validity, AqiValidity::kNotPublishable);

  // CO missing, PM2.5 80: band 60-115, 50*20/55+100 = 118.18 -> 119.
  d = CleanDay();
  d.co.reset();
  d.pm25 = 80;
  AqiResult pub = ComputeDailyAqi(d, k2026);
  ASSERT_TRUE(pub.valid()) << pub.reason;
  EXPECT_EQ(pub.aqi, 119);
  EXPECT_EQ(pub.missing, std::vector<Pollutant>{Pollutant::kCo});
  EXPECT_EQ(pub.primary_pollutants, std::vector<Pollutant>{Pollutant::kPm25});
  EXPECT_FALSE(IsGoodDay(pub));
}

TEST(DailyAqiTest, NoDataAndBadInput) {
  AqiResult empty = ComputeDailyAqi(DailyConcentrations{}, k2012);
  EXPECT_EQ(empty.validity, AqiValidity::kNoData);
  EXPECT_EQ(empty.missing.size(), 7u);

  DailyConcentrations d = CleanDay();
  d.no2 = -3;
  AqiResult bad = ComputeDailyAqi(d, k2026);
  EXPECT_EQ(bad.validity, AqiValidity::kBadInput);
  EXPECT_NE(bad.reason.find("NO2"), std::string::npos);
}

TEST(DailyAqiTest, AqiRangeStartsAtOneIn2026) {
  DailyConcentrations zero;
  zero.so2 = zero.no2 = zero.pm10 = zero.pm25 = zero.co = 0;
  zero.o3_1h_max = zero.o3_8h_max = 0;
  EXPECT_EQ(ComputeDailyAqi(zero, k2026).aqi, 1);
  EXPECT_EQ(ComputeDailyAqi(zero, k2012).aqi, 0);
}

}  // namespace
}  // namespace devplan::env
