#include "services/common/latency_histogram.h"

#include <algorithm>
#include <cmath>

#include <prometheus/client_metric.h>
#include <prometheus/metric_type.h>

namespace devplan::telemetry {

LatencyHistogram::LatencyHistogram(const std::vector<double>& bounds)
    : bounds_(bounds), counts_(new std::atomic<uint64_t>[bounds.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void LatencyHistogram::Observe(double seconds) {
  // Prometheus's buckets are "less than or equal to" their bound.
  const size_t bucket =
      static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), seconds) - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  const uint64_t ns = seconds > 0 ? static_cast<uint64_t>(std::llround(seconds * 1e9)) : 0;
  sum_ns_.fetch_add(ns, std::memory_order_relaxed);
}

prometheus::ClientMetric::Histogram LatencyHistogram::Snapshot() const {
  prometheus::ClientMetric::Histogram h;
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    h.bucket.push_back({.cumulative_count = cumulative,
                        .upper_bound = i < bounds_.size() ? bounds_[i] : INFINITY});
  }
  h.sample_count = cumulative;
  h.sample_sum = static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9;
  return h;
}

HistogramFamily::HistogramFamily(std::string name, std::string help, const std::vector<double>& bounds,
                                 std::string count_name, std::string count_help)
    : name_(std::move(name)),
      help_(std::move(help)),
      count_name_(std::move(count_name)),
      count_help_(std::move(count_help)),
      bounds_(bounds) {}

LatencyHistogram& HistogramFamily::Add(const prometheus::Labels& labels) {
  std::lock_guard lock(mu_);
  std::unique_ptr<LatencyHistogram>& h = series_[labels];
  if (!h) h = std::make_unique<LatencyHistogram>(bounds_);
  return *h;
}

std::vector<prometheus::MetricFamily> HistogramFamily::Collect() const {
  prometheus::MetricFamily histograms{.name = name_, .help = help_, .type = prometheus::MetricType::Histogram,
                                      .metric = {}};
  prometheus::MetricFamily counts{.name = count_name_, .help = count_help_,
                                  .type = prometheus::MetricType::Counter, .metric = {}};
  {
    std::lock_guard lock(mu_);
    for (const auto& [labels, h] : series_) {
      prometheus::ClientMetric m;
      for (const auto& [k, v] : labels) m.label.push_back({.name = k, .value = v});
      m.histogram = h->Snapshot();
      if (!count_name_.empty()) {
        prometheus::ClientMetric c;
        c.label = m.label;
        c.counter.value = static_cast<double>(m.histogram.sample_count);
        counts.metric.push_back(std::move(c));
      }
      histograms.metric.push_back(std::move(m));
    }
  }
  std::vector<prometheus::MetricFamily> out;
  out.push_back(std::move(histograms));
  if (!count_name_.empty()) out.push_back(std::move(counts));
  return out;
}

}  // namespace devplan::telemetry
