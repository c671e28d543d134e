#include "services/aggregator/scoring/elapsed.h"

#include <algorithm>

namespace devplan::scoring {

int DaysInYear(int year) {
  return static_cast<int>(absl::CivilDay(year + 1, 1, 1) -
                          absl::CivilDay(year, 1, 1));
}

int DaysInMonth(absl::CivilDay day) {
  const absl::CivilMonth month(day);
  return static_cast<int>(absl::CivilDay(month + 1) - absl::CivilDay(month));
}

int ElapsedDays(int plan_year, absl::CivilDay as_of) {
  const auto days = as_of - absl::CivilDay(plan_year, 1, 1) + 1;
  return static_cast<int>(
      std::clamp<absl::civil_diff_t>(days, 0, DaysInYear(plan_year)));
}

int RemainingDays(int plan_year, absl::CivilDay as_of) {
  return DaysInYear(plan_year) - ElapsedDays(plan_year, as_of);
}

double ElapsedShare(int plan_year, absl::CivilDay as_of) {
  return static_cast<double>(ElapsedDays(plan_year, as_of)) /
         DaysInYear(plan_year);
}

double ScheduledValue(const std::vector<double>& schedule, int plan_year,
                      absl::CivilDay as_of) {
  if (as_of.year() < plan_year) return 0.0;
  if (as_of.year() > plan_year) return schedule[11];
  const int m = as_of.month();
  const double previous = m == 1 ? 0.0 : schedule[m - 2];
  const double current = schedule[m - 1];
  return previous +
         (current - previous) * as_of.day() / DaysInMonth(as_of);
}

}  // namespace devplan::scoring
