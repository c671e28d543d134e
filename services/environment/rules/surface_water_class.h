// GB 3838-2002 surface-water class of one section by the single-factor
// method (环办〔2011〕22号): the worst class among the measured parameters.
// Limits in water_tables.h.
#ifndef DEVPLAN_SERVICES_ENVIRONMENT_RULES_SURFACE_WATER_CLASS_H_
#define DEVPLAN_SERVICES_ENVIRONMENT_RULES_SURFACE_WATER_CLASS_H_

#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace devplan::env {

// Ordered: a larger value is worse.
enum class WaterClass {
  kI = 1,
  kII,
  kIII,
  kIV,
  kV,
  kWorseThanV,  // 劣V类
};
std::string_view WaterClassName(WaterClass water_class);  // "III", "劣V"

// Plan targets read "class III or better": true when `actual` is `target`
// or a better class.
bool MeetsClass(WaterClass actual, WaterClass target);

// TP has a separate, stricter column for lakes and reservoirs.
enum class WaterBodyKind {
  kRiver,
  kLakeOrReservoir,
};

enum class SurfaceWaterParameter {
  kDissolvedOxygen,
  kCodMn,           // permanganate index 高锰酸盐指数
  kCod,             // chemical oxygen demand 化学需氧量
  kBod5,
  kAmmoniaNitrogen,
  kTotalPhosphorus,
};
std::string_view SurfaceWaterParameterName(SurfaceWaterParameter parameter);

// One section's measured values, mg/L. Any may be missing.
struct SurfaceWaterSample {
  WaterBodyKind kind = WaterBodyKind::kRiver;
  std::optional<double> dissolved_oxygen;
  std::optional<double> codmn;
  std::optional<double> cod;
  std::optional<double> bod5;
  std::optional<double> ammonia_nitrogen;
  std::optional<double> total_phosphorus;
};

// Best class whose limit the value meets. Where two classes share a limit
// (COD and BOD5 in I and II) a value meeting it is class I.
WaterClass ClassifyParameter(SurfaceWaterParameter parameter, double value,
                             WaterBodyKind kind);

struct ParameterClass {
  SurfaceWaterParameter parameter;
  double value;
  WaterClass water_class;
};

struct SurfaceWaterAssessment {
  // nullopt when nothing was measured: no class rather than a guessed one.
  std::optional<WaterClass> water_class;
  std::vector<ParameterClass> parameters;  // one per measured parameter
  // The parameters that set the class (定类因子), in parameter order.
  std::vector<SurfaceWaterParameter> deciding;
};

// InvalidArgument for a negative or non-finite value.
absl::StatusOr<SurfaceWaterAssessment> ClassifySurfaceWater(
    const SurfaceWaterSample& sample);

}  // namespace devplan::env

#endif  // DEVPLAN_SERVICES_ENVIRONMENT_RULES_SURFACE_WATER_CLASS_H_
