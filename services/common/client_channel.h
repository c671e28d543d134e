// How every client of the suite dials a service (issue #16: several replicas of each): the
// aggregator towards the domain services, the gateway and devplanctl. One address flag takes
//   - one address, "host:port" (or any gRPC target, "unix:/path"): dialled as given;
//   - a "dns:///name:port" name: every address the name resolves to, re-resolved when a
//     connection fails (a replica added to the name is found then, or at the latest when the
//     servers' maximum connection age sends the clients to reconnect);
//   - a comma-separated list of IP addresses, "10.0.0.1:50051,10.0.0.2:50051" (IPv4, or
//     [IPv6] with brackets; not host names, which gRPC resolves one per target: give a
//     dns:/// name for those).
// Calls are balanced with gRPC's round_robin over every address that is connected and
// healthy: each channel watches its replicas' grpc.health.v1 (the overall status, ""), so a
// replica whose Redis is unreachable, or that is draining after SIGTERM, gets no new call.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace devplan {

// Addresses one list may hold; more is refused (a service of more replicas is named by DNS).
inline constexpr size_t kMaxServiceAddresses = 64;

struct ServiceTarget {
  std::string target;     // what gRPC dials
  // The :authority of the calls, and the name TLS checks every replica's certificate
  // against: for a list, its first address (so every replica's certificate must be valid
  // for that host, e.g. one certificate with every replica's IP). Empty: gRPC's own.
  std::string authority;
};

// The target of an address flag's value (see above). INVALID_ARGUMENT naming `flag` when it
// is empty, or a list holds an empty entry, an entry that is not IP:port (port 1..65535),
// IPv4 beside IPv6, or more than kMaxServiceAddresses entries.
absl::StatusOr<ServiceTarget> ParseServiceAddresses(absl::string_view addresses, absl::string_view flag);

// A CLI11 check for an address flag: the flag's value must pass ParseServiceAddresses.
CLI::Validator ServiceAddressesValidator();

// Whether a call that failed UNAVAILABLE may be sent again, to another replica (gRPC's retry
// policy: at most kMaxAttempts in all, within the call's deadline). Only for a channel whose
// every call is safe to repeat: a call caught on the connection of a replica that just died
// fails UNAVAILABLE although it may have run there.
enum class Retry { kNever, kUnavailable };
inline constexpr int kMaxAttempts = 3;

// A channel to the service at `addresses` with `args` (the caller's backoff, keepalive…)
// plus round_robin with health checks. Errors as ParseServiceAddresses.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ServiceChannel(
    absl::string_view addresses, absl::string_view flag,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials, grpc::ChannelArguments args = {},
    Retry retry = Retry::kNever);

}  // namespace devplan
