// The stream's batching rules without threads or Redis: where batches are cut, when one may
// be written, and that two batches sharing a day are never written at once.
#include "services/environment/hourly_batches.h"

#include <gtest/gtest.h>

namespace devplan::environment {
namespace {

absl::CivilDay Day(int month, int day) { return absl::CivilDay(2024, month, day); }

// `per_day` readings of each of `days` days from 2024-01-01 on, day by day.
std::vector<ValidReading> Days(int days, int per_day, absl::CivilDay first = Day(1, 1)) {
  std::vector<ValidReading> out;
  for (int d = 0; d < days; ++d) {
    for (int i = 0; i < per_day; ++i) {
      out.push_back({"S" + std::to_string(i / 24), first + d, i % 24, {}});
    }
  }
  return out;
}

TEST(HourlyBatchesTest, CutsWhereTheDayChangesAndWaitsForTheReadingAfterABatch) {
  HourlyBatches b(100);
  b.Add(Days(4, 30));  // 120 readings: days of 30
  std::optional<HourlyBatch> first = b.Next(false);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->readings.size(), 90u);  // 3 whole days, not 100 with a part of the fourth
  EXPECT_EQ(first->days, (std::vector<absl::CivilDay>{Day(1, 1), Day(1, 2), Day(1, 3)}));
  EXPECT_EQ(b.waiting(), 30u);
  // 30 wait: not a batch's worth, and the stream may still send the rest of the day.
  EXPECT_FALSE(b.Next(false).has_value());
  // When the stream has ended, the rest goes as it is.
  std::optional<HourlyBatch> rest = b.Next(true);
  ASSERT_TRUE(rest.has_value());
  EXPECT_EQ(rest->readings.size(), 30u);
  EXPECT_EQ(rest->readings.front().day, Day(1, 4));
  EXPECT_EQ(b.in_flight(), 2u);
}

TEST(HourlyBatchesTest, ADayLargerThanABatchIsCutWhereTheBatchIsFull) {
  HourlyBatches b(100);
  b.Add(Days(2, 150));
  std::optional<HourlyBatch> first = b.Next(false);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->readings.size(), 100u);
  b.Done(*first);
  std::optional<HourlyBatch> second = b.Next(false);  // 200 wait: the rest of day 1 and day 2
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->readings.size(), 50u);
  EXPECT_EQ(second->days, (std::vector<absl::CivilDay>{Day(1, 1)}));
}

TEST(HourlyBatchesTest, BatchesSharingADayAreWrittenOneAfterTheOther) {
  HourlyBatches b(100);
  // Day 1 of 150 readings spans two batches.
  b.Add(Days(1, 150));
  b.Add(Days(1, 60, Day(1, 2)));
  std::optional<HourlyBatch> first = b.Next(false);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->days.front(), Day(1, 1));
  // The rest of day 1 waits for the first batch, though a writer is free.
  EXPECT_FALSE(b.Next(true).has_value());
  EXPECT_EQ(b.in_flight(), 1u);
  b.Done(*first);
  std::optional<HourlyBatch> second = b.Next(true);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->readings.size(), 50u);  // the rest of day 1; day 2 is cut off
  std::optional<HourlyBatch> third = b.Next(true);  // day 2 shares nothing: written alongside
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->days, (std::vector<absl::CivilDay>{Day(1, 2)}));
  EXPECT_EQ(b.waiting(), 0u);
}

TEST(HourlyBatchesTest, AStreamOutOfDayOrderKeepsItsOrderForTheSameDay) {
  HourlyBatches b(100);
  b.Add(Days(3, 40));  // days 1-3
  b.Add(Days(1, 40, Day(1, 1)));  // day 1 again: a correction, must land last
  b.Add(Days(2, 40, Day(2, 1)));
  std::optional<HourlyBatch> first = b.Next(false);  // days 1-2
  ASSERT_TRUE(first.has_value());
  std::optional<HourlyBatch> second = b.Next(false);  // day 3, then day 1 again: day 1 is busy
  EXPECT_FALSE(second.has_value());
  b.Done(*first);
  second = b.Next(false);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->readings.size(), 80u);  // day 3 and the correction of day 1
  EXPECT_EQ(second->readings.back().day, Day(1, 1));
}

TEST(HourlyBatchesTest, AtMostTwoBatchesAreInFlightAndFullStopsReading) {
  HourlyBatches b(100);
  b.Add(Days(10, 50));  // 500 readings
  std::optional<HourlyBatch> one = b.Next(false);
  std::optional<HourlyBatch> two = b.Next(false);
  ASSERT_TRUE(one.has_value());
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(b.in_flight(), HourlyBatches::kMaxWritesInFlight);
  EXPECT_FALSE(b.Next(false).has_value());
  EXPECT_EQ(b.waiting(), 300u);
  EXPECT_TRUE(b.full());  // more than a batch waits: the stream stops reading
  b.Done(*one);
  std::optional<HourlyBatch> three = b.Next(false);
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(b.waiting(), 200u);
  EXPECT_TRUE(b.full());
  b.Done(*two);
  ASSERT_TRUE(b.Next(false).has_value());
  EXPECT_FALSE(b.full());  // 100 wait: a batch, not more
  b.Drop();
  EXPECT_EQ(b.waiting(), 0u);
  EXPECT_FALSE(b.Next(true).has_value());
}

}  // namespace
}  // namespace devplan::environment
