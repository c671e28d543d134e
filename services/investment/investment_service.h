// devplan.v1.InvestmentService on gRPC's callback API. Handlers only translate: the rules
// are in *_rules, the storage in *_store, the metrics in investment_metrics / metric_rules.
// The Do* methods hold each handler's logic and are callable from tests without a server;
// the gRPC overrides are in investment_service.cc, the Do* methods in *_handlers.cc.
#pragma once

#include <functional>

#include "absl/time/civil_time.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "services/investment/figure_store.h"
#include "services/investment/project_store.h"
#include "services/investment/promotion_store.h"

namespace devplan::investment {

class InvestmentServiceImpl final : public v1::InvestmentService::CallbackService {
 public:
  // `today` is the service's calendar for "not in the future" and "month has begun" (China
  // Standard Time by default; tests pin it).
  explicit InvestmentServiceImpl(redis::Pool& pool,
                                 std::function<absl::CivilDay()> today = nullptr);

  grpc::ServerUnaryReactor* GetMetrics(grpc::CallbackServerContext* ctx,
                                       const v1::GetMetricsRequest* request,
                                       v1::GetMetricsResponse* response) override;
  grpc::ServerUnaryReactor* ListMetricDefinitions(
      grpc::CallbackServerContext* ctx, const v1::ListMetricDefinitionsRequest* request,
      v1::ListMetricDefinitionsResponse* response) override;
  grpc::ServerUnaryReactor* CreateProject(grpc::CallbackServerContext* ctx,
                                          const v1::CreateProjectRequest* request,
                                          v1::Project* response) override;
  grpc::ServerUnaryReactor* GetProject(grpc::CallbackServerContext* ctx,
                                       const v1::GetProjectRequest* request,
                                       v1::Project* response) override;
  grpc::ServerUnaryReactor* ListProjects(grpc::CallbackServerContext* ctx,
                                         const v1::ListProjectsRequest* request,
                                         v1::ListProjectsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateProject(grpc::CallbackServerContext* ctx,
                                          const v1::UpdateProjectRequest* request,
                                          v1::Project* response) override;
  grpc::ServerUnaryReactor* ReportMonthlyInvestment(
      grpc::CallbackServerContext* ctx, const v1::ReportMonthlyInvestmentRequest* request,
      v1::MonthlyInvestment* response) override;
  grpc::ServerUnaryReactor* ListMonthlyInvestments(
      grpc::CallbackServerContext* ctx, const v1::ListMonthlyInvestmentsRequest* request,
      v1::ListMonthlyInvestmentsResponse* response) override;
  grpc::ServerUnaryReactor* RecordInfrastructureOutput(
      grpc::CallbackServerContext* ctx, const v1::RecordInfrastructureOutputRequest* request,
      v1::InfrastructureOutput* response) override;
  grpc::ServerUnaryReactor* ListInfrastructureOutputs(
      grpc::CallbackServerContext* ctx, const v1::ListInfrastructureOutputsRequest* request,
      v1::ListInfrastructureOutputsResponse* response) override;
  grpc::ServerUnaryReactor* CreatePromotionEvent(grpc::CallbackServerContext* ctx,
                                                 const v1::CreatePromotionEventRequest* request,
                                                 v1::PromotionEvent* response) override;
  grpc::ServerUnaryReactor* GetPromotionEvent(grpc::CallbackServerContext* ctx,
                                              const v1::GetPromotionEventRequest* request,
                                              v1::PromotionEvent* response) override;
  grpc::ServerUnaryReactor* ListPromotionEvents(grpc::CallbackServerContext* ctx,
                                                const v1::ListPromotionEventsRequest* request,
                                                v1::ListPromotionEventsResponse* response) override;
  grpc::ServerUnaryReactor* ReportEconomicFigure(grpc::CallbackServerContext* ctx,
                                                 const v1::ReportEconomicFigureRequest* request,
                                                 v1::EconomicFigure* response) override;
  grpc::ServerUnaryReactor* GetEconomicFigure(grpc::CallbackServerContext* ctx,
                                              const v1::GetEconomicFigureRequest* request,
                                              v1::EconomicFigure* response) override;
  grpc::ServerUnaryReactor* ListEconomicFigures(grpc::CallbackServerContext* ctx,
                                                const v1::ListEconomicFiguresRequest* request,
                                                v1::ListEconomicFiguresResponse* response) override;

  // The handlers' logic.
  absl::StatusOr<v1::GetMetricsResponse> DoGetMetrics(const v1::GetMetricsRequest& request);
  absl::StatusOr<v1::Project> DoCreateProject(const v1::CreateProjectRequest& request);
  absl::StatusOr<v1::Project> DoGetProject(const v1::GetProjectRequest& request);
  absl::StatusOr<v1::ListProjectsResponse> DoListProjects(const v1::ListProjectsRequest& request);
  absl::StatusOr<v1::Project> DoUpdateProject(const v1::UpdateProjectRequest& request);
  absl::StatusOr<v1::MonthlyInvestment> DoReportMonthlyInvestment(
      const v1::ReportMonthlyInvestmentRequest& request);
  absl::StatusOr<v1::ListMonthlyInvestmentsResponse> DoListMonthlyInvestments(
      const v1::ListMonthlyInvestmentsRequest& request);
  absl::StatusOr<v1::InfrastructureOutput> DoRecordInfrastructureOutput(
      const v1::RecordInfrastructureOutputRequest& request);
  absl::StatusOr<v1::ListInfrastructureOutputsResponse> DoListInfrastructureOutputs(
      const v1::ListInfrastructureOutputsRequest& request);
  absl::StatusOr<v1::PromotionEvent> DoCreatePromotionEvent(
      const v1::CreatePromotionEventRequest& request);
  absl::StatusOr<v1::PromotionEvent> DoGetPromotionEvent(const v1::GetPromotionEventRequest& request);
  absl::StatusOr<v1::ListPromotionEventsResponse> DoListPromotionEvents(
      const v1::ListPromotionEventsRequest& request);
  absl::StatusOr<v1::EconomicFigure> DoReportEconomicFigure(
      const v1::ReportEconomicFigureRequest& request);
  absl::StatusOr<v1::EconomicFigure> DoGetEconomicFigure(const v1::GetEconomicFigureRequest& request);
  absl::StatusOr<v1::ListEconomicFiguresResponse> DoListEconomicFigures(
      const v1::ListEconomicFiguresRequest& request);

 private:
  redis::Pool& pool_;
  std::function<absl::CivilDay()> today_;
  ProjectStore projects_;
  PromotionStore promotion_;
  FigureStore figures_;
};

}  // namespace devplan::investment
