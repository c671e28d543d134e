// devplan.v1.InvestmentService on gRPC's callback API. Handlers only translate: the rules
// are in project_rules, the storage in investment_store, the metrics in investment_metrics.
#pragma once

#include "devplan/v1/investment.grpc.pb.h"
#include "services/investment/investment_store.h"

namespace devplan::investment {

class InvestmentServiceImpl final : public v1::InvestmentService::CallbackService {
 public:
  explicit InvestmentServiceImpl(redis::Pool& pool) : store_(pool) {}

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
  grpc::ServerUnaryReactor* ReportMonthlyInvestment(
      grpc::CallbackServerContext* ctx, const v1::ReportMonthlyInvestmentRequest* request,
      v1::MonthlyInvestment* response) override;

  // The handlers' logic, callable from tests without a server.
  absl::StatusOr<v1::Project> DoCreateProject(const v1::CreateProjectRequest& request);
  absl::StatusOr<v1::Project> DoGetProject(const v1::GetProjectRequest& request);
  absl::StatusOr<v1::ListProjectsResponse> DoListProjects(const v1::ListProjectsRequest& request);
  absl::StatusOr<v1::MonthlyInvestment> DoReportMonthlyInvestment(
      const v1::ReportMonthlyInvestmentRequest& request);

 private:
  InvestmentStore store_;
};

}  // namespace devplan::investment
