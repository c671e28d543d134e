// Urban black-odorous water grading (城市黑臭水体整治工作指南, 2015): one
// sample, one sampling point, one water body. Limits in water_tables.h.
#ifndef DEVPLAN_SERVICES_ENVIRONMENT_RULES_BLACK_ODOROUS_H_
#define DEVPLAN_SERVICES_ENVIRONMENT_RULES_BLACK_ODOROUS_H_

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace devplan::env {

// Ordered: a larger value is worse.
enum class BlackOdorLevel {
  kNone,   // not black-odorous
  kLight,  // 轻度黑臭
  kHeavy,  // 重度黑臭
};
std::string_view BlackOdorLevelName(BlackOdorLevel level);  // "轻度黑臭", ...

enum class BlackOdorIndicator {
  kTransparency,
  kDissolvedOxygen,
  kOrp,
  kAmmoniaNitrogen,
};
inline constexpr int kBlackOdorIndicatorCount = 4;

// One water sample. Any indicator may be missing.
struct BlackOdorSample {
  std::optional<double> transparency_cm;
  std::optional<double> dissolved_oxygen_mg_l;
  std::optional<double> orp_mv;
  std::optional<double> ammonia_nitrogen_mg_l;
  // Needed only for the shallow-water transparency rule; without it the
  // normal 25 / 10 cm limits apply.
  std::optional<double> water_depth_cm;
};

// Transparency in water shallower than 25 cm. The guideline only says "the
// limit is 40 % of the depth". We read it as: heavy below 0.4 × depth, else
// not black-odorous — there is no light band. Why: 0.4 × 25 cm = 10 cm, so
// 40 % of depth continues the heavy limit exactly where the footnote starts
// to apply, while the light band's 25 cm cannot be measured in water less
// than 25 cm deep (the disk reaches the bottom), which is what the footnote
// relieves.
BlackOdorLevel TransparencyLevel(double transparency_cm,
                                 std::optional<double> water_depth_cm);
BlackOdorLevel DissolvedOxygenLevel(double mg_l);
BlackOdorLevel OrpLevel(double mv);
BlackOdorLevel AmmoniaNitrogenLevel(double mg_l);

struct SampleGrade {
  // Indexed by BlackOdorIndicator; nullopt where the sample lacks it.
  std::array<std::optional<BlackOdorLevel>, kBlackOdorIndicatorCount> levels;
  BlackOdorLevel worst = BlackOdorLevel::kNone;
};

// InvalidArgument for non-finite values, negative transparency / DO / NH3-N,
// or a depth <= 0.
absl::StatusOr<SampleGrade> GradeSample(const BlackOdorSample& sample);

struct IndicatorTally {
  int results = 0;  // samples that measured the indicator
  int light = 0;
  int heavy = 0;
};

struct PointGrade {
  BlackOdorLevel level = BlackOdorLevel::kNone;
  std::array<IndicatorTally, kBlackOdorIndicatorCount> tallies;
};

// A sampling point from all its samples. Shares are taken over the samples
// that measured each indicator.
//   heavy: one indicator with >= 60 % heavy results, or >= 2 indicators with
//          >= 30 % heavy results (guideline);
//   light: otherwise, if any result is light OR heavy — a heavy reading that
//          falls short of the shares above is still black-odorous (our
//          reading of "results in the light range");
//   none:  otherwise.
// InvalidArgument if there are no samples, no indicator was measured, or a
// sample is invalid.
absl::StatusOr<PointGrade> GradePoint(std::span<const BlackOdorSample> samples);

// Indices into the ordered point list, inclusive.
struct HeavyStretch {
  int first_point;
  int last_point;
};

struct WaterBodyGrade {
  BlackOdorLevel level = BlackOdorLevel::kNone;
  int points = 0;
  int heavy_points = 0;
  int light_points = 0;
  // Runs of >= 3 consecutive heavy points, reported even when the body as a
  // whole is not heavy.
  std::vector<HeavyStretch> heavy_stretches;
  // The guideline asks for >= 3 points; fewer still gets graded, flagged.
  bool enough_points = false;
};

// A water body from its points' grades, in order along the water.
//   heavy: >= 60 % of points heavy (guideline);
//   light: otherwise, if any point is light or heavy (our rule — the
//          guideline does not grade a body below the 60 % line; one
//          black-odorous point keeps the body on the list);
//   none:  otherwise.
// InvalidArgument if there are no points.
absl::StatusOr<WaterBodyGrade> GradeWaterBody(
    std::span<const BlackOdorLevel> points_in_order);

}  // namespace devplan::env

#endif  // DEVPLAN_SERVICES_ENVIRONMENT_RULES_BLACK_ODOROUS_H_
