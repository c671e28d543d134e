// The EnvironmentService's metrics: each derived from stored facts as of a date.
#pragma once

#include "services/common/metrics_contract.h"
#include "services/environment/environment_store.h"

namespace devplan::environment {

const MetricSet<EnvironmentFacts>& EnvironmentMetrics();

}  // namespace devplan::environment
