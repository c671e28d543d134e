#include "services/environment/air_metrics.h"

#include <algorithm>
#include <functional>

#include "services/common/dates.h"
#include "services/common/provenance.h"
#include "services/environment/air_day.h"
#include "services/environment/rules/aqi.h"
#include "services/environment/rules/aqi_tables.h"

namespace devplan::environment {
namespace {

// HJ 633 Table 2: 重度污染 starts above 200.
constexpr int kHeavyPollutionMinAqiExclusive = 200;

absl::CivilDay DayOf(const v1::Date& d) { return absl::CivilDay(d.year(), d.month(), d.day()); }

// Every day in range is a fact (an invalid day is still a report).
void AddDay(ProvenanceBuilder& prov, const v1::AirQualityDay& day) {
  const absl::CivilDay d = DayOf(day.date());
  if (day.departments().empty()) {
    prov.Add("", day.last_report_time(), d);
    return;
  }
  for (const std::string& dept : day.departments()) prov.Add(dept, day.last_report_time(), d);
}

// The facts hold the whole as-of year (one snapshot for every as_of of it): only 1 January ..
// as_of counts.
bool InRange(const v1::AirQualityDay& day, const MetricQuery& q) {
  const absl::CivilDay d = DayOf(day.date());
  return d.year() == q.as_of.year() && d <= q.as_of;
}

// A count of counted days satisfying `pred`. NO_DATA only when the year has no air fact yet.
MetricSet<EnvironmentFacts>::Compute CountDays(
    std::string derivation, std::function<bool(const v1::AirQualityDay&)> pred) {
  return [derivation, pred](const EnvironmentFacts& facts, const MetricQuery& q,
                            v1::MetricValue& v) {
    ProvenanceBuilder prov(derivation);
    int64_t n = 0;
    for (const v1::AirQualityDay& day : facts.air_days) {
      if (!InRange(day, q)) continue;
      AddDay(prov, day);
      if (IsCounted(day) && pred(day)) ++n;
    }
    if (prov.empty()) return;
    v.set_count(n);
    prov.Fill(q.as_of, v);
  };
}

int Aqi(const v1::AirQualityDay& day) { return day.assessment().aqi(); }

void GoodDayRate(const EnvironmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
  ProvenanceBuilder prov("good days / days with a valid AQI x 100, 1 January to as_of");
  int64_t good = 0, valid = 0;
  for (const v1::AirQualityDay& day : facts.air_days) {
    if (!InRange(day, q) || !IsCounted(day)) continue;
    AddDay(prov, day);
    ++valid;
    if (Aqi(day) <= env::kGoodDayMaxAqi) ++good;
  }
  if (valid == 0) return;
  v.set_percent(100.0 * static_cast<double>(good) / static_cast<double>(valid));
  prov.Fill(q.as_of, v);
}

// Mean of the district's daily means (hourly data only; bulletins carry no concentrations),
// rounded to 0.1 µg/m³ half to even (GB/T 8170).
MetricSet<EnvironmentFacts>::Compute MeanYtd(
    std::string derivation, bool (v1::DailyConcentrations::*has)() const,
    double (v1::DailyConcentrations::*get)() const) {
  return [=](const EnvironmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    ProvenanceBuilder prov(derivation);
    double sum = 0;
    int64_t n = 0;
    for (const v1::AirQualityDay& day : facts.air_days) {
      if (!InRange(day, q) || !(day.district_concentrations().*has)()) continue;
      AddDay(prov, day);
      sum += (day.district_concentrations().*get)();
      ++n;
    }
    if (n == 0) return;
    v.set_measure(env::RoundHalfEven(sum / static_cast<double>(n), 1));
    prov.Fill(q.as_of, v);
  };
}

std::function<bool(const v1::AirQualityDay&)> PrimaryIs(std::vector<v1::AirPollutant> any_of) {
  return [any_of](const v1::AirQualityDay& day) {
    for (int p : day.assessment().primary_pollutants()) {
      if (std::find(any_of.begin(), any_of.end(), p) != any_of.end()) return true;
    }
    return false;
  };
}

void DefinePrimary(MetricSet<EnvironmentFacts>& set, const std::string& key,
                   const std::string& zh, const std::string& en,
                   std::vector<v1::AirPollutant> pollutants) {
  set.Define(MetricDef(key, zh, en, v1::UNIT_DAYS, v1::CADENCE_DAILY,
                       "Days from 1 January to as_of with a valid AQI whose primary pollutants "
                       "(首要污染物, named only when AQI > 50; ties all count) include " + en +
                           "."),
             CountDays("days whose primary pollutants include " + en, PrimaryIs(pollutants)));
}

}  // namespace

void DefineAirMetrics(MetricSet<EnvironmentFacts>& set) {
  set.Define(MetricDef("environment.air_good_days", "空气优良天数", "Air-quality good days",
                       v1::UNIT_DAYS, v1::CADENCE_DAILY,
                       "Days from 1 January to as_of whose daily AQI (HJ 633, edition by date) "
                       "is at most 100. A day's AQI is computed from the stations' hourly data "
                       "(GB 3095 validity, district mean of the stations) and, where those give "
                       "no valid AQI, taken from the daily bulletin; days without a valid AQI "
                       "are neither good nor bad."),
             CountDays("days of the as-of year up to as_of with a valid daily AQI <= 100",
                       [](const v1::AirQualityDay& d) { return Aqi(d) <= env::kGoodDayMaxAqi; }));
  set.Define(MetricDef("environment.air_valid_days", "有效监测天数", "Days with a valid AQI",
                       v1::UNIT_DAYS, v1::CADENCE_DAILY,
                       "Days from 1 January to as_of with a valid daily AQI (from hourly data "
                       "or the bulletin): the basis for projecting good days to the year end."),
             CountDays("days of the as-of year up to as_of with a valid daily AQI",
                       [](const v1::AirQualityDay&) { return true; }));
  set.Define(MetricDef("environment.air_good_day_rate", "空气优良天数比例", "Air-quality good-day rate",
                       v1::UNIT_PERCENT, v1::CADENCE_DAILY,
                       "Good days / days with a valid AQI x 100, 1 January to as_of."),
             GoodDayRate);
  set.Define(MetricDef("environment.air_nongood_days", "空气非优良天数", "Non-good air days",
                       v1::UNIT_DAYS, v1::CADENCE_DAILY,
                       "Days from 1 January to as_of with a valid daily AQI above 100. With a "
                       "target of T good days the year can still afford (good days + days left "
                       "after current_to) - T more non-good days; the aggregator, which knows "
                       "T, computes that."),
             CountDays("days of the as-of year up to as_of with a valid daily AQI > 100",
                       [](const v1::AirQualityDay& d) { return Aqi(d) > env::kGoodDayMaxAqi; }));
  set.Define(MetricDef("environment.air_heavy_pollution_days", "重污染天数",
                       "Heavily polluted days", v1::UNIT_DAYS, v1::CADENCE_DAILY,
                       "Days from 1 January to as_of with a valid daily AQI above 200 (重度污染 "
                       "or 严重污染, HJ 633 Table 2)."),
             CountDays("days of the as-of year up to as_of with a valid daily AQI > 200",
                       [](const v1::AirQualityDay& d) {
                         return Aqi(d) > kHeavyPollutionMinAqiExclusive;
                       }));
  set.Define(MetricDef("environment.pm25_mean_ytd", "PM2.5 年均浓度（累计）",
                       "PM2.5 mean concentration, year to date", v1::UNIT_UG_PER_M3,
                       v1::CADENCE_DAILY,
                       "Mean of the district's daily PM2.5 24-hour means (each the mean over "
                       "stations with >= 20 valid hours) from 1 January to as_of, µg/m³, rounded "
                       "to 0.1; days without a valid mean (and bulletin-only days) are left out."),
             MeanYtd("mean of the district's daily PM2.5 means, 1 January to as_of",
                     &v1::DailyConcentrations::has_pm25, &v1::DailyConcentrations::pm25));
  set.Define(MetricDef("environment.pm10_mean_ytd", "PM10 年均浓度（累计）",
                       "PM10 mean concentration, year to date", v1::UNIT_UG_PER_M3,
                       v1::CADENCE_DAILY,
                       "Mean of the district's daily PM10 24-hour means from 1 January to as_of, "
                       "µg/m³, rounded to 0.1; as environment.pm25_mean_ytd."),
             MeanYtd("mean of the district's daily PM10 means, 1 January to as_of",
                     &v1::DailyConcentrations::has_pm10, &v1::DailyConcentrations::pm10));
  DefinePrimary(set, "environment.primary_days_pm25", "PM2.5 为首要污染物天数", "PM2.5",
                {v1::AIR_POLLUTANT_PM25});
  DefinePrimary(set, "environment.primary_days_pm10", "PM10 为首要污染物天数", "PM10",
                {v1::AIR_POLLUTANT_PM10});
  DefinePrimary(set, "environment.primary_days_o3", "O3 为首要污染物天数",
                "O3 (8-hour or 1-hour)", {v1::AIR_POLLUTANT_O3_8H, v1::AIR_POLLUTANT_O3_1H});
  DefinePrimary(set, "environment.primary_days_no2", "NO2 为首要污染物天数", "NO2",
                {v1::AIR_POLLUTANT_NO2});
  DefinePrimary(set, "environment.primary_days_so2", "SO2 为首要污染物天数", "SO2",
                {v1::AIR_POLLUTANT_SO2});
  DefinePrimary(set, "environment.primary_days_co", "CO 为首要污染物天数", "CO",
                {v1::AIR_POLLUTANT_CO});
}

}  // namespace devplan::environment
