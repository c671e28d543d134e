// What every devplan server is built with, one way for the four servers and the test harness:
// the interceptors (parse failures named, every RPC logged) and the transport limits of the
// README's "Limits" table. Each limit is explicit: the defaults of gRPC let a reply of any
// size leave the server and keep an idle connection for ever.
#pragma once

#include <memory>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

namespace devplan {

// Largest request a server accepts and largest reply it sends (4 MiB, gRPC's default receive
// limit): a reply that would not fit a default client fails on the server, by name, instead.
inline constexpr int kMaxMessageBytes = 4 << 20;
// Concurrent calls on one client connection.
inline constexpr int kMaxConcurrentStreams = 100;
// The server pings an idle connection after this long, and drops it when no answer comes.
inline constexpr int kKeepaliveTimeMs = 60'000;
inline constexpr int kKeepaliveTimeoutMs = 20'000;
// Clients may ping this often without being told to go away (the aggregator's channels ping
// every 30 s).
inline constexpr int kMinClientPingIntervalMs = 10'000;
// A connection with no call for this long is closed.
inline constexpr int kMaxConnectionIdleMs = 300'000;

// A client connection older than max_age_ms (gRPC adds ±10% jitter) is asked to reconnect
// (GOAWAY): clients balancing over several replicas (client_channel.h) so spread onto one
// started later, within this time. Calls still open on it (watches) may last grace_ms more
// before the connection is closed under them; 0: until they end by themselves.
inline constexpr int kMaxConnectionAgeMs = 300'000;
struct ConnectionAge {
  int max_age_ms = kMaxConnectionAgeMs;
  int grace_ms = 0;
};

using ServerInterceptorFactories =
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>;

// Every port of a server is its own: no SO_REUSEPORT, which gRPC sets by default on Linux. With
// it, a second server started on a port already served (a second instance by mistake, or a
// test beside another that was handed the same free port) binds it too and the kernel splits
// new connections between the two: half a department's calls would reach the wrong server (a
// TLS client meeting the plaintext health port fails its handshake: "wrong version number").
// Without it, the second server fails to start, saying the address is in use.
void ListenExclusively(grpc::ServerBuilder& builder);

// Adds the interceptors and limits to `builder` (before BuildAndStart), and ListenExclusively.
// `extra` interceptors (tests that watch calls from the server's side) come after the servers'
// own: the builder keeps one list, so they cannot be set separately.
void ConfigureServerBuilder(grpc::ServerBuilder& builder, ServerInterceptorFactories extra = {},
                            ConnectionAge age = {});

}  // namespace devplan
