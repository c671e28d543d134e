#include "services/common/grpc_glue.h"

#include <chrono>

#include <grpcpp/impl/codegen/proto_utils.h>

#include "absl/strings/str_cat.h"
#include "services/common/auth/authorizer.h"
#include "services/common/request_id.h"
#include "services/common/status_guard.h"

namespace devplan {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

absl::Status ParseRawRequest(const grpc::ByteBuffer& raw, google::protobuf::Message& request) {
  grpc::ByteBuffer copy(raw);  // Deserialize consumes its buffer; the copy shares the slices
  if (!grpc::SerializationTraits<google::protobuf::Message>::Deserialize(&copy, &request).ok()) {
    return absl::InvalidArgumentError(UnparsedRequestMessage(request.GetDescriptor()->full_name()));
  }
  return absl::OkStatus();
}

grpc::ByteBuffer SharedBytes(std::shared_ptr<const std::string> bytes) {
  auto* held = new std::shared_ptr<const std::string>(std::move(bytes));
  grpc::Slice slice(const_cast<char*>((*held)->data()), (*held)->size(),
                    [](void* p) { delete static_cast<std::shared_ptr<const std::string>*>(p); }, held);
  return grpc::ByteBuffer(&slice, 1);
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

absl::StatusOr<CallIdentity> AdmitCall(grpc::CallbackServerContext* context, const std::string& path,
                                       const google::protobuf::Message& request) {
  CallIdentity call{
      .identity = "", .department = "", .method = path, .peer = context->peer(), .trace_id = RequestIdOf(*context)};
  // The connection's context: only what the connection carries (its TLS, the peer's
  // certificate) is read from it; everything of the call comes from the call.
  std::shared_ptr<const grpc::AuthContext> connection = context->auth_context();
  if (!auth::IsTls(connection.get())) return call;  // plaintext: --insecure, no policy
  std::shared_ptr<const auth::Authorizer> authorizer = auth::Authorizer::Installed();
  if (authorizer == nullptr) {
    // A TLS port always has one (ServerCredentialsFor); refuse rather than serve unchecked.
    return absl::PermissionDeniedError("no access policy is installed on this server");
  }
  std::optional<absl::string_view> authorization;
  auto token = context->client_metadata().find("authorization");
  if (token != context->client_metadata().end()) {
    authorization = absl::string_view(token->second.data(), token->second.size());
  }
  const std::optional<std::string> certified = auth::CertificateIdentity(*connection);
  absl::StatusOr<auth::Caller> caller = authorizer->Admit(
      path, authorization, certified ? std::optional<absl::string_view>(*certified) : std::nullopt,
      const_cast<google::protobuf::Message&>(request));
  if (!caller.ok()) return caller.status();
  call.identity = std::move(caller->identity);
  call.department = std::move(caller->department);
  return call;
}

grpc::Status ServerBusyStatus(const WorkerPool& pool) {
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      absl::StrCat("server busy: ", pool.max_queued(),
                                   " calls queued; retry with backoff"));
}

}  // namespace devplan
