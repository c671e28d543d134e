#include "services/gateway/http_status.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace devplan::gateway {

int HttpStatusFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return 200;
    case grpc::StatusCode::CANCELLED: return 499;
    case grpc::StatusCode::INVALID_ARGUMENT: return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED: return 504;
    case grpc::StatusCode::NOT_FOUND: return 404;
    case grpc::StatusCode::ALREADY_EXISTS: return 409;
    case grpc::StatusCode::PERMISSION_DENIED: return 403;
    case grpc::StatusCode::UNAUTHENTICATED: return 401;
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return 429;
    case grpc::StatusCode::FAILED_PRECONDITION: return 400;
    case grpc::StatusCode::ABORTED: return 409;
    case grpc::StatusCode::OUT_OF_RANGE: return 400;
    case grpc::StatusCode::UNIMPLEMENTED: return 501;
    case grpc::StatusCode::UNAVAILABLE: return 503;
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::DATA_LOSS:
    default: return 500;
  }
}

std::string StatusName(grpc::StatusCode code) {
  // gRPC's codes are absl's, number for number; absl names them as gRPC does.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string ErrorJson(grpc::StatusCode code, const std::string& message) {
  return ErrorJson(HttpStatusFor(code), code, message);
}

std::string ErrorJson(int http_status, grpc::StatusCode code, const std::string& message) {
  // The message is quoted by protobuf's JSON printer (a google.protobuf.Value string); the
  // rest is assembled here so the fields keep Google's order (a Struct's map has none).
  google::protobuf::Value text;
  text.set_string_value(message);
  std::string quoted;
  // Fails only on a message that is not UTF-8 (servers cut their quotes at a character).
  if (!google::protobuf::util::MessageToJsonString(text, &quoted).ok()) quoted = "\"(message not UTF-8)\"";
  return absl::StrCat(R"({"error":{"code":)", http_status, R"(,"message":)", quoted, R"(,"status":")",
                      StatusName(code), R"("}})");
}

grpc::StatusCode GrpcCode(const absl::Status& status) {
  return static_cast<grpc::StatusCode>(static_cast<int>(status.code()));
}

}  // namespace devplan::gateway
