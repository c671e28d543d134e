#include "services/environment/air_day.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/environment/aqi_proto.h"
#include "services/environment/rules/daily_means.h"

#include <google/protobuf/util/time_util.h>

namespace devplan::environment {
namespace {

// The library's per-pollutant hourly series from the stored hours.
env::StationDayHourly ToSeries(const StationHours& station, int* hours_reported) {
  env::StationDayHourly s;
  *hours_reported = 0;
  for (int h = 0; h < 24; ++h) {
    if (!station.hours[h].has_value()) continue;
    const v1::HourlyConcentrations& c = *station.hours[h];
    if (c.has_pm25()) s.pm25[h] = c.pm25();
    if (c.has_pm10()) s.pm10[h] = c.pm10();
    if (c.has_so2()) s.so2[h] = c.so2();
    if (c.has_no2()) s.no2[h] = c.no2();
    if (c.has_o3()) s.o3[h] = c.o3();
    if (c.has_co()) s.co[h] = c.co();
    ++*hours_reported;
  }
  return s;
}

}  // namespace

std::string AirQualityDayName(const std::string& district, absl::CivilDay day) {
  return absl::StrCat("districts/", district, "/airQualityDays/", DayKey(day));
}

v1::AirQualityDay ComputeHourlyDay(const std::string& district, absl::CivilDay day,
                                   std::span<const StationHours> stations) {
  v1::AirQualityDay out;
  out.set_name(AirQualityDayName(district, day));
  *out.mutable_date() = ToProtoDate(day);
  std::vector<env::DailyConcentrations> station_means;
  std::set<std::string> departments;
  for (const StationHours& station : stations) {
    int hours_reported = 0;
    const env::StationDayHourly series = ToSeries(station, &hours_reported);
    if (hours_reported == 0) continue;
    station_means.push_back(env::StationDailyMeans(series));
    v1::StationDay* sd = out.add_stations();
    sd->set_station_id(station.station_id);
    *sd->mutable_concentrations() = ToProto(station_means.back());
    sd->set_hours_reported(hours_reported);
    if (!station.reported_by.empty()) departments.insert(station.reported_by);
    if (station.report_time > out.last_report_time()) {
      *out.mutable_last_report_time() = station.report_time;
    }
  }
  const env::DailyConcentrations district_day = env::DistrictDailyMean(station_means);
  *out.mutable_district_concentrations() = ToProto(district_day);
  const env::AqiResult result = env::ComputeDailyAqi(district_day, day);
  *out.mutable_hourly_assessment() = ToProto(result);
  *out.mutable_assessment() = out.hourly_assessment();
  out.set_source(result.valid() ? v1::AIR_DAY_SOURCE_HOURLY : v1::AIR_DAY_SOURCE_NONE);
  for (const std::string& d : departments) out.add_departments(d);
  return out;
}

v1::AirQualityDay EffectiveDay(const std::string& district, absl::CivilDay day,
                               const v1::AirQualityDay* hourly, const v1::DailyAqi* bulletin) {
  v1::AirQualityDay out;
  if (hourly != nullptr) {
    out = *hourly;
  } else {
    out.set_name(AirQualityDayName(district, day));
    *out.mutable_date() = ToProtoDate(day);
    out.set_source(v1::AIR_DAY_SOURCE_NONE);
  }
  if (bulletin == nullptr) return out;
  *out.mutable_bulletin() = *bulletin;
  const bool hourly_valid =
      hourly != nullptr && hourly->hourly_assessment().validity() == v1::AQI_VALIDITY_VALID;
  if (!hourly_valid) {
    out.set_source(v1::AIR_DAY_SOURCE_BULLETIN);
    *out.mutable_assessment() = BulletinAssessment(*bulletin);
    // The bulletin's department and time become the day's provenance.
    out.clear_departments();
    out.add_departments(bulletin->reported_by());
    *out.mutable_last_report_time() = bulletin->report_time();
  }
  return out;
}

bool IsCounted(const v1::AirQualityDay& day) {
  return day.source() != v1::AIR_DAY_SOURCE_NONE &&
         day.source() != v1::AIR_DAY_SOURCE_UNSPECIFIED &&
         day.assessment().validity() == v1::AQI_VALIDITY_VALID && day.assessment().has_aqi();
}

}  // namespace devplan::environment
