// From one station's hourly values to the day's AQI inputs, and from the
// stations to the district's day. Validity thresholds: GB 3095 Table 4
// (constants in aqi_tables.h).
#ifndef DEVPLAN_SERVICES_ENVIRONMENT_RULES_DAILY_MEANS_H_
#define DEVPLAN_SERVICES_ENVIRONMENT_RULES_DAILY_MEANS_H_

#include <array>
#include <optional>
#include <span>

#include "services/environment/rules/aqi.h"
#include "services/environment/rules/aqi_tables.h"

namespace devplan::env {

// Index h holds the hourly value for h:00–(h+1):00 of the day, h = 0..23.
// nullopt = no valid hourly value (e.g. under 45 minutes of sampling).
// Negative or non-finite values are treated as missing too: an analyser
// reading below zero is a fault, not a concentration.
using HourlySeries = std::array<std::optional<double>, 24>;

// One station, one day. µg/m³, CO in mg/m³.
struct StationDayHourly {
  HourlySeries so2;
  HourlySeries no2;
  HourlySeries pm10;
  HourlySeries pm25;
  HourlySeries co;
  HourlySeries o3;
};

struct DailyMeanRules {
  int min_hours_for_24h_mean = kMinValidHoursFor24hMean;  // GB 3095: 20
  int min_hours_per_8h_window = kMinValidHoursFor8hMean;  // GB 3095: 6
  int min_valid_8h_windows = kMinValidO3_8hWindows;       // HJ 663 (unverified): 14
  // GB 3095 sets no threshold for the O3 daily 1-hour maximum. We ask for the
  // same 20 hours as a daily mean so that a day missing its afternoon (when
  // O3 peaks) cannot report a low maximum.
  int min_hours_for_1h_max = kMinValidHoursFor24hMean;
};

int CountValidHours(const HourlySeries& hours);

// Arithmetic mean of the valid hours, if there are enough of them.
std::optional<double> DailyMean(const HourlySeries& hours,
                                const DailyMeanRules& rules = {});

// Mean of hours first_hour .. first_hour+7 of the same day (first_hour
// 0..16), i.e. the window ending at (first_hour+8):00.
std::optional<double> EightHourMean(const HourlySeries& hours, int first_hour,
                                    const DailyMeanRules& rules = {});

// O3 daily maximum 8-hour moving average: the largest of the 17 windows
// ending 08:00–24:00 (HJ 663), i.e. starting at hours 0..16 of this day.
// Windows ending 01:00–07:00 would reach into the previous day; HJ 663
// leaves them out, and so we need no data outside the day.
std::optional<double> DailyMax8hMean(const HourlySeries& hours,
                                     const DailyMeanRules& rules = {});

// O3 daily maximum 1-hour value (HJ 633-2012 only).
std::optional<double> DailyMax1h(const HourlySeries& hours,
                                 const DailyMeanRules& rules = {});

// All seven daily items of one station. Nothing is rounded here: HJ 633-2026
// rounds the concentration once, inside the AQI computation.
DailyConcentrations StationDailyMeans(const StationDayHourly& day,
                                      const DailyMeanRules& rules = {});

// The district's day: per item, the arithmetic mean over the stations that
// have a valid value for it (stations missing the item are left out, not
// counted as zero). nullopt when no station has the item.
DailyConcentrations DistrictDailyMean(
    std::span<const DailyConcentrations> stations);

}  // namespace devplan::env

#endif  // DEVPLAN_SERVICES_ENVIRONMENT_RULES_DAILY_MEANS_H_
