// Economic-operations figures: what each indicator measures (value field, cadence), their
// validation, and their keys. Pure functions.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/investment.pb.h"

namespace devplan::investment {

// Bounds of one figure: a growth rate cannot fall below -100 %, and a tenfold rise is a
// typo; a month's flow of one district beyond these is a unit mistake.
inline constexpr double kMaxGrowthPercent = 1000.0;
inline constexpr int64_t kMaxFigureYuan = 100'000'000'000;  // 1000亿元 in a month
inline constexpr int64_t kMaxFigureCount = 1'000'000;

enum class FigureKind {
  kGrowthPercent,  // cumulative year-to-date growth rate, `percent`
  kMonthlyYuan,    // the month's amount, `amount_yuan`
  kMonthlyCount,   // the month's count, `count`
};

struct IndicatorInfo {
  v1::EconomicIndicator indicator;
  FigureKind kind;
  // Quarterly indicators are reported for periods ending in March, June, September and
  // December only.
  bool quarterly;
};

// nullopt for UNSPECIFIED or an unknown value.
std::optional<IndicatorInfo> FindIndicator(v1::EconomicIndicator indicator);

// "gdp_growth" for ECONOMIC_INDICATOR_GDP_GROWTH: the resource-name and key segment.
std::string IndicatorToken(v1::EconomicIndicator indicator);
// The inverse; nullopt when `token` names no indicator.
std::optional<v1::EconomicIndicator> IndicatorFromToken(absl::string_view token);

// A figure to record as of `today`: known indicator, a period the service keeps (begun,
// quarter-end for quarterly indicators), the value field the indicator asks for, within
// bounds. INVALID_ARGUMENT naming figure.<field>.
absl::StatusOr<absl::CivilMonth> ValidateFigure(const v1::EconomicFigure& figure,
                                                absl::CivilDay today);

// "gdp_growth/2024-06": the field of the figure in the figures hash.
std::string FigureField(v1::EconomicIndicator indicator, absl::CivilMonth period);

}  // namespace devplan::investment
