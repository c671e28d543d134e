// The process's Prometheus metrics (issue #17): every series a devplan server exports is
// declared here, once, and made when the server starts with --metrics-listen
// (metrics_endpoint.h serves them). Without it Active() is nullptr and each place that
// records pays one atomic load.
//
// Cost on the hot path (a cached GetScorecard): every series a call records into is resolved
// before the call — by method path in a table made at start, by status code in an array, by
// Redis command in a fixed table — so recording is a few relaxed atomic adds, without a lock
// (latency_histogram.h), never a label map built or searched with a string made for the call.
// Measured with scripts/bench.sh: docs/performance.md.
//
// Bounded labels: every label takes its values from a set fixed by the code or the policy,
// never from a request — grpc_service/grpc_method the methods declared in the protos (any
// other path: "other"), grpc_code the 17 gRPC codes, command the Redis commands of the ACL
// (others: "other"), source the three domain services, kind the record kinds the code writes,
// department the first kMaxDepartments departments seen (then "other"), and district only on
// the newest-write gauge, the first kMaxDistricts districts written (then not tracked). No
// histogram has a district label.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "services/common/latency_histogram.h"

namespace devplan::telemetry {

// gRPC and absl status codes are both 0..16.
inline constexpr int kCodes = 17;
// Departments with a series of their own in devplan_facts_written_total; later ones are
// counted as "other" (the policy allows 10,000 identities; a scrape should not).
inline constexpr size_t kMaxDepartments = 64;
// Districts with a devplan_district_last_write_timestamp_seconds series; a process writing
// more (a city has tens) does not track the rest.
inline constexpr size_t kMaxDistricts = 256;

// Seconds; from a cached card (~0.1 ms) to the longest a fan-out may take (60 s).
const std::vector<double>& LatencyBuckets();

// One family's series by status code, each made at its code's first use (a method that
// never failed shows no error series) and read without a lock after. `Family`:
// prometheus::Family<prometheus::Counter>, or HistogramFamily.
template <typename Family, typename T>
class ByCode {
 public:
  ByCode(Family& family, prometheus::Labels labels, std::string code_label = "grpc_code")
      : family_(&family), labels_(std::move(labels)), code_label_(std::move(code_label)) {}
  T& operator[](int code);

 private:
  Family* family_;
  prometheus::Labels labels_;
  std::string code_label_;
  std::array<std::atomic<T*>, kCodes> series_{};
};

using CountersByCode = ByCode<prometheus::Family<prometheus::Counter>, prometheus::Counter>;
using HistogramsByCode = ByCode<HistogramFamily, LatencyHistogram>;

// A method's latency by code; its count is devplan_rpc_requests_total.
struct RpcSeries {
  HistogramsByCode seconds;
};

// The domain services a scorecard fans out to, in the order of their label values.
enum class Source { kInvestment, kEnvironment, kSocial, kCount };
// nullopt-like kCount for a name that is none of them.
Source SourceNamed(absl::string_view service);

// The gateway's routes (services/gateway), in the order of their label values; kCount: none.
enum class HttpRoute {
  kScorecard, kScorecardWatch, kIndicatorHistory, kCompare, kAqiCalendar, kAirQualityDay,
  kMetricDefinitions, kHealth, kStatic, kOther, kCount
};
// HTTP status classes 1xx..5xx.
inline constexpr int kHttpClasses = 5;

struct SourceSeries {
  LatencyHistogram* seconds;
  CountersByCode failures;
};

class Metrics {
 public:
  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // What a scrape collects: the registry and the lock-free histograms.
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables() const;

  // --- every RPC (request_log.cc) ---
  // The series of the method at `path` ("/devplan.v1.ScorecardService/GetScorecard").
  RpcSeries& Rpc(absl::string_view path);

  // --- Redis (redis_pool.cc; redis_health) ---
  // `command`: the command's name as sent ("GET", "EVALSHA"); "pipeline" for a pipeline.
  void RedisCommand(absl::string_view command, double seconds);
  // A caller waited for a free connection (the pool was exhausted) this long.
  void RedisPoolWait(double seconds) { redis_pool_wait_->Observe(seconds); }
  void RedisError(int code) { redis_errors_[code].Increment(); }
  void RedisUp(bool up) { redis_up_->Set(up ? 1 : 0); }

  // --- the aggregator ---
  void CardCache(bool hit) { (hit ? cache_hits_ : cache_misses_)->Increment(); }
  void PartialCard() { partial_cards_->Increment(); }
  // One GetMetrics of a fan-out answered (or failed with `code`) after `seconds`.
  void Fanout(Source source, int code, double seconds);
  void WatchOpened() { watches_open_->Increment(); }
  void WatchClosed() { watches_open_->Decrement(); }
  void WatchPush() { watch_pushes_->Increment(); }

  // --- the domain services (mutation.cc: every accepted write) ---
  // No service label: the scrape target names the service (a label of its own would clash
  // with Prometheus's target label `service`).
  void FactsWritten(absl::string_view kind, absl::string_view department, absl::string_view district);

  // --- ingest (hourly readings) ---
  void ReadingsAccepted(int64_t n) { readings_accepted_->Increment(static_cast<double>(n)); }
  void ReadingsRefused(int64_t n) { readings_refused_->Increment(static_cast<double>(n)); }

  // --- the HTTP gateway: every response, from the request's arrival until it was written (for
  // a live stream, until the stream ended) ---
  void Http(HttpRoute route, int http_status, double seconds);

  // --- access (auth/authorizer.cc: calls refused before any handler) ---
  void AuthRefused(int code) { auth_refused_[code].Increment(); }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<HistogramFamily> rpc_seconds_;
  // Built once, read without a lock: every method of the services the binary has.
  absl::flat_hash_map<std::string, std::unique_ptr<RpcSeries>> methods_;
  std::unique_ptr<RpcSeries> other_method_;

  std::shared_ptr<HistogramFamily> redis_seconds_;
  std::vector<std::pair<std::string, LatencyHistogram*>> redis_commands_;  // sorted by name
  LatencyHistogram* redis_other_command_;
  std::shared_ptr<HistogramFamily> redis_pool_wait_family_;
  LatencyHistogram* redis_pool_wait_;
  CountersByCode redis_errors_;
  prometheus::Gauge* redis_up_;

  prometheus::Counter* cache_hits_;
  prometheus::Counter* cache_misses_;
  prometheus::Counter* partial_cards_;
  std::shared_ptr<HistogramFamily> fanout_seconds_;
  std::vector<std::unique_ptr<SourceSeries>> sources_;
  prometheus::Gauge* watches_open_;
  prometheus::Counter* watch_pushes_;

  prometheus::Family<prometheus::Counter>& facts_written_;
  prometheus::Family<prometheus::Gauge>& last_write_;
  std::mutex writes_mu_;  // writes are Redis round trips: a lock here costs nothing measurable
  std::map<std::pair<std::string, std::string>, prometheus::Counter*> facts_by_kind_;  // kind, department
  std::map<std::string, bool> departments_;  // those with a label of their own
  std::map<std::string, prometheus::Gauge*> districts_;

  std::shared_ptr<HistogramFamily> http_seconds_;
  // Made at first use, like ByCode's series.
  std::array<std::array<std::atomic<LatencyHistogram*>, kHttpClasses>, static_cast<size_t>(HttpRoute::kCount)>
      http_series_{};

  prometheus::Counter* readings_accepted_;
  prometheus::Counter* readings_refused_;
  CountersByCode auth_refused_;
};

// The process's metrics, or nullptr when the server runs without --metrics-listen.
Metrics* Active();
// Makes them (once; later calls answer the same). Call before the server serves.
Metrics& Enable();

// The gRPC/absl code's name as Prometheus labels show it ("OK", "UNAVAILABLE").
const std::string& CodeName(int code);

}  // namespace devplan::telemetry
