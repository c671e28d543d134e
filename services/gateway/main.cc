// gateway_server: the suite's read API over HTTP/JSON and Server-Sent Events (issue #18), for
// dashboards and browsers that do not speak gRPC. A gRPC client of the aggregator and the
// domain services; it holds no data and no identity of its own.
#include <sys/socket.h>

#include <csignal>
#include <thread>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "services/common/client_channel.h"
#include "services/common/client_security.h"
#include "services/common/metrics_endpoint.h"
#include "services/common/server_runner.h"
#include "services/gateway/connection_pool.h"
#include "services/gateway/gateway.h"
#include "services/gateway/static_files.h"

namespace {

using namespace devplan;
using namespace devplan::gateway;

struct Flags {
  std::string listen = "127.0.0.1:8080";
  std::string aggregator = "127.0.0.1:50050";
  std::string investment = "127.0.0.1:50051";
  std::string environment = "127.0.0.1:50052";
  std::string social = "127.0.0.1:50053";
  bool insecure = false;
  std::string tls_ca;
  std::string cors_origins;
  std::string log_level = "info";
  std::string www_dir = DEVPLAN_GATEWAY_WWW_DIR;
  std::string log_format = "text";
  std::string metrics_listen;
  int threads = 16;
  int max_queued = 64;
  int max_sse_clients = 16;
  int deadline_ms = 5000;
  int heartbeat_ms = 15000;
  int max_query_params = 16;
  int max_headers = 64;
  int read_timeout_ms = 5000;
  int write_timeout_ms = 5000;
  int keep_alive_ms = 5000;
  int keep_alive_requests = 1000;
  int max_rendered_replies = 256;
  int max_rendered_mib = 64;
  int lame_duck_ms = 300;
};

void AddFlags(CLI::App& app, Flags& f) {
  // One address, the replicas' list or a dns:/// name each (client_channel.h).
  const std::string kReplicas = ": host:port, replicas as IP:port,IP:port,…, or dns:///name:port";
  app.add_option("--listen", f.listen, "HTTP address, host:port (port 0: any free port, logged)")
      ->envname("DEVPLAN_GATEWAY_ADDR")->capture_default_str();
  app.add_option("--aggregator-addr", f.aggregator, "ScorecardService" + kReplicas)
      ->envname("DEVPLAN_AGGREGATOR_ADDR")->check(ServiceAddressesValidator())->capture_default_str();
  app.add_option("--investment-addr", f.investment, "InvestmentService" + kReplicas)
      ->envname("DEVPLAN_INVESTMENT_ADDR")->check(ServiceAddressesValidator())->capture_default_str();
  app.add_option("--environment-addr", f.environment, "EnvironmentService" + kReplicas)
      ->envname("DEVPLAN_ENVIRONMENT_ADDR")->check(ServiceAddressesValidator())->capture_default_str();
  app.add_option("--social-addr", f.social, "SocialService" + kReplicas)
      ->envname("DEVPLAN_SOCIAL_ADDR")->check(ServiceAddressesValidator())->capture_default_str();
  // Only the CA: the gateway presents no client certificate, so a call carries the caller's
  // token or no identity at all, never the gateway's.
  app.add_flag("--insecure", f.insecure, "plaintext gRPC, for a development suite started with --insecure")
      ->envname("DEVPLAN_INSECURE");
  app.add_option("--tls-ca", f.tls_ca, "the CA the servers' certificates chain to (PEM)")
      ->envname("DEVPLAN_TLS_CA");
  app.add_option("--cors-origins", f.cors_origins,
                 "comma-separated origins browsers may call from (e.g. https://screen.example); empty: no CORS")
      ->envname("DEVPLAN_GATEWAY_CORS_ORIGINS");
  app.add_option("--www-dir", f.www_dir,
                 "the big-screen page (index.html, dashboard.js, dashboard.css) served on /; empty: no page")
      ->envname("DEVPLAN_GATEWAY_WWW_DIR")->capture_default_str();
  app.add_option("--log-level", f.log_level, "trace, debug, info, warn, error, off")
      ->envname("DEVPLAN_LOG_LEVEL")->capture_default_str();
  app.add_option("--log-format", f.log_format,
                 "text (one line per event) or json (one object per line, for a log collector)")
      ->envname("DEVPLAN_LOG_FORMAT")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  app.add_option("--metrics-listen", f.metrics_listen,
                 "a plaintext HTTP port serving Prometheus metrics at /metrics, host:port (empty: none)")
      ->envname("DEVPLAN_GATEWAY_METRICS_ADDR");
  app.add_option("--threads", f.threads, "threads serving requests (live streams have their own)")
      ->envname("DEVPLAN_GATEWAY_THREADS")->check(CLI::Range(1, 1024))->capture_default_str();
  app.add_option("--max-queued", f.max_queued,
                 "accepted connections that may wait for a thread; more are answered 503 at once")
      ->envname("DEVPLAN_GATEWAY_MAX_QUEUED")->check(CLI::Range(0, 100000))->capture_default_str();
  app.add_option("--max-sse-clients", f.max_sse_clients, "live streams (scorecard:watch) open at once; more: 429")
      ->envname("DEVPLAN_GATEWAY_MAX_SSE_CLIENTS")->check(CLI::Range(0, 4096))->capture_default_str();
  app.add_option("--deadline-ms", f.deadline_ms, "deadline of each gRPC call (and of a stream's first card)")
      ->envname("DEVPLAN_GATEWAY_DEADLINE_MS")->check(CLI::Range(50, 120000))->capture_default_str();
  app.add_option("--heartbeat-ms", f.heartbeat_ms, "an SSE comment after this long without an event")
      ->envname("DEVPLAN_GATEWAY_HEARTBEAT_MS")->check(CLI::Range(100, 300000))->capture_default_str();
  app.add_option("--max-query-params", f.max_query_params, "query parameters per request")
      ->envname("DEVPLAN_GATEWAY_MAX_QUERY_PARAMS")->check(CLI::Range(1, 1000))->capture_default_str();
  app.add_option("--max-headers", f.max_headers, "header fields per request; more: 431")
      ->envname("DEVPLAN_GATEWAY_MAX_HEADERS")->check(CLI::Range(8, 1000))->capture_default_str();
  app.add_option("--read-timeout-ms", f.read_timeout_ms, "to read a request once it started")
      ->envname("DEVPLAN_GATEWAY_READ_TIMEOUT_MS")->check(CLI::Range(100, 600000))->capture_default_str();
  app.add_option("--write-timeout-ms", f.write_timeout_ms,
                 "to write a reply or an event; a client that reads nothing for this long is dropped")
      ->envname("DEVPLAN_GATEWAY_WRITE_TIMEOUT_MS")->check(CLI::Range(100, 600000))->capture_default_str();
  app.add_option("--keep-alive-ms", f.keep_alive_ms, "an idle keep-alive connection is closed after this long")
      ->envname("DEVPLAN_GATEWAY_KEEP_ALIVE_MS")->check(CLI::Range(0, 600000))->capture_default_str();
  app.add_option("--keep-alive-requests", f.keep_alive_requests,
                 "requests served on one keep-alive connection before it is closed")
      ->check(CLI::Range(1, 100000))->capture_default_str();
  app.add_option("--max-rendered-replies", f.max_rendered_replies,
                 "replies kept printed as JSON, by their wire bytes (0: print every reply)")
      ->check(CLI::Range(0, 100000))->capture_default_str();
  app.add_option("--max-rendered-mib", f.max_rendered_mib, "MiB those replies may take, wire bytes and JSON")
      ->check(CLI::Range(1, 4096))->capture_default_str();
  app.add_option("--lame-duck-ms", f.lame_duck_ms,
                 "after SIGTERM, keep serving this long while /healthz says NOT_SERVING")
      ->envname("DEVPLAN_LAME_DUCK_MS")->check(CLI::Range(0, 10000))->capture_default_str();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ChannelTo(
    const std::string& address, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args;
  // A restarted server is found again within a second, not after gRPC's default 2 min backoff.
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  return ServiceChannel(address, "address", credentials, args);
}

}  // namespace

int main(int argc, char** argv) {
  BlockStopSignals();
  CLI::App app{"gateway_server — the devplan read API over HTTP/JSON and Server-Sent Events"};
  Flags flags;
  AddFlags(app, flags);
  CLI11_PARSE(app, argc, argv);
  InitLogging(flags.log_level, flags.log_format);
  // Before the first request, so every response is counted (metrics_endpoint.h).
  std::unique_ptr<MetricsEndpoint> metrics;
  if (!flags.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsEndpoint>> started = MetricsEndpoint::Start(flags.metrics_listen);
    if (!started.ok()) return ExitOnBadConfig(started.status());
    metrics = *std::move(started);
  }

  ClientSecurity security;
  security.insecure = flags.insecure;
  security.tls_ca = flags.tls_ca;
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials = ClientCredentials(security);
  if (!credentials.ok()) return ExitOnBadConfig(credentials.status());
  const std::vector<std::string> host_port = absl::StrSplit(flags.listen, absl::MaxSplits(':', 1));
  int port = -1;
  if (host_port.size() != 2 || !absl::SimpleAtoi(host_port[1], &port) || port < 0 || port > 65535) {
    return ExitOnBadConfig(absl::InvalidArgumentError("--listen: not host:port"));
  }
  absl::StatusOr<StaticFiles> page = StaticFiles::Load(flags.www_dir);
  if (!page.ok()) return ExitOnBadConfig(page.status());
  std::vector<std::string> origins;
  for (absl::string_view o : absl::StrSplit(flags.cors_origins, ',', absl::SkipWhitespace())) {
    origins.emplace_back(absl::StripAsciiWhitespace(o));
  }

  GatewayLimits limits;
  limits.deadline = absl::Milliseconds(flags.deadline_ms);
  limits.heartbeat = absl::Milliseconds(flags.heartbeat_ms);
  limits.max_query_params = static_cast<size_t>(flags.max_query_params);
  limits.max_headers = static_cast<size_t>(flags.max_headers);
  limits.max_watches = static_cast<size_t>(flags.max_sse_clients);
  limits.max_rendered_replies = static_cast<size_t>(flags.max_rendered_replies);
  limits.max_rendered_bytes = static_cast<size_t>(flags.max_rendered_mib) << 20;
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (const std::string* address : {&flags.aggregator, &flags.investment, &flags.environment, &flags.social}) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = ChannelTo(*address, *credentials);
    if (!channel.ok()) return ExitOnBadConfig(channel.status());
    channels.push_back(*std::move(channel));
  }
  Gateway gateway({channels[0], channels[1], channels[2], channels[3]}, limits, origins);

  httplib::Server server;
  // A live stream holds its connection's thread while it lasts: the pool has one thread per
  // stream on top of --threads, so streams never starve plain requests.
  const size_t threads = static_cast<size_t>(flags.threads + flags.max_sse_clients);
  const size_t max_queued = static_cast<size_t>(flags.max_queued);
  server.new_task_queue = [threads, max_queued] { return new ConnectionPool(threads, max_queued); };
  server.set_read_timeout(std::chrono::milliseconds(flags.read_timeout_ms));
  server.set_write_timeout(std::chrono::milliseconds(flags.write_timeout_ms));
  server.set_keep_alive_timeout(std::max(1, flags.keep_alive_ms / 1000));
  // httplib closes a connection after 5 requests by default: a dashboard polling over one
  // connection would reconnect every fifth call.
  server.set_keep_alive_max_count(static_cast<size_t>(flags.keep_alive_requests));
  // A reply's last segment would otherwise wait for the client's delayed ACK (Nagle): 40 ms a
  // request on a keep-alive connection.
  server.set_tcp_nodelay(true);
  // Every route is a GET: a body has nothing to say.
  server.set_payload_max_length(4096);
  // SO_REUSEADDR (a restart may bind while old connections linger), not httplib's default
  // SO_REUSEPORT: with that, a second gateway given a served port would bind it too and take
  // part of its connections (as ListenExclusively keeps the gRPC servers from doing).
  server.set_socket_options([](int sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  gateway.Register(server);
  page->Register(server);

  const int bound = port == 0 ? server.bind_to_any_port(host_port[0]) : (server.bind_to_port(host_port[0], port) ? port : -1);
  if (bound <= 0) {
    spdlog::critical("gateway: cannot listen on {}", flags.listen);
    return 1;
  }
  spdlog::info("gateway listening on {}:{} (HTTP; gRPC {} to aggregator {}; CORS {})", host_port[0], bound,
               flags.insecure ? "PLAINTEXT" : "TLS", flags.aggregator,
               origins.empty() ? std::string("off") : flags.cors_origins);

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  std::thread signal_thread([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    gateway.SetServing(false);
    spdlog::info("gateway: signal {} received: NOT_SERVING, lame duck for {} ms, then closing", sig,
                 flags.lame_duck_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(flags.lame_duck_ms));
    // Live streams end with an event saying so; then the listener closes and the pool joins
    // once the requests in flight are answered.
    gateway.StopWatches();
    server.stop();
  });
  server.listen_after_bind();
  signal_thread.join();
  spdlog::info("gateway stopped");
  return 0;
}
