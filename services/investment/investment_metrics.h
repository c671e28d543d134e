// The InvestmentService's metrics: each derived from stored facts as of a date.
#pragma once

#include "services/common/metrics_contract.h"
#include "services/investment/investment_store.h"

namespace devplan::investment {

const MetricSet<InvestmentFacts>& InvestmentMetrics();

}  // namespace devplan::investment
