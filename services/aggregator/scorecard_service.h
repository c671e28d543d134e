// devplan.v1.ScorecardService on gRPC's callback API: plans as versioned resources and
// district scorecards computed from the domain services' metrics.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/aggregator/domain_clients.h"
#include "services/aggregator/plan_store.h"

namespace devplan::aggregator {

class ScorecardServiceImpl final : public v1::ScorecardService::CallbackService {
 public:
  ScorecardServiceImpl(redis::Pool& pool, DomainClients& clients)
      : plans_(pool), clients_(clients) {}

  grpc::ServerUnaryReactor* PutPlan(grpc::CallbackServerContext* ctx,
                                    const v1::PutPlanRequest* request,
                                    v1::Plan* response) override;
  grpc::ServerUnaryReactor* GetPlan(grpc::CallbackServerContext* ctx,
                                    const v1::GetPlanRequest* request,
                                    v1::Plan* response) override;
  grpc::ServerUnaryReactor* ListPlans(grpc::CallbackServerContext* ctx,
                                      const v1::ListPlansRequest* request,
                                      v1::ListPlansResponse* response) override;
  grpc::ServerUnaryReactor* GetScorecard(grpc::CallbackServerContext* ctx,
                                         const v1::GetScorecardRequest* request,
                                         v1::Scorecard* response) override;

  absl::StatusOr<v1::Plan> DoPutPlan(const v1::PutPlanRequest& request);
  absl::StatusOr<v1::Plan> DoGetPlan(const v1::GetPlanRequest& request);
  absl::StatusOr<v1::ListPlansResponse> DoListPlans(const v1::ListPlansRequest& request);
  absl::StatusOr<v1::Scorecard> DoGetScorecard(const v1::GetScorecardRequest& request);

 private:
  // Remembers the values a service answered, to show (as stale) while it is down.
  void RememberValues(const std::string& district, const v1::GetMetricsResponse& response);
  std::map<std::string, v1::MetricValue> LastKnown(const std::string& district);

  PlanStore plans_;
  DomainClients& clients_;
  std::mutex mu_;
  std::map<std::string, std::map<std::string, v1::MetricValue>> last_known_;
};

}  // namespace devplan::aggregator
