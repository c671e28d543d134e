// The air-quality metrics (environment.air_*, pm*_mean_ytd, primary_days_*), each computed
// from the counted daily AQI of the as-of year (hourly data, else bulletin; air_day.h).
#pragma once

#include "services/common/metrics_contract.h"
#include "services/environment/environment_store.h"

namespace devplan::environment {

void DefineAirMetrics(MetricSet<EnvironmentFacts>& set);

}  // namespace devplan::environment
