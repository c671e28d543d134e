// One way to start every devplan server: configuration from flags and environment, logging,
// health (grpc.health.v1, NOT_SERVING while Redis is unreachable), server reflection,
// request logging, and a graceful shutdown on SIGTERM/SIGINT in which in-flight RPCs finish.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "services/common/redis_pool.h"
#include "services/common/server_options.h"
#include "services/common/server_security.h"
#include "services/common/service_context.h"

namespace devplan {

struct ServerConfig {
  std::string service;  // "investment", …
  std::string listen;   // host:port
  // Or "unix:/path/to/redis.sock", or Redis Cluster seeds "cluster://h1:7001,h2:7002".
  std::string redis = "127.0.0.1:6379";
  // Redis ACL user, and a file holding its password (never the password itself on the
  // command line, where any local user reads it in /proc). No file: no AUTH.
  std::string redis_user = "devplan";
  std::string redis_password_file{};
  // Start against a Redis without AOF-always or with eviction, with a loud warning.
  bool allow_unsafe_redis = false;
  std::string log_level = "info";
  // "text" or "json" (log_format.h).
  std::string log_format = "text";
  int redis_pool_size = 8;
  // Redis Cluster: how long a write waits for a replica (redis::PoolOptions::replica_wait).
  int redis_replica_wait_ms = static_cast<int>(absl::ToInt64Milliseconds(redis::kDefaultReplicaWait));
  // Threads of the service's WorkerPool, where every handler runs. A handler holds one
  // while it waits on Redis (or, in the aggregator, on the domain services).
  int workers = 8;
  // Calls that may wait for a worker; one more is refused with RESOURCE_EXHAUSTED. 0 means
  // WorkerPool::kQueuedPerThread (16) per worker.
  int max_queued = 0;
  // A client stream with no message for this long ends DEADLINE_EXCEEDED (kStreamIdleTimeout).
  int stream_idle_ms = 60'000;
  // On SIGTERM: health turns NOT_SERVING at once, the server keeps serving for the lame-duck
  // time (load balancers stop sending, calls already on the wire arrive and are served),
  // then stops accepting and lets calls in flight finish for up to the drain time. Together
  // they stay under systemd's 20 s stop timeout (deploy/systemd).
  int lame_duck_ms = 300;
  int drain_timeout_ms = 10'000;
  // Clients are asked to reconnect after this long, so they rebalance over replicas
  // (server_options.h: ConnectionAge).
  ConnectionAge connection_age{};
  SecurityConfig security{};
  // A second, plaintext port that serves only grpc.health.v1 (for orchestrators that cannot
  // speak TLS); empty: none. Health is also on the main port, to anyone.
  std::string health_listen{};
  // The plaintext HTTP port Prometheus scrapes (GET /metrics, metrics_endpoint.h), host:port;
  // empty: none, and nothing is recorded (telemetry.h).
  std::string metrics_listen{};
  // Server reflection (grpcurl without protos) lists every method: off unless asked for.
  bool reflection = false;
  // Domain services: districts whose decoded facts are kept in memory (FactsCache); the
  // EnvironmentService keeps district-years. 0: none, every GetMetrics reads Redis.
  int facts_cache_districts = static_cast<int>(kDefaultFactsCacheEntries);
};

// The WorkerPool bound `config` asks for: --max-queued, or 16 per worker when it is 0.
std::size_t MaxQueued(const ServerConfig& config);

// Binds the common flags to `config`. Each flag falls back to an environment variable, then
// to the default: --listen / DEVPLAN_<SERVICE>_ADDR, --redis / DEVPLAN_REDIS_ADDR,
// --log-level / DEVPLAN_LOG_LEVEL, --log-format / DEVPLAN_LOG_FORMAT, --redis-pool-size / DEVPLAN_REDIS_POOL_SIZE,
// --redis-replica-wait-ms / DEVPLAN_REDIS_REPLICA_WAIT_MS,
// --workers / DEVPLAN_WORKERS, --max-queued / DEVPLAN_MAX_QUEUED,
// --stream-idle-ms / DEVPLAN_STREAM_IDLE_MS,
// --lame-duck-ms / DEVPLAN_LAME_DUCK_MS, --drain-timeout-ms / DEVPLAN_DRAIN_TIMEOUT_MS,
// --max-connection-age-ms / DEVPLAN_MAX_CONNECTION_AGE_MS,
// --max-connection-age-grace-ms / DEVPLAN_MAX_CONNECTION_AGE_GRACE_MS,
// --health-listen / DEVPLAN_<SERVICE>_HEALTH_ADDR,
// --metrics-listen / DEVPLAN_<SERVICE>_METRICS_ADDR, --reflection / DEVPLAN_REFLECTION, and the
// security flags (AddSecurityFlags).
void AddServerFlags(CLI::App& app, ServerConfig& config);

// The flags only the domain services take: --facts-cache-districts /
// DEVPLAN_FACTS_CACHE_DISTRICTS.
void AddDomainFlags(CLI::App& app, ServerConfig& config);

// Redis pool options from the config, the password read from --redis-password-file;
// INVALID_ARGUMENT naming the flag on a malformed address, or a password file that cannot be
// read, is readable by every user, or holds no password of 16..512 printable characters
// without spaces (trailing newlines are not part of it). The caller (a main) decides how to
// stop: a library must not end the process.
absl::StatusOr<redis::PoolOptions> PoolOptionsFrom(const ServerConfig& config);

// Logs a configuration error (e.g. a malformed --redis) and answers the exit code 2.
int ExitOnBadConfig(const absl::Status& status);

// Log lines waiting for the logging thread; beyond, the oldest is dropped.
inline constexpr size_t kLogQueueLines = 8192;
// Sets up the process's log (asynchronous, to stderr) at `level` ("trace".."off"; unknown
// levels fall back to info), as `format` ("text" or "json"; log_format.h). Once per process.
void InitLogging(const std::string& level, const std::string& format = "text");

// Blocks SIGTERM and SIGINT in the calling thread and so in every thread it starts later:
// call it first in main, before any pool or client starts a thread. A stop signal is then
// taken only by RunServer's sigwait, which drains; otherwise the kernel may hand it to a
// worker thread with the default action and the process dies mid-RPC.
void BlockStopSignals();

struct RunHooks {
  // Called once the server listens (e.g. to start background subscribers).
  std::function<void(grpc::Server&)> on_started;
  // Called after a stop signal and the lame-duck time, before the server drains: end what
  // would never end by itself (open watch streams).
  std::function<void()> on_stopping;
};

// Checks the Redis the pool reaches (CheckRedisAtStart: credentials, AOF always, no
// eviction), then serves `services` until SIGTERM/SIGINT and drains (see
// ServerConfig::lame_duck_ms). Returns the process exit code: 0 after a drain, 2 when the
// configuration or the Redis it names is refused, 1 when Redis did not answer at start or the
// port cannot be bound.
int RunServer(const ServerConfig& config, const std::vector<grpc::Service*>& services,
              redis::Pool& pool, RunHooks hooks = {});

// The whole main() of a domain service: stop signals blocked before any thread starts, the
// common flags, logging, the Redis pool, the worker pool, the service and RunServer.
// `Service` takes a ServiceContext.
template <typename Service>
int ServeDomain(int argc, char** argv, ServerConfig config, const std::string& description) {
  BlockStopSignals();
  CLI::App app{description};
  AddServerFlags(app, config);
  AddDomainFlags(app, config);
  CLI11_PARSE(app, argc, argv);
  InitLogging(config.log_level, config.log_format);
  absl::StatusOr<redis::PoolOptions> pool_options = PoolOptionsFrom(config);
  if (!pool_options.ok()) return ExitOnBadConfig(pool_options.status());
  redis::Pool pool(*pool_options);
  WorkerPool workers(config.workers, MaxQueued(config));
  Service service(ServiceContext{
      .pool = pool,
      .workers = workers,
      .stream_idle_timeout = absl::Milliseconds(config.stream_idle_ms),
      .facts_cache_entries = static_cast<size_t>(config.facts_cache_districts)});
  return RunServer(config, {&service}, pool);
}

}  // namespace devplan
