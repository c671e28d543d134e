// The HTTP/JSON routes of the gateway (issue #18), each a read of the ScorecardService or a
// domain service over gRPC. Every route checks its path and query before calling, forwards the
// caller's `Authorization: Bearer` token as the call's own (the gateway has no identity of its
// own: a call without a token reaches the servers without one and they answer
// UNAUTHENTICATED), answers protobuf's JSON mapping of the reply with an ETag, and maps a
// gRPC error to Google's HTTP status and error body.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include "absl/time/time.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "devplan/v1/scorecard.grpc.pb.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/telemetry.h"
#include "services/gateway/live_watch.h"
#include "services/gateway/rendered_replies.h"

namespace devplan::gateway {

struct GatewayLimits {
  absl::Duration deadline = absl::Seconds(5);  // each gRPC call; the first card of a watch
  absl::Duration heartbeat = absl::Seconds(15);  // an SSE comment while nothing changes
  size_t max_query_params = 16;
  size_t max_headers = 64;
  size_t max_districts = 3000;  // CompareDistricts' own bound
  size_t max_watches = 16;
  // Replies kept printed (rendered_replies.h): a card is ≈95 KB of wire bytes and JSON.
  size_t max_rendered_replies = 256;
  size_t max_rendered_bytes = 64u << 20;
};

struct Backends {
  std::shared_ptr<grpc::Channel> aggregator;
  std::shared_ptr<grpc::Channel> investment;
  std::shared_ptr<grpc::Channel> environment;
  std::shared_ptr<grpc::Channel> social;
};

class Gateway {
 public:
  Gateway(const Backends& backends, GatewayLimits limits, std::vector<std::string> cors_origins);

  // Routes, CORS, limits and the JSON error pages on `server`.
  void Register(httplib::Server& server);

  // Health turns NOT_SERVING (lame duck); then StopWatches ends every SSE stream.
  void SetServing(bool serving) { serving_ = serving; }
  void StopWatches() { watches_.CloseAll(); }

 private:
  // Calls `method` ("GetScorecard") of `backend`'s service with `request`, the caller's token
  // and the deadline, and answers the reply (a message of `reply_type`'s type) as JSON.
  struct Backend;
  void Answer(const httplib::Request& req, httplib::Response& res, Backend& backend, absl::string_view method,
              const google::protobuf::Message& request, const google::protobuf::Message& reply_type);

  void Scorecard(const httplib::Request& req, httplib::Response& res);
  void WatchScorecard(const httplib::Request& req, httplib::Response& res);
  void IndicatorHistory(const httplib::Request& req, httplib::Response& res);
  void Compare(const httplib::Request& req, httplib::Response& res);
  void AqiCalendar(const httplib::Request& req, httplib::Response& res);
  void AirQualityDay(const httplib::Request& req, httplib::Response& res);
  void MetricDefinitions(const httplib::Request& req, httplib::Response& res);
  void Health(const httplib::Request& req, httplib::Response& res);

  httplib::Server::HandlerResponse Admit(const httplib::Request& req, httplib::Response& res);

  // Reads are called with their wire bytes (a generic stub): a reply printed before is
  // answered from rendered_ without being parsed.
  struct Backend {
    std::string service;  // "devplan.v1.ScorecardService"
    grpc::GenericStub stub;
  };
  Backend aggregator_, investment_, environment_, social_;
  std::unique_ptr<v1::ScorecardService::Stub> scorecard_;  // WatchScorecard
  RenderedReplies rendered_;
  GatewayLimits limits_;
  std::vector<std::string> cors_origins_;
  LiveWatches watches_;
  std::atomic<bool> serving_{true};
};

// The route of a request path, for its metrics' label (kOther: no route of the gateway).
telemetry::HttpRoute RouteOf(absl::string_view path);

// Sets `res` to the JSON error of `code`.
void SetError(httplib::Response& res, grpc::StatusCode code, const std::string& message);

// The strong ETag of a reply body: "\"<32 hex digits of its SHA-256>\"".
std::string EtagOf(const std::string& body);

// True when an If-None-Match header (a list of tags, weak or strong, or "*") names `etag`.
bool IfNoneMatch(const std::string& header, const std::string& etag);

}  // namespace devplan::gateway
