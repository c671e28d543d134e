// GB 3838-2002 Table 1 limits (mg/L), classes I / II / III / IV / V:
//   DO >= 7.5 / 6 / 5 / 3 / 2;  CODMn <= 2 / 4 / 6 / 10 / 15;
//   COD <= 15 / 15 / 20 / 30 / 40;  BOD5 <= 3 / 3 / 4 / 6 / 10;
//   NH3-N <= 0.15 / 0.5 / 1.0 / 1.5 / 2.0;
//   TP river <= 0.02 / 0.1 / 0.2 / 0.3 / 0.4;
//   TP lake  <= 0.01 / 0.025 / 0.05 / 0.1 / 0.2.
// Each expectation names the limit pair it falls between.
#include "services/environment/rules/surface_water_class.h"

#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace devplan::env {
namespace {

using P = SurfaceWaterParameter;
using C = WaterClass;
constexpr WaterBodyKind kRiver = WaterBodyKind::kRiver;
constexpr WaterBodyKind kLake = WaterBodyKind::kLakeOrReservoir;

TEST(ClassifyParameterTest, DissolvedOxygenHigherIsBetter) {
  EXPECT_EQ(ClassifyParameter(P::kDissolvedOxygen, 7.5, kRiver), C::kI);
  EXPECT_EQ(ClassifyParameter(P::kDissolvedOxygen, 7.4, kRiver), C::kII);
  EXPECT_EQ(ClassifyParameter(P::kDissolvedOxygen, 6, kRiver), C::kII);
  EXPECT_EQ(ClassifyParameter(P::kDissolvedOxygen, 5.99, kRiver), C::kIII);
  EXPECT_EQ(ClassifyParameter(P::kDissolvedOxygen, 5, kRiver), C::kIII);
  EXPECT_EQ(ClassifyParameter(P::kDissolvedOxygen, 3, kRiver), C::kIV);
  EXPECT_EQ(ClassifyParameter(P::kDissolvedOxygen, 2, kRiver), C::kV);
  EXPECT_EQ(ClassifyParameter(P::kDissolvedOxygen, 1.99, kRiver),
            C::kWorseThanV);
}

TEST(ClassifyParameterTest, CodMnUpperLimitsInclusive) {
  EXPECT_EQ(ClassifyParameter(P::kCodMn, 2, kRiver), C::kI);
  EXPECT_EQ(ClassifyParameter(P::kCodMn, 2.1, kRiver), C::kII);   // 2 < x <= 4
  EXPECT_EQ(ClassifyParameter(P::kCodMn, 6, kRiver), C::kIII);
  EXPECT_EQ(ClassifyParameter(P::kCodMn, 10, kRiver), C::kIV);
  EXPECT_EQ(ClassifyParameter(P::kCodMn, 15, kRiver), C::kV);
  EXPECT_EQ(ClassifyParameter(P::kCodMn, 15.1, kRiver), C::kWorseThanV);
}

TEST(ClassifyParameterTest, SharedLimitOfClassesOneAndTwoIsClassOne) {
  // COD: I and II both 15.
  EXPECT_EQ(ClassifyParameter(P::kCod, 15, kRiver), C::kI);
  EXPECT_EQ(ClassifyParameter(P::kCod, 15.1, kRiver), C::kIII);  // 15 < x <= 20
  EXPECT_EQ(ClassifyParameter(P::kCod, 30, kRiver), C::kIV);
  EXPECT_EQ(ClassifyParameter(P::kCod, 40, kRiver), C::kV);
  EXPECT_EQ(ClassifyParameter(P::kCod, 41, kRiver), C::kWorseThanV);
  // BOD5: I and II both 3.
  EXPECT_EQ(ClassifyParameter(P::kBod5, 3, kRiver), C::kI);
  EXPECT_EQ(ClassifyParameter(P::kBod5, 3.5, kRiver), C::kIII);  // 3 < x <= 4
  EXPECT_EQ(ClassifyParameter(P::kBod5, 6, kRiver), C::kIV);
  EXPECT_EQ(ClassifyParameter(P::kBod5, 10, kRiver), C::kV);
  EXPECT_EQ(ClassifyParameter(P::kBod5, 10.5, kRiver), C::kWorseThanV);
}

TEST(ClassifyParameterTest, AmmoniaNitrogen) {
  EXPECT_EQ(ClassifyParameter(P::kAmmoniaNitrogen, 0.15, kRiver), C::kI);
  EXPECT_EQ(ClassifyParameter(P::kAmmoniaNitrogen, 0.16, kRiver), C::kII);
  EXPECT_EQ(ClassifyParameter(P::kAmmoniaNitrogen, 1.0, kRiver), C::kIII);
  EXPECT_EQ(ClassifyParameter(P::kAmmoniaNitrogen, 1.5, kRiver), C::kIV);
  EXPECT_EQ(ClassifyParameter(P::kAmmoniaNitrogen, 2.0, kRiver), C::kV);
  EXPECT_EQ(ClassifyParameter(P::kAmmoniaNitrogen, 2.01, kRiver),
            C::kWorseThanV);
  // A mean that should be 0.15 comes out as 0.15000000000000002.
  EXPECT_EQ(ClassifyParameter(P::kAmmoniaNitrogen, (0.1 + 0.2) / 2, kRiver),
            C::kI);
}

TEST(ClassifyParameterTest, TotalPhosphorusRiverVersusLake) {
  EXPECT_EQ(ClassifyParameter(P::kTotalPhosphorus, 0.1, kRiver), C::kII);
  EXPECT_EQ(ClassifyParameter(P::kTotalPhosphorus, 0.1, kLake), C::kIV);
  // 0.05: river 0.02 < x <= 0.1 -> II; lake 0.025 < x <= 0.05 -> III.
  EXPECT_EQ(ClassifyParameter(P::kTotalPhosphorus, 0.05, kRiver), C::kII);
  EXPECT_EQ(ClassifyParameter(P::kTotalPhosphorus, 0.05, kLake), C::kIII);
  // 0.3: river IV (0.2 < x <= 0.3); lake worse than V (> 0.2).
  EXPECT_EQ(ClassifyParameter(P::kTotalPhosphorus, 0.3, kRiver), C::kIV);
  EXPECT_EQ(ClassifyParameter(P::kTotalPhosphorus, 0.3, kLake),
            C::kWorseThanV);
  EXPECT_EQ(ClassifyParameter(P::kTotalPhosphorus, 0.41, kRiver),
            C::kWorseThanV);
}

TEST(ClassifySurfaceWaterTest, WorstFactorSetsTheClass) {
  SurfaceWaterSample s;
  s.dissolved_oxygen = 6.5;   // II  (6 <= x < 7.5)
  s.codmn = 5;                // III (4 < x <= 6)
  s.ammonia_nitrogen = 1.2;   // IV  (1.0 < x <= 1.5)
  s.total_phosphorus = 0.15;  // III (river: 0.1 < x <= 0.2)
  absl::StatusOr<SurfaceWaterAssessment> a = ClassifySurfaceWater(s);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->water_class, C::kIV);
  EXPECT_EQ(a->parameters.size(), 4u);
  EXPECT_EQ(a->deciding, std::vector<P>{P::kAmmoniaNitrogen});

  // Same TP in a lake: 0.1 < 0.15 <= 0.2 -> V, now the worst.
  s.kind = kLake;
  a = ClassifySurfaceWater(s);
  EXPECT_EQ(a->water_class, C::kV);
  EXPECT_EQ(a->deciding, std::vector<P>{P::kTotalPhosphorus});
}

TEST(ClassifySurfaceWaterTest, TiedDecidingFactors) {
  SurfaceWaterSample s;
  s.codmn = 8;               // IV (6 < x <= 10)
  s.ammonia_nitrogen = 1.2;  // IV
  s.bod5 = 2;                // I
  absl::StatusOr<SurfaceWaterAssessment> a = ClassifySurfaceWater(s);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->water_class, C::kIV);
  EXPECT_EQ(a->deciding, (std::vector<P>{P::kCodMn, P::kAmmoniaNitrogen}));
}

TEST(ClassifySurfaceWaterTest, WorseThanV) {
  SurfaceWaterSample s;
  s.dissolved_oxygen = 8;    // I
  s.ammonia_nitrogen = 2.5;  // > 2.0 -> 劣V
  absl::StatusOr<SurfaceWaterAssessment> a = ClassifySurfaceWater(s);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->water_class, C::kWorseThanV);
  EXPECT_EQ(WaterClassName(*a->water_class), "劣V");
  EXPECT_FALSE(MeetsClass(*a->water_class, C::kV));
}

TEST(ClassifySurfaceWaterTest, NothingMeasuredMeansNoClass) {
  absl::StatusOr<SurfaceWaterAssessment> a =
      ClassifySurfaceWater(SurfaceWaterSample{});
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->water_class.has_value());
  EXPECT_TRUE(a->parameters.empty());
  EXPECT_TRUE(a->deciding.empty());
}

TEST(ClassifySurfaceWaterTest, RejectsNegativeAndNonFinite) {
  SurfaceWaterSample s;
  s.cod = -1;
  EXPECT_FALSE(ClassifySurfaceWater(s).ok());
  s.cod = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(ClassifySurfaceWater(s).ok());
}

TEST(MeetsClassTest, TargetOrBetter) {
  EXPECT_TRUE(MeetsClass(C::kIII, C::kIII));
  EXPECT_TRUE(MeetsClass(C::kII, C::kIII));
  EXPECT_FALSE(MeetsClass(C::kIV, C::kIII));
  EXPECT_EQ(WaterClassName(C::kIII), "III");
}

}  // namespace
}  // namespace devplan::env
