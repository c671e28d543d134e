// Daily air-quality index (HJ 633-2012 / HJ 633-2026) from a day's
// concentrations. Pure functions; tables live in aqi_tables.h.
#ifndef DEVPLAN_SERVICES_ENVIRONMENT_RULES_AQI_H_
#define DEVPLAN_SERVICES_ENVIRONMENT_RULES_AQI_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/environment/rules/aqi_tables.h"

namespace devplan::env {

// The items of a daily report (HJ 633-2012 §5.1.2: seven; 2026 §4.2.2: six,
// without O3 1h).
enum class Pollutant {
  kSo2,
  kNo2,
  kPm10,
  kPm25,
  kCo,
  kO3_1h,
  kO3_8h,
};

// One station's or the district's day. µg/m³, CO in mg/m³. nullopt means
// missing (no valid value), not zero.
struct DailyConcentrations {
  std::optional<double> so2;        // 24-hour mean
  std::optional<double> no2;        // 24-hour mean
  std::optional<double> pm10;       // 24-hour mean
  std::optional<double> pm25;       // 24-hour mean
  std::optional<double> co;         // 24-hour mean, mg/m³
  std::optional<double> o3_1h_max;  // daily maximum 1-hour value (2012 only)
  std::optional<double> o3_8h_max;  // daily maximum 8-hour moving average
};

Edition EditionForDate(absl::CivilDay day);
std::string_view EditionName(Edition edition);  // "HJ 633-2012"

std::string_view PollutantName(Pollutant pollutant);  // "PM2.5", "O3_8h", ...
Column DailyColumn(Pollutant pollutant);
std::optional<double> ConcentrationOf(const DailyConcentrations& day,
                                      Pollutant pollutant);
// The items the edition's daily report needs.
std::span<const Pollutant> RequiredPollutants(Edition edition);

// GB/T 8170 rounding (round half to even) to `decimals` places. Halves are
// judged on the decimal value, so 0.45 (stored as 0.4499…) counts as a half.
// A value too large to have a fraction at that precision is returned as it is.
double RoundHalfEven(double value, int decimals);

// The concentration the edition actually evaluates: 2012 uses it as given;
// 2026 §4.2.2 first rounds to whole µg/m³ (CO: 0.1 mg/m³).
double AssessedConcentration(Column column, double concentration,
                             Edition edition);

struct Iaqi {
  // nullopt only when the standard says "not computed": SO2 1h > 800 or
  // O3 8h > 800 under HJ 633-2012 (use the 24h SO2 / O3 1h IAQI instead).
  std::optional<int> value;
  double assessed_concentration = 0;
  // The concentration is above the column's top breakpoint. The standard
  // gives no IAQI there; we report kMaxIaqi (500) and raise this flag so the
  // reading can be reviewed rather than silently dropped.
  bool beyond_range = false;
  // HJ 633-2026 fixed value (SO2 1h > 800 → 200, O3 8h > 800 → 300).
  bool set_by_rule = false;
};

// IAQI of one concentration in one column, including the edition's
// concentration rounding, the round-up of the result and the >800 rules.
// Negative or non-finite concentrations are InvalidArgument.
absl::StatusOr<Iaqi> ComputeIaqi(Column column, double concentration,
                                 Edition edition);

// Category of an AQI/IAQI value (values above 500 fall in category 6).
const AqiCategory& CategoryForAqi(int aqi);

enum class AqiValidity {
  kValid,
  // HJ 633-2012: a required item is missing; the day is not counted.
  kMissingPollutant,
  // HJ 633-2026 §5.3.1: an item is missing and the AQI from the others is
  // ≤ 100, so the published value is NA.
  kNotPublishable,
  kNoData,    // nothing to compute from
  kBadInput,  // negative or non-finite concentration
};

struct PollutantIaqi {
  Pollutant pollutant;
  double concentration;  // as given
  Iaqi iaqi;
};

struct AqiResult {
  Edition edition = Edition::kHj633_2012;
  AqiValidity validity = AqiValidity::kNoData;
  std::string reason;  // empty when valid

  // Set only when valid; this is the number to publish and to count.
  std::optional<int> aqi;
  // Max IAQI over the items that could be computed, whatever the validity.
  // For diagnostics only — never count a day from it.
  std::optional<int> provisional_aqi;
  // Set only when valid. Every item tied at the AQI, in Pollutant order;
  // empty when AQI ≤ 50.
  std::vector<Pollutant> primary_pollutants;
  std::optional<AqiCategory> category;  // set only when valid

  std::vector<PollutantIaqi> iaqis;  // one per required item present
  std::vector<Pollutant> missing;    // required items without a value
  bool beyond_range = false;         // some item above its column's top

  bool valid() const { return validity == AqiValidity::kValid; }
};

AqiResult ComputeDailyAqi(const DailyConcentrations& day, Edition edition);
AqiResult ComputeDailyAqi(const DailyConcentrations& day, absl::CivilDay date);

// A good day (优良天) has a valid AQI ≤ 100.
bool IsGoodDay(const AqiResult& result);

}  // namespace devplan::env

#endif  // DEVPLAN_SERVICES_ENVIRONMENT_RULES_AQI_H_
