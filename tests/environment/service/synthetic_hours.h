// Deterministic synthetic hourly readings for tests and the bench: a seasonal pattern (PM2.5
// worse in winter, O3 in summer), a daily cycle, per-station offsets, some missing hours, and
// one day a month on which every station loses six hours of particulates (an invalid day).
// Also the answer the rules library gives for them, computed independently of the service.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "devplan/v1/environment.pb.h"
#include "services/environment/rules/aqi.h"

namespace devplan::testing {

std::vector<v1::HourlyReading> SyntheticHours(const std::vector<std::string>& stations,
                                              absl::CivilDay first, absl::CivilDay last,
                                              uint64_t seed);

// The district day per date by the rules library alone: per station StationDailyMeans over
// the readings (a later reading of the same station-hour wins), DistrictDailyMean,
// ComputeDailyAqi by date.
std::map<absl::CivilDay, env::AqiResult> ExpectedDays(const std::vector<v1::HourlyReading>& readings);
std::map<absl::CivilDay, env::DailyConcentrations> ExpectedConcentrations(
    const std::vector<v1::HourlyReading>& readings);

}  // namespace devplan::testing
