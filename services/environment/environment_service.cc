#include "services/environment/environment_service.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/grpc_glue.h"
#include "services/environment/environment_metrics.h"

namespace devplan::environment {
namespace {

// HJ 633: AQI runs 0-500.
constexpr int kMaxAqi = 500;

absl::Status ValidatePollutantCodes(const google::protobuf::RepeatedPtrField<std::string>& codes) {
  static const std::set<std::string> kKnown = {"PM2.5", "PM10", "O3_8H", "O3_1H",
                                               "NO2",   "SO2",  "CO"};
  for (int i = 0; i < codes.size(); ++i) {
    if (!kKnown.contains(codes[i])) {
      return absl::InvalidArgumentError(absl::StrCat("primary_pollutants[", i, "]: unknown \"",
                                                     codes[i], "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::DailyAqi> EnvironmentServiceImpl::DoSubmitDailyAqi(
    const v1::SubmitDailyAqiRequest& request) {
  if (absl::Status s = ValidateDistrict(request.district()); !s.ok()) return s;
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(request.date(), "date");
  if (!day.ok()) return day.status();
  if (*day > TodayInChina()) {
    return absl::InvalidArgumentError(absl::StrCat("date: ", DayKey(*day), " is in the future"));
  }
  if (request.aqi() < 0 || request.aqi() > kMaxAqi) {
    return absl::InvalidArgumentError(absl::StrCat("aqi: ", request.aqi(), " is outside 0..500"));
  }
  if (absl::Status s = ValidatePollutantCodes(request.primary_pollutants()); !s.ok()) return s;
  if (request.reported_by().empty()) return absl::InvalidArgumentError("reported_by: required");

  v1::DailyAqi d;
  d.set_name(absl::StrCat("districts/", request.district(), "/dailyAqi/", DayKey(*day)));
  *d.mutable_date() = request.date();
  d.set_aqi(request.aqi());
  *d.mutable_primary_pollutants() = request.primary_pollutants();
  d.set_reported_by(request.reported_by());
  *d.mutable_report_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return store_.PutDailyAqi(request.district(), std::move(d));
}

grpc::ServerUnaryReactor* EnvironmentServiceImpl::GetMetrics(grpc::CallbackServerContext* ctx,
                                                             const v1::GetMetricsRequest* request,
                                                             v1::GetMetricsResponse* response) {
  return FinishUnary(ctx,
                     EnvironmentMetrics().Get(*request, [this](const MetricQuery& q) {
                       return store_.LoadFacts(q.district);
                     }),
                     response);
}

grpc::ServerUnaryReactor* EnvironmentServiceImpl::ListMetricDefinitions(
    grpc::CallbackServerContext* ctx, const v1::ListMetricDefinitionsRequest* request,
    v1::ListMetricDefinitionsResponse* response) {
  return FinishUnary(ctx, EnvironmentMetrics().catalog().List(*request), response);
}

grpc::ServerUnaryReactor* EnvironmentServiceImpl::SubmitDailyAqi(
    grpc::CallbackServerContext* ctx, const v1::SubmitDailyAqiRequest* request,
    v1::DailyAqi* response) {
  return FinishUnary(ctx, DoSubmitDailyAqi(*request), response);
}

}  // namespace devplan::environment
