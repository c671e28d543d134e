#include "services/common/server_runner.h"

#include <malloc.h>
#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/redis_cluster.h"
#include "services/common/log_format.h"
#include "services/common/metrics_endpoint.h"
#include "services/common/redis_health.h"
#include "services/common/redis_startup_check.h"
#include "services/common/server_options.h"
#include "services/common/telemetry.h"

namespace devplan {
namespace {

// A domain service decodes a district's facts (thousands of small messages, megabytes) each
// time its facts cache loads one, and frees the last entry's. With glibc's defaults the freed
// top of the heap goes back to the kernel and the next load faults it in again, zeroed page
// by page: a tenth of the EnvironmentService's CPU (clear_page_erms) when many districts were
// ranked cold (`perf`, docs/performance.md). Keeping up to kKeptFreeBytes at the top, and
// growing by kHeapGrowthBytes at a time, costs that much resident memory at most.
constexpr int kKeptFreeBytes = 64 << 20;
constexpr int kHeapGrowthBytes = 16 << 20;
// Blocks above this are mmapped (and unmapped when freed); fixed, so that glibc does not move
// the threshold itself. Larger than any one reply or decoded hash.
constexpr int kMmapThresholdBytes = 32 << 20;

void KeepFreedMemory() {
  mallopt(M_TRIM_THRESHOLD, kKeptFreeBytes);
  mallopt(M_TOP_PAD, kHeapGrowthBytes);
  mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
}


std::string Upper(std::string s) { return absl::AsciiStrToUpper(s); }

constexpr size_t kMinPasswordBytes = 16;
constexpr size_t kMaxPasswordBytes = 512;

// The password in --redis-password-file. Refused when other users may read the file: a
// password every local account can read protects nothing.
absl::StatusOr<std::string> ReadRedisPassword(const std::string& path) {
  const std::string flag = absl::StrCat("--redis-password-file ", path);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": ", std::strerror(errno)));
  }
  if ((st.st_mode & S_IRWXO) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        flag, ": other users may read it (mode ", absl::StrFormat("%04o", st.st_mode & 07777),
        "); chmod o-rwx it"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot be read"));
  std::stringstream text;
  text << in.rdbuf();
  std::string password = text.str();
  // What `echo` or an editor leaves at the end is not part of it (as $(cat file) reads it).
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  bool printable = true;
  for (unsigned char c : password) printable = printable && c > ' ' && c < 0x7f;
  if (!printable || password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        flag, ": the password must be ", kMinPasswordBytes, "..", kMaxPasswordBytes,
        " printable ASCII characters without spaces; the file holds ", password.size(),
        " bytes", printable ? "" : " with a space or control character"));
  }
  return password;
}

}  // namespace

void AddServerFlags(CLI::App& app, ServerConfig& config) {
  app.add_option("--listen", config.listen, "address to listen on, host:port")
      ->envname(absl::StrCat("DEVPLAN_", Upper(config.service), "_ADDR"))
      ->capture_default_str();
  app.add_option("--redis", config.redis,
                 "Redis address, host:port or unix:/path/to/socket; or Redis Cluster seed nodes, "
                 "cluster://host:port,host:port")
      ->envname("DEVPLAN_REDIS_ADDR")
      ->capture_default_str();
  app.add_option("--redis-user", config.redis_user, "Redis ACL user (AUTH only with a password file)")
      ->envname("DEVPLAN_REDIS_USER")
      ->capture_default_str();
  app.add_option("--redis-password-file", config.redis_password_file,
                 "file holding the Redis user's password (not readable by other users)")
      ->envname("DEVPLAN_REDIS_PASSWORD_FILE");
  app.add_flag("--allow-unsafe-redis", config.allow_unsafe_redis,
               "start even if Redis lacks appendonly yes / appendfsync always / noeviction "
               "(logged loudly; development only)")
      ->envname("DEVPLAN_ALLOW_UNSAFE_REDIS");
  app.add_option("--log-level", config.log_level, "trace, debug, info, warn, error, off")
      ->envname("DEVPLAN_LOG_LEVEL")
      ->capture_default_str();
  app.add_option("--log-format", config.log_format,
                 "text (one line per event) or json (one object per line, for a log collector)")
      ->envname("DEVPLAN_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--redis-replica-wait-ms", config.redis_replica_wait_ms,
                 "Redis Cluster: a write is acknowledged only once a replica has it, waiting at "
                 "most this long (else UNAVAILABLE); 0: no wait")
      ->envname("DEVPLAN_REDIS_REPLICA_WAIT_MS")
      ->check(CLI::Range(0, 1500))
      ->capture_default_str();
  app.add_option("--redis-pool-size", config.redis_pool_size,
                 "Redis connections at most (in cluster mode: per master)")
      ->envname("DEVPLAN_REDIS_POOL_SIZE")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--workers", config.workers,
                 "threads that run handlers (their Redis I/O and waits on other servers)")
      ->envname("DEVPLAN_WORKERS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--max-queued", config.max_queued,
                 "calls that may wait for a worker; more are refused with RESOURCE_EXHAUSTED "
                 "(0: 16 per worker)")
      ->envname("DEVPLAN_MAX_QUEUED")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  app.add_option("--stream-idle-ms", config.stream_idle_ms,
                 "a client stream with no message for this long is ended DEADLINE_EXCEEDED")
      ->envname("DEVPLAN_STREAM_IDLE_MS")
      ->check(CLI::Range(100, 3'600'000))
      ->capture_default_str();
  app.add_option("--lame-duck-ms", config.lame_duck_ms,
                 "after SIGTERM, keep serving this long while health says NOT_SERVING")
      ->envname("DEVPLAN_LAME_DUCK_MS")
      ->check(CLI::Range(0, 10'000))
      ->capture_default_str();
  app.add_option("--drain-timeout-ms", config.drain_timeout_ms,
                 "then let calls in flight finish for at most this long")
      ->envname("DEVPLAN_DRAIN_TIMEOUT_MS")
      ->check(CLI::Range(0, 60'000))
      ->capture_default_str();
  app.add_option("--max-connection-age-ms", config.connection_age.max_age_ms,
                 "a client connection older than this is asked to reconnect, so clients spread over "
                 "replicas started later (gRPC adds +-10% jitter)")
      ->envname("DEVPLAN_MAX_CONNECTION_AGE_MS")
      ->check(CLI::Range(1'000, 86'400'000))
      ->capture_default_str();
  app.add_option("--max-connection-age-grace-ms", config.connection_age.grace_ms,
                 "then calls still open on it (watches) may last this long before it is closed; "
                 "0: until they end")
      ->envname("DEVPLAN_MAX_CONNECTION_AGE_GRACE_MS")
      ->check(CLI::Range(0, 86'400'000))
      ->capture_default_str();
  app.add_option("--health-listen", config.health_listen,
                 "a plaintext port serving only grpc.health.v1, host:port (empty: none)")
      ->envname(absl::StrCat("DEVPLAN_", Upper(config.service), "_HEALTH_ADDR"));
  app.add_option("--metrics-listen", config.metrics_listen,
                 "a plaintext HTTP port serving Prometheus metrics at /metrics, host:port (empty: none)")
      ->envname(absl::StrCat("DEVPLAN_", Upper(config.service), "_METRICS_ADDR"));
  app.add_flag("--reflection", config.reflection, "serve gRPC server reflection")
      ->envname("DEVPLAN_REFLECTION");
  AddSecurityFlags(app, config.security);
}

void AddDomainFlags(CLI::App& app, ServerConfig& config) {
  app.add_option("--facts-cache-districts", config.facts_cache_districts,
                 "districts whose facts are kept in memory for GetMetrics (environment: "
                 "district-years), least recently used dropped first; 0: none")
      ->envname("DEVPLAN_FACTS_CACHE_DISTRICTS")
      ->check(CLI::Range(0, 100'000))
      ->capture_default_str();
}

std::size_t MaxQueued(const ServerConfig& config) {
  if (config.max_queued > 0) return static_cast<std::size_t>(config.max_queued);
  return WorkerPool::DefaultMaxQueued(config.workers);
}

absl::StatusOr<redis::PoolOptions> PoolOptionsFrom(const ServerConfig& config) {
  redis::PoolOptions options;
  if (absl::StartsWith(config.redis, redis::kClusterScheme)) {
    absl::StatusOr<std::vector<redis::Endpoint>> seeds = redis::ParseClusterSeeds(config.redis);
    if (!seeds.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--redis: ", seeds.status().message()));
    }
    options.cluster_seeds = *std::move(seeds);
    options.endpoint = options.cluster_seeds.front();
  } else {
    absl::StatusOr<redis::Endpoint> endpoint = redis::ParseEndpoint(config.redis);
    if (!endpoint.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--redis: ", endpoint.status().message()));
    }
    options.endpoint = *endpoint;
  }
  if (!config.redis_password_file.empty()) {
    absl::StatusOr<std::string> password = ReadRedisPassword(config.redis_password_file);
    if (!password.ok()) return password.status();
    options.endpoint.user = config.redis_user;
    options.endpoint.password = *std::move(password);
    for (redis::Endpoint& seed : options.cluster_seeds) {
      seed.user = options.endpoint.user;
      seed.password = options.endpoint.password;
    }
  }
  options.size = config.redis_pool_size;
  options.replica_wait = absl::Milliseconds(config.redis_replica_wait_ms);
  return options;
}

int ExitOnBadConfig(const absl::Status& status) {
  spdlog::critical("{}", std::string(status.message()));
  return 2;
}

void InitLogging(const std::string& level, const std::string& format) {
  // A background thread writes the lines from a bounded queue, so no call waits on stderr
  // (a terminal, a file, journald) for its one line: at thousands of cached scorecards a
  // second that write was a syscall on the call's own path. When the queue is full the
  // oldest waiting line is dropped, never the call's time; at exit the queue is written out
  // (a process killed -9 loses what was still queued).
  spdlog::init_thread_pool(kLogQueueLines, 1);
  const LogFormat log_format = format == "json" ? LogFormat::kJson : LogFormat::kText;
  auto async = spdlog::create_async_nb<spdlog::sinks::stderr_color_sink_mt>("devplan-async");
  if (log_format == LogFormat::kJson) {
    async->set_formatter(std::make_unique<JsonLogFormatter>());
  } else {
    async->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  }
  static const bool flush_at_exit = [] { return std::atexit([] { spdlog::shutdown(); }) == 0; }();
  (void)flush_at_exit;
  // The front logger adds the current call's id on the caller's thread (log_format.h).
  spdlog::set_default_logger(std::make_shared<CallTaggingLogger>("devplan", async, log_format));
  spdlog::level::level_enum l = spdlog::level::from_str(level);
  spdlog::set_level(l);
}

namespace {

sigset_t StopSignals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  return stop_signals;
}

}  // namespace

void BlockStopSignals() {
  const sigset_t stop_signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
}

int RunServer(const ServerConfig& config, const std::vector<grpc::Service*>& services,
              redis::Pool& pool, RunHooks hooks) {
  BlockStopSignals();  // again, for callers that started no thread before
  const sigset_t stop_signals = StopSignals();
  // gRPC takes absl::Mutexes on every call, and Debian's abseil records each lock order in a
  // process-wide graph to detect deadlocks (GraphCycles: about 2 % of the aggregator's CPU
  // under cached scorecards, `perf`). A check for development, not for serving.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  KeepFreedMemory();

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ServerCredentialsFor(config.security);
  if (!credentials.ok()) return ExitOnBadConfig(credentials.status());
  // After the local configuration, which fails at once, and before listening: a call is never
  // served by a server whose Redis was not checked.
  const redis::Endpoint& redis_endpoint = pool.options().endpoint;
  if (redis_endpoint.password.empty()) {
    spdlog::warn("no --redis-password-file: talking to redis {} as its default user",
                 redis_endpoint.ToString());
  }
  // In cluster mode every seed node is checked: list them all (masters and replicas), so
  // that every node that may come to hold the data is known to fsync it.
  for (const redis::Endpoint& node : pool.options().endpoints()) {
    if (absl::Status redis_ok = CheckRedisAtStart(
            node, {.allow_unsafe = config.allow_unsafe_redis});
        !redis_ok.ok()) {
      if (redis_ok.code() != absl::StatusCode::kUnavailable) return ExitOnBadConfig(redis_ok);
      spdlog::critical("{}: {}", config.service, std::string(redis_ok.message()));
      return 1;
    }
  }
  // Before the server is built: the request log resolves each call's series when the call
  // arrives, and a call served before metrics were on would be missing from them.
  std::unique_ptr<MetricsEndpoint> metrics;
  if (!config.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsEndpoint>> started = MetricsEndpoint::Start(config.metrics_listen);
    if (!started.ok()) {
      spdlog::critical("{}: {}", config.service, std::string(started.status().message()));
      return 1;
    }
    metrics = *std::move(started);
  }
  grpc::EnableDefaultHealthCheckService(true);
  if (config.reflection) grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen, *credentials, &port);
  for (grpc::Service* s : services) builder.RegisterService(s);
  ConfigureServerBuilder(builder, {}, config.connection_age);

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::critical("{}: cannot listen on {}", config.service, config.listen);
    return 1;
  }
  // The plaintext health port: a server of its own with no service but health, so nothing
  // else is ever reachable without TLS.
  std::unique_ptr<grpc::Server> health_server;
  if (!config.health_listen.empty()) {
    grpc::ServerBuilder health_builder;
    ListenExclusively(health_builder);
    int health_port = 0;
    health_builder.AddListeningPort(config.health_listen, grpc::InsecureServerCredentials(), &health_port);
    health_server = health_builder.BuildAndStart();
    if (!health_server || health_port == 0) {
      spdlog::critical("{}: cannot listen on {} (--health-listen)", config.service, config.health_listen);
      return 1;
    }
  }
  std::vector<grpc::HealthCheckServiceInterface*> healths = {server->GetHealthCheckService()};
  if (health_server) healths.push_back(health_server->GetHealthCheckService());
  auto set_health = [healths](bool up) {
    for (grpc::HealthCheckServiceInterface* h : healths) h->SetServingStatus(up);
    if (telemetry::Metrics* m = telemetry::Active()) m->RedisUp(up);
  };
  set_health(false);  // until the first Redis probe answers
  spdlog::info("{} listening on {} (port {}; {}; redis {}{}{}{})", config.service, config.listen,
               port, config.security.insecure ? "PLAINTEXT" : "TLS",
               pool.options().cluster() ? config.redis : redis_endpoint.ToString(),
               redis_endpoint.password.empty() ? "" : " as " + redis_endpoint.user,
               config.health_listen.empty() ? "" : "; plaintext health on ",
               config.health_listen);
  if (metrics) {
    spdlog::info("{} metrics on http://{}/metrics (port {})", config.service, config.metrics_listen,
                 metrics->port());
  }

  auto watcher = std::make_unique<RedisHealth>(pool.options().endpoints(), set_health);
  if (hooks.on_started) hooks.on_started(*server);

  std::thread signal_thread([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    // The Redis probe stops first: a late probe must not turn health back to SERVING.
    watcher.reset();
    set_health(false);
    spdlog::info("{}: signal {} received: NOT_SERVING, lame duck for {} ms, then draining for "
                 "up to {} ms",
                 config.service, sig, config.lame_duck_ms, config.drain_timeout_ms);
    // Calls already sent reach the server and are served like any other; only then does it
    // stop accepting (a call whose bytes arrive after Shutdown began is dropped by gRPC).
    std::this_thread::sleep_for(std::chrono::milliseconds(config.lame_duck_ms));
    if (hooks.on_stopping) hooks.on_stopping();
    server->Shutdown(std::chrono::system_clock::now() +
                     std::chrono::milliseconds(config.drain_timeout_ms));
  });
  server->Wait();
  signal_thread.join();
  if (health_server) health_server->Shutdown();
  spdlog::info("{} stopped", config.service);
  return 0;
}

}  // namespace devplan
