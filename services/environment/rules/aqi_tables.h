// Breakpoint tables and fixed numbers of the Chinese ambient-air AQI.
//
// Sources (facts copied, one place in the code base so a reviewer can check
// them against the standards line by line):
//   HJ 633-2012 Table 1   — IAQI breakpoints, in force until 2026-02-28.
//   HJ 633-2026 Table 3   — same table with new PM10 and PM2.5 columns,
//                           in force from 2026-03-01.
//   GB 3095-2012/2026 Table 4 — data validity (identical in both editions).
//   HJ 633 Table 2 (both editions) — AQI categories.
#ifndef DEVPLAN_SERVICES_ENVIRONMENT_RULES_AQI_TABLES_H_
#define DEVPLAN_SERVICES_ENVIRONMENT_RULES_AQI_TABLES_H_

#include <array>
#include <cstddef>
#include <string_view>

#include "absl/time/civil_time.h"

namespace devplan::env {

enum class Edition {
  kHj633_2012,
  kHj633_2026,
};

// The edition follows the date the data describe, not the date we compute:
// a 2025 day recomputed in 2027 is still judged by HJ 633-2012.
inline constexpr absl::CivilDay kHj633_2026FirstDay{2026, 3, 1};

// One column of the breakpoint table. Units: µg/m³, except CO in mg/m³.
enum class Column {
  kSo2_24h,
  kSo2_1h,
  kNo2_24h,
  kNo2_1h,
  kPm10_24h,
  kPm25_24h,
  kCo_24h,
  kCo_1h,
  kO3_1h,
  kO3_8h,
};
inline constexpr std::size_t kColumnCount = 10;

// IAQI values at the breakpoints (HJ 633-2012 Table 1, first column;
// unchanged in HJ 633-2026 Table 3).
inline constexpr std::array<int, 8> kIaqiAtBreakpoint = {0,   50,  100, 150,
                                                         200, 300, 400, 500};

struct BreakpointColumn {
  Column column;
  // How many leading entries of `bp` are defined. SO2 1h stops at IAQI 200
  // and O3 8h at IAQI 300; above those the standard switches to a rule
  // (see aqi.h), not to interpolation.
  int defined;
  std::array<double, 8> bp;
};

// HJ 633-2012 Table 1. Rows follow kIaqiAtBreakpoint.
inline constexpr std::array<BreakpointColumn, kColumnCount> kHj633_2012Table = {{
    {Column::kSo2_24h, 8, {0, 50, 150, 475, 800, 1600, 2100, 2620}},
    {Column::kSo2_1h, 5, {0, 150, 500, 650, 800, 0, 0, 0}},
    {Column::kNo2_24h, 8, {0, 40, 80, 180, 280, 565, 750, 940}},
    {Column::kNo2_1h, 8, {0, 100, 200, 700, 1200, 2340, 3090, 3840}},
    {Column::kPm10_24h, 8, {0, 50, 150, 250, 350, 420, 500, 600}},
    {Column::kPm25_24h, 8, {0, 35, 75, 115, 150, 250, 350, 500}},
    {Column::kCo_24h, 8, {0, 2, 4, 14, 24, 36, 48, 60}},
    {Column::kCo_1h, 8, {0, 5, 10, 35, 60, 90, 120, 150}},
    {Column::kO3_1h, 8, {0, 160, 200, 300, 400, 800, 1000, 1200}},
    {Column::kO3_8h, 6, {0, 100, 160, 215, 265, 800, 0, 0}},
}};

// HJ 633-2026 Table 3: only the PM10 and PM2.5 columns differ from 2012
// (second band now tops out at 120 and 60).
inline constexpr std::array<BreakpointColumn, kColumnCount> kHj633_2026Table = {{
    {Column::kSo2_24h, 8, {0, 50, 150, 475, 800, 1600, 2100, 2620}},
    {Column::kSo2_1h, 5, {0, 150, 500, 650, 800, 0, 0, 0}},
    {Column::kNo2_24h, 8, {0, 40, 80, 180, 280, 565, 750, 940}},
    {Column::kNo2_1h, 8, {0, 100, 200, 700, 1200, 2340, 3090, 3840}},
    {Column::kPm10_24h, 8, {0, 50, 120, 250, 350, 420, 500, 600}},
    {Column::kPm25_24h, 8, {0, 35, 60, 115, 150, 250, 350, 500}},
    {Column::kCo_24h, 8, {0, 2, 4, 14, 24, 36, 48, 60}},
    {Column::kCo_1h, 8, {0, 5, 10, 35, 60, 90, 120, 150}},
    {Column::kO3_1h, 8, {0, 160, 200, 300, 400, 800, 1000, 1200}},
    {Column::kO3_8h, 6, {0, 100, 160, 215, 265, 800, 0, 0}},
}};

// Above these the standard stops interpolating (HJ 633-2012 Table 1 notes
// (a)/(b)): 2012 does not compute the IAQI at all, 2026 fixes it.
inline constexpr double kSo2_1hRuleThreshold = 800;  // µg/m³
inline constexpr double kO3_8hRuleThreshold = 800;   // µg/m³
inline constexpr int kSo2_1hIaqiAboveThreshold2026 = 200;
inline constexpr int kO3_8hIaqiAboveThreshold2026 = 300;

inline constexpr int kMaxIaqi = 500;
// HJ 633-2026 states the AQI range as 1–500.
inline constexpr int kMinAqi2026 = 1;

// A day counts as "good" (优良天) when its AQI is at most this.
inline constexpr int kGoodDayMaxAqi = 100;
// Primary pollutants are named only above this AQI.
inline constexpr int kPrimaryPollutantMinAqiExclusive = 50;
// HJ 633-2026 §5.3.1: with a pollutant missing, publish only above this.
inline constexpr int kPublishWithMissingMinAqiExclusive2026 = 100;

// GB 3095-2012 Table 4 (kept unchanged by GB 3095-2026).
inline constexpr int kMinValidHoursFor24hMean = 20;
inline constexpr int kMinValidHoursFor8hMean = 6;
inline constexpr int kMinSamplingMinutesForHourlyValue = 45;
// HJ 663: the O3 daily maximum 8-hour value is taken over the windows ending
// 08:00–24:00 (17 windows). The "at least 14 valid windows" figure is the
// commonly quoted HJ 663 requirement; it was NOT verified against the text.
inline constexpr int kO3_8hWindowsPerDay = 17;
inline constexpr int kMinValidO3_8hWindows = 14;

struct AqiCategory {
  int number;  // 1..6
  int min_aqi;
  int max_aqi;  // inclusive; the sixth category runs up to kMaxIaqi
  std::string_view level_zh;
  std::string_view name_zh;
  std::string_view name_en;
  std::string_view colour_zh;
  std::string_view colour_en;
};

// HJ 633-2012 Table 2 (same in HJ 633-2026). English names are the usual
// translations, not text from the standard.
inline constexpr std::array<AqiCategory, 6> kAqiCategories = {{
    {1, 0, 50, "一级", "优", "Excellent", "绿色", "green"},
    {2, 51, 100, "二级", "良", "Good", "黄色", "yellow"},
    {3, 101, 150, "三级", "轻度污染", "Lightly polluted", "橙色", "orange"},
    {4, 151, 200, "四级", "中度污染", "Moderately polluted", "红色", "red"},
    {5, 201, 300, "五级", "重度污染", "Heavily polluted", "紫色", "purple"},
    {6, 301, 500, "六级", "严重污染", "Severely polluted", "褐红色", "maroon"},
}};

constexpr const std::array<BreakpointColumn, kColumnCount>& BreakpointTable(
    Edition edition) {
  return edition == Edition::kHj633_2026 ? kHj633_2026Table : kHj633_2012Table;
}

constexpr const BreakpointColumn& Breakpoints(Column column, Edition edition) {
  return BreakpointTable(edition)[static_cast<std::size_t>(column)];
}

}  // namespace devplan::env

#endif  // DEVPLAN_SERVICES_ENVIRONMENT_RULES_AQI_TABLES_H_
