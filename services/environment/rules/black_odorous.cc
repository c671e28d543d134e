#include "services/environment/rules/black_odorous.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/environment/rules/water_tables.h"

namespace devplan::env {
namespace {

absl::Status CheckNonNegative(const std::optional<double>& value,
                              const char* name) {
  if (!value.has_value()) return absl::OkStatus();
  if (!std::isfinite(*value) || *value < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " must be finite and >= 0, got ", *value));
  }
  return absl::OkStatus();
}

// "At least `percent` % of `total`", in integers so 3 of 5 is exactly 60 %.
bool ShareAtLeast(int count, int total, int percent) {
  return total > 0 && count * 100 >= percent * total;
}

std::size_t Index(BlackOdorIndicator indicator) {
  return static_cast<std::size_t>(indicator);
}

}  // namespace

std::string_view BlackOdorLevelName(BlackOdorLevel level) {
  switch (level) {
    case BlackOdorLevel::kNone:
      return "非黑臭";
    case BlackOdorLevel::kLight:
      return "轻度黑臭";
    case BlackOdorLevel::kHeavy:
      return "重度黑臭";
  }
  return "?";
}

BlackOdorLevel TransparencyLevel(double transparency_cm,
                                 std::optional<double> water_depth_cm) {
  if (water_depth_cm.has_value() &&
      *water_depth_cm < kShallowWaterBelowDepthCm) {
    const double limit = kShallowTransparencyFractionOfDepth * *water_depth_cm;
    return transparency_cm < limit ? BlackOdorLevel::kHeavy
                                   : BlackOdorLevel::kNone;
  }
  if (transparency_cm < kTransparencyHeavyBelowCm) return BlackOdorLevel::kHeavy;
  if (transparency_cm <= kTransparencyLightUpperCm) return BlackOdorLevel::kLight;
  return BlackOdorLevel::kNone;
}

BlackOdorLevel DissolvedOxygenLevel(double mg_l) {
  if (mg_l < kDoHeavyBelowMgL) return BlackOdorLevel::kHeavy;
  if (mg_l <= kDoLightUpperMgL) return BlackOdorLevel::kLight;
  return BlackOdorLevel::kNone;
}

BlackOdorLevel OrpLevel(double mv) {
  if (mv < kOrpHeavyBelowMv) return BlackOdorLevel::kHeavy;
  if (mv <= kOrpLightUpperMv) return BlackOdorLevel::kLight;
  return BlackOdorLevel::kNone;
}

BlackOdorLevel AmmoniaNitrogenLevel(double mg_l) {
  if (mg_l > kNh3nHeavyAboveMgL) return BlackOdorLevel::kHeavy;
  if (mg_l >= kNh3nLightLowerMgL) return BlackOdorLevel::kLight;
  return BlackOdorLevel::kNone;
}

absl::StatusOr<SampleGrade> GradeSample(const BlackOdorSample& sample) {
  for (absl::Status s :
       {CheckNonNegative(sample.transparency_cm, "transparency_cm"),
        CheckNonNegative(sample.dissolved_oxygen_mg_l, "dissolved_oxygen_mg_l"),
        CheckNonNegative(sample.ammonia_nitrogen_mg_l, "ammonia_nitrogen_mg_l"),
        CheckNonNegative(sample.water_depth_cm, "water_depth_cm")}) {
    if (!s.ok()) return s;
  }
  if (sample.orp_mv.has_value() && !std::isfinite(*sample.orp_mv)) {
    return absl::InvalidArgumentError("orp_mv must be finite");
  }
  if (sample.water_depth_cm.has_value() && *sample.water_depth_cm <= 0) {
    return absl::InvalidArgumentError("water_depth_cm must be > 0");
  }

  SampleGrade grade;
  auto set = [&](BlackOdorIndicator indicator, BlackOdorLevel level) {
    grade.levels[Index(indicator)] = level;
    grade.worst = std::max(grade.worst, level);
  };
  if (sample.transparency_cm.has_value()) {
    set(BlackOdorIndicator::kTransparency,
        TransparencyLevel(*sample.transparency_cm, sample.water_depth_cm));
  }
  if (sample.dissolved_oxygen_mg_l.has_value()) {
    set(BlackOdorIndicator::kDissolvedOxygen,
        DissolvedOxygenLevel(*sample.dissolved_oxygen_mg_l));
  }
  if (sample.orp_mv.has_value()) {
    set(BlackOdorIndicator::kOrp, OrpLevel(*sample.orp_mv));
  }
  if (sample.ammonia_nitrogen_mg_l.has_value()) {
    set(BlackOdorIndicator::kAmmoniaNitrogen,
        AmmoniaNitrogenLevel(*sample.ammonia_nitrogen_mg_l));
  }
  return grade;
}

absl::StatusOr<PointGrade> GradePoint(
    std::span<const BlackOdorSample> samples) {
  if (samples.empty()) {
    return absl::InvalidArgumentError("a sampling point needs samples");
  }
  PointGrade point;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    absl::StatusOr<SampleGrade> grade = GradeSample(samples[i]);
    if (!grade.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("sample ", i, ": ", grade.status().message()));
    }
    for (int k = 0; k < kBlackOdorIndicatorCount; ++k) {
      const std::optional<BlackOdorLevel>& level = grade->levels[k];
      if (!level.has_value()) continue;
      IndicatorTally& tally = point.tallies[k];
      ++tally.results;
      if (*level == BlackOdorLevel::kLight) ++tally.light;
      if (*level == BlackOdorLevel::kHeavy) ++tally.heavy;
    }
  }

  int measured = 0;
  int at_two_indicator_share = 0;
  bool one_indicator_enough = false;
  bool any_black_odorous = false;
  for (const IndicatorTally& tally : point.tallies) {
    if (tally.results == 0) continue;
    ++measured;
    if (ShareAtLeast(tally.heavy, tally.results,
                     kPointHeavyOneIndicatorPercent)) {
      one_indicator_enough = true;
    }
    if (ShareAtLeast(tally.heavy, tally.results,
                     kPointHeavyTwoIndicatorsPercent)) {
      ++at_two_indicator_share;
    }
    any_black_odorous = any_black_odorous || tally.light > 0 || tally.heavy > 0;
  }
  if (measured == 0) {
    return absl::InvalidArgumentError("no indicator measured at the point");
  }

  if (one_indicator_enough ||
      at_two_indicator_share >= kPointHeavyTwoIndicatorsCount) {
    point.level = BlackOdorLevel::kHeavy;
  } else if (any_black_odorous) {
    point.level = BlackOdorLevel::kLight;
  }
  return point;
}

absl::StatusOr<WaterBodyGrade> GradeWaterBody(
    std::span<const BlackOdorLevel> points_in_order) {
  if (points_in_order.empty()) {
    return absl::InvalidArgumentError("a water body needs sampling points");
  }
  WaterBodyGrade body;
  body.points = static_cast<int>(points_in_order.size());
  body.enough_points = body.points >= kMinPointsPerBody;

  int run_start = -1;
  auto close_run = [&](int end_exclusive) {
    if (run_start >= 0 && end_exclusive - run_start >= kHeavyStretchMinPoints) {
      body.heavy_stretches.push_back({run_start, end_exclusive - 1});
    }
    run_start = -1;
  };
  for (int i = 0; i < body.points; ++i) {
    const BlackOdorLevel level = points_in_order[i];
    if (level == BlackOdorLevel::kHeavy) {
      ++body.heavy_points;
      if (run_start < 0) run_start = i;
    } else {
      if (level == BlackOdorLevel::kLight) ++body.light_points;
      close_run(i);
    }
  }
  close_run(body.points);

  if (ShareAtLeast(body.heavy_points, body.points, kBodyHeavyPointPercent)) {
    body.level = BlackOdorLevel::kHeavy;
  } else if (body.heavy_points + body.light_points > 0) {
    body.level = BlackOdorLevel::kLight;
  }
  return body;
}

}  // namespace devplan::env
