// Ranking districts: league-table ranks, ties shared, unscored last.
#include "services/aggregator/district_ranking.h"

#include <gtest/gtest.h>

#include <random>

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

v1::DistrictComparison Rank(const std::vector<v1::Scorecard>& cards, absl::CivilDay as_of) {
  std::vector<const v1::Scorecard*> pointers;
  for (const v1::Scorecard& c : cards) pointers.push_back(&c);
  return RankDistricts(pointers, as_of);
}

TEST(RankDistricts, TiesShareARankAndTheNextSkips) {
  v1::DistrictComparison c = Rank(
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
  v1::DistrictComparison c = Rank({Card("410101", std::nullopt, std::nullopt),
                                            Card("410108", 40, 40)},
                                           absl::CivilDay(2024, 1, 31));
  EXPECT_EQ(c.districts(0).district(), "410108");
  EXPECT_EQ(c.districts(0).overall_rank(), 1);
  EXPECT_EQ(c.districts(1).overall_rank(), 0);
  EXPECT_FALSE(c.districts(1).has_overall_score());
  EXPECT_EQ(c.districts(1).areas(0).rank(), 0);
}

// Many districts, many ties: every rank is one more than the number of districts with a
// strictly better score, the league-table definition, checked pairwise.
TEST(RankDistricts, EveryRankIsOnePlusTheDistrictsStrictlyBetter) {
  std::mt19937 rng(2260);
  std::uniform_int_distribution<int> score(0, 40);  // few values: many ties
  std::vector<v1::Scorecard> cards;
  for (int i = 0; i < 500; ++i) {
    const int s = score(rng);
    cards.push_back(Card(std::to_string(410000 + i), s == 0 ? std::nullopt : std::optional<double>(s),
                         std::optional<double>(score(rng))));
  }
  v1::DistrictComparison c = Rank(cards, absl::CivilDay(2024, 6, 30));
  ASSERT_EQ(c.districts_size(), 500);
  int last_rank = 1;
  for (const v1::DistrictRank& r : c.districts()) {
    if (!r.has_overall_score()) {
      EXPECT_EQ(r.overall_rank(), 0) << r.district();
      last_rank = INT32_MAX;  // unscored come last
      continue;
    }
    int better = 0;
    for (const v1::DistrictRank& o : c.districts()) {
      better += o.has_overall_score() && o.overall_score() > r.overall_score() ? 1 : 0;
    }
    EXPECT_EQ(r.overall_rank(), better + 1) << r.district();
    EXPECT_GE(r.overall_rank(), last_rank) << "rows are in rank order";
    last_rank = r.overall_rank();
    int area_better = 0;
    for (const v1::DistrictRank& o : c.districts()) {
      area_better += o.areas(0).score() > r.areas(0).score() ? 1 : 0;
    }
    EXPECT_EQ(r.areas(0).rank(), area_better + 1) << r.district();
  }
}

}  // namespace
}  // namespace devplan::aggregator
