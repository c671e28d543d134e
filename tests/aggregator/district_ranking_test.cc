// Ranking districts: league-table ranks, ties shared, unscored last.
#include "services/aggregator/district_ranking.h"

#include <gtest/gtest.h>

namespace devplan::aggregator {
namespace {

v1::Scorecard Card(const std::string& district, std::optional<double> overall,
                   std::optional<double> ecology) {
  v1::Scorecard c;
  c.set_district(district);
  if (overall) c.set_overall_score(*overall);
  v1::AreaResult* a = c.add_areas();
  a->set_area(v1::AREA_ECOLOGY);
  if (ecology) a->set_score(*ecology);
  (*a->mutable_status_counts())["BEHIND"] = 2;
  return c;
}

TEST(RankDistricts, TiesShareARankAndTheNextSkips) {
  v1::DistrictComparison c = RankDistricts(
      {Card("410102", 80, 70), Card("410108", 90, 95), Card("410105", 80, 95)},
      absl::CivilDay(2024, 9, 30));
  ASSERT_EQ(c.districts_size(), 3);
  EXPECT_EQ(c.districts(0).district(), "410108");
  EXPECT_EQ(c.districts(0).overall_rank(), 1);
  // 410102 and 410105 tie at 80: both second, in code order.
  EXPECT_EQ(c.districts(1).district(), "410102");
  EXPECT_EQ(c.districts(1).overall_rank(), 2);
  EXPECT_EQ(c.districts(2).district(), "410105");
  EXPECT_EQ(c.districts(2).overall_rank(), 2);
  // Ecology: 410108 and 410105 share first, 410102 is third.
  EXPECT_EQ(c.districts(0).areas(0).rank(), 1);
  EXPECT_EQ(c.districts(2).areas(0).rank(), 1);
  EXPECT_EQ(c.districts(1).areas(0).rank(), 3);
  EXPECT_EQ(c.districts(0).status_counts().at("BEHIND"), 2);
  EXPECT_EQ(c.as_of().month(), 9);
}

TEST(RankDistricts, AnUnscoredDistrictRanksZeroAndComesLast) {
  v1::DistrictComparison c = RankDistricts({Card("410101", std::nullopt, std::nullopt),
                                            Card("410108", 40, 40)},
                                           absl::CivilDay(2024, 1, 31));
  EXPECT_EQ(c.districts(0).district(), "410108");
  EXPECT_EQ(c.districts(0).overall_rank(), 1);
  EXPECT_EQ(c.districts(1).overall_rank(), 0);
  EXPECT_FALSE(c.districts(1).has_overall_score());
  EXPECT_EQ(c.districts(1).areas(0).rank(), 0);
}

}  // namespace
}  // namespace devplan::aggregator
