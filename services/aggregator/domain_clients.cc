#include "services/aggregator/domain_clients.h"

#include <chrono>
#include <functional>

#include <spdlog/spdlog.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/call_scope.h"
#include "services/common/client_channel.h"
#include "services/common/dates.h"
#include "services/common/request_id.h"
#include "services/common/telemetry.h"

namespace devplan::aggregator {
// The three services' stubs differ in type but share the contract's signatures.
class DomainClients::Source {
 public:
  template <typename Service>
  static std::unique_ptr<Source> Of(std::shared_ptr<grpc::Channel> channel) {
    auto stub = std::shared_ptr<typename Service::Stub>(Service::NewStub(channel));
    auto s = std::make_unique<Source>();
    s->get_metrics = [stub](grpc::ClientContext* c, const v1::GetMetricsRequest& req,
                            grpc::CompletionQueue* cq) {
      return stub->AsyncGetMetrics(c, req, cq);
    };
    s->list_definitions = [stub](grpc::ClientContext* c,
                                 const v1::ListMetricDefinitionsRequest& req,
                                 v1::ListMetricDefinitionsResponse* resp) {
      return stub->ListMetricDefinitions(c, req, resp);
    };
    return s;
  }

  std::function<std::unique_ptr<grpc::ClientAsyncResponseReader<v1::GetMetricsResponse>>(
      grpc::ClientContext*, const v1::GetMetricsRequest&, grpc::CompletionQueue*)>
      get_metrics;
  std::function<grpc::Status(grpc::ClientContext*, const v1::ListMetricDefinitionsRequest&,
                             v1::ListMetricDefinitionsResponse*)>
      list_definitions;
};

namespace {

// A domain service that comes back is used within about a second (issue #14, finding 8):
// gRPC's default reconnect backoff grows to 120 s, so a restarted service stayed unused for
// minutes. Reconnecting a dead loopback or LAN peer every second costs one refused SYN.
constexpr int kInitialReconnectBackoffMs = 100;
constexpr int kMaxReconnectBackoffMs = 1000;
// Keepalive pings find a peer that vanished without closing (a cut cable) between fetches;
// the servers accept a ping every 10 s (server_options.h), so 30 s earns no strikes.
constexpr int kKeepaliveTimeMs = 30'000;
constexpr int kKeepaliveTimeoutMs = 10'000;

absl::StatusOr<std::shared_ptr<grpc::Channel>> DomainChannel(
    const std::string& service, const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, kInitialReconnectBackoffMs);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kMaxReconnectBackoffMs);
  // The time one connection attempt may take: a peer that drops SYNs is retried as often.
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, kMaxReconnectBackoffMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs);
  // Its calls (GetMetrics, ListMetricDefinitions) only read: one caught on a replica that
  // just died is sent again to another, within the fetch's deadline.
  return ServiceChannel(address, absl::StrCat("--", service, "-addr"), credentials, args, Retry::kUnavailable);
}

}  // namespace

DomainClients::DomainClients(const std::map<std::string, std::string>& addresses,
                             absl::Duration deadline,
                             std::shared_ptr<grpc::ChannelCredentials> credentials)
    : deadline_(deadline) {
  for (const auto& [service, address] : addresses) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> made = DomainChannel(service, address, credentials);
    if (!made.ok()) {
      // main() checked the flags (ServiceAddressesValidator): only a caller that did not
      // gets here, and the service is then left out as one not configured.
      spdlog::error("{}", std::string(made.status().message()));
      continue;
    }
    const std::shared_ptr<grpc::Channel>& channel = *made;
    if (service == "investment") {
      sources_[service] = Source::Of<v1::InvestmentService>(channel);
    } else if (service == "environment") {
      sources_[service] = Source::Of<v1::EnvironmentService>(channel);
    } else if (service == "social") {
      sources_[service] = Source::Of<v1::SocialService>(channel);
    }
  }
}

DomainClients::~DomainClients() = default;

FetchResult DomainClients::Fetch(const FetchRequest& request) const {
  struct Call {
    grpc::ClientContext context;
    v1::GetMetricsRequest request;
    const Source* source;
    SourceAnswer* answer;
    telemetry::Source metric_source;
  };
  FetchResult result(request.dates.size());
  if (request.dates.empty()) return result;
  std::vector<std::unique_ptr<Call>> calls;
  const auto deadline = absl::ToChronoTime(absl::Now() + deadline_);
  const std::string& trace_id = CurrentCall().trace_id;
  // One call per service for all the dates (GetMetricsRequest.also_as_of): the services read
  // their facts once, and a cold scorecard costs three round trips, not six.
  for (const auto& [service, wanted] : request.by_service) {
    // Empty keys would ask for every metric: a service the plan needs nothing of is skipped.
    if (!sources_.contains(service) || (wanted.keys().empty() && wanted.selections().empty())) {
      continue;
    }
    auto call = std::make_unique<Call>();
    call->context.set_deadline(deadline);
    // Wait for a reconnecting service within the deadline rather than fail at once: with
    // the bounded backoff above, one that just came back answers this very fetch.
    call->context.set_wait_for_ready(true);
    // The request the card is for, in the domain services' logs too.
    if (!trace_id.empty()) call->context.AddMetadata(kRequestIdHeader, trace_id);
    call->request = wanted;
    call->request.set_district(request.district);
    *call->request.mutable_as_of() = ToProtoDate(request.dates[0]);
    for (size_t d = 1; d < request.dates.size(); ++d) {
      *call->request.add_also_as_of() = ToProtoDate(request.dates[d]);
    }
    call->source = sources_.at(service).get();
    call->answer = &result[0][service];
    call->metric_source = telemetry::SourceNamed(service);
    calls.push_back(std::move(call));
  }
  // The calls complete on a queue of this fetch's own, drained by this very thread. A
  // fetch so never waits for a gRPC thread, which matters because it runs inside RPC
  // handlers: were its completions to need the server's callback threads, a few concurrent
  // scorecards blocking those threads would wait on each other for ever.
  grpc::CompletionQueue cq;
  telemetry::Metrics* metrics = telemetry::Active();
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<grpc::ClientAsyncResponseReader<v1::GetMetricsResponse>>> readers;
  for (const std::unique_ptr<Call>& call : calls) {
    Call* c = call.get();
    readers.push_back(c->source->get_metrics(&c->context, c->request, &cq));
    readers.back()->Finish(&c->answer->response, &c->answer->status, c);
  }
  // Every call has the deadline, so each completes (or fails) by then.
  for (size_t pending = calls.size(); pending > 0; --pending) {
    void* tag = nullptr;
    bool ok = false;
    if (!cq.Next(&tag, &ok)) break;
    if (metrics != nullptr) {
      const Call* c = static_cast<const Call*>(tag);
      metrics->Fanout(c->metric_source, static_cast<int>(c->answer->status.error_code()),
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
  }
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
  // Each further date's answer as if it had been a call of its own.
  for (auto& [service, first] : result[0]) {
    for (size_t d = 1; d < request.dates.size(); ++d) {
      SourceAnswer& a = result[d][service];
      a.status = first.status;
      if (!first.status.ok()) continue;
      if (first.response.also_size() != static_cast<int>(request.dates.size()) - 1) {
        a.status = grpc::Status(grpc::StatusCode::INTERNAL,
                                absl::StrCat(service, " answered ", first.response.also_size(),
                                             " further dates of ", request.dates.size() - 1));
        continue;
      }
      a.response.set_district(first.response.district());
      *a.response.mutable_as_of() = first.response.also(static_cast<int>(d) - 1).as_of();
      a.response.mutable_metrics()->Swap(
          first.response.mutable_also(static_cast<int>(d) - 1)->mutable_metrics());
    }
    first.response.clear_also();
  }
  return result;
}

absl::StatusOr<std::map<std::string, std::map<std::string, v1::MetricDefinition>>>
DomainClients::Definitions(bool refresh) const {
  {
    std::lock_guard lock(mu_);
    if (!refresh && definitions_.size() == sources_.size()) return definitions_;
  }
  std::map<std::string, std::map<std::string, v1::MetricDefinition>> all;
  for (const auto& [service, source] : sources_) {
    std::string token;
    do {
      grpc::ClientContext ctx;
      ctx.set_deadline(absl::ToChronoTime(absl::Now() + deadline_));
      ctx.set_wait_for_ready(true);
      if (!CurrentCall().trace_id.empty()) ctx.AddMetadata(kRequestIdHeader, CurrentCall().trace_id);
      v1::ListMetricDefinitionsRequest req;
      req.set_page_size(1000);
      req.set_page_token(token);
      v1::ListMetricDefinitionsResponse resp;
      grpc::Status s = source->list_definitions(&ctx, req, &resp);
      if (!s.ok()) {
        // The code too: a deadline passed while the service started has no message.
        return absl::UnavailableError(absl::StrCat(
            "metric definitions of ", service, " unavailable: ",
            absl::StatusCodeToString(static_cast<absl::StatusCode>(s.error_code())), " ",
            s.error_message()));
      }
      for (const v1::MetricDefinition& d : resp.definitions()) all[service][d.key()] = d;
      token = resp.next_page_token();
    } while (!token.empty());
  }
  std::lock_guard lock(mu_);
  definitions_ = all;
  return all;
}

}  // namespace devplan::aggregator
