// The status a client gets, checked in one place for every RPC of every server:
// - A request body that does not parse as the method's request message (malformed protobuf,
//   a string that is not UTF-8) never reaches a handler: gRPC 1.51's callback handlers answer
//   it UNIMPLEMENTED with an empty message (server_callback_handlers.h, RunHandler), which
//   tells the caller nothing. It is answered INVALID_ARGUMENT naming the message type instead.
// - A status message is at most kMaxStatusMessageBytes, cut at a character boundary: it
//   travels in a header, and one over the client's header limit (8 KiB by default) turns the
//   answer into RESOURCE_EXHAUSTED "received initial metadata size exceeds limit". Handlers
//   quote input with QuoteForError; this is the net under all of them.
#pragma once

#include <cstddef>
#include <string>

#include <grpcpp/support/server_interceptor.h>

#include "absl/strings/string_view.h"

namespace devplan {

inline constexpr size_t kMaxStatusMessageBytes = 4096;

// What a call whose request body does not parse as `request_type` is told (INVALID_ARGUMENT),
// by the guard for typed methods and by ParseRawRequest (grpc_glue.h) for raw ones.
std::string UnparsedRequestMessage(absl::string_view request_type);

class StatusGuardFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace devplan
