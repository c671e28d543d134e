// The one place where absl::Status becomes grpc::Status, and the one way a unary callback
// handler finishes. Handlers compute an absl::StatusOr<Response> with plain functions (which
// tests call directly) and hand it here.
#pragma once

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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

// As FinishUnary, but computes `work` on a worker of `pool` and finishes the call from
// there: for handlers that wait on other servers. `work` may use the request and response,
// which live until the call is finished.
template <typename Response, typename Work>
grpc::ServerUnaryReactor* FinishUnaryOn(WorkerPool& pool, grpc::CallbackServerContext* context,
                                        Response* response, Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  pool.Submit([reactor, response, work = std::move(work)]() mutable {
    absl::StatusOr<Response> result = work();
    if (result.ok()) *response = *std::move(result);
    reactor->Finish(ToGrpcStatus(result.status()));
  });
  return reactor;
}

}  // namespace devplan

// Declares one unary RPC inside a service class: the gRPC callback override, which runs the
// handler's logic on the service's worker pool (the class's `context_`, a ServiceContext)
// and finishes the call from there; and Do<Method>, that logic as a plain function (tests
// call it without a server). Every unary RPC of every service is one line of this.
#define DEVPLAN_UNARY_RPC(Method, Request, Response)                                       \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const Request* request, \
                                   Response* response) override {                         \
    return ::devplan::FinishUnaryOn(context_.workers, ctx, response,                       \
                                    [this, request] { return Do##Method(*request); });     \
  }                                                                                        \
  absl::StatusOr<Response> Do##Method(const Request& request)
