// Fixed numbers of the water rules, one place so they can be checked against
// the texts:
//   城市黑臭水体整治工作指南 (MOHURD/MEP, 2015) — black-odorous grading table
//     and the point / water-body rules.
//   GB 3838-2002 Table 1 — surface-water classes I–V (mg/L), assessed by the
//     single-factor method (环办〔2011〕22号).
#ifndef DEVPLAN_SERVICES_ENVIRONMENT_RULES_WATER_TABLES_H_
#define DEVPLAN_SERVICES_ENVIRONMENT_RULES_WATER_TABLES_H_

#include <array>

namespace devplan::env {

// ---- Black-odorous water (2015 guideline, 城市黑臭水体污染程度分级) ----
//
// The guideline writes the light (轻度黑臭) ranges as closed intervals
// ("25~10", "0.2~2.0", "-200~50", "8.0~15") and the heavy (重度黑臭) ones as
// strict inequalities, so a value exactly on a limit is light.

// Transparency, cm: light 10–25, heavy < 10.
inline constexpr double kTransparencyLightUpperCm = 25;
inline constexpr double kTransparencyHeavyBelowCm = 10;
// Footnote: where the water is shallower than 25 cm the transparency limit
// is 40 % of the depth.
inline constexpr double kShallowWaterBelowDepthCm = 25;
inline constexpr double kShallowTransparencyFractionOfDepth = 0.4;

// Dissolved oxygen, mg/L: light 0.2–2.0, heavy < 0.2.
inline constexpr double kDoLightUpperMgL = 2.0;
inline constexpr double kDoHeavyBelowMgL = 0.2;

// Oxidation-reduction potential, mV: light −200–50, heavy < −200.
inline constexpr double kOrpLightUpperMv = 50;
inline constexpr double kOrpHeavyBelowMv = -200;

// Ammonia nitrogen, mg/L: light 8.0–15, heavy > 15.
inline constexpr double kNh3nLightLowerMgL = 8.0;
inline constexpr double kNh3nHeavyAboveMgL = 15;

// Sampling point: heavy if one indicator has >= 60 % of its results heavy,
// or at least two indicators have >= 30 % heavy.
inline constexpr int kPointHeavyOneIndicatorPercent = 60;
inline constexpr int kPointHeavyTwoIndicatorsPercent = 30;
inline constexpr int kPointHeavyTwoIndicatorsCount = 2;

// Water body: heavy if >= 60 % of its points are heavy. Three or more
// consecutive heavy points make the stretch between them heavy.
inline constexpr int kBodyHeavyPointPercent = 60;
inline constexpr int kHeavyStretchMinPoints = 3;
// Sampling: at least 3 points per water body.
inline constexpr int kMinPointsPerBody = 3;

// ---- GB 3838-2002 Table 1 (selected items), mg/L, classes I..V ----

// Dissolved oxygen: the value must be AT LEAST the limit.
inline constexpr std::array<double, 5> kGb3838DoMin = {7.5, 6, 5, 3, 2};
// The rest: the value must be AT MOST the limit.
inline constexpr std::array<double, 5> kGb3838CodMnMax = {2, 4, 6, 10, 15};
inline constexpr std::array<double, 5> kGb3838CodMax = {15, 15, 20, 30, 40};
inline constexpr std::array<double, 5> kGb3838Bod5Max = {3, 3, 4, 6, 10};
inline constexpr std::array<double, 5> kGb3838Nh3nMax = {0.15, 0.5, 1.0, 1.5,
                                                         2.0};
inline constexpr std::array<double, 5> kGb3838TpRiverMax = {0.02, 0.1, 0.2, 0.3,
                                                            0.4};
// Lakes and reservoirs have their own, stricter, TP column.
inline constexpr std::array<double, 5> kGb3838TpLakeMax = {0.01, 0.025, 0.05,
                                                           0.1, 0.2};

}  // namespace devplan::env

#endif  // DEVPLAN_SERVICES_ENVIRONMENT_RULES_WATER_TABLES_H_
