#include "services/social/social_service.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/grpc_glue.h"
#include "services/social/social_metrics.h"

namespace devplan::social {
namespace {
// A district's monthly count above this is a typo, not a month.
constexpr int64_t kMaxMonthlyValue = 10'000'000;
}  // namespace

absl::StatusOr<v1::MonthlyFigure> SocialServiceImpl::DoReportMonthlyFigure(
    const v1::ReportMonthlyFigureRequest& request) {
  if (absl::Status s = ValidateDistrict(request.district()); !s.ok()) return s;
  if (request.indicator() == v1::SOCIAL_INDICATOR_UNSPECIFIED ||
      !v1::SocialIndicator_IsValid(request.indicator())) {
    return absl::InvalidArgumentError("indicator: required, one of SocialIndicator");
  }
  absl::StatusOr<absl::CivilMonth> month = ToCivilMonth(request.month(), "month");
  if (!month.ok()) return month.status();
  if (*month > absl::CivilMonth(TodayInChina())) {
    return absl::InvalidArgumentError(absl::StrCat("month: ", MonthKey(*month), " has not begun"));
  }
  if (request.value() < 0 || request.value() > kMaxMonthlyValue) {
    return absl::InvalidArgumentError(
        absl::StrCat("value: ", request.value(), " is outside 0..", kMaxMonthlyValue));
  }
  if (request.reported_by().empty()) return absl::InvalidArgumentError("reported_by: required");

  v1::MonthlyFigure f;
  f.set_name(absl::StrCat("districts/", request.district(), "/monthlyFigures/",
                          v1::SocialIndicator_Name(request.indicator()), "/", MonthKey(*month)));
  f.set_indicator(request.indicator());
  *f.mutable_month() = ToProtoDate(absl::CivilDay(*month));
  f.set_value(request.value());
  f.set_reported_by(request.reported_by());
  *f.mutable_report_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return store_.PutMonthly(request.district(), std::move(f));
}

grpc::ServerUnaryReactor* SocialServiceImpl::GetMetrics(grpc::CallbackServerContext* ctx,
                                                        const v1::GetMetricsRequest* request,
                                                        v1::GetMetricsResponse* response) {
  return FinishUnary(ctx,
                     SocialMetrics().Get(*request, [this](const MetricQuery& q) {
                       return store_.LoadFacts(q.district);
                     }),
                     response);
}

grpc::ServerUnaryReactor* SocialServiceImpl::ListMetricDefinitions(
    grpc::CallbackServerContext* ctx, const v1::ListMetricDefinitionsRequest* request,
    v1::ListMetricDefinitionsResponse* response) {
  return FinishUnary(ctx, SocialMetrics().catalog().List(*request), response);
}

grpc::ServerUnaryReactor* SocialServiceImpl::ReportMonthlyFigure(
    grpc::CallbackServerContext* ctx, const v1::ReportMonthlyFigureRequest* request,
    v1::MonthlyFigure* response) {
  return FinishUnary(ctx, DoReportMonthlyFigure(*request), response);
}

}  // namespace devplan::social
