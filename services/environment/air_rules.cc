#include "services/environment/air_rules.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"
#include "services/common/dates.h"
#include "services/common/validation.h"
#include "services/common/resource_name.h"
#include "services/environment/aqi_proto.h"
#include "services/environment/rules/aqi_tables.h"

namespace devplan::environment {
namespace {

std::optional<std::string> CheckValue(bool present, double value, const char* field,
                                      double max, const char* unit) {
  if (!present) return std::nullopt;
  if (!std::isfinite(value)) return absl::StrCat("concentrations.", field, ": not a number");
  if (value < 0) return absl::StrCat("concentrations.", field, ": ", value, " is negative");
  if (value > max) {
    return absl::StrCat("concentrations.", field, ": ", value, " ", unit,
                        " is beyond the plausible maximum of ", max, " ", unit);
  }
  return std::nullopt;
}

}  // namespace

absl::CivilHour NowHourInChina() {
  return absl::ToCivilHour(absl::Now(), absl::FixedTimeZone(8 * 3600));
}

std::optional<std::string> RefuseReading(const v1::HourlyReading& reading, int year,
                                         const std::set<std::string>& stations,
                                         absl::CivilHour now) {
  if (reading.station_id().empty()) return "station_id: required";
  if (!stations.contains(reading.station_id())) {
    return absl::StrCat("station_id: unknown station ", QuoteForError(reading.station_id()),
                        " (register it with CreateStation first)");
  }
  if (!reading.has_date()) return "date: required";
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(reading.date(), "date");
  if (!day.ok()) return std::string(day.status().message());
  if (day->year() != year) {
    return absl::StrCat("date: ", DayKey(*day), " is outside the plan year ", year);
  }
  if (reading.hour() < 0 || reading.hour() > 23) {
    return absl::StrCat("hour: ", reading.hour(), " is outside 0..23");
  }
  const absl::CivilHour hour = absl::CivilHour(*day) + reading.hour();
  if (hour + 1 > now) {
    return absl::StrCat("hour: ", DayKey(*day), " ", reading.hour(),
                        ":00 has not ended yet (China Standard Time)");
  }
  if (!reading.has_concentrations()) return "concentrations: required";
  const v1::HourlyConcentrations& c = reading.concentrations();
  if (!c.has_pm25() && !c.has_pm10() && !c.has_so2() && !c.has_no2() && !c.has_o3() &&
      !c.has_co()) {
    return "concentrations: no pollutant has a value";
  }
  for (auto refusal : {CheckValue(c.has_pm25(), c.pm25(), "pm25", kMaxHourlyPm25UgM3, "µg/m³"),
                       CheckValue(c.has_pm10(), c.pm10(), "pm10", kMaxHourlyPm10UgM3, "µg/m³"),
                       CheckValue(c.has_so2(), c.so2(), "so2", kMaxHourlySo2UgM3, "µg/m³"),
                       CheckValue(c.has_no2(), c.no2(), "no2", kMaxHourlyNo2UgM3, "µg/m³"),
                       CheckValue(c.has_o3(), c.o3(), "o3", kMaxHourlyO3UgM3, "µg/m³"),
                       CheckValue(c.has_co(), c.co(), "co", kMaxHourlyCoMgM3, "mg/m³")}) {
    if (refusal.has_value()) return refusal;
  }
  return std::nullopt;
}

absl::Status ValidateReadingsCount(const v1::SubmitHourlyReadingsRequest& message) {
  if (message.readings_size() > kMaxReadingsPerMessage) {
    return absl::InvalidArgumentError(absl::StrCat(
        "readings: ", message.readings_size(), " readings in one message; at most ",
        kMaxReadingsPerMessage, " per request or stream message (a stream takes any number)"));
  }
  return absl::OkStatus();
}

std::optional<std::string> HeaderMismatch(const v1::SubmitHourlyReadingsRequest& header,
                                          const v1::SubmitHourlyReadingsRequest& m) {
  if (!m.district().empty() && m.district() != header.district()) {
    // Every reading of the message is refused with this reason, up to a thousand of them
    // listed in the reply: the district is quoted short, not copied a thousand times.
    return absl::StrCat("district: ", QuoteForError(m.district()),
                        " differs from the first message's ", QuoteForError(header.district()));
  }
  if (m.year() != 0 && m.year() != header.year()) {
    return absl::StrCat("year: ", m.year(), " differs from the first message's ", header.year());
  }
  if (!m.reported_by().empty() && m.reported_by() != header.reported_by()) {
    return "reported_by: differs from the first message's";
  }
  return std::nullopt;
}

absl::Status ValidateReadingsHeader(const v1::SubmitHourlyReadingsRequest& header) {
  RETURN_IF_ERROR(ValidateDistrict(header.district()));
  if (header.year() < kMinPlanYear || header.year() > kMaxPlanYear) {
    return absl::InvalidArgumentError(absl::StrCat("year: ", header.year(), " is outside ",
                                                   kMinPlanYear, "..", kMaxPlanYear));
  }
  return ValidateReportedBy(header.reported_by());
}

}  // namespace devplan::environment

namespace devplan::environment {
namespace {

// Longest address we accept; anything longer is a client bug, not an address. Titles have the
// shared limit (validation.h).
constexpr size_t kMaxTextBytes = 200;

absl::Status CheckText(const std::string& value, const char* field, bool required) {
  if (required && value.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  if (value.size() > kMaxTextBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": longer than ", kMaxTextBytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status CheckConcentration(bool present, double value, const char* field) {
  if (!present) return absl::OkStatus();
  if (!std::isfinite(value) || value < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("concentrations.", field, ": ", value, " must be finite and >= 0"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateNewStation(const v1::Station& s) {
  RETURN_IF_ERROR(ValidateId(s.station_id(), "station.station_id"));
  RETURN_IF_ERROR(ValidateDistrict(s.district(), "station.district"));
  RETURN_IF_ERROR(ValidateRequiredText(s.title_zh(), "station.title_zh", kMaxTitleBytes));
  RETURN_IF_ERROR(ValidateText(s.title_en(), "station.title_en", kMaxTitleBytes));
  RETURN_IF_ERROR(CheckText(s.address_zh(), "station.address_zh", false));
  if (s.level() == v1::STATION_LEVEL_UNSPECIFIED || !v1::StationLevel_IsValid(s.level())) {
    return absl::InvalidArgumentError("station.level: required (national, provincial or city)");
  }
  if (s.has_latitude() != s.has_longitude()) {
    return absl::InvalidArgumentError("station.latitude, station.longitude: give both or neither");
  }
  if (s.has_latitude() && (!std::isfinite(s.latitude()) || std::abs(s.latitude()) > 90)) {
    return absl::InvalidArgumentError(absl::StrCat("station.latitude: ", s.latitude(),
                                                   " is outside -90..90"));
  }
  if (s.has_longitude() && (!std::isfinite(s.longitude()) || std::abs(s.longitude()) > 180)) {
    return absl::InvalidArgumentError(absl::StrCat("station.longitude: ", s.longitude(),
                                                   " is outside -180..180"));
  }
  return absl::OkStatus();
}

absl::Status ValidateBulletin(const v1::SubmitDailyAqiRequest& request, absl::CivilDay today) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(request.date(), "date");
  RETURN_IF_ERROR(day.status());
  if (*day > today) {
    return absl::InvalidArgumentError(absl::StrCat("date: ", DayKey(*day), " is in the future"));
  }
  if (request.aqi() < 0 || request.aqi() > env::kMaxIaqi) {
    return absl::InvalidArgumentError(absl::StrCat("aqi: ", request.aqi(), " is outside 0..500"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < request.primary_pollutants_size(); ++i) {
    const std::string& code = request.primary_pollutants(i);
    if (!PollutantFromBulletinCode(code).has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "primary_pollutants[", i, "]: unknown ", QuoteForError(code),
          " (PM2.5, PM10, O3_8H, O3_1H, NO2, SO2, CO)"));
    }
    if (!seen.insert(code).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("primary_pollutants[", i, "]: ", QuoteForError(code), " given twice"));
    }
  }
  const bool named = request.aqi() > env::kPrimaryPollutantMinAqiExclusive;
  if (named && request.primary_pollutants().empty()) {
    return absl::InvalidArgumentError("primary_pollutants: required when aqi > 50 (HJ 633)");
  }
  if (!named && !request.primary_pollutants().empty()) {
    return absl::InvalidArgumentError("primary_pollutants: must be empty when aqi <= 50 (HJ 633)");
  }
  return ValidateReportedBy(request.reported_by());
}

absl::Status ValidateComputeAqi(const v1::ComputeAqiRequest& request) {
  if (!request.has_date()) return absl::InvalidArgumentError("date: required");
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(request.date(), "date");
  RETURN_IF_ERROR(day.status());
  const v1::DailyConcentrations& c = request.concentrations();
  for (absl::Status s : {CheckConcentration(c.has_so2(), c.so2(), "so2"),
                         CheckConcentration(c.has_no2(), c.no2(), "no2"),
                         CheckConcentration(c.has_pm10(), c.pm10(), "pm10"),
                         CheckConcentration(c.has_pm25(), c.pm25(), "pm25"),
                         CheckConcentration(c.has_co(), c.co(), "co"),
                         CheckConcentration(c.has_o3_1h_max(), c.o3_1h_max(), "o3_1h_max"),
                         CheckConcentration(c.has_o3_8h_max(), c.o3_8h_max(), "o3_8h_max")}) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace devplan::environment
