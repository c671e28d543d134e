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
#include "services/common/grpc_glue.h"
#include "services/common/service_context.h"

namespace devplan::aggregator {

// Districts one CompareDistricts call ranks, named or (none named) every district with a plan:
// all of China's county-level divisions (about 2,850) fit. Each costs a scorecard.
inline constexpr int kMaxComparedDistricts = 3000;

// GetScorecard is served raw (ByteBuffers): a cached card's bytes, serialized once when it was
// computed, go out as they are, instead of the card being copied and serialized per call.
class ScorecardServiceImpl final
    : public v1::ScorecardService::WithRawCallbackMethod_GetScorecard<
          v1::ScorecardService::CallbackService> {
 public:
  // The full name the glue admits calls by (DEVPLAN_UNARY_RPC).
  static constexpr const char* kServiceName = v1::ScorecardService::service_full_name();

  // The context's workers compute scorecards (each waits on the domain services for up to
  // the fan-out deadline), so that no gRPC thread waits; its clock says what "today" is.
  ScorecardServiceImpl(ServiceContext context, DomainClients& clients);
  ~ScorecardServiceImpl() override;

  // One line per unary RPC: the override and its Do<Method> (grpc_glue.h).
  DEVPLAN_UNARY_RPC(PutPlan, v1::PutPlanRequest, v1::Plan);
  DEVPLAN_UNARY_RPC(GetPlan, v1::GetPlanRequest, v1::Plan);
  DEVPLAN_UNARY_RPC(ListPlans, v1::ListPlansRequest, v1::ListPlansResponse);
  DEVPLAN_SERIALIZED_UNARY_RPC(GetScorecard, v1::GetScorecardRequest, v1::Scorecard);
  DEVPLAN_UNARY_RPC(GetIndicatorHistory, v1::GetIndicatorHistoryRequest, v1::IndicatorHistory);
  DEVPLAN_UNARY_RPC(CompareDistricts, v1::CompareDistrictsRequest, v1::DistrictComparison);
  DEVPLAN_UNARY_RPC(ListAuditEntries, v1::ListAuditEntriesRequest, v1::ListAuditEntriesResponse);

  // Server streaming: its reactor is the WatchHub's (scorecard_watch.h).
  grpc::ServerWriteReactor<v1::Scorecard>* WatchScorecard(
      grpc::CallbackServerContext* ctx, const v1::WatchScorecardRequest* request) override;

  const Scorecards& scorecards() const { return scorecards_; }
  const WatchHub& watch_hub() const { return hub_; }

  // The server is stopping (RunHooks::on_stopping): open watches end UNAVAILABLE, telling
  // dashboards to reconnect (to another replica, or to this one restarted).
  void BeginShutdown();
  // True while change events are arriving (pushes to watchers depend on it).
  bool subscribed() const { return subscriber_ && subscriber_->subscribed(); }

 private:
  absl::Status ValidateWatch(const v1::WatchScorecardRequest& request);
  absl::StatusOr<v1::Scorecard> WatchedScorecard(const v1::WatchScorecardRequest& request);
  void OnChangeEvent(const std::string& channel);

  ServiceContext context_;
  PlanStore plans_;
  DomainClients& clients_;
  Scorecards scorecards_;
  WatchHub hub_;
  // Last: it calls into the members above from its own thread, so it must stop first.
  std::unique_ptr<redis::Subscriber> subscriber_;
};

}  // namespace devplan::aggregator
