#include "services/aggregator/scoring/elapsed.h"

#include <vector>

#include "gtest/gtest.h"

namespace devplan::scoring {
namespace {

using absl::CivilDay;

TEST(ElapsedTest, DaysInYearKnowsLeapYears) {
  EXPECT_EQ(DaysInYear(2024), 366);
  EXPECT_EQ(DaysInYear(2023), 365);
  EXPECT_EQ(DaysInYear(2000), 366);
  EXPECT_EQ(DaysInYear(2100), 365);
}

TEST(ElapsedTest, DaysInMonth) {
  EXPECT_EQ(DaysInMonth(CivilDay(2024, 2, 10)), 29);
  EXPECT_EQ(DaysInMonth(CivilDay(2023, 2, 10)), 28);
  EXPECT_EQ(DaysInMonth(CivilDay(2024, 12, 31)), 31);
  EXPECT_EQ(DaysInMonth(CivilDay(2024, 4, 1)), 30);
}

TEST(ElapsedTest, ShareIsInclusiveOfAsOfDayIn366DayYear) {
  EXPECT_DOUBLE_EQ(ElapsedShare(2024, CivilDay(2024, 1, 1)), 1.0 / 366);
  EXPECT_DOUBLE_EQ(ElapsedShare(2024, CivilDay(2024, 12, 31)), 1.0);
  // 31 + 29 + 31 + 30 + 31 + 30 = 182.
  EXPECT_DOUBLE_EQ(ElapsedShare(2024, CivilDay(2024, 6, 30)), 182.0 / 366);
  // Day 183 of 366 is exactly half.
  EXPECT_DOUBLE_EQ(ElapsedShare(2024, CivilDay(2024, 7, 1)), 0.5);
  // 29 February counts.
  EXPECT_DOUBLE_EQ(ElapsedShare(2024, CivilDay(2024, 3, 1)), 61.0 / 366);
  // A non-leap year for contrast: 1 March is day 60 of 365.
  EXPECT_DOUBLE_EQ(ElapsedShare(2023, CivilDay(2023, 3, 1)), 60.0 / 365);
}

TEST(ElapsedTest, ShareClampsOutsideThePlanYear) {
  EXPECT_DOUBLE_EQ(ElapsedShare(2024, CivilDay(2023, 12, 31)), 0.0);
  EXPECT_DOUBLE_EQ(ElapsedShare(2024, CivilDay(2025, 1, 20)), 1.0);
}

TEST(ElapsedTest, RemainingDaysExcludeAsOfDay) {
  EXPECT_EQ(RemainingDays(2024, CivilDay(2024, 12, 31)), 0);
  EXPECT_EQ(RemainingDays(2024, CivilDay(2024, 1, 1)), 365);
  EXPECT_EQ(RemainingDays(2024, CivilDay(2024, 6, 30)), 184);
  EXPECT_EQ(RemainingDays(2024, CivilDay(2025, 2, 1)), 0);
  EXPECT_EQ(RemainingDays(2024, CivilDay(2023, 12, 1)), 366);
}

const std::vector<double> kSchedule = {0.05, 0.10, 0.20, 0.30, 0.40, 0.50,
                                       0.55, 0.60, 0.70, 0.80, 0.90, 1.00};

TEST(ElapsedTest, ScheduleInterpolatesByDaysWithinMonth) {
  // 15 March: 0.10 + (0.20 - 0.10) x 15/31.
  EXPECT_DOUBLE_EQ(ScheduledValue(kSchedule, 2024, CivilDay(2024, 3, 15)),
                   0.10 + 0.10 * 15 / 31);
  // Month ends hit the schedule exactly; February has 29 days in 2024.
  EXPECT_DOUBLE_EQ(ScheduledValue(kSchedule, 2024, CivilDay(2024, 2, 29)),
                   0.10);
  EXPECT_DOUBLE_EQ(ScheduledValue(kSchedule, 2024, CivilDay(2024, 1, 31)),
                   0.05);
  // 1 January: 0 + 0.05 x 1/31.
  EXPECT_DOUBLE_EQ(ScheduledValue(kSchedule, 2024, CivilDay(2024, 1, 1)),
                   0.05 / 31);
  EXPECT_DOUBLE_EQ(ScheduledValue(kSchedule, 2024, CivilDay(2024, 12, 31)),
                   1.0);
  // 14 February 2024: 0.05 + 0.05 x 14/29.
  EXPECT_DOUBLE_EQ(ScheduledValue(kSchedule, 2024, CivilDay(2024, 2, 14)),
                   0.05 + 0.05 * 14 / 29);
}

TEST(ElapsedTest, ScheduleOutsideThePlanYear) {
  EXPECT_DOUBLE_EQ(ScheduledValue(kSchedule, 2024, CivilDay(2023, 12, 31)),
                   0.0);
  EXPECT_DOUBLE_EQ(ScheduledValue(kSchedule, 2024, CivilDay(2025, 1, 10)),
                   1.0);
}

}  // namespace
}  // namespace devplan::scoring
