// Year-end projections from the year so far. Pure arithmetic; which one
// applies to an indicator is decided in scoring_rules.cc (ProjectYearEnd).
#pragma once

#include <optional>

namespace devplan::scoring {

// Cumulative indicators: straight-line extrapolation, actual / f.
// nullopt when f <= 0 (nothing of the year has elapsed).
std::optional<double> ProjectLinear(double actual, double elapsed_share);

// Air-quality good days: days so far + remaining days x (good-day rate so
// far), where the rate is good_days / valid_days (days with a valid AQI
// reading; invalid days are not counted as bad). nullopt when there is no
// valid day yet. `remaining_days` is whatever the caller counts as still to
// come (e.g. RemainingDays(2024, last_counted_day)); negatives count as 0.
std::optional<double> ProjectGoodDays(int good_days, int valid_days,
                                      int remaining_days);

// Zero (eliminate) indicators: the count left at year end if elimination
// goes on at the pace so far: baseline - (baseline - actual) / f, never
// below 0. nullopt when f <= 0.
std::optional<double> ProjectRemaining(double baseline, double actual,
                                       double elapsed_share);

}  // namespace devplan::scoring
