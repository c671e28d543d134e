// The aggregator's view of the three domain services: only the shared metrics contract.
// Fetches are concurrent with one deadline, so one slow or dead service costs at most the
// deadline and never blanks the others' answers: a call waits for its service to
// (re)connect until then, and a service reconnects at most a second after it comes back.
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "devplan/v1/common.pb.h"

namespace devplan::aggregator {

// One service's answer to one GetMetrics.
struct SourceAnswer {
  grpc::Status status;
  v1::GetMetricsResponse response;
};

// What to ask: per service, the metric keys and the metrics narrowed to named records (a
// plan's SourceMetric.members), as one GetMetricsRequest whose district and dates Fetch fills:
// one GetMetrics per service, the first date its as_of and the others its also_as_of.
struct FetchRequest {
  std::string district;
  std::vector<absl::CivilDay> dates;
  std::map<std::string, v1::GetMetricsRequest> by_service;
};

// answers[date index][service]
using FetchResult = std::vector<std::map<std::string, SourceAnswer>>;

class DomainClients {
 public:
  // `addresses`: service name ("investment", "environment", "social") → its address, a list
  // of its replicas' or a dns:/// name (client_channel.h: calls balanced round_robin over
  // the healthy replicas, so one that dies is skipped within the fetch's deadline).
  // `credentials`: TLS with the aggregator's own client certificate in a deployment.
  DomainClients(const std::map<std::string, std::string>& addresses, absl::Duration deadline,
                std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials());
  ~DomainClients();

  // Every GetMetrics of `request` at once; returns when all answered or the deadline passed
  // (late ones answer DEADLINE_EXCEEDED).
  FetchResult Fetch(const FetchRequest& request) const;

  // Every service's metric definitions, by service then key. UNAVAILABLE naming the service
  // when one does not answer. Cached after the first complete answer; `refresh` re-asks.
  absl::StatusOr<std::map<std::string, std::map<std::string, v1::MetricDefinition>>>
  Definitions(bool refresh = false) const;

 private:
  class Source;
  std::map<std::string, std::unique_ptr<Source>> sources_;
  absl::Duration deadline_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::map<std::string, v1::MetricDefinition>> definitions_;
};

}  // namespace devplan::aggregator
