// Thresholds under test: GB 3095 Table 4 (24h mean >= 20 hours, 8h mean
// >= 6 hours) and our chosen O3 rules (17 windows starting 00..16, >= 14
// valid windows; 1h max >= 20 hours). Means are worked by hand.
#include "services/environment/rules/daily_means.h"

#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace devplan::env {
namespace {

HourlySeries Constant(double value) {
  HourlySeries s;
  for (auto& h : s) h = value;
  return s;
}

// Hour h holds 10*h: 0, 10, ..., 230.
HourlySeries Ramp() {
  HourlySeries s;
  for (int h = 0; h < 24; ++h) s[h] = 10.0 * h;
  return s;
}

TEST(DailyMeanTest, NeedsTwentyValidHours) {
  HourlySeries s;  // all missing
  for (int h = 0; h < 10; ++h) s[h] = 10;
  for (int h = 10; h < 19; ++h) s[h] = 30;
  EXPECT_EQ(CountValidHours(s), 19);
  EXPECT_FALSE(DailyMean(s).has_value());

  s[19] = 30;  // 20 hours: (10*10 + 10*30) / 20 = 400/20 = 20
  ASSERT_TRUE(DailyMean(s).has_value());
  EXPECT_DOUBLE_EQ(*DailyMean(s), 20);

  s[20] = 41;  // 21 hours: (100 + 300 + 41) / 21 = 441/21 = 21
  EXPECT_DOUBLE_EQ(*DailyMean(s), 21);
}

TEST(DailyMeanTest, NegativeAndNonFiniteHoursAreMissing) {
  HourlySeries s;
  for (int h = 0; h < 20; ++h) s[h] = 10;
  s[3] = -1;  // now only 19 valid
  EXPECT_FALSE(DailyMean(s).has_value());
  s[3] = 10;
  s[4] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(DailyMean(s).has_value());
  s[4] = 10;
  EXPECT_DOUBLE_EQ(*DailyMean(s), 10);
}

TEST(EightHourMeanTest, NeedsSixValidHoursInTheWindow) {
  HourlySeries s;
  for (int h = 0; h < 6; ++h) s[h] = 60;  // hours 6 and 7 missing
  ASSERT_TRUE(EightHourMean(s, 0).has_value());
  EXPECT_DOUBLE_EQ(*EightHourMean(s, 0), 60);  // 6*60/6
  s[5].reset();                                 // 5 valid hours
  EXPECT_FALSE(EightHourMean(s, 0).has_value());
}

TEST(EightHourMeanTest, WindowsStayInsideTheDay) {
  const HourlySeries s = Ramp();
  // Window starting 16 = hours 16..23, ends 24:00: 10*(16+...+23)/8 = 195
  EXPECT_DOUBLE_EQ(*EightHourMean(s, 16), 195);
  // Window starting 0 = hours 0..7, ends 08:00: 10*(0+...+7)/8 = 35
  EXPECT_DOUBLE_EQ(*EightHourMean(s, 0), 35);
  EXPECT_FALSE(EightHourMean(s, 17).has_value());
  EXPECT_FALSE(EightHourMean(s, -1).has_value());
}

TEST(DailyMax8hTest, LargestOfTheSeventeenWindows) {
  // Window s has mean 10*(s+3.5) = 10s+35; the last (s=16) is largest: 195.
  EXPECT_DOUBLE_EQ(*DailyMax8hMean(Ramp()), 195);
}

TEST(DailyMax8hTest, FourteenValidWindowsRequired) {
  HourlySeries s = Ramp();
  for (int h = 0; h < 5; ++h) s[h].reset();
  // Hours 0..4 missing: window s has max(0, s+8-5) valid hours, i.e. 3, 4, 5
  // for s = 0, 1, 2 (invalid) and >= 6 from s = 3: windows 3..16 = 14 valid.
  ASSERT_TRUE(DailyMax8hMean(s).has_value());
  EXPECT_DOUBLE_EQ(*DailyMax8hMean(s), 195);

  s[5].reset();
  // Hours 0..5 missing: valid from s = 4 only: windows 4..16 = 13 < 14.
  EXPECT_FALSE(DailyMax8hMean(s).has_value());
}

TEST(DailyMax8hTest, InvalidWindowsDoNotContributeToTheMaximum) {
  HourlySeries s;
  for (int h = 0; h < 5; ++h) s[h] = 1000;  // hours 0..4
  for (int h = 8; h < 24; ++h) s[h] = 50;   // hours 5..7 missing
  // Window 0..4 hold 5 valid hours each (e.g. s=4: hour 4 + hours 8..11),
  // window 5 holds hours 8..12 = 5; windows 6..16 have >= 6 hours, all 50.
  // That is 11 valid windows: not enough by default...
  EXPECT_FALSE(DailyMax8hMean(s).has_value());
  // ...and with the threshold lowered to 11 the maximum is 50, not a
  // window polluted by the 1000s.
  DailyMeanRules rules;
  rules.min_valid_8h_windows = 11;
  ASSERT_TRUE(DailyMax8hMean(s, rules).has_value());
  EXPECT_DOUBLE_EQ(*DailyMax8hMean(s, rules), 50);
}

TEST(DailyMax1hTest, MaximumOverTwentyOrMoreHours) {
  HourlySeries s;
  for (int h = 0; h < 19; ++h) s[h] = 100;
  s[14] = 180;
  EXPECT_FALSE(DailyMax1h(s).has_value());  // 19 hours
  s[19] = 90;
  ASSERT_TRUE(DailyMax1h(s).has_value());
  EXPECT_DOUBLE_EQ(*DailyMax1h(s), 180);
}

TEST(StationDailyMeansTest, FillsAllSevenItems) {
  StationDayHourly day;
  day.so2 = Constant(10);
  day.no2 = Constant(20);
  day.pm10 = Constant(30);
  day.pm25 = Constant(20);
  day.co = Constant(0.5);
  day.o3 = Ramp();
  DailyConcentrations d = StationDailyMeans(day);
  EXPECT_DOUBLE_EQ(*d.so2, 10);
  EXPECT_DOUBLE_EQ(*d.no2, 20);
  EXPECT_DOUBLE_EQ(*d.pm10, 30);
  EXPECT_DOUBLE_EQ(*d.pm25, 20);
  EXPECT_DOUBLE_EQ(*d.co, 0.5);
  EXPECT_DOUBLE_EQ(*d.o3_1h_max, 230);  // hour 23: 10*23
  EXPECT_DOUBLE_EQ(*d.o3_8h_max, 195);

  day.pm25 = HourlySeries{};  // a failed PM2.5 analyser
  EXPECT_FALSE(StationDailyMeans(day).pm25.has_value());
}

TEST(DistrictDailyMeanTest, AveragesOnlyStationsWithAValue) {
  std::vector<DailyConcentrations> stations(3);
  stations[0].pm25 = 30;
  stations[1].pm25 = 40;  // station 2 has no PM2.5
  stations[0].so2 = 10;
  stations[1].so2 = 20;
  stations[2].so2 = 30;
  stations[0].o3_8h_max = 100;
  stations[2].o3_8h_max = 160;

  DailyConcentrations d = DistrictDailyMean(stations);
  EXPECT_DOUBLE_EQ(*d.pm25, 35);        // (30+40)/2, not (30+40+0)/3
  EXPECT_DOUBLE_EQ(*d.so2, 20);         // (10+20+30)/3
  EXPECT_DOUBLE_EQ(*d.o3_8h_max, 130);  // (100+160)/2
  EXPECT_FALSE(d.co.has_value());       // no station has CO

  // No stations at all: nothing to average.
  EXPECT_FALSE(DistrictDailyMean({}).pm25.has_value());
}

}  // namespace
}  // namespace devplan::env
