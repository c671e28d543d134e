#include "services/environment/rules/daily_means.h"

#include <algorithm>
#include <cmath>

namespace devplan::env {
namespace {

bool IsValid(const std::optional<double>& value) {
  return value.has_value() && std::isfinite(*value) && *value >= 0;
}

constexpr int kWindowHours = 8;
constexpr int kLastWindowStart = 24 - kWindowHours;  // 16: ends at 24:00

}  // namespace

int CountValidHours(const HourlySeries& hours) {
  return static_cast<int>(std::count_if(hours.begin(), hours.end(), IsValid));
}

std::optional<double> DailyMean(const HourlySeries& hours,
                                const DailyMeanRules& rules) {
  int count = 0;
  double sum = 0;
  for (const std::optional<double>& h : hours) {
    if (!IsValid(h)) continue;
    sum += *h;
    ++count;
  }
  if (count == 0 || count < rules.min_hours_for_24h_mean) return std::nullopt;
  return sum / count;
}

std::optional<double> EightHourMean(const HourlySeries& hours, int first_hour,
                                    const DailyMeanRules& rules) {
  if (first_hour < 0 || first_hour > kLastWindowStart) return std::nullopt;
  int count = 0;
  double sum = 0;
  for (int h = first_hour; h < first_hour + kWindowHours; ++h) {
    if (!IsValid(hours[h])) continue;
    sum += *hours[h];
    ++count;
  }
  if (count == 0 || count < rules.min_hours_per_8h_window) return std::nullopt;
  return sum / count;
}

std::optional<double> DailyMax8hMean(const HourlySeries& hours,
                                     const DailyMeanRules& rules) {
  int valid_windows = 0;
  std::optional<double> best;
  for (int start = 0; start <= kLastWindowStart; ++start) {
    const std::optional<double> mean = EightHourMean(hours, start, rules);
    if (!mean.has_value()) continue;
    ++valid_windows;
    best = std::max(best.value_or(*mean), *mean);
  }
  if (valid_windows == 0 || valid_windows < rules.min_valid_8h_windows) {
    return std::nullopt;
  }
  return best;
}

std::optional<double> DailyMax1h(const HourlySeries& hours,
                                 const DailyMeanRules& rules) {
  int count = 0;
  std::optional<double> best;
  for (const std::optional<double>& h : hours) {
    if (!IsValid(h)) continue;
    ++count;
    best = std::max(best.value_or(*h), *h);
  }
  if (count == 0 || count < rules.min_hours_for_1h_max) return std::nullopt;
  return best;
}

DailyConcentrations StationDailyMeans(const StationDayHourly& day,
                                      const DailyMeanRules& rules) {
  DailyConcentrations out;
  out.so2 = DailyMean(day.so2, rules);
  out.no2 = DailyMean(day.no2, rules);
  out.pm10 = DailyMean(day.pm10, rules);
  out.pm25 = DailyMean(day.pm25, rules);
  out.co = DailyMean(day.co, rules);
  out.o3_1h_max = DailyMax1h(day.o3, rules);
  out.o3_8h_max = DailyMax8hMean(day.o3, rules);
  return out;
}

DailyConcentrations DistrictDailyMean(
    std::span<const DailyConcentrations> stations) {
  auto mean_of = [&](std::optional<double> DailyConcentrations::*item)
      -> std::optional<double> {
    int count = 0;
    double sum = 0;
    for (const DailyConcentrations& station : stations) {
      const std::optional<double>& value = station.*item;
      if (!IsValid(value)) continue;
      sum += *value;
      ++count;
    }
    if (count == 0) return std::nullopt;
    return sum / count;
  };
  DailyConcentrations out;
  out.so2 = mean_of(&DailyConcentrations::so2);
  out.no2 = mean_of(&DailyConcentrations::no2);
  out.pm10 = mean_of(&DailyConcentrations::pm10);
  out.pm25 = mean_of(&DailyConcentrations::pm25);
  out.co = mean_of(&DailyConcentrations::co);
  out.o3_1h_max = mean_of(&DailyConcentrations::o3_1h_max);
  out.o3_8h_max = mean_of(&DailyConcentrations::o3_8h_max);
  return out;
}

}  // namespace devplan::env
