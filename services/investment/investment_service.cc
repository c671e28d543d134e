#include "services/investment/investment_service.h"

#include "services/common/grpc_glue.h"
#include "services/common/redis_keys.h"
#include "services/investment/investment_facts.h"
#include "services/investment/investment_metrics.h"

namespace devplan::investment {

InvestmentServiceImpl::InvestmentServiceImpl(ServiceContext context)
    : context_(std::move(context)),
      records_(context_.pool, keys::kInvestmentPrefix),
      projects_(records_),
      promotion_(records_),
      figures_(records_),
      facts_(context_.facts_cache_entries) {}

absl::StatusOr<v1::GetMetricsResponse> InvestmentServiceImpl::DoGetMetrics(
    const v1::GetMetricsRequest& request) {
  return InvestmentMetrics().Get(request, [this](const MetricQuery& q) {
    return facts_.Current(context_.pool, q.district, q.district,
                          [&] { return LoadFacts(context_.pool, q.district); });
  });
}

absl::StatusOr<v1::ListMetricDefinitionsResponse> InvestmentServiceImpl::DoListMetricDefinitions(
    const v1::ListMetricDefinitionsRequest& request) {
  return InvestmentMetrics().catalog().List(request);
}

}  // namespace devplan::investment
