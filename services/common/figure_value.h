// When two economic figures carry the same value. The InvestmentService uses it to treat a
// resubmission of an unchanged figure as a no-op (no new revision), and devplanctl's import
// to count such rows as unchanged without calling the service: both must agree, so one
// definition serves both.
#pragma once

#include "devplan/v1/investment.pb.h"

namespace devplan {

// Same value field set to the same number; two figures without a value are alike.
inline bool SameFigureValue(const v1::EconomicFigure& a, const v1::EconomicFigure& b) {
  if (a.value_case() != b.value_case()) return false;
  switch (a.value_case()) {
    case v1::EconomicFigure::kPercent: return a.percent() == b.percent();
    case v1::EconomicFigure::kAmountYuan: return a.amount_yuan() == b.amount_yuan();
    case v1::EconomicFigure::kCount: return a.count() == b.count();
    case v1::EconomicFigure::VALUE_NOT_SET: return true;
  }
  return false;
}

}  // namespace devplan
