#include "services/common/request_log.h"

#include <chrono>

#include <grpcpp/server_context.h>
#include <spdlog/spdlog.h>

namespace devplan {
namespace {

using grpc::experimental::InterceptionHookPoints;

class RequestLog : public grpc::experimental::Interceptor {
 public:
  explicit RequestLog(grpc::experimental::ServerRpcInfo* info)
      : info_(info), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const double ms = std::chrono::duration<double, std::milli>(
                            std::chrono::steady_clock::now() - start_).count();
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
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

grpc::experimental::Interceptor* RequestLogFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RequestLog(info);
}

}  // namespace devplan
