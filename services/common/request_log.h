// Logs every RPC once it finishes: method, status code, latency, and the peer; and, with
// metrics on (telemetry.h), counts it and its latency by method and code. Settles the call's
// x-request-id first (request_id.h), sends it back in the initial metadata, and adds it to
// the message of a server-side failure. A server interceptor, so no handler can forget it.
#pragma once

#include <grpcpp/support/server_interceptor.h>

namespace devplan {

class RequestLogFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace devplan
