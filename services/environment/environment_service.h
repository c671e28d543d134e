// devplan.v1.EnvironmentService on gRPC's callback API. Handlers only translate: the checks
// are in air_rules / water_rules / works_rules, the standards in rules/, storage in
// air_store / environment_store, the metrics in *_metrics, the hourly stream in
// hourly_stream.
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
  grpc::ServerUnaryReactor* CreateStation(grpc::CallbackServerContext* ctx,
                                          const v1::CreateStationRequest* request,
                                          v1::Station* response) override;
  grpc::ServerUnaryReactor* GetStation(grpc::CallbackServerContext* ctx,
                                       const v1::GetStationRequest* request,
                                       v1::Station* response) override;
  grpc::ServerUnaryReactor* ListStations(grpc::CallbackServerContext* ctx,
                                         const v1::ListStationsRequest* request,
                                         v1::ListStationsResponse* response) override;
  grpc::ServerReadReactor<v1::SubmitHourlyReadingsRequest>* StreamHourlyReadings(
      grpc::CallbackServerContext* ctx, v1::SubmitHourlyReadingsResponse* response) override;
  grpc::ServerUnaryReactor* SubmitHourlyReadings(grpc::CallbackServerContext* ctx,
                                                 const v1::SubmitHourlyReadingsRequest* request,
                                                 v1::SubmitHourlyReadingsResponse* response) override;
  grpc::ServerUnaryReactor* ComputeAqi(grpc::CallbackServerContext* ctx,
                                       const v1::ComputeAqiRequest* request,
                                       v1::AqiAssessment* response) override;
  grpc::ServerUnaryReactor* GetAirQualityDay(grpc::CallbackServerContext* ctx,
                                             const v1::GetAirQualityDayRequest* request,
                                             v1::AirQualityDay* response) override;
  grpc::ServerUnaryReactor* GetAqiCalendar(grpc::CallbackServerContext* ctx,
                                           const v1::GetAqiCalendarRequest* request,
                                           v1::GetAqiCalendarResponse* response) override;
  grpc::ServerUnaryReactor* PutWaterBody(grpc::CallbackServerContext* ctx,
                                         const v1::PutWaterBodyRequest* request,
                                         v1::WaterBody* response) override;
  grpc::ServerUnaryReactor* ListWaterBodies(grpc::CallbackServerContext* ctx,
                                            const v1::ListWaterBodiesRequest* request,
                                            v1::ListWaterBodiesResponse* response) override;
  grpc::ServerUnaryReactor* SubmitWaterSample(grpc::CallbackServerContext* ctx,
                                              const v1::SubmitWaterSampleRequest* request,
                                              v1::WaterSample* response) override;
  grpc::ServerUnaryReactor* AssessWaterBody(grpc::CallbackServerContext* ctx,
                                            const v1::AssessWaterBodyRequest* request,
                                            v1::WaterBodyAssessment* response) override;
  grpc::ServerUnaryReactor* PutWork(grpc::CallbackServerContext* ctx,
                                    const v1::PutWorkRequest* request, v1::Work* response) override;
  grpc::ServerUnaryReactor* ListWorks(grpc::CallbackServerContext* ctx,
                                      const v1::ListWorksRequest* request,
                                      v1::ListWorksResponse* response) override;
  grpc::ServerUnaryReactor* PutPlot(grpc::CallbackServerContext* ctx,
                                    const v1::PutPlotRequest* request, v1::Plot* response) override;
  grpc::ServerUnaryReactor* ListPlots(grpc::CallbackServerContext* ctx,
                                      const v1::ListPlotsRequest* request,
                                      v1::ListPlotsResponse* response) override;

  // The handlers' logic, callable from tests without a server.
  absl::StatusOr<v1::DailyAqi> DoSubmitDailyAqi(const v1::SubmitDailyAqiRequest& request);
  absl::StatusOr<v1::Station> DoCreateStation(const v1::CreateStationRequest& request);
  absl::StatusOr<v1::Station> DoGetStation(const v1::GetStationRequest& request);
  absl::StatusOr<v1::ListStationsResponse> DoListStations(const v1::ListStationsRequest& request);
  absl::StatusOr<v1::SubmitHourlyReadingsResponse> DoSubmitHourlyReadings(
      const v1::SubmitHourlyReadingsRequest& request);
  absl::StatusOr<v1::AqiAssessment> DoComputeAqi(const v1::ComputeAqiRequest& request);
  absl::StatusOr<v1::AirQualityDay> DoGetAirQualityDay(const v1::GetAirQualityDayRequest& request);
  absl::StatusOr<v1::GetAqiCalendarResponse> DoGetAqiCalendar(
      const v1::GetAqiCalendarRequest& request);
  absl::StatusOr<v1::WaterBody> DoPutWaterBody(const v1::PutWaterBodyRequest& request);
  absl::StatusOr<v1::ListWaterBodiesResponse> DoListWaterBodies(
      const v1::ListWaterBodiesRequest& request);
  absl::StatusOr<v1::WaterSample> DoSubmitWaterSample(const v1::SubmitWaterSampleRequest& request);
  absl::StatusOr<v1::WaterBodyAssessment> DoAssessWaterBody(
      const v1::AssessWaterBodyRequest& request);
  absl::StatusOr<v1::Work> DoPutWork(const v1::PutWorkRequest& request);
  absl::StatusOr<v1::ListWorksResponse> DoListWorks(const v1::ListWorksRequest& request);
  absl::StatusOr<v1::Plot> DoPutPlot(const v1::PutPlotRequest& request);
  absl::StatusOr<v1::ListPlotsResponse> DoListPlots(const v1::ListPlotsRequest& request);

 private:
  EnvironmentStore store_;
};

}  // namespace devplan::environment
