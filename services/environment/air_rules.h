// Input checks of the air API (stations, hourly readings, bulletin values, ComputeAqi):
// pure functions, unit-tested without Redis. An hourly reading is judged on its own, so one
// bad value refuses one reading and never the rest of a stream.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/environment.pb.h"

namespace devplan::environment {

// Plausibility bounds of one hourly value. They are NOT from a standard: they sit well above
// any hourly value recorded at Chinese urban stations (PM10 leaves room for dust storms,
// which have reached several thousand µg/m³) and at or above the top breakpoint of the
// pollutant's HJ 633 column, so they only catch unit mix-ups (mg sent as µg: ×1000) and
// analyser faults, never a real episode. Negative and non-finite values are refused too.
inline constexpr double kMaxHourlyPm25UgM3 = 3000;
inline constexpr double kMaxHourlyPm10UgM3 = 10000;
inline constexpr double kMaxHourlySo2UgM3 = 5000;   // HJ 633 SO2 24h column tops at 2620
inline constexpr double kMaxHourlyNo2UgM3 = 4000;   // NO2 1h column tops at 3840
inline constexpr double kMaxHourlyO3UgM3 = 2000;    // O3 1h column tops at 1200
inline constexpr double kMaxHourlyCoMgM3 = 150;     // CO 1h column tops at 150 mg/m³

// Readings in one SubmitHourlyReadings request or in one message of a StreamHourlyReadings
// stream: a message is held in memory whole, so it is bounded; a stream carries any number
// of messages (a year of 5 stations is 44,000 readings).
inline constexpr int kMaxReadingsPerMessage = 10'000;

// The readings of one request or stream may not exceed these.
inline constexpr int kMinPlanYear = 2000;
inline constexpr int kMaxPlanYear = 2100;

// The checked parts of a valid reading.
struct ValidReading {
  std::string station_id;
  absl::CivilDay day;
  int hour = 0;
  v1::HourlyConcentrations concentrations;
};

// Why `reading` cannot be stored, or nullopt when it can. `now` is the current civil hour in
// China: an hour is accepted once it has ended. Reasons name the field, e.g.
// "concentrations.pm25: -3 is negative".
std::optional<std::string> RefuseReading(const v1::HourlyReading& reading, int year,
                                         const std::set<std::string>& stations,
                                         absl::CivilHour now);

// The stream's or request's header: district, year and reported_by. INVALID_ARGUMENT naming
// the field.
absl::Status ValidateReadingsHeader(const v1::SubmitHourlyReadingsRequest& header);

// At most kMaxReadingsPerMessage readings in `message`; INVALID_ARGUMENT naming readings.
absl::Status ValidateReadingsCount(const v1::SubmitHourlyReadingsRequest& message);

// Why a later message of a stream cannot be taken with the first one's `header`: it names
// another district, year or reporting department (it may leave them empty). nullopt when it
// agrees; every reading of a message that disagrees is refused with this reason.
std::optional<std::string> HeaderMismatch(const v1::SubmitHourlyReadingsRequest& header,
                                          const v1::SubmitHourlyReadingsRequest& message);

// The current civil hour in China Standard Time (UTC+8).
absl::CivilHour NowHourInChina();

// A station to be created: id, district, title, level, coordinates. INVALID_ARGUMENT naming
// the field ("station.title_zh: required").
absl::Status ValidateNewStation(const v1::Station& station);

// A bulletin value as of `today`: district, date, AQI 0..500, primary pollutant codes
// (known, distinct, present exactly when AQI > 50), reported_by.
absl::Status ValidateBulletin(const v1::SubmitDailyAqiRequest& request, absl::CivilDay today);

// ComputeAqi's input: a date, and every given concentration finite and >= 0.
absl::Status ValidateComputeAqi(const v1::ComputeAqiRequest& request);

}  // namespace devplan::environment
