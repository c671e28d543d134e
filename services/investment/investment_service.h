// devplan.v1.InvestmentService on gRPC's callback API. Handlers only translate: the rules
// are in *_rules, the storage in *_store, the metrics in investment_metrics / metric_rules.
// The Do* methods hold each handler's logic and are callable from tests without a server;
// the gRPC overrides are in investment_service.cc, the Do* methods in *_handlers.cc.
#pragma once

#include "devplan/v1/investment.grpc.pb.h"
#include "services/common/facts_cache.h"
#include "services/common/grpc_glue.h"
#include "services/common/service_context.h"
#include "services/common/store/record_store.h"
#include "services/investment/figure_store.h"
#include "services/investment/investment_facts.h"
#include "services/investment/project_store.h"
#include "services/investment/promotion_store.h"

namespace devplan::investment {

class InvestmentServiceImpl final : public v1::InvestmentService::CallbackService {
 public:
  // The full name the glue admits calls by (DEVPLAN_UNARY_RPC).
  static constexpr const char* kServiceName = v1::InvestmentService::service_full_name();

  // The context's clock decides "not in the future" and "month has begun" (tests pin it).
  explicit InvestmentServiceImpl(ServiceContext context);

  // One line per unary RPC: the override and its Do<Method> (grpc_glue.h).
  DEVPLAN_UNARY_RPC(GetMetrics, v1::GetMetricsRequest, v1::GetMetricsResponse);
  DEVPLAN_UNARY_RPC(ListMetricDefinitions, v1::ListMetricDefinitionsRequest, v1::ListMetricDefinitionsResponse);
  DEVPLAN_UNARY_RPC(CreateProject, v1::CreateProjectRequest, v1::Project);
  DEVPLAN_UNARY_RPC(GetProject, v1::GetProjectRequest, v1::Project);
  DEVPLAN_UNARY_RPC(ListProjects, v1::ListProjectsRequest, v1::ListProjectsResponse);
  DEVPLAN_UNARY_RPC(UpdateProject, v1::UpdateProjectRequest, v1::Project);
  DEVPLAN_UNARY_RPC(ReportMonthlyInvestment, v1::ReportMonthlyInvestmentRequest, v1::MonthlyInvestment);
  DEVPLAN_UNARY_RPC(ListMonthlyInvestments, v1::ListMonthlyInvestmentsRequest, v1::ListMonthlyInvestmentsResponse);
  DEVPLAN_UNARY_RPC(RecordInfrastructureOutput, v1::RecordInfrastructureOutputRequest, v1::InfrastructureOutput);
  DEVPLAN_UNARY_RPC(ListInfrastructureOutputs, v1::ListInfrastructureOutputsRequest, v1::ListInfrastructureOutputsResponse);
  DEVPLAN_UNARY_RPC(CreatePromotionEvent, v1::CreatePromotionEventRequest, v1::PromotionEvent);
  DEVPLAN_UNARY_RPC(GetPromotionEvent, v1::GetPromotionEventRequest, v1::PromotionEvent);
  DEVPLAN_UNARY_RPC(ListPromotionEvents, v1::ListPromotionEventsRequest, v1::ListPromotionEventsResponse);
  DEVPLAN_UNARY_RPC(ReportEconomicFigure, v1::ReportEconomicFigureRequest, v1::EconomicFigure);
  DEVPLAN_UNARY_RPC(GetEconomicFigure, v1::GetEconomicFigureRequest, v1::EconomicFigure);
  DEVPLAN_UNARY_RPC(ListEconomicFigures, v1::ListEconomicFiguresRequest, v1::ListEconomicFiguresResponse);

 private:
  ServiceContext context_;
  store::RecordStore records_;
  ProjectStore projects_;
  PromotionStore promotion_;
  FigureStore figures_;
  // Each district's facts while its data version is unchanged (GetMetrics).
  FactsCache<InvestmentFacts> facts_;
};

}  // namespace devplan::investment
