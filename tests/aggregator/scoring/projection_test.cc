#include "services/aggregator/scoring/projection.h"

#include "gtest/gtest.h"

namespace devplan::scoring {
namespace {

TEST(ProjectionTest, LinearIsActualOverElapsedShare) {
  // 2024-06-30: f = 182/366; 99 so far -> 99 x 366 / 182 = 199.087...
  EXPECT_DOUBLE_EQ(*ProjectLinear(99.0, 182.0 / 366), 99.0 * 366 / 182);
  EXPECT_DOUBLE_EQ(*ProjectLinear(0.0, 0.5), 0.0);
  EXPECT_FALSE(ProjectLinear(10.0, 0.0).has_value());
}

TEST(ProjectionTest, GoodDaysUseRateOverValidDays) {
  // 120 good days out of 170 valid (5 invalid of 175 elapsed) and 191 days
  // to come: 120 + 191 x 120/170 = 120 + 134.82... = 254.82...
  EXPECT_DOUBLE_EQ(*ProjectGoodDays(120, 170, 191), 120 + 191 * 120.0 / 170);
  EXPECT_NEAR(*ProjectGoodDays(120, 170, 191), 254.824, 1e-3);
  // Year over: nothing to add.
  EXPECT_DOUBLE_EQ(*ProjectGoodDays(250, 360, 0), 250.0);
  // Every day good so far: every remaining day projected good.
  EXPECT_DOUBLE_EQ(*ProjectGoodDays(10, 10, 356), 366.0);
  // Negative remaining is treated as none.
  EXPECT_DOUBLE_EQ(*ProjectGoodDays(200, 300, -3), 200.0);
  EXPECT_FALSE(ProjectGoodDays(0, 0, 366).has_value());
}

TEST(ProjectionTest, RemainingAtPaceSoFar) {
  // Baseline 20, 11 left at f = 182/366: removed 9 in 182 days ->
  // 9 x 366/182 = 18.098 over the year -> 1.901... left.
  EXPECT_DOUBLE_EQ(*ProjectRemaining(20, 11, 182.0 / 366), 20 - 9 * 366.0 / 182);
  // Fast enough to finish: never below zero.
  EXPECT_DOUBLE_EQ(*ProjectRemaining(20, 5, 0.5), 0.0);
  // Getting worse projects worse.
  EXPECT_DOUBLE_EQ(*ProjectRemaining(20, 22, 0.5), 24.0);
  EXPECT_FALSE(ProjectRemaining(20, 20, 0.0).has_value());
}

}  // namespace
}  // namespace devplan::scoring
