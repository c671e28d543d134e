// The InvestmentService's metrics: each derived from stored facts as of a date (the shapes
// are in metric_rules, the table of keys and definitions in investment_metrics.cc).
#pragma once

#include "services/common/metrics_contract.h"
#include "services/investment/investment_facts.h"

namespace devplan::investment {

const MetricSet<InvestmentFacts>& InvestmentMetrics();

}  // namespace devplan::investment
