#include "services/common/status_guard.h"

#include <string>

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/validation.h"

namespace devplan {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

// "/devplan.v1.InvestmentService/GetMetrics" → "devplan.v1.GetMetricsRequest".
std::string RequestType(const char* method) {
  std::vector<std::string> parts = absl::StrSplit(method, '/', absl::SkipEmpty());
  if (parts.size() != 2) return "request";
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(parts[0]);
  const google::protobuf::MethodDescriptor* m =
      service == nullptr ? nullptr : service->FindMethodByName(parts[1]);
  return m == nullptr ? "request" : m->input_type()->full_name();
}

class StatusGuard : public grpc::experimental::Interceptor {
 public:
  explicit StatusGuard(ServerRpcInfo* info) : info_(info) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // Unary and server-streaming calls receive their one request before the handler runs;
    // a null message there means it did not parse.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        (info_->type() == ServerRpcInfo::Type::UNARY ||
         info_->type() == ServerRpcInfo::Type::SERVER_STREAMING) &&
        methods->GetRecvMessage() == nullptr) {
      unparsed_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      if (unparsed_ && status.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            UnparsedRequestMessage(RequestType(info_->method()))));
      } else if (status.error_message().size() > kMaxStatusMessageBytes) {
        methods->ModifySendStatus(grpc::Status(
            status.error_code(),
            absl::StrCat(CutAtCharacter(status.error_message(), kMaxStatusMessageBytes - 64),
                         "… (", status.error_message().size(), " bytes, cut)")));
      }
    }
    methods->Proceed();
  }

 private:
  ServerRpcInfo* info_;
  bool unparsed_ = false;
};

}  // namespace

std::string UnparsedRequestMessage(absl::string_view request_type) {
  return absl::StrCat("request body could not be parsed as ", request_type,
                      " (malformed protobuf, or a string field that is not UTF-8)");
}

grpc::experimental::Interceptor* StatusGuardFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  return new StatusGuard(info);
}

}  // namespace devplan
