// gRPC status → HTTP status and error body, as Google's HTTP/JSON APIs map them
// (google/rpc/code.proto): 404 NOT_FOUND, 403 PERMISSION_DENIED, 503 UNAVAILABLE, … and
// {"error":{"code":404,"message":"…","status":"NOT_FOUND"}}.
#pragma once

#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace devplan::gateway {

int HttpStatusFor(grpc::StatusCode code);

// "NOT_FOUND", "INVALID_ARGUMENT", … (the google.rpc.Code name).
std::string StatusName(grpc::StatusCode code);

// The JSON error body of `code` with `message` (escaped by protobuf's JSON printer).
std::string ErrorJson(grpc::StatusCode code, const std::string& message);
// The same with an HTTP status of its own (405, 431: statuses that no gRPC code maps to).
std::string ErrorJson(int http_status, grpc::StatusCode code, const std::string& message);

// The gateway's own refusals (bad query parameters, headers) share the codes of gRPC.
grpc::StatusCode GrpcCode(const absl::Status& status);

}  // namespace devplan::gateway
