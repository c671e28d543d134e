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

namespace devplan {

struct ServerConfig {
  std::string service;  // "investment", …
  std::string listen;   // host:port
  std::string redis = "127.0.0.1:6379";  // or "unix:/path/to/redis.sock"
  std::string log_level = "info";
  int redis_pool_size = 8;
};

// Binds the common flags to `config`. Each flag falls back to an environment variable, then
// to the default: --listen / DEVPLAN_<SERVICE>_ADDR, --redis / DEVPLAN_REDIS_ADDR,
// --log-level / DEVPLAN_LOG_LEVEL, --redis-pool-size / DEVPLAN_REDIS_POOL_SIZE.
void AddServerFlags(CLI::App& app, ServerConfig& config);

// Redis pool options from the config; INVALID_ARGUMENT naming --redis on a malformed
// address. The caller (a main) decides how to stop: a library must not end the process.
absl::StatusOr<redis::PoolOptions> PoolOptionsFrom(const ServerConfig& config);

// Sets the process-wide log level ("trace".."off"); unknown levels fall back to info.
void InitLogging(const std::string& level);

struct RunHooks {
  // Called once the server listens (e.g. to start background subscribers).
  std::function<void(grpc::Server&)> on_started;
  // Called after a stop signal, before the server drains.
  std::function<void()> on_stopping;
};

// Serves `services` until SIGTERM/SIGINT, then drains for up to 10 s. Returns the process
// exit code.
int RunServer(const ServerConfig& config, const std::vector<grpc::Service*>& services,
              redis::Pool& pool, RunHooks hooks = {});

}  // namespace devplan
