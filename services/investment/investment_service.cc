#include "services/investment/investment_service.h"

#include "services/common/dates.h"
#include "services/common/grpc_glue.h"
#include "services/investment/investment_facts.h"
#include "services/investment/investment_metrics.h"

namespace devplan::investment {

InvestmentServiceImpl::InvestmentServiceImpl(redis::Pool& pool,
                                             std::function<absl::CivilDay()> today)
    : pool_(pool),
      today_(today ? std::move(today) : TodayInChina),
      projects_(pool),
      promotion_(pool),
      figures_(pool) {}

absl::StatusOr<v1::GetMetricsResponse> InvestmentServiceImpl::DoGetMetrics(
    const v1::GetMetricsRequest& request) {
  return InvestmentMetrics().Get(
      request, [this](const MetricQuery& q) { return LoadFacts(pool_, q.district); });
}

// --- gRPC glue: every handler finishes through FinishUnary --------------------------------

#define DEVPLAN_UNARY(Method, Request, Response)                                            \
  grpc::ServerUnaryReactor* InvestmentServiceImpl::Method(                                  \
      grpc::CallbackServerContext* ctx, const Request* request, Response* response) {       \
    return FinishUnary(ctx, Do##Method(*request), response);                                \
  }

DEVPLAN_UNARY(GetMetrics, v1::GetMetricsRequest, v1::GetMetricsResponse)
DEVPLAN_UNARY(CreateProject, v1::CreateProjectRequest, v1::Project)
DEVPLAN_UNARY(GetProject, v1::GetProjectRequest, v1::Project)
DEVPLAN_UNARY(ListProjects, v1::ListProjectsRequest, v1::ListProjectsResponse)
DEVPLAN_UNARY(UpdateProject, v1::UpdateProjectRequest, v1::Project)
DEVPLAN_UNARY(ReportMonthlyInvestment, v1::ReportMonthlyInvestmentRequest, v1::MonthlyInvestment)
DEVPLAN_UNARY(ListMonthlyInvestments, v1::ListMonthlyInvestmentsRequest,
              v1::ListMonthlyInvestmentsResponse)
DEVPLAN_UNARY(RecordInfrastructureOutput, v1::RecordInfrastructureOutputRequest,
              v1::InfrastructureOutput)
DEVPLAN_UNARY(ListInfrastructureOutputs, v1::ListInfrastructureOutputsRequest,
              v1::ListInfrastructureOutputsResponse)
DEVPLAN_UNARY(CreatePromotionEvent, v1::CreatePromotionEventRequest, v1::PromotionEvent)
DEVPLAN_UNARY(GetPromotionEvent, v1::GetPromotionEventRequest, v1::PromotionEvent)
DEVPLAN_UNARY(ListPromotionEvents, v1::ListPromotionEventsRequest, v1::ListPromotionEventsResponse)
DEVPLAN_UNARY(ReportEconomicFigure, v1::ReportEconomicFigureRequest, v1::EconomicFigure)
DEVPLAN_UNARY(GetEconomicFigure, v1::GetEconomicFigureRequest, v1::EconomicFigure)
DEVPLAN_UNARY(ListEconomicFigures, v1::ListEconomicFiguresRequest, v1::ListEconomicFiguresResponse)

#undef DEVPLAN_UNARY

grpc::ServerUnaryReactor* InvestmentServiceImpl::ListMetricDefinitions(
    grpc::CallbackServerContext* ctx, const v1::ListMetricDefinitionsRequest* request,
    v1::ListMetricDefinitionsResponse* response) {
  return FinishUnary(ctx, InvestmentMetrics().catalog().List(*request), response);
}

}  // namespace devplan::investment
