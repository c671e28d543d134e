// The water, soil, greening, rural and milestone metrics, from the registers of water bodies
// and samples, works and plots.
#pragma once

#include "services/common/metrics_contract.h"
#include "services/environment/environment_store.h"

namespace devplan::environment {

void DefineSiteMetrics(MetricSet<EnvironmentFacts>& set);

}  // namespace devplan::environment
