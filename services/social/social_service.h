// devplan.v1.SocialService on gRPC's callback API. Handlers only translate: the rules are in
// figure_rules, facility_rules and event_rules, the storage in social_store, the metrics in
// social_metrics. The Do* methods hold each handler's logic and are callable from tests
// without a server. Handler bodies: social_service.cc (metrics and figures),
// social_facilities.cc, social_events.cc.
#pragma once

#include "devplan/v1/social.grpc.pb.h"
#include "services/common/facts_cache.h"
#include "services/common/grpc_glue.h"
#include "services/common/service_context.h"
#include "services/social/social_store.h"

namespace devplan::social {

class SocialServiceImpl final : public v1::SocialService::CallbackService {
 public:
  // The full name the glue admits calls by (DEVPLAN_UNARY_RPC).
  static constexpr const char* kServiceName = v1::SocialService::service_full_name();

  explicit SocialServiceImpl(ServiceContext context);

  // One line per unary RPC: the override and its Do<Method> (grpc_glue.h).
  DEVPLAN_UNARY_RPC(GetMetrics, v1::GetMetricsRequest, v1::GetMetricsResponse);
  DEVPLAN_UNARY_RPC(ListMetricDefinitions, v1::ListMetricDefinitionsRequest, v1::ListMetricDefinitionsResponse);
  DEVPLAN_UNARY_RPC(ReportMonthlyFigure, v1::ReportMonthlyFigureRequest, v1::MonthlyFigure);
  DEVPLAN_UNARY_RPC(GetMonthlyFigure, v1::GetMonthlyFigureRequest, v1::MonthlyFigure);
  DEVPLAN_UNARY_RPC(ListMonthlyFigures, v1::ListMonthlyFiguresRequest, v1::ListMonthlyFiguresResponse);
  DEVPLAN_UNARY_RPC(ReportTalentCount, v1::ReportTalentCountRequest, v1::TalentCount);
  DEVPLAN_UNARY_RPC(ListTalentCounts, v1::ListTalentCountsRequest, v1::ListTalentCountsResponse);
  DEVPLAN_UNARY_RPC(ReportCoverage, v1::ReportCoverageRequest, v1::CoverageFigure);
  DEVPLAN_UNARY_RPC(ListCoverageFigures, v1::ListCoverageFiguresRequest, v1::ListCoverageFiguresResponse);
  DEVPLAN_UNARY_RPC(CreateFacility, v1::CreateFacilityRequest, v1::Facility);
  DEVPLAN_UNARY_RPC(GetFacility, v1::GetFacilityRequest, v1::Facility);
  DEVPLAN_UNARY_RPC(ListFacilities, v1::ListFacilitiesRequest, v1::ListFacilitiesResponse);
  DEVPLAN_UNARY_RPC(RecordFacilityStep, v1::RecordFacilityStepRequest, v1::Facility);
  DEVPLAN_UNARY_RPC(CreateEvent, v1::CreateEventRequest, v1::Event);
  DEVPLAN_UNARY_RPC(BatchCreateEvents, v1::BatchCreateEventsRequest, v1::BatchCreateEventsResponse);
  DEVPLAN_UNARY_RPC(FinishEvent, v1::FinishEventRequest, v1::Event);
  DEVPLAN_UNARY_RPC(GetEvent, v1::GetEventRequest, v1::Event);
  DEVPLAN_UNARY_RPC(ListEvents, v1::ListEventsRequest, v1::ListEventsResponse);

 private:
  ServiceContext context_;
  store::RecordStore records_;
  SocialStore store_;
  // Each district's facts while its data version is unchanged (GetMetrics).
  FactsCache<SocialFacts> facts_;
};

}  // namespace devplan::social
