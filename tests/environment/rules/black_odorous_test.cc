// Limits from the 2015 urban black-odorous water guideline:
//   transparency light 25–10 cm, heavy < 10; DO light 0.2–2.0, heavy < 0.2;
//   ORP light −200–50 mV, heavy < −200; NH3-N light 8.0–15, heavy > 15.
// Light ranges are closed, so a value on a limit is light.
#include "services/environment/rules/black_odorous.h"

#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace devplan::env {
namespace {

using L = BlackOdorLevel;

BlackOdorSample Clean() {
  BlackOdorSample s;
  s.transparency_cm = 40;
  s.dissolved_oxygen_mg_l = 5;
  s.orp_mv = 150;
  s.ammonia_nitrogen_mg_l = 1;
  return s;
}

TEST(BlackOdorLevelTest, TransparencyEdges) {
  EXPECT_EQ(TransparencyLevel(25.1, std::nullopt), L::kNone);
  EXPECT_EQ(TransparencyLevel(25, std::nullopt), L::kLight);
  EXPECT_EQ(TransparencyLevel(10, std::nullopt), L::kLight);
  EXPECT_EQ(TransparencyLevel(9.9, std::nullopt), L::kHeavy);
  // Deep water: the normal limits.
  EXPECT_EQ(TransparencyLevel(20, 100.0), L::kLight);
}

TEST(BlackOdorLevelTest, ShallowWaterTransparencyIsFortyPercentOfDepth) {
  // Depth 20 cm: limit 0.4*20 = 8 cm.
  EXPECT_EQ(TransparencyLevel(8, 20.0), L::kNone);
  EXPECT_EQ(TransparencyLevel(7.9, 20.0), L::kHeavy);
  // 15 cm would be light in deep water; in 20 cm of water it is clean.
  EXPECT_EQ(TransparencyLevel(15, 20.0), L::kNone);
  EXPECT_EQ(TransparencyLevel(15, std::nullopt), L::kLight);
  // Depth 12.5 cm: limit 0.4*12.5 = 5 cm.
  EXPECT_EQ(TransparencyLevel(5, 12.5), L::kNone);
  EXPECT_EQ(TransparencyLevel(4.9, 12.5), L::kHeavy);
  // Exactly 25 cm deep is not "shallower than 25 cm": normal limits.
  EXPECT_EQ(TransparencyLevel(20, 25.0), L::kLight);
}

TEST(BlackOdorLevelTest, DissolvedOxygenEdges) {
  EXPECT_EQ(DissolvedOxygenLevel(2.01), L::kNone);
  EXPECT_EQ(DissolvedOxygenLevel(2.0), L::kLight);
  EXPECT_EQ(DissolvedOxygenLevel(0.2), L::kLight);
  EXPECT_EQ(DissolvedOxygenLevel(0.19), L::kHeavy);
}

TEST(BlackOdorLevelTest, OrpEdges) {
  EXPECT_EQ(OrpLevel(50.1), L::kNone);
  EXPECT_EQ(OrpLevel(50), L::kLight);
  EXPECT_EQ(OrpLevel(-200), L::kLight);
  EXPECT_EQ(OrpLevel(-200.1), L::kHeavy);
}

TEST(BlackOdorLevelTest, AmmoniaNitrogenEdges) {
  EXPECT_EQ(AmmoniaNitrogenLevel(7.99), L::kNone);
  EXPECT_EQ(AmmoniaNitrogenLevel(8.0), L::kLight);
  EXPECT_EQ(AmmoniaNitrogenLevel(15), L::kLight);
  EXPECT_EQ(AmmoniaNitrogenLevel(15.01), L::kHeavy);
}

TEST(GradeSampleTest, WorstIndicatorAndMissingOnes) {
  BlackOdorSample s = Clean();
  s.orp_mv = -250;  // heavy
  s.ammonia_nitrogen_mg_l.reset();
  absl::StatusOr<SampleGrade> g = GradeSample(s);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->worst, L::kHeavy);
  EXPECT_EQ(g->levels[static_cast<int>(BlackOdorIndicator::kOrp)], L::kHeavy);
  EXPECT_EQ(g->levels[static_cast<int>(BlackOdorIndicator::kTransparency)],
            L::kNone);
  EXPECT_FALSE(
      g->levels[static_cast<int>(BlackOdorIndicator::kAmmoniaNitrogen)]
          .has_value());

  // The depth in the sample switches on the shallow rule.
  BlackOdorSample shallow = Clean();
  shallow.transparency_cm = 15;
  EXPECT_EQ(GradeSample(shallow)->worst, L::kLight);
  shallow.water_depth_cm = 20;  // limit 8 cm
  EXPECT_EQ(GradeSample(shallow)->worst, L::kNone);
}

TEST(GradeSampleTest, RejectsImpossibleValues) {
  BlackOdorSample s = Clean();
  s.dissolved_oxygen_mg_l = -0.1;
  EXPECT_FALSE(GradeSample(s).ok());
  s = Clean();
  s.transparency_cm = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(GradeSample(s).ok());
  s = Clean();
  s.water_depth_cm = 0;
  EXPECT_FALSE(GradeSample(s).ok());
  s = Clean();
  s.orp_mv = -350;  // negative ORP is a real reading
  EXPECT_TRUE(GradeSample(s).ok());
}

TEST(GradePointTest, OneIndicatorAtSixtyPercentHeavy) {
  // 3 of 5 transparency results heavy: 3/5 = 60 % -> heavy.
  std::vector<BlackOdorSample> samples(5, Clean());
  for (int i = 0; i < 3; ++i) samples[i].transparency_cm = 5;
  absl::StatusOr<PointGrade> g = GradePoint(samples);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->level, L::kHeavy);
  const IndicatorTally& t =
      g->tallies[static_cast<int>(BlackOdorIndicator::kTransparency)];
  EXPECT_EQ(t.results, 5);
  EXPECT_EQ(t.heavy, 3);

  // 2 of 5 = 40 %: only one indicator, below 60 % -> not heavy; the heavy
  // readings still make the point light.
  samples[2] = Clean();
  EXPECT_EQ(GradePoint(samples)->level, L::kLight);
}

TEST(GradePointTest, TwoIndicatorsAtThirtyPercentHeavy) {
  // 10 samples: DO heavy in 3 (30 %), NH3-N heavy in 3 (30 %) -> heavy.
  std::vector<BlackOdorSample> samples(10, Clean());
  for (int i = 0; i < 3; ++i) samples[i].dissolved_oxygen_mg_l = 0.1;
  for (int i = 5; i < 8; ++i) samples[i].ammonia_nitrogen_mg_l = 20;
  EXPECT_EQ(GradePoint(samples)->level, L::kHeavy);

  // NH3-N heavy in only 2 of 10 (20 %): one indicator at 30 % is not enough.
  samples[7] = Clean();
  EXPECT_EQ(GradePoint(samples)->level, L::kLight);
}

TEST(GradePointTest, SharesCountOnlySamplesThatMeasuredTheIndicator) {
  // NH3-N measured in 3 of 5 samples, 2 heavy: 2/3 = 66.7 % >= 60 -> heavy.
  // (Over all 5 samples it would be 40 % and the point only light.)
  std::vector<BlackOdorSample> samples(5, Clean());
  samples[0].ammonia_nitrogen_mg_l = 16;
  samples[1].ammonia_nitrogen_mg_l = 16;
  samples[3].ammonia_nitrogen_mg_l.reset();
  samples[4].ammonia_nitrogen_mg_l.reset();
  EXPECT_EQ(GradePoint(samples)->level, L::kHeavy);
}

TEST(GradePointTest, LightAndNone) {
  std::vector<BlackOdorSample> samples(4, Clean());
  EXPECT_EQ(GradePoint(samples)->level, L::kNone);
  samples[1].orp_mv = 0;  // light
  EXPECT_EQ(GradePoint(samples)->level, L::kLight);
}

TEST(GradePointTest, NeedsMeasuredSamples) {
  EXPECT_FALSE(GradePoint({}).ok());
  std::vector<BlackOdorSample> empty(3);  // no indicator in any sample
  EXPECT_FALSE(GradePoint(empty).ok());
  std::vector<BlackOdorSample> bad(2, Clean());
  bad[1].ammonia_nitrogen_mg_l = -1;
  EXPECT_FALSE(GradePoint(bad).ok());
}

TEST(GradeWaterBodyTest, SixtyPercentOfPointsHeavy) {
  // 3 of 5 heavy = 60 % -> heavy.
  std::vector<L> points = {L::kHeavy, L::kNone, L::kHeavy, L::kNone,
                           L::kHeavy};
  absl::StatusOr<WaterBodyGrade> g = GradeWaterBody(points);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->level, L::kHeavy);
  EXPECT_EQ(g->heavy_points, 3);
  EXPECT_TRUE(g->heavy_stretches.empty());  // never three in a row

  // 2 of 5 = 40 % -> not heavy; black-odorous points make it light.
  points[4] = L::kNone;
  EXPECT_EQ(GradeWaterBody(points)->level, L::kLight);
}

TEST(GradeWaterBodyTest, LightAndNone) {
  std::vector<L> points(4, L::kNone);
  EXPECT_EQ(GradeWaterBody(points)->level, L::kNone);
  points[2] = L::kLight;
  absl::StatusOr<WaterBodyGrade> g = GradeWaterBody(points);
  EXPECT_EQ(g->level, L::kLight);
  EXPECT_EQ(g->light_points, 1);
}

TEST(GradeWaterBodyTest, HeavyStretchesOfThreeOrMore) {
  // H H H N H H N H H H H: runs 0..2 and 7..10; 7/11 = 63.6 % -> heavy.
  std::vector<L> points = {L::kHeavy, L::kHeavy, L::kHeavy, L::kNone,
                           L::kHeavy, L::kHeavy, L::kNone,  L::kHeavy,
                           L::kHeavy, L::kHeavy, L::kHeavy};
  absl::StatusOr<WaterBodyGrade> g = GradeWaterBody(points);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->level, L::kHeavy);
  ASSERT_EQ(g->heavy_stretches.size(), 2u);
  EXPECT_EQ(g->heavy_stretches[0].first_point, 0);
  EXPECT_EQ(g->heavy_stretches[0].last_point, 2);
  EXPECT_EQ(g->heavy_stretches[1].first_point, 7);
  EXPECT_EQ(g->heavy_stretches[1].last_point, 10);

  // N H H H N N N N: 3/8 = 37.5 % -> body light, but stretch 1..3 is heavy.
  std::vector<L> mostly_clean = {L::kNone, L::kHeavy, L::kHeavy, L::kHeavy,
                                 L::kNone, L::kNone,  L::kNone,  L::kNone};
  absl::StatusOr<WaterBodyGrade> m = GradeWaterBody(mostly_clean);
  EXPECT_EQ(m->level, L::kLight);
  ASSERT_EQ(m->heavy_stretches.size(), 1u);
  EXPECT_EQ(m->heavy_stretches[0].first_point, 1);
  EXPECT_EQ(m->heavy_stretches[0].last_point, 3);
}

TEST(GradeWaterBodyTest, PointCount) {
  EXPECT_FALSE(GradeWaterBody({}).ok());
  std::vector<L> two = {L::kNone, L::kNone};
  EXPECT_FALSE(GradeWaterBody(two)->enough_points);
  std::vector<L> three = {L::kNone, L::kNone, L::kNone};
  EXPECT_TRUE(GradeWaterBody(three)->enough_points);
}

TEST(BlackOdorLevelTest, Names) {
  EXPECT_EQ(BlackOdorLevelName(L::kLight), "轻度黑臭");
  EXPECT_EQ(BlackOdorLevelName(L::kHeavy), "重度黑臭");
}

}  // namespace
}  // namespace devplan::env
