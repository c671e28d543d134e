// The id that follows one request through the suite (issue #17): the client's `x-request-id`
// metadata, or one the server makes when there is none or it is unfit (too long, characters
// outside the set below: a log line or a header must not carry what a caller invents). The
// server's first interceptor (request_log.cc) settles it before the handler runs, sends it
// back in the response's initial metadata, and every log line of the call carries it; the
// aggregator passes it on to the domain services of its fan-out.
#pragma once

#include <cstddef>
#include <string>

#include <grpcpp/server_context.h>

#include "absl/strings/string_view.h"

namespace devplan {

inline constexpr char kRequestIdHeader[] = "x-request-id";
inline constexpr size_t kMaxRequestIdHeaderBytes = 64;

// 1..kMaxRequestIdHeaderBytes of letters, digits and . _ : - (a UUID, a W3C trace id, a load
// balancer's id all fit).
bool IsValidRequestId(absl::string_view id);

// 16 random lower-case hex digits.
std::string NewRequestId();

// The call's id as the server settled it; "" on a context no interceptor saw (tests that call
// a handler directly).
std::string RequestIdOf(const grpc::ServerContextBase& context);

}  // namespace devplan
