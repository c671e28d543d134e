// The one place where absl::Status becomes grpc::Status, and the one way a unary callback
// handler finishes. Handlers compute an absl::StatusOr<Response> with plain functions (which
// tests call directly) and hand it here.
#pragma once

#include <memory>
#include <string>

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/call_scope.h"
#include "services/common/worker_pool.h"

namespace devplan {

grpc::Status ToGrpcStatus(const absl::Status& status);

// Finishes the call with `result`: on OK the value is moved into *response.
template <typename Response>
grpc::ServerUnaryReactor* FinishUnary(grpc::CallbackServerContext* context,
                                      absl::StatusOr<Response> result, Response* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

// Why a unary call admitted to a worker pool is not worth running once a worker is free:
// its deadline passed (DEADLINE_EXCEEDED) or it was cancelled (CANCELLED): by the client, by
// a broken connection, or by the server's drain at shutdown. OK when it should run.
grpc::Status StaleCallStatus(const grpc::CallbackServerContext& context);

// The call's admission with its request (auth/authorizer.h Admit), for the method at `path`
// ("/devplan.v1.InvestmentService/CreateProject"): the caller (from the call's token or the
// peer's certificate) must hold the method's permission in every district the request
// touches, and a write's empty reported_by is filled with the caller's department. It may
// edit the request: gRPC hands the handler the call's own, mutable, message as const; this is
// the one edit the server makes to one. Who the call is (CallScope) when admitted; on a
// plaintext port (--insecure) no checks, and only the peer and the method.
absl::StatusOr<CallIdentity> AdmitCall(grpc::CallbackServerContext* context, const std::string& path,
                                       const google::protobuf::Message& request);

// A raw method's request (one served as ByteBuffers), parsed as gRPC parses a typed one
// (string fields' UTF-8 checked); INVALID_ARGUMENT worded as for typed methods when it does
// not parse (status_guard.h).
absl::Status ParseRawRequest(const grpc::ByteBuffer& raw, google::protobuf::Message& request);

// An answer already serialized (a cache's bytes), sent without a copy: the buffer holds a
// reference to `bytes` until gRPC has written it.
grpc::ByteBuffer SharedBytes(std::shared_ptr<const std::string> bytes);

// RESOURCE_EXHAUSTED for a call refused because `pool` has max_queued() calls waiting.
grpc::Status ServerBusyStatus(const WorkerPool& pool);

// As FinishUnary, but computes `work` on a worker of `pool` and finishes the call from
// there: for handlers that wait on other servers. `work` may use the request and response,
// which live until the call is finished.
//
// Admission: a call that finds the pool's queue full is answered RESOURCE_EXHAUSTED at once,
// without running. A queued call whose client cancelled or whose deadline passed while it
// waited is answered without running `work` (its answer reaches no one, but its Redis writes
// would still land).
//
// Cancellation is read from context->IsCancelled(), which the callback API keeps valid and
// thread-safe: it turns true when gRPC core completes the call as cancelled, before any
// OnCancel reaction would run. So the default reactor suffices; a custom reactor with an
// OnCancel flag would learn the same thing no sooner and would add a lifetime to manage.
// The context lives until Finish, which the task calls last.
//
// `work` runs as the call (CallScope): what it writes is audited under the caller.
template <typename Response, typename Work>
grpc::ServerUnaryReactor* FinishUnaryOn(WorkerPool& pool, grpc::CallbackServerContext* context,
                                        Response* response, Work work, CallIdentity caller = {}) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const bool admitted = pool.TrySubmit(
      [context, reactor, response, work = std::move(work), caller = std::move(caller)]() mutable {
        if (grpc::Status stale = StaleCallStatus(*context); !stale.ok()) {
          reactor->Finish(std::move(stale));
          return;
        }
        absl::StatusOr<Response> result;
        {
          CallScope scope(std::move(caller));
          result = work();
        }
        if (result.ok()) *response = *std::move(result);
        reactor->Finish(ToGrpcStatus(result.status()));
      });
  if (!admitted) reactor->Finish(ServerBusyStatus(pool));
  return reactor;
}

}  // namespace devplan

// Declares one unary RPC inside a service class: the gRPC callback override, which admits
// the call with its request (AdmitCall), runs the handler's logic on the service's worker pool
// (the class's `context_`, a ServiceContext) and finishes the call from there; and
// Do<Method>, that logic as a plain function (tests call it without a server). Every unary
// RPC of every service is one line of this; the class names its service in kServiceName.
#define DEVPLAN_UNARY_RPC(Method, Request, Response)                                         \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const Request* request,   \
                                   Response* response) override {                           \
    static const std::string kPath = std::string("/") + kServiceName + "/" #Method;          \
    absl::StatusOr<::devplan::CallIdentity> caller = ::devplan::AdmitCall(ctx, kPath, *request); \
    if (!caller.ok()) return ::devplan::FinishUnary<Response>(ctx, caller.status(), response); \
    return ::devplan::FinishUnaryOn(context_.workers, ctx, response,                         \
                                    [this, request] { return Do##Method(*request); },        \
                                    *std::move(caller));                                     \
  }                                                                                          \
  absl::StatusOr<Response> Do##Method(const Request& request)

// DEVPLAN_UNARY_RPC for a method whose answers are kept serialized, served raw (the class
// derives from WithRawCallbackMethod_<Method>): the request is parsed here (ParseRawRequest),
// then admitted and run on the worker pool as any other; Serve<Method> answers with the wire
// bytes (SharedBytes), and Do<Method> stays the typed function tests call.
#define DEVPLAN_SERIALIZED_UNARY_RPC(Method, Request, Response)                                \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* raw, \
                                   grpc::ByteBuffer* response) override {                     \
    static const std::string kPath = std::string("/") + kServiceName + "/" #Method;          \
    auto request = std::make_shared<Request>();                                                \
    if (absl::Status parsed = ::devplan::ParseRawRequest(*raw, *request); !parsed.ok()) {      \
      return ::devplan::FinishUnary<grpc::ByteBuffer>(ctx, parsed, response);                  \
    }                                                                                          \
    absl::StatusOr<::devplan::CallIdentity> caller = ::devplan::AdmitCall(ctx, kPath, *request); \
    if (!caller.ok()) return ::devplan::FinishUnary<grpc::ByteBuffer>(ctx, caller.status(), response); \
    return ::devplan::FinishUnaryOn(context_.workers, ctx, response,                           \
                                    [this, request] { return Serve##Method(*request); },       \
                                    *std::move(caller));                                       \
  }                                                                                            \
  absl::StatusOr<grpc::ByteBuffer> Serve##Method(const Request& request);                      \
  absl::StatusOr<Response> Do##Method(const Request& request)
