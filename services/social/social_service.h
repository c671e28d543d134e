// devplan.v1.SocialService on gRPC's callback API. Handlers only translate: storage is in
// social_store, metrics in social_metrics.
#pragma once

#include "devplan/v1/social.grpc.pb.h"
#include "services/social/social_store.h"

namespace devplan::social {

class SocialServiceImpl final : public v1::SocialService::CallbackService {
 public:
  explicit SocialServiceImpl(redis::Pool& pool) : store_(pool) {}

  grpc::ServerUnaryReactor* GetMetrics(grpc::CallbackServerContext* ctx,
                                       const v1::GetMetricsRequest* request,
                                       v1::GetMetricsResponse* response) override;
  grpc::ServerUnaryReactor* ListMetricDefinitions(
      grpc::CallbackServerContext* ctx, const v1::ListMetricDefinitionsRequest* request,
      v1::ListMetricDefinitionsResponse* response) override;
  grpc::ServerUnaryReactor* ReportMonthlyFigure(grpc::CallbackServerContext* ctx,
                                                const v1::ReportMonthlyFigureRequest* request,
                                                v1::MonthlyFigure* response) override;

  absl::StatusOr<v1::MonthlyFigure> DoReportMonthlyFigure(
      const v1::ReportMonthlyFigureRequest& request);

 private:
  SocialStore store_;
};

}  // namespace devplan::social
