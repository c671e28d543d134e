// A histogram of durations that records without a lock, for the metrics every call records
// into (telemetry.h). prometheus-cpp's Histogram takes a mutex per observation and adds with
// compare-and-swap loops on doubles: with 64 callers of a cached scorecard on two cores, that
// mutex is where they would meet. Here an observation is two relaxed atomic adds (its bucket,
// and the sum in nanoseconds); a scrape reads them (a histogram read while calls land may be
// an observation apart between buckets and sum, which Prometheus tolerates).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/labels.h>
#include <prometheus/metric_family.h>

namespace devplan::telemetry {

class LatencyHistogram {
 public:
  // `bounds`: ascending upper bounds in seconds; must outlive the histogram.
  explicit LatencyHistogram(const std::vector<double>& bounds);
  void Observe(double seconds);
  // Cumulative buckets, count and sum, as Prometheus wants them.
  prometheus::ClientMetric::Histogram Snapshot() const;

 private:
  const std::vector<double>& bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // per bound, then +Inf; not cumulative
  std::atomic<uint64_t> sum_ns_{0};
};

// The series of one histogram name, each added once (Add is locked; the histogram it answers
// is then recorded into without one). With `count_name`, each series' count is also exported
// as a counter of that name (devplan_rpc_requests_total from devplan_rpc_duration_seconds), so
// a call adds to one histogram, not to a histogram and a counter.
class HistogramFamily : public prometheus::Collectable {
 public:
  HistogramFamily(std::string name, std::string help, const std::vector<double>& bounds,
                  std::string count_name = "", std::string count_help = "");
  // The series of `labels`, made on first use.
  LatencyHistogram& Add(const prometheus::Labels& labels);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const std::string name_, help_, count_name_, count_help_;
  const std::vector<double>& bounds_;
  mutable std::mutex mu_;
  std::map<prometheus::Labels, std::unique_ptr<LatencyHistogram>> series_;
};

}  // namespace devplan::telemetry
