// A request body that does not parse as the method's request message (malformed protobuf, a
// string that is not UTF-8) never reaches a handler: gRPC 1.51's callback handlers answer it
// UNIMPLEMENTED with an empty message (server_callback_handlers.h, RunHandler), which tells
// the caller nothing. This interceptor sees that no request message was received and answers
// INVALID_ARGUMENT naming the message type instead.
#pragma once

#include <grpcpp/support/server_interceptor.h>

namespace devplan {

class ParseFailureFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace devplan
