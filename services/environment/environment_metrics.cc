#include "services/environment/environment_metrics.h"

#include "services/common/provenance.h"

namespace devplan::environment {
namespace {

// HJ 633-2012/2026: a good day (优良天) has AQI ≤ 100.
constexpr int kGoodDayMaxAqi = 100;

void AirGoodDays(const EnvironmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
  ProvenanceBuilder prov("days of the as-of year up to as_of with a daily AQI <= 100");
  int64_t good = 0;
  for (const v1::DailyAqi& d : facts.daily_aqi) {
    const absl::CivilDay day(d.date().year(), d.date().month(), d.date().day());
    if (day.year() != q.as_of.year() || day > q.as_of) continue;
    if (d.aqi() <= kGoodDayMaxAqi) ++good;
    prov.Add(d.reported_by(), d.report_time(), day);
  }
  if (prov.empty()) return;
  v.set_count(good);
  prov.Fill(q.as_of, v);
}

MetricSet<EnvironmentFacts>* Build() {
  auto* set = new MetricSet<EnvironmentFacts>("environment");
  set->Define(MetricDef("environment.air_good_days", "空气优良天数", "Air-quality good days",
                        v1::UNIT_DAYS, v1::CADENCE_DAILY,
                        "Days from 1 January to as_of whose daily AQI (HJ 633, edition by "
                        "date) is at most 100."),
              AirGoodDays);
  return set;
}

}  // namespace

const MetricSet<EnvironmentFacts>& EnvironmentMetrics() {
  static const MetricSet<EnvironmentFacts>* set = Build();
  return *set;
}

}  // namespace devplan::environment
