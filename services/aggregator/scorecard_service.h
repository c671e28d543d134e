// devplan.v1.ScorecardService on gRPC's callback API: plans as versioned resources, and
// district scorecards (one, live, as history, side by side) computed from the domain
// services' metrics. Handlers validate and delegate; Do* are plain functions tests call.
#pragma once

#include <memory>
#include <string>

#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/aggregator/domain_clients.h"
#include "services/aggregator/plan_store.h"
#include "services/aggregator/scorecard_watch.h"
#include "services/aggregator/scorecards.h"
#include "services/common/redis_subscriber.h"
#include "services/common/worker_pool.h"

namespace devplan::aggregator {

class ScorecardServiceImpl final : public v1::ScorecardService::CallbackService {
 public:
  // `workers`: threads that compute scorecards (each waits on the domain services for up
  // to the fan-out deadline), so that no gRPC thread waits.
  ScorecardServiceImpl(redis::Pool& pool, DomainClients& clients, int workers = 8);
  ~ScorecardServiceImpl() override;

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
  grpc::ServerWriteReactor<v1::Scorecard>* WatchScorecard(
      grpc::CallbackServerContext* ctx, const v1::WatchScorecardRequest* request) override;
  grpc::ServerUnaryReactor* GetIndicatorHistory(grpc::CallbackServerContext* ctx,
                                                const v1::GetIndicatorHistoryRequest* request,
                                                v1::IndicatorHistory* response) override;
  grpc::ServerUnaryReactor* CompareDistricts(grpc::CallbackServerContext* ctx,
                                             const v1::CompareDistrictsRequest* request,
                                             v1::DistrictComparison* response) override;

  absl::StatusOr<v1::Plan> DoPutPlan(const v1::PutPlanRequest& request);
  absl::StatusOr<v1::Plan> DoGetPlan(const v1::GetPlanRequest& request);
  absl::StatusOr<v1::ListPlansResponse> DoListPlans(const v1::ListPlansRequest& request);
  absl::StatusOr<v1::Scorecard> DoGetScorecard(const v1::GetScorecardRequest& request);
  absl::StatusOr<v1::IndicatorHistory> DoGetIndicatorHistory(
      const v1::GetIndicatorHistoryRequest& request);
  absl::StatusOr<v1::DistrictComparison> DoCompareDistricts(
      const v1::CompareDistrictsRequest& request);

  const Scorecards& scorecards() const { return scorecards_; }
  const WatchHub& watch_hub() const { return hub_; }
  // True while change events are arriving (pushes to watchers depend on it).
  bool subscribed() const { return subscriber_ && subscriber_->subscribed(); }

 private:
  absl::Status ValidateWatch(const v1::WatchScorecardRequest& request);
  absl::StatusOr<v1::Scorecard> WatchedScorecard(const v1::WatchScorecardRequest& request);
  void OnChangeEvent(const std::string& channel);

  PlanStore plans_;
  DomainClients& clients_;
  Scorecards scorecards_;
  WatchHub hub_;
  WorkerPool workers_;
  // Last: it calls into the members above from its own thread, so it must stop first.
  std::unique_ptr<redis::Subscriber> subscriber_;
};

}  // namespace devplan::aggregator
