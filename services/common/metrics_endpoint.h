// The HTTP port Prometheus scrapes (--metrics-listen): GET /metrics answers the process's
// metrics (telemetry.h) in Prometheus's text format. Plaintext and without credentials, like
// --health-listen: it tells counts and latencies, never a request's content, a district's
// figures or an identity; bind it to loopback or a monitoring network.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace prometheus {
class Exposer;
}

namespace devplan {

// Threads of the metrics HTTP server (civetweb): a scrape every few seconds needs one; the
// second answers a curl while Prometheus scrapes.
inline constexpr int kMetricsHttpThreads = 2;

class MetricsEndpoint {
 public:
  // Turns the metrics on (telemetry::Enable) and listens on `listen` (host:port; port 0: one
  // the kernel picks). INVALID_ARGUMENT naming --metrics-listen when it cannot bind.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& listen);
  ~MetricsEndpoint();

  int port() const { return port_; }

 private:
  MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer, int port);
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_;
};

}  // namespace devplan
