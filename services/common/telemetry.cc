#include "services/common/telemetry.h"

#include <algorithm>
#include <type_traits>

#include <google/protobuf/descriptor.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace devplan::telemetry {
namespace {

std::atomic<Metrics*> g_active{nullptr};

// The services whose methods get series of their own; any other path is "other".
constexpr const char* kProtoServices[] = {
    "devplan.v1.InvestmentService", "devplan.v1.EnvironmentService", "devplan.v1.SocialService",
    "devplan.v1.ScorecardService"};
// Served by gRPC itself, not in the generated pool.
constexpr std::pair<const char*, const char*> kGrpcMethods[] = {
    {"grpc.health.v1.Health", "Check"},
    {"grpc.health.v1.Health", "Watch"},
    {"grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo"}};

// What the servers send (deploy/redis/users.acl's list): a command of its own label each.
constexpr const char* kRedisCommands[] = {
    "CLUSTER", "CONFIG", "EVALSHA", "GET", "HDEL", "HEXISTS", "HGET", "HGETALL", "HKEYS", "HMGET", "HSET", "INCR",
    "LRANGE", "PING", "PSUBSCRIBE", "PUBLISH", "RPUSH", "SADD", "SCRIPT", "SET", "SMEMBERS", "XADD",
    "XREVRANGE", "pipeline"};

constexpr const char* kSourceNames[] = {"investment", "environment", "social"};

constexpr const char* kHttpRouteNames[] = {"scorecard",          "scorecard:watch", "indicator_history",
                                           "compare",            "aqi_calendar",    "air_quality_day",
                                           "metric_definitions", "healthz",         "static",
                                           "other"};
static_assert(std::size(kHttpRouteNames) == static_cast<size_t>(HttpRoute::kCount));
constexpr const char* kHttpClassNames[kHttpClasses] = {"1xx", "2xx", "3xx", "4xx", "5xx"};

template <typename T>
prometheus::Family<T>& Build(prometheus::Registry& registry, const std::string& name,
                             const std::string& help) {
  if constexpr (std::is_same_v<T, prometheus::Counter>) {
    return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
  } else {
    return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
  }
}

std::unique_ptr<RpcSeries> MakeRpcSeries(HistogramFamily& seconds, const std::string& service,
                                         const std::string& method) {
  const prometheus::Labels labels = {{"grpc_service", service}, {"grpc_method", method}};
  return std::unique_ptr<RpcSeries>(new RpcSeries{.seconds = {seconds, labels}});
}

}  // namespace

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double> buckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                              0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10, 60};
  return buckets;
}

const std::string& CodeName(int code) {
  static const std::array<std::string, kCodes> names = [] {
    std::array<std::string, kCodes> n;
    for (int c = 0; c < kCodes; ++c) n[c] = absl::StatusCodeToString(static_cast<absl::StatusCode>(c));
    return n;
  }();
  static const std::string unknown = "UNKNOWN";
  return code >= 0 && code < kCodes ? names[code] : unknown;
}

template <typename Family, typename T>
T& ByCode<Family, T>::operator[](int code) {
  if (code < 0 || code >= kCodes) code = static_cast<int>(absl::StatusCode::kUnknown);
  T* series = series_[code].load(std::memory_order_acquire);
  if (series != nullptr) return *series;
  prometheus::Labels labels = labels_;
  labels[code_label_] = CodeName(code);
  // Add answers the existing series for the same labels, so two threads racing here store
  // the same pointer.
  series = &family_->Add(labels);
  series_[code].store(series, std::memory_order_release);
  return *series;
}

template class ByCode<prometheus::Family<prometheus::Counter>, prometheus::Counter>;
template class ByCode<HistogramFamily, LatencyHistogram>;

Source SourceNamed(absl::string_view service) {
  for (int s = 0; s < static_cast<int>(Source::kCount); ++s) {
    if (service == kSourceNames[s]) return static_cast<Source>(s);
  }
  return Source::kCount;
}

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      rpc_seconds_(std::make_shared<HistogramFamily>(
          "devplan_rpc_duration_seconds",
          "RPC latency from the call's arrival to its status, by method and gRPC status code",
          LatencyBuckets(), "devplan_rpc_requests_total", "RPCs finished, by method and gRPC status code")),
      redis_seconds_(std::make_shared<HistogramFamily>(
          "devplan_redis_command_duration_seconds",
          "Redis round trips (a command, or a whole pipeline; with a wait for a free connection), by command",
          LatencyBuckets())),
      redis_pool_wait_family_(std::make_shared<HistogramFamily>(
          "devplan_redis_pool_wait_seconds",
          "how long a caller waited for a free Redis connection (only calls that found none)", LatencyBuckets())),
      redis_pool_wait_(&redis_pool_wait_family_->Add({})),
      redis_errors_(Build<prometheus::Counter>(*registry_, "devplan_redis_errors_total",
                                               "Redis commands that failed, by the status code they answered"),
                    {}, "code"),
      facts_written_(Build<prometheus::Counter>(
          *registry_, "devplan_facts_written_total",
          "accepted writes (one atomic write each, replays not counted), by record kind and department")),
      last_write_(Build<prometheus::Gauge>(
          *registry_, "devplan_district_last_write_timestamp_seconds",
          "when this process last accepted a write for the district (unix time)")),
      auth_refused_(Build<prometheus::Counter>(
                        *registry_, "devplan_auth_refused_total",
                        "calls refused by access control before any handler (no credentials, or no permission)"),
                    {}) {
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const char* name : kProtoServices) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int m = 0; m < service->method_count(); ++m) {
      const std::string& method = service->method(m)->name();
      methods_[absl::StrCat("/", name, "/", method)] = MakeRpcSeries(*rpc_seconds_, name, method);
    }
  }
  for (const auto& [service, method] : kGrpcMethods) {
    methods_[absl::StrCat("/", service, "/", method)] = MakeRpcSeries(*rpc_seconds_, service, method);
  }
  other_method_ = MakeRpcSeries(*rpc_seconds_, "other", "other");

  for (const char* command : kRedisCommands) {
    redis_commands_.emplace_back(command, &redis_seconds_->Add({{"command", command}}));
  }
  std::sort(redis_commands_.begin(), redis_commands_.end());
  redis_other_command_ = &redis_seconds_->Add({{"command", "other"}});
  // At 0 from the start, like the fan-out's failures below: the way Redis usually fails.
  redis_errors_[static_cast<int>(absl::StatusCode::kUnavailable)];
  redis_up_ = &Build<prometheus::Gauge>(*registry_, "devplan_redis_up",
                                        "1 while the server's Redis probe gets answers, 0 while not")
                   .Add({});

  auto& cache = Build<prometheus::Counter>(*registry_, "devplan_scorecard_cache_requests_total",
                                           "scorecards asked of the aggregator's cache, by result (hit or miss)");
  cache_hits_ = &cache.Add({{"result", "hit"}});
  cache_misses_ = &cache.Add({{"result", "miss"}});
  partial_cards_ = &Build<prometheus::Counter>(
                        *registry_, "devplan_scorecards_partial_total",
                        "scorecards computed without one or more source services (failed_sources not empty)")
                        .Add({});
  http_seconds_ = std::make_shared<HistogramFamily>(
      "devplan_http_request_duration_seconds",
      "gateway HTTP responses, from the request's arrival until written (a live stream: until it ended), by "
      "route and status class",
      LatencyBuckets(), "devplan_http_requests_total", "gateway HTTP responses, by route and status class");
  fanout_seconds_ = std::make_shared<HistogramFamily>(
      "devplan_fanout_duration_seconds",
      "one GetMetrics of a scorecard's fan-out, by source service, until it answered or failed", LatencyBuckets());
  auto& fanout_failures = Build<prometheus::Counter>(
      *registry_, "devplan_fanout_failures_total",
      "GetMetrics of a fan-out that failed, by source service and gRPC status code");
  for (const char* source : kSourceNames) {
    sources_.push_back(std::unique_ptr<SourceSeries>(
        new SourceSeries{.seconds = &fanout_seconds_->Add({{"source", source}}),
                         .failures = {fanout_failures, {{"source", source}}}}));
    // The two ways a source fails a fan-out, at 0 from the start: a rate over them is
    // defined before the first failure, and the series are there for dashboards.
    sources_.back()->failures[static_cast<int>(absl::StatusCode::kDeadlineExceeded)];
    sources_.back()->failures[static_cast<int>(absl::StatusCode::kUnavailable)];
  }
  watches_open_ = &Build<prometheus::Gauge>(*registry_, "devplan_watch_streams_open",
                                            "WatchScorecard streams open now")
                       .Add({});
  watch_pushes_ = &Build<prometheus::Counter>(*registry_, "devplan_watch_pushes_total",
                                              "scorecards written to watch streams")
                       .Add({});

  auto& readings = Build<prometheus::Counter>(*registry_, "devplan_ingest_readings_total",
                                              "hourly air readings received, by result (accepted or refused)");
  readings_accepted_ = &readings.Add({{"result", "accepted"}});
  readings_refused_ = &readings.Add({{"result", "refused"}});
  // The two refusals, at 0 from the start.
  auth_refused_[static_cast<int>(absl::StatusCode::kUnauthenticated)];
  auth_refused_[static_cast<int>(absl::StatusCode::kPermissionDenied)];
}

std::vector<std::shared_ptr<prometheus::Collectable>> Metrics::collectables() const {
  return {registry_, rpc_seconds_, redis_seconds_, redis_pool_wait_family_, fanout_seconds_, http_seconds_};
}

RpcSeries& Metrics::Rpc(absl::string_view path) {
  auto it = methods_.find(path);
  return it == methods_.end() ? *other_method_ : *it->second;
}

void Metrics::RedisCommand(absl::string_view command, double seconds) {
  auto it = std::lower_bound(redis_commands_.begin(), redis_commands_.end(), command,
                             [](const auto& entry, absl::string_view c) { return entry.first < c; });
  LatencyHistogram* h =
      it != redis_commands_.end() && it->first == command ? it->second : redis_other_command_;
  h->Observe(seconds);
}

void Metrics::Fanout(Source source, int code, double seconds) {
  if (source == Source::kCount) return;
  SourceSeries& s = *sources_[static_cast<size_t>(source)];
  s.seconds->Observe(seconds);
  if (code != 0) s.failures[code].Increment();
}

void Metrics::Http(HttpRoute route, int http_status, double seconds) {
  if (route == HttpRoute::kCount) route = HttpRoute::kOther;
  const int cls = http_status >= 100 && http_status < 600 ? http_status / 100 - 1 : 4;
  std::atomic<LatencyHistogram*>& slot = http_series_[static_cast<size_t>(route)][static_cast<size_t>(cls)];
  LatencyHistogram* series = slot.load(std::memory_order_acquire);
  if (series == nullptr) {
    // Add answers the existing series for the same labels: two threads racing store the same.
    series = &http_seconds_->Add({{"route", kHttpRouteNames[static_cast<size_t>(route)]},
                                  {"status_class", kHttpClassNames[cls]}});
    slot.store(series, std::memory_order_release);
  }
  series->Observe(seconds);
}

void Metrics::FactsWritten(absl::string_view kind, absl::string_view department, absl::string_view district) {
  std::lock_guard lock(writes_mu_);
  std::string dept(department.empty() ? "none" : department);
  if (!departments_.contains(dept)) {
    if (departments_.size() < kMaxDepartments) {
      departments_[dept] = true;
    } else {
      dept = "other";
    }
  }
  auto key = std::make_pair(std::string(kind), dept);
  auto it = facts_by_kind_.find(key);
  if (it == facts_by_kind_.end()) {
    prometheus::Counter* c = &facts_written_.Add(
        {{"kind", std::string(kind)}, {"department", dept}});
    it = facts_by_kind_.emplace(std::move(key), c).first;
  }
  it->second->Increment();

  std::string d(district);
  auto g = districts_.find(d);
  if (g == districts_.end()) {
    if (districts_.size() >= kMaxDistricts) return;
    g = districts_.emplace(d, &last_write_.Add({{"district", d}})).first;
  }
  g->second->SetToCurrentTime();
}

Metrics* Active() { return g_active.load(std::memory_order_acquire); }

Metrics& Enable() {
  static Metrics* metrics = [] {
    auto* m = new Metrics();  // lives as long as the process: handlers may record until exit
    g_active.store(m, std::memory_order_release);
    return m;
  }();
  return *metrics;
}

}  // namespace devplan::telemetry
