#include "tests/environment/service/synthetic_hours.h"

#include <cmath>
#include <random>

#include "services/environment/rules/daily_means.h"

namespace devplan::testing {
namespace {

constexpr double kPi = 3.14159265358979;

using ByStationDay = std::map<absl::CivilDay, std::map<std::string, env::StationDayHourly>>;

ByStationDay Group(const std::vector<v1::HourlyReading>& readings) {
  ByStationDay out;
  for (const v1::HourlyReading& r : readings) {
    const absl::CivilDay day(r.date().year(), r.date().month(), r.date().day());
    env::StationDayHourly& s = out[day][r.station_id()];
    const v1::HourlyConcentrations& c = r.concentrations();
    const int h = r.hour();
    // A resubmitted hour replaces the whole hour.
    s.pm25[h] = c.has_pm25() ? std::optional<double>(c.pm25()) : std::nullopt;
    s.pm10[h] = c.has_pm10() ? std::optional<double>(c.pm10()) : std::nullopt;
    s.so2[h] = c.has_so2() ? std::optional<double>(c.so2()) : std::nullopt;
    s.no2[h] = c.has_no2() ? std::optional<double>(c.no2()) : std::nullopt;
    s.o3[h] = c.has_o3() ? std::optional<double>(c.o3()) : std::nullopt;
    s.co[h] = c.has_co() ? std::optional<double>(c.co()) : std::nullopt;
  }
  return out;
}

double Round1(double v) { return std::round(v * 10) / 10; }

}  // namespace

std::vector<v1::HourlyReading> SyntheticHours(const std::vector<std::string>& stations,
                                              absl::CivilDay first, absl::CivilDay last,
                                              uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, 0.35);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<v1::HourlyReading> out;
  for (absl::CivilDay d = first; d <= last; ++d) {
    const int yday = absl::GetYearDay(d);
    const double winter = std::cos(2 * kPi * (yday - 15) / 366.0);  // +1 mid-January
    const double day_factor = std::exp(noise(rng));                  // weather of the day
    const bool gap_day = d.day() == 17;  // particulate analysers down 06:00-11:59 everywhere
    for (size_t s = 0; s < stations.size(); ++s) {
      const double station_factor = 0.9 + 0.08 * static_cast<double>(s);
      for (int h = 0; h < 24; ++h) {
        if (u(rng) < 0.015) continue;  // an hour lost at one station
        const double diurnal_pm = 1 + 0.25 * std::cos(2 * kPi * (h - 21) / 24.0);
        const double diurnal_o3 = 0.55 + 0.6 * std::max(0.0, std::sin(kPi * (h - 7) / 13.0));
        const double pm25 = (48 + 40 * winter) * day_factor * diurnal_pm * station_factor *
                            std::exp(0.15 * noise(rng));
        v1::HourlyReading r;
        r.set_station_id(stations[s]);
        r.mutable_date()->set_year(static_cast<int>(d.year()));
        r.mutable_date()->set_month(d.month());
        r.mutable_date()->set_day(d.day());
        r.set_hour(h);
        v1::HourlyConcentrations* c = r.mutable_concentrations();
        if (!(gap_day && h >= 6 && h < 12)) {
          c->set_pm25(Round1(pm25));
          c->set_pm10(Round1(pm25 * (1.6 + 0.2 * u(rng))));
        }
        c->set_so2(Round1(8 + 6 * std::max(0.0, winter) + 2 * u(rng)));
        c->set_no2(Round1((30 + 12 * winter) * diurnal_pm * station_factor));
        c->set_o3(Round1((95 - 55 * winter) * diurnal_o3 * std::exp(0.25 * noise(rng))));
        c->set_co(Round1(0.6 + 0.5 * std::max(0.0, winter) * day_factor) );
        out.push_back(std::move(r));
      }
    }
  }
  return out;
}

std::map<absl::CivilDay, env::DailyConcentrations> ExpectedConcentrations(
    const std::vector<v1::HourlyReading>& readings) {
  std::map<absl::CivilDay, env::DailyConcentrations> out;
  for (const auto& [day, stations] : Group(readings)) {
    std::vector<env::DailyConcentrations> means;
    for (const auto& [id, hours] : stations) means.push_back(env::StationDailyMeans(hours));
    out[day] = env::DistrictDailyMean(means);
  }
  return out;
}

std::map<absl::CivilDay, env::AqiResult> ExpectedDays(const std::vector<v1::HourlyReading>& readings) {
  std::map<absl::CivilDay, env::AqiResult> out;
  for (const auto& [day, c] : ExpectedConcentrations(readings)) {
    out[day] = env::ComputeDailyAqi(c, day);
  }
  return out;
}

}  // namespace devplan::testing
