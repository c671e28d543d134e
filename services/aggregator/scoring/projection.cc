#include "services/aggregator/scoring/projection.h"

#include <algorithm>

namespace devplan::scoring {

std::optional<double> ProjectLinear(double actual, double elapsed_share) {
  if (elapsed_share <= 0.0) return std::nullopt;
  return actual / elapsed_share;
}

std::optional<double> ProjectGoodDays(int good_days, int valid_days,
                                      int remaining_days) {
  if (valid_days <= 0) return std::nullopt;
  const double rate = static_cast<double>(good_days) / valid_days;
  return good_days + std::max(remaining_days, 0) * rate;
}

std::optional<double> ProjectRemaining(double baseline, double actual,
                                       double elapsed_share) {
  if (elapsed_share <= 0.0) return std::nullopt;
  const double removed_per_share = (baseline - actual) / elapsed_share;
  return std::max(0.0, baseline - removed_per_share);
}

}  // namespace devplan::scoring
