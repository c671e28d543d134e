// devplan.v1.EnvironmentService on gRPC's callback API. Handlers only translate: the checks
// are in air_rules / water_rules / works_rules, the standards in rules/, storage in
// air_store / environment_store, the metrics in *_metrics, the hourly stream in
// hourly_stream.
#pragma once

#include "devplan/v1/environment.grpc.pb.h"
#include "services/common/facts_cache.h"
#include "services/common/grpc_glue.h"
#include "services/common/service_context.h"
#include "services/environment/environment_store.h"

namespace devplan::environment {

// StreamHourlyReadings is served raw (ByteBuffers): gRPC's typed reader reports a message
// that does not parse exactly as the client's end of stream, so a garbled message would end
// the stream OK with the readings before it stored. The reactor parses each one itself.
class EnvironmentServiceImpl final
    : public v1::EnvironmentService::WithRawCallbackMethod_StreamHourlyReadings<
          v1::EnvironmentService::CallbackService> {
 public:
  // The full name the glue admits calls by (DEVPLAN_UNARY_RPC).
  static constexpr const char* kServiceName = v1::EnvironmentService::service_full_name();

  explicit EnvironmentServiceImpl(ServiceContext context);

  // One line per unary RPC: the override and its Do<Method> (grpc_glue.h).
  DEVPLAN_UNARY_RPC(GetMetrics, v1::GetMetricsRequest, v1::GetMetricsResponse);
  DEVPLAN_UNARY_RPC(ListMetricDefinitions, v1::ListMetricDefinitionsRequest, v1::ListMetricDefinitionsResponse);
  DEVPLAN_UNARY_RPC(SubmitDailyAqi, v1::SubmitDailyAqiRequest, v1::DailyAqi);
  DEVPLAN_UNARY_RPC(CreateStation, v1::CreateStationRequest, v1::Station);
  DEVPLAN_UNARY_RPC(GetStation, v1::GetStationRequest, v1::Station);
  DEVPLAN_UNARY_RPC(ListStations, v1::ListStationsRequest, v1::ListStationsResponse);
  DEVPLAN_UNARY_RPC(SubmitHourlyReadings, v1::SubmitHourlyReadingsRequest, v1::SubmitHourlyReadingsResponse);
  DEVPLAN_UNARY_RPC(ComputeAqi, v1::ComputeAqiRequest, v1::AqiAssessment);
  DEVPLAN_UNARY_RPC(GetAirQualityDay, v1::GetAirQualityDayRequest, v1::AirQualityDay);
  DEVPLAN_UNARY_RPC(GetAqiCalendar, v1::GetAqiCalendarRequest, v1::GetAqiCalendarResponse);
  DEVPLAN_UNARY_RPC(PutWaterBody, v1::PutWaterBodyRequest, v1::WaterBody);
  DEVPLAN_UNARY_RPC(ListWaterBodies, v1::ListWaterBodiesRequest, v1::ListWaterBodiesResponse);
  DEVPLAN_UNARY_RPC(SubmitWaterSample, v1::SubmitWaterSampleRequest, v1::WaterSample);
  DEVPLAN_UNARY_RPC(AssessWaterBody, v1::AssessWaterBodyRequest, v1::WaterBodyAssessment);
  DEVPLAN_UNARY_RPC(PutWork, v1::PutWorkRequest, v1::Work);
  DEVPLAN_UNARY_RPC(ListWorks, v1::ListWorksRequest, v1::ListWorksResponse);
  DEVPLAN_UNARY_RPC(PutPlot, v1::PutPlotRequest, v1::Plot);
  DEVPLAN_UNARY_RPC(ListPlots, v1::ListPlotsRequest, v1::ListPlotsResponse);

  // Client streaming (a year of hourly readings) of SubmitHourlyReadingsRequest messages,
  // answered by one SubmitHourlyReadingsResponse: its reactor is in hourly_stream.cc.
  grpc::ServerReadReactor<grpc::ByteBuffer>* StreamHourlyReadings(
      grpc::CallbackServerContext* ctx, grpc::ByteBuffer* response) override;

 private:
  ServiceContext context_;
  store::RecordStore records_;
  EnvironmentStore store_;
  // Each district-year's facts while the district's data version is unchanged (GetMetrics),
  // keyed "<district>/<year>".
  FactsCache<EnvironmentFacts> facts_;
};

}  // namespace devplan::environment
