#include "services/environment/rules/surface_water_class.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/environment/rules/water_tables.h"

namespace devplan::env {
namespace {

// Section values are often means of several samples; a mean that should sit
// exactly on a limit (e.g. 0.15 mg/L NH3-N) must not drop a class because
// of float noise.
double Slack(double limit) { return 1e-9 * std::max(1.0, std::abs(limit)); }

const std::array<double, 5>& Limits(SurfaceWaterParameter parameter,
                                    WaterBodyKind kind) {
  switch (parameter) {
    case SurfaceWaterParameter::kDissolvedOxygen:
      return kGb3838DoMin;
    case SurfaceWaterParameter::kCodMn:
      return kGb3838CodMnMax;
    case SurfaceWaterParameter::kCod:
      return kGb3838CodMax;
    case SurfaceWaterParameter::kBod5:
      return kGb3838Bod5Max;
    case SurfaceWaterParameter::kAmmoniaNitrogen:
      return kGb3838Nh3nMax;
    case SurfaceWaterParameter::kTotalPhosphorus:
      return kind == WaterBodyKind::kLakeOrReservoir ? kGb3838TpLakeMax
                                                      : kGb3838TpRiverMax;
  }
  return kGb3838CodMax;
}

}  // namespace

std::string_view WaterClassName(WaterClass water_class) {
  switch (water_class) {
    case WaterClass::kI:
      return "I";
    case WaterClass::kII:
      return "II";
    case WaterClass::kIII:
      return "III";
    case WaterClass::kIV:
      return "IV";
    case WaterClass::kV:
      return "V";
    case WaterClass::kWorseThanV:
      return "劣V";
  }
  return "?";
}

bool MeetsClass(WaterClass actual, WaterClass target) {
  return actual <= target;
}

std::string_view SurfaceWaterParameterName(SurfaceWaterParameter parameter) {
  switch (parameter) {
    case SurfaceWaterParameter::kDissolvedOxygen:
      return "DO";
    case SurfaceWaterParameter::kCodMn:
      return "CODMn";
    case SurfaceWaterParameter::kCod:
      return "COD";
    case SurfaceWaterParameter::kBod5:
      return "BOD5";
    case SurfaceWaterParameter::kAmmoniaNitrogen:
      return "NH3-N";
    case SurfaceWaterParameter::kTotalPhosphorus:
      return "TP";
  }
  return "?";
}

WaterClass ClassifyParameter(SurfaceWaterParameter parameter, double value,
                             WaterBodyKind kind) {
  const std::array<double, 5>& limits = Limits(parameter, kind);
  const bool higher_is_better =
      parameter == SurfaceWaterParameter::kDissolvedOxygen;
  for (int i = 0; i < 5; ++i) {
    const double limit = limits[i];
    const bool meets = higher_is_better ? value >= limit - Slack(limit)
                                        : value <= limit + Slack(limit);
    if (meets) return static_cast<WaterClass>(i + 1);
  }
  return WaterClass::kWorseThanV;
}

absl::StatusOr<SurfaceWaterAssessment> ClassifySurfaceWater(
    const SurfaceWaterSample& sample) {
  const std::array<std::pair<SurfaceWaterParameter, std::optional<double>>, 6>
      measured = {{
          {SurfaceWaterParameter::kDissolvedOxygen, sample.dissolved_oxygen},
          {SurfaceWaterParameter::kCodMn, sample.codmn},
          {SurfaceWaterParameter::kCod, sample.cod},
          {SurfaceWaterParameter::kBod5, sample.bod5},
          {SurfaceWaterParameter::kAmmoniaNitrogen, sample.ammonia_nitrogen},
          {SurfaceWaterParameter::kTotalPhosphorus, sample.total_phosphorus},
      }};

  SurfaceWaterAssessment out;
  for (const auto& [parameter, value] : measured) {
    if (!value.has_value()) continue;
    if (!std::isfinite(*value) || *value < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(SurfaceWaterParameterName(parameter)),
                       " must be finite and >= 0, got ", *value));
    }
    const WaterClass c = ClassifyParameter(parameter, *value, sample.kind);
    out.parameters.push_back({parameter, *value, c});
    out.water_class = std::max(out.water_class.value_or(WaterClass::kI), c);
  }
  for (const ParameterClass& p : out.parameters) {
    if (p.water_class == out.water_class) out.deciding.push_back(p.parameter);
  }
  return out;
}

}  // namespace devplan::env
