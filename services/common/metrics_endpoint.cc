#include "services/common/metrics_endpoint.h"

#include <exception>

#include <prometheus/exposer.h>

#include "absl/strings/str_cat.h"
#include "services/common/telemetry.h"

namespace devplan {

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(const std::string& listen) {
  telemetry::Metrics& metrics = telemetry::Enable();
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    // civetweb reads "host:port"; it throws when the address does not parse or bind.
    exposer = std::make_unique<prometheus::Exposer>(listen, kMetricsHttpThreads);
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("--metrics-listen ", listen, ": cannot listen (", e.what(), ")"));
  }
  for (const std::shared_ptr<prometheus::Collectable>& c : metrics.collectables()) exposer->RegisterCollectable(c);
  const std::vector<int> ports = exposer->GetListeningPorts();
  const int port = ports.empty() ? 0 : ports.front();
  return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(std::move(exposer), port));
}

MetricsEndpoint::MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer, int port)
    : exposer_(std::move(exposer)), port_(port) {}

MetricsEndpoint::~MetricsEndpoint() = default;

}  // namespace devplan
