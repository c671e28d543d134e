#include "services/common/grpc_glue.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "services/common/auth/authorizer.h"

namespace devplan {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

grpc::Status StaleCallStatus(const grpc::CallbackServerContext& context) {
  // The deadline first: a call whose deadline passed is also marked cancelled, and the
  // request log should say which it was. (A client cancels its call when its own deadline
  // passes; the server may see that before its copy of the deadline, sent rounded up, runs
  // out, and then says CANCELLED. The client reads DEADLINE_EXCEEDED either way.)
  if (context.deadline() <= std::chrono::system_clock::now()) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "deadline passed while the call waited for a worker; not run");
  }
  if (context.IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED,
                        "cancelled while the call waited for a worker; not run");
  }
  return grpc::Status::OK;
}

absl::Status AdmitRequest(grpc::CallbackServerContext* context,
                          const google::protobuf::Message& request) {
  return auth::CheckRequest(context->auth_context().get(),
                            const_cast<google::protobuf::Message&>(request));
}

CallIdentity IdentityOf(grpc::CallbackServerContext* context, const char* method) {
  std::shared_ptr<const grpc::AuthContext> auth = context->auth_context();
  CallIdentity call{.identity = auth::CallProperty(auth.get(), auth::kIdentityProperty),
                    .department = auth::CallProperty(auth.get(), auth::kDepartmentProperty),
                    .method = auth::CallProperty(auth.get(), auth::kMethodProperty),
                    .peer = context->peer()};
  if (call.method.empty()) call.method = method;
  return call;
}

grpc::Status ServerBusyStatus(const WorkerPool& pool) {
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      absl::StrCat("server busy: ", pool.max_queued(),
                                   " calls queued; retry with backoff"));
}

}  // namespace devplan
