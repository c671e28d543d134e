// A district's air-quality day from its stations' hourly values (GB 3095 validity, district
// mean, HJ 633 by the data's date — all by the rules library), and the choice between that
// and a bulletin value. Pure functions.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>

#include <google/protobuf/timestamp.pb.h>

#include "absl/time/civil_time.h"
#include "devplan/v1/environment.pb.h"

namespace devplan::environment {

// One station's stored hours of one day, with who reported them last and when.
struct StationHours {
  std::string station_id;
  std::array<std::optional<v1::HourlyConcentrations>, 24> hours;
  std::string reported_by;
  google::protobuf::Timestamp report_time;
};

// The day as computed from hourly data: source HOURLY when the AQI is valid, else NONE;
// `assessment` and `hourly_assessment` both hold the hourly result. Stations without any
// hour are left out.
v1::AirQualityDay ComputeHourlyDay(const std::string& district, absl::CivilDay day,
                                   std::span<const StationHours> stations);

// The figure counted for a day. Hourly data win when they give a valid AQI: they are
// recomputed here by the standard from station values, edition by date, and traceable to
// each hour. The bulletin fills the days the hourly feed cannot judge (no data, or too few
// valid hours), because it is the official published figure for that day. Either may be
// absent; with neither the day has source NONE.
v1::AirQualityDay EffectiveDay(const std::string& district, absl::CivilDay day,
                               const v1::AirQualityDay* hourly, const v1::DailyAqi* bulletin);

// Counted: a valid AQI from either source.
bool IsCounted(const v1::AirQualityDay& day);

std::string AirQualityDayName(const std::string& district, absl::CivilDay day);

}  // namespace devplan::environment
