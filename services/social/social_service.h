// devplan.v1.SocialService on gRPC's callback API. Handlers only translate: the rules are in
// figure_rules, facility_rules and event_rules, the storage in social_store, the metrics in
// social_metrics. The Do* methods hold each handler's logic and are callable from tests
// without a server. Handler bodies: social_service.cc (metrics and figures),
// social_facilities.cc, social_events.cc.
#pragma once

#include "devplan/v1/social.grpc.pb.h"
#include "services/social/social_store.h"

namespace devplan::social {

class SocialServiceImpl final : public v1::SocialService::CallbackService {
 public:
  explicit SocialServiceImpl(redis::Pool& pool) : store_(pool) {}

  // Metrics contract.
  grpc::ServerUnaryReactor* GetMetrics(grpc::CallbackServerContext* ctx,
                                       const v1::GetMetricsRequest* request,
                                       v1::GetMetricsResponse* response) override;
  grpc::ServerUnaryReactor* ListMetricDefinitions(
      grpc::CallbackServerContext* ctx, const v1::ListMetricDefinitionsRequest* request,
      v1::ListMetricDefinitionsResponse* response) override;

  // Figures.
  grpc::ServerUnaryReactor* ReportMonthlyFigure(grpc::CallbackServerContext* ctx,
                                                const v1::ReportMonthlyFigureRequest* request,
                                                v1::MonthlyFigure* response) override;
  grpc::ServerUnaryReactor* GetMonthlyFigure(grpc::CallbackServerContext* ctx,
                                             const v1::GetMonthlyFigureRequest* request,
                                             v1::MonthlyFigure* response) override;
  grpc::ServerUnaryReactor* ListMonthlyFigures(grpc::CallbackServerContext* ctx,
                                               const v1::ListMonthlyFiguresRequest* request,
                                               v1::ListMonthlyFiguresResponse* response) override;
  grpc::ServerUnaryReactor* ReportTalentCount(grpc::CallbackServerContext* ctx,
                                              const v1::ReportTalentCountRequest* request,
                                              v1::TalentCount* response) override;
  grpc::ServerUnaryReactor* ListTalentCounts(grpc::CallbackServerContext* ctx,
                                             const v1::ListTalentCountsRequest* request,
                                             v1::ListTalentCountsResponse* response) override;
  grpc::ServerUnaryReactor* ReportCoverage(grpc::CallbackServerContext* ctx,
                                           const v1::ReportCoverageRequest* request,
                                           v1::CoverageFigure* response) override;
  grpc::ServerUnaryReactor* ListCoverageFigures(
      grpc::CallbackServerContext* ctx, const v1::ListCoverageFiguresRequest* request,
      v1::ListCoverageFiguresResponse* response) override;

  // Facilities.
  grpc::ServerUnaryReactor* CreateFacility(grpc::CallbackServerContext* ctx,
                                           const v1::CreateFacilityRequest* request,
                                           v1::Facility* response) override;
  grpc::ServerUnaryReactor* GetFacility(grpc::CallbackServerContext* ctx,
                                        const v1::GetFacilityRequest* request,
                                        v1::Facility* response) override;
  grpc::ServerUnaryReactor* ListFacilities(grpc::CallbackServerContext* ctx,
                                           const v1::ListFacilitiesRequest* request,
                                           v1::ListFacilitiesResponse* response) override;
  grpc::ServerUnaryReactor* RecordFacilityStep(grpc::CallbackServerContext* ctx,
                                               const v1::RecordFacilityStepRequest* request,
                                               v1::Facility* response) override;

  // Events.
  grpc::ServerUnaryReactor* CreateEvent(grpc::CallbackServerContext* ctx,
                                        const v1::CreateEventRequest* request,
                                        v1::Event* response) override;
  grpc::ServerUnaryReactor* BatchCreateEvents(grpc::CallbackServerContext* ctx,
                                              const v1::BatchCreateEventsRequest* request,
                                              v1::BatchCreateEventsResponse* response) override;
  grpc::ServerUnaryReactor* FinishEvent(grpc::CallbackServerContext* ctx,
                                        const v1::FinishEventRequest* request,
                                        v1::Event* response) override;
  grpc::ServerUnaryReactor* GetEvent(grpc::CallbackServerContext* ctx,
                                     const v1::GetEventRequest* request,
                                     v1::Event* response) override;
  grpc::ServerUnaryReactor* ListEvents(grpc::CallbackServerContext* ctx,
                                       const v1::ListEventsRequest* request,
                                       v1::ListEventsResponse* response) override;

  absl::StatusOr<v1::MonthlyFigure> DoReportMonthlyFigure(
      const v1::ReportMonthlyFigureRequest& request);
  absl::StatusOr<v1::MonthlyFigure> DoGetMonthlyFigure(const v1::GetMonthlyFigureRequest& request);
  absl::StatusOr<v1::ListMonthlyFiguresResponse> DoListMonthlyFigures(
      const v1::ListMonthlyFiguresRequest& request);
  absl::StatusOr<v1::TalentCount> DoReportTalentCount(const v1::ReportTalentCountRequest& request);
  absl::StatusOr<v1::ListTalentCountsResponse> DoListTalentCounts(
      const v1::ListTalentCountsRequest& request);
  absl::StatusOr<v1::CoverageFigure> DoReportCoverage(const v1::ReportCoverageRequest& request);
  absl::StatusOr<v1::ListCoverageFiguresResponse> DoListCoverageFigures(
      const v1::ListCoverageFiguresRequest& request);

  absl::StatusOr<v1::Facility> DoCreateFacility(const v1::CreateFacilityRequest& request);
  absl::StatusOr<v1::Facility> DoGetFacility(const v1::GetFacilityRequest& request);
  absl::StatusOr<v1::ListFacilitiesResponse> DoListFacilities(
      const v1::ListFacilitiesRequest& request);
  absl::StatusOr<v1::Facility> DoRecordFacilityStep(const v1::RecordFacilityStepRequest& request);

  absl::StatusOr<v1::Event> DoCreateEvent(const v1::CreateEventRequest& request);
  absl::StatusOr<v1::BatchCreateEventsResponse> DoBatchCreateEvents(
      const v1::BatchCreateEventsRequest& request);
  absl::StatusOr<v1::Event> DoFinishEvent(const v1::FinishEventRequest& request);
  absl::StatusOr<v1::Event> DoGetEvent(const v1::GetEventRequest& request);
  absl::StatusOr<v1::ListEventsResponse> DoListEvents(const v1::ListEventsRequest& request);

 private:
  SocialStore store_;
};

}  // namespace devplan::social
