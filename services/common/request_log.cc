#include "services/common/request_log.h"

#include <chrono>
#include <iterator>
#include <map>
#include <string>
#include <utility>

#include <grpcpp/server_context.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "services/common/call_scope.h"
#include "services/common/request_id.h"
#include "services/common/status_guard.h"
#include "services/common/telemetry.h"

namespace devplan {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Failures of the server's side, where an operator needs the id to find the call's lines; a
// client's error is explained by its message alone.
bool ServerFault(grpc::StatusCode code) {
  return code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::UNKNOWN || code == grpc::StatusCode::DATA_LOSS;
}

class RequestLog : public grpc::experimental::Interceptor {
 public:
  // `series`: the method's metrics, resolved as the call arrives; nullptr without metrics.
  RequestLog(grpc::experimental::ServerRpcInfo* info, telemetry::RpcSeries* series)
      : info_(info), series_(series), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      SettleRequestId(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      const double ms = seconds * 1000;
      if (series_ != nullptr) series_->seconds[static_cast<int>(status.error_code())].Observe(seconds);
      const bool server_fault = ServerFault(status.error_code());
      if (server_fault && !request_id_.empty() &&
          status.error_message().size() + kMaxRequestIdHeaderBytes + 32 <= kMaxStatusMessageBytes) {
        status = grpc::Status(status.error_code(),
                              absl::StrCat(status.error_message(), " (x-request-id ", request_id_, ")"));
        methods->ModifySendStatus(status);
      }
      // The line carries the call's id like every line logged while the call ran (CallScope).
      CallIdentity logged;
      logged.trace_id = request_id_;
      CallScope scope(std::move(logged));
      // Client errors are routine (info); server-side failures deserve attention (warn).
      spdlog::log(server_fault ? spdlog::level::warn : spdlog::level::info,
                  "rpc method={} peer={} code={} latency_ms={:.3f}{}{}{}", info_->method(),
                  info_->server_context()->peer(), static_cast<int>(status.error_code()), ms,
                  replaced_ ? " request_id_replaced=true" : "", status.ok() ? "" : " message=",
                  status.error_message());
    }
    methods->Proceed();
  }

 private:
  // The client's x-request-id if it is fit, else a new one, put back into the call's metadata
  // (one entry) where the handler reads it (RequestIdOf). The metadata holds references:
  // request_id_ lives as long as the call.
  void SettleRequestId(std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    auto [first, last] = metadata.equal_range(kRequestIdHeader);
    if (first != last && std::next(first) == last &&
        IsValidRequestId(absl::string_view(first->second.data(), first->second.size()))) {
      request_id_.assign(first->second.data(), first->second.size());
    } else {
      replaced_ = first != last;
      request_id_ = NewRequestId();
    }
    metadata.erase(first, last);
    metadata.emplace(grpc::string_ref(kRequestIdHeader), grpc::string_ref(request_id_));
  }

  grpc::experimental::ServerRpcInfo* info_;
  telemetry::RpcSeries* series_;
  std::chrono::steady_clock::time_point start_;
  std::string request_id_;
  bool replaced_ = false;
};

}  // namespace

grpc::experimental::Interceptor* RequestLogFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  telemetry::Metrics* metrics = telemetry::Active();
  return new RequestLog(info, metrics == nullptr ? nullptr : &metrics->Rpc(info->method() == nullptr ? "" : info->method()));
}

}  // namespace devplan
