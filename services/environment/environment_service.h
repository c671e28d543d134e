// devplan.v1.EnvironmentService on gRPC's callback API. Handlers only translate: storage is
// in environment_store, metrics in environment_metrics, the standards in rules/.
#pragma once

#include "devplan/v1/environment.grpc.pb.h"
#include "services/environment/environment_store.h"

namespace devplan::environment {

class EnvironmentServiceImpl final : public v1::EnvironmentService::CallbackService {
 public:
  explicit EnvironmentServiceImpl(redis::Pool& pool) : store_(pool) {}

  grpc::ServerUnaryReactor* GetMetrics(grpc::CallbackServerContext* ctx,
                                       const v1::GetMetricsRequest* request,
                                       v1::GetMetricsResponse* response) override;
  grpc::ServerUnaryReactor* ListMetricDefinitions(
      grpc::CallbackServerContext* ctx, const v1::ListMetricDefinitionsRequest* request,
      v1::ListMetricDefinitionsResponse* response) override;
  grpc::ServerUnaryReactor* SubmitDailyAqi(grpc::CallbackServerContext* ctx,
                                           const v1::SubmitDailyAqiRequest* request,
                                           v1::DailyAqi* response) override;

  absl::StatusOr<v1::DailyAqi> DoSubmitDailyAqi(const v1::SubmitDailyAqiRequest& request);

 private:
  EnvironmentStore store_;
};

}  // namespace devplan::environment
