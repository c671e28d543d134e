#include "services/environment/environment_metrics.h"

#include "services/environment/air_metrics.h"
#include "services/environment/site_metrics.h"

namespace devplan::environment {
namespace {

MetricSet<EnvironmentFacts>* Build() {
  auto* set = new MetricSet<EnvironmentFacts>("environment");
  DefineAirMetrics(*set);
  DefineSiteMetrics(*set);
  return set;
}

}  // namespace

const MetricSet<EnvironmentFacts>& EnvironmentMetrics() {
  static const MetricSet<EnvironmentFacts>* set = Build();
  return *set;
}

}  // namespace devplan::environment
