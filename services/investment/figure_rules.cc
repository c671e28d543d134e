#include "services/investment/figure_rules.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/dates.h"
#include "services/investment/project_rules.h"

namespace devplan::investment {
namespace {

constexpr IndicatorInfo kIndicators[] = {
    {v1::ECONOMIC_INDICATOR_GDP_GROWTH, FigureKind::kGrowthPercent, true},
    {v1::ECONOMIC_INDICATOR_DISPOSABLE_INCOME_GROWTH, FigureKind::kGrowthPercent, true},
    {v1::ECONOMIC_INDICATOR_FIXED_ASSET_INVESTMENT_GROWTH, FigureKind::kGrowthPercent, false},
    {v1::ECONOMIC_INDICATOR_INDUSTRIAL_VALUE_ADDED_GROWTH, FigureKind::kGrowthPercent, false},
    {v1::ECONOMIC_INDICATOR_RETAIL_SALES_GROWTH, FigureKind::kGrowthPercent, false},
    {v1::ECONOMIC_INDICATOR_BUDGET_REVENUE, FigureKind::kMonthlyYuan, false},
    {v1::ECONOMIC_INDICATOR_CAR_SALES, FigureKind::kMonthlyYuan, false},
    {v1::ECONOMIC_INDICATOR_TECH_CONTRACT_TURNOVER, FigureKind::kMonthlyYuan, false},
    {v1::ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES, FigureKind::kMonthlyCount, false},
    {v1::ECONOMIC_INDICATOR_NEW_TECH_ENTERPRISES, FigureKind::kMonthlyCount, false},
    {v1::ECONOMIC_INDICATOR_NEW_HIGH_TECH_ENTERPRISES, FigureKind::kMonthlyCount, false},
    {v1::ECONOMIC_INDICATOR_NEW_INNOVATIVE_SMES, FigureKind::kMonthlyCount, false},
    {v1::ECONOMIC_INDICATOR_ECOMMERCE_PARKS, FigureKind::kMonthlyCount, false},
    {v1::ECONOMIC_INDICATOR_ECOMMERCE_FIRMS, FigureKind::kMonthlyCount, false},
    {v1::ECONOMIC_INDICATOR_STANDARDIZATION_PILOTS, FigureKind::kMonthlyCount, false},
};

constexpr char kEnumPrefix[] = "ECONOMIC_INDICATOR_";

}  // namespace

std::optional<IndicatorInfo> FindIndicator(v1::EconomicIndicator indicator) {
  for (const IndicatorInfo& info : kIndicators) {
    if (info.indicator == indicator) return info;
  }
  return std::nullopt;
}

std::string IndicatorToken(v1::EconomicIndicator indicator) {
  std::string name = v1::EconomicIndicator_Name(indicator);
  if (absl::StartsWith(name, kEnumPrefix)) name = name.substr(sizeof(kEnumPrefix) - 1);
  return absl::AsciiStrToLower(name);
}

std::optional<v1::EconomicIndicator> IndicatorFromToken(absl::string_view token) {
  for (const IndicatorInfo& info : kIndicators) {
    if (IndicatorToken(info.indicator) == token) return info.indicator;
  }
  return std::nullopt;
}

absl::StatusOr<absl::CivilMonth> ValidateFigure(const v1::EconomicFigure& f, absl::CivilDay today) {
  std::optional<IndicatorInfo> info = FindIndicator(f.indicator());
  if (!info) return absl::InvalidArgumentError("figure.indicator: required, one of EconomicIndicator");
  absl::StatusOr<absl::CivilMonth> period = ValidateReportMonth(f.period(), "figure.period", today);
  RETURN_IF_ERROR(period.status());
  if (info->quarterly && period->month() % 3 != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "figure.period: ", MonthKey(*period), "; ", IndicatorToken(f.indicator()),
        " is quarterly, its periods end in month 3, 6, 9 or 12"));
  }
  switch (info->kind) {
    case FigureKind::kGrowthPercent:
      if (f.value_case() != v1::EconomicFigure::kPercent) {
        return absl::InvalidArgumentError(absl::StrCat(
            "figure.percent: required for ", IndicatorToken(f.indicator()), " (a growth rate)"));
      }
      if (!std::isfinite(f.percent()) || f.percent() <= -100.0 || f.percent() > kMaxGrowthPercent) {
        return absl::InvalidArgumentError(absl::StrCat("figure.percent: ", f.percent(),
                                                       " is outside (-100, ", kMaxGrowthPercent, "]"));
      }
      break;
    case FigureKind::kMonthlyYuan:
      if (f.value_case() != v1::EconomicFigure::kAmountYuan) {
        return absl::InvalidArgumentError(absl::StrCat(
            "figure.amount_yuan: required for ", IndicatorToken(f.indicator()), " (yuan in the month)"));
      }
      if (f.amount_yuan() < 0 || f.amount_yuan() > kMaxFigureYuan) {
        return absl::InvalidArgumentError(absl::StrCat("figure.amount_yuan: ", f.amount_yuan(),
                                                       " is outside 0..", kMaxFigureYuan));
      }
      break;
    case FigureKind::kMonthlyCount:
      if (f.value_case() != v1::EconomicFigure::kCount) {
        return absl::InvalidArgumentError(absl::StrCat(
            "figure.count: required for ", IndicatorToken(f.indicator()), " (a count in the month)"));
      }
      if (f.count() < 0 || f.count() > kMaxFigureCount) {
        return absl::InvalidArgumentError(absl::StrCat("figure.count: ", f.count(),
                                                       " is outside 0..", kMaxFigureCount));
      }
      break;
  }
  RETURN_IF_ERROR(ValidateText(f.revision_note(), "figure.revision_note"));
  return *period;
}

std::string FigureField(v1::EconomicIndicator indicator, absl::CivilMonth period) {
  return absl::StrCat(IndicatorToken(indicator), "/", MonthKey(period));
}

}  // namespace devplan::investment
