#include "services/common/request_log.h"

#include <chrono>

#include <grpcpp/server_context.h>
#include <spdlog/spdlog.h>

#include "services/common/telemetry.h"

namespace devplan {
namespace {

using grpc::experimental::InterceptionHookPoints;

class RequestLog : public grpc::experimental::Interceptor {
 public:
  // `series`: the method's metrics, resolved as the call arrives; nullptr without metrics.
  RequestLog(grpc::experimental::ServerRpcInfo* info, telemetry::RpcSeries* series)
      : info_(info), series_(series), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      const double ms = seconds * 1000;
      if (series_ != nullptr) {
        const int code = static_cast<int>(status.error_code());
        series_->seconds[code].Observe(seconds);
      }
      // Client errors are routine (info); server-side failures deserve attention (warn).
      const bool server_fault = status.error_code() == grpc::StatusCode::INTERNAL ||
                                status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                                status.error_code() == grpc::StatusCode::UNKNOWN ||
                                status.error_code() == grpc::StatusCode::DATA_LOSS;
      spdlog::log(server_fault ? spdlog::level::warn : spdlog::level::info,
                  "rpc method={} peer={} code={} latency_ms={:.3f}{}{}", info_->method(),
                  info_->server_context()->peer(), static_cast<int>(status.error_code()), ms,
                  status.ok() ? "" : " message=", status.error_message());
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  telemetry::RpcSeries* series_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

grpc::experimental::Interceptor* RequestLogFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  telemetry::Metrics* metrics = telemetry::Active();
  return new RequestLog(info, metrics == nullptr ? nullptr : &metrics->Rpc(info->method() == nullptr ? "" : info->method()));
}

}  // namespace devplan
