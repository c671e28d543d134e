#include "services/gateway/gateway.h"

#include <openssl/sha.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <optional>

#include <spdlog/spdlog.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/call_scope.h"
#include "services/common/district.h"
#include "services/common/request_id.h"
#include "services/common/telemetry.h"
#include "services/common/validation.h"
#include "services/gateway/connection_pool.h"
#include "services/gateway/gzip.h"
#include "services/gateway/http_status.h"
#include "services/gateway/proto_json.h"
#include "services/gateway/query.h"

namespace devplan::gateway {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";

// A refusal of the gateway's own (absl::Status) as the JSON error of its code.
void Refuse(httplib::Response& res, const absl::Status& status) {
  SetError(res, GrpcCode(status), std::string(status.message()));
}

constexpr char kRequestIdHttpHeader[] = "X-Request-Id";

// When the request being served on this thread arrived: httplib serves a request, from its
// pre-routing handler to its logger, on one thread.
thread_local std::chrono::steady_clock::time_point t_request_start;

// The caller's token becomes the call's, the request's id goes on with it (Admit settled it in
// the response's header); the deadline bounds the call (none for a watch).
absl::Status PrepareContext(const httplib::Request& req, const httplib::Response& res,
                            grpc::ClientContext& context, std::optional<absl::Duration> deadline) {
  if (deadline) context.set_deadline(absl::ToChronoTime(absl::Now() + *deadline));
  context.AddMetadata(kRequestIdHeader, res.get_header_value(kRequestIdHttpHeader));
  const size_t headers = req.get_header_value_count("Authorization");
  if (headers == 0) return absl::OkStatus();
  if (headers > 1) return absl::UnauthenticatedError("Authorization: given more than once");
  absl::StatusOr<std::string> token = BearerToken(req.get_header_value("Authorization"));
  if (!token.ok()) return token.status();
  context.AddMetadata("authorization", absl::StrCat("Bearer ", *token));
  return absl::OkStatus();
}

// A district of the path, checked as the servers check it.
bool DistrictOk(const std::string& district, httplib::Response& res) {
  if (absl::Status ok = ValidateDistrict(district, "district"); !ok.ok()) {
    Refuse(res, ok);
    return false;
  }
  return true;
}

// A card's district (the path), as_of and areas (the query) into `request` (GetScorecard's or
// WatchScorecard's); false when refused, `res` then holds the error.
template <typename CardRequest>
bool CardRequestOf(const httplib::Request& req, httplib::Response& res, size_t max_params, CardRequest& request) {
  const std::string district = req.matches[1];
  if (!DistrictOk(district, res)) return false;
  absl::Status ok = CheckParams(req.params, {"as_of", "areas"}, max_params);
  request.set_district(district);
  if (const std::string as_of = Param(req.params, "as_of"); ok.ok() && !as_of.empty()) {
    absl::StatusOr<v1::Date> date = ParseDate(as_of, "as_of");
    if (date.ok()) *request.mutable_as_of() = *date;
    ok = date.status();
  }
  if (ok.ok()) {
    absl::StatusOr<std::vector<v1::Area>> areas = ParseAreas(Param(req.params, "areas"), "areas");
    if (areas.ok()) {
      for (v1::Area a : *areas) request.add_areas(a);
    }
    ok = areas.status();
  }
  if (!ok.ok()) Refuse(res, ok);
  return ok.ok();
}

std::string SseEvent(const std::string& event, const std::string& data, unsigned long long id = 0) {
  return absl::StrCat(id ? absl::StrCat("id: ", id, "\n") : "", "event: ", event, "\ndata: ", data, "\n\n");
}

}  // namespace

telemetry::HttpRoute RouteOf(absl::string_view path) {
  using R = telemetry::HttpRoute;
  if (path == "/healthz") return R::kHealth;
  if (path == "/v1/scorecards:compare") return R::kCompare;
  if (absl::ConsumePrefix(&path, "/v1/services/")) {
    return absl::EndsWith(path, "/metricDefinitions") ? R::kMetricDefinitions : R::kOther;
  }
  if (absl::ConsumePrefix(&path, "/v1/districts/")) {
    if (absl::EndsWith(path, "/scorecard")) return R::kScorecard;
    if (absl::EndsWith(path, "/scorecard:watch")) return R::kScorecardWatch;
    if (absl::EndsWith(path, "/history")) return R::kIndicatorHistory;
    if (absl::EndsWith(path, "/aqiCalendar")) return R::kAqiCalendar;
    if (absl::StrContains(path, "/airQualityDays/")) return R::kAirQualityDay;
    return R::kOther;
  }
  if (path == "/" || absl::StartsWith(path, "/static/")) return R::kStatic;
  return R::kOther;
}

void SetError(httplib::Response& res, grpc::StatusCode code, const std::string& message) {
  res.status = HttpStatusFor(code);
  res.set_content(ErrorJson(code, message), kJson);
}

std::string EtagOf(const std::string& body) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  // 128 bits tell two replies apart as well as 256 and keep the header short.
  return absl::StrCat("\"", absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), 16)), "\"");
}

bool IfNoneMatch(const std::string& header, const std::string& etag) {
  for (absl::string_view tag : absl::StrSplit(header, ',')) {
    tag = absl::StripAsciiWhitespace(tag);
    if (tag == "*") return true;
    // If-None-Match compares weakly (RFC 9110 13.1.2).
    absl::ConsumePrefix(&tag, "W/");
    if (tag == etag) return true;
  }
  return false;
}

Gateway::Gateway(const Backends& backends, GatewayLimits limits, std::vector<std::string> cors_origins)
    : aggregator_{v1::ScorecardService::service_full_name(), grpc::GenericStub(backends.aggregator)},
      investment_{v1::InvestmentService::service_full_name(), grpc::GenericStub(backends.investment)},
      environment_{v1::EnvironmentService::service_full_name(), grpc::GenericStub(backends.environment)},
      social_{v1::SocialService::service_full_name(), grpc::GenericStub(backends.social)},
      scorecard_(v1::ScorecardService::NewStub(backends.aggregator)),
      rendered_(limits.max_rendered_replies, limits.max_rendered_bytes),
      limits_(limits),
      cors_origins_(std::move(cors_origins)),
      watches_(limits.max_watches) {}

void Gateway::Register(httplib::Server& server) {
  server.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) { return Admit(req, res); });
  server.Get(R"(/v1/districts/([^/]+)/scorecard)",
             [this](const httplib::Request& req, httplib::Response& res) { Scorecard(req, res); });
  server.Get(R"(/v1/districts/([^/]+)/scorecard:watch)",
             [this](const httplib::Request& req, httplib::Response& res) { WatchScorecard(req, res); });
  server.Get(R"(/v1/districts/([^/]+)/indicators/([^/]+)/history)",
             [this](const httplib::Request& req, httplib::Response& res) { IndicatorHistory(req, res); });
  server.Get(R"(/v1/scorecards:compare)",
             [this](const httplib::Request& req, httplib::Response& res) { Compare(req, res); });
  server.Get(R"(/v1/districts/([^/]+)/aqiCalendar)",
             [this](const httplib::Request& req, httplib::Response& res) { AqiCalendar(req, res); });
  server.Get(R"(/v1/districts/([^/]+)/airQualityDays/([^/]+))",
             [this](const httplib::Request& req, httplib::Response& res) { AirQualityDay(req, res); });
  server.Get(R"(/v1/services/([^/]+)/metricDefinitions)",
             [this](const httplib::Request& req, httplib::Response& res) { MetricDefinitions(req, res); });
  server.Get("/healthz", [this](const httplib::Request& req, httplib::Response& res) { Health(req, res); });
  // Errors the library answers itself (no route, a request line too long) get the same body.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 404) {
      res.set_content(ErrorJson(grpc::StatusCode::NOT_FOUND,
                                absl::StrCat("no route ", req.method, " ", req.path)), kJson);
    } else if (res.status == 414) {
      res.set_content(ErrorJson(414, grpc::StatusCode::INVALID_ARGUMENT,
                                "the request target is longer than 8192 bytes"), kJson);
    } else if (res.status == 400) {
      res.set_content(ErrorJson(400, grpc::StatusCode::INVALID_ARGUMENT,
                                "malformed request, or a header line longer than 8192 bytes"), kJson);
    } else {
      res.set_content(ErrorJson(res.status, res.status < 500 ? grpc::StatusCode::INVALID_ARGUMENT
                                                             : grpc::StatusCode::INTERNAL,
                                absl::StrCat("HTTP ", res.status)), kJson);
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_start).count();
    if (telemetry::Metrics* m = telemetry::Active()) m->Http(RouteOf(req.path), res.status, seconds);
    // The line carries the request's id as a server's call lines do (text and json formats).
    CallIdentity call;
    call.trace_id = res.get_header_value(kRequestIdHttpHeader);
    CallScope scope(std::move(call));
    spdlog::info("{} {} {} {} {:.1f} ms", req.remote_addr, req.method, req.path, res.status, seconds * 1000);
  });
}

httplib::Server::HandlerResponse Gateway::Admit(const httplib::Request& req, httplib::Response& res) {
  using H = httplib::Server::HandlerResponse;
  t_request_start = std::chrono::steady_clock::now();
  // The caller's id when it is fit for a log line and a header, else one of ours; answered in
  // the response and passed on to the servers (request_id.h).
  std::string id = req.get_header_value(kRequestIdHttpHeader);
  if (req.get_header_value_count(kRequestIdHttpHeader) != 1 || !IsValidRequestId(id)) id = NewRequestId();
  res.set_header(kRequestIdHttpHeader, id);
  if (ConnectionPool::Overloaded()) {
    res.set_header("Retry-After", "1");
    SetError(res, grpc::StatusCode::UNAVAILABLE,
             "gateway busy: every connection thread is taken and the queue is full; retry with backoff");
    return H::Handled;
  }
  if (req.headers.size() > limits_.max_headers) {
    res.status = 431;
    res.set_content(ErrorJson(431, grpc::StatusCode::INVALID_ARGUMENT,
                              absl::StrCat("too many header fields: ", req.headers.size(), " (at most ",
                                           limits_.max_headers, ")")),
                    kJson);
    return H::Handled;
  }
  const std::string origin = req.get_header_value("Origin");
  const bool cors = !origin.empty() &&
                    std::find(cors_origins_.begin(), cors_origins_.end(), origin) != cors_origins_.end();
  if (cors) {
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Access-Control-Expose-Headers", "ETag, X-Request-Id");
    res.set_header("Vary", "Origin");
  }
  if (req.method == "OPTIONS") {
    if (!cors) {
      SetError(res, grpc::StatusCode::PERMISSION_DENIED,
               absl::StrCat("Origin: ", origin.empty() ? "none" : QuoteForError(origin),
                            " is not allowed (--cors-origins)"));
      return H::Handled;
    }
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "GET");
    res.set_header("Access-Control-Allow-Headers", "Authorization, If-None-Match, Last-Event-ID, X-Request-Id");
    res.set_header("Access-Control-Max-Age", "600");
    return H::Handled;
  }
  if (req.method != "GET") {
    res.status = 405;
    res.set_header("Allow", "GET");
    res.set_content(ErrorJson(405, grpc::StatusCode::UNIMPLEMENTED,
                              absl::StrCat("method ", req.method, " not allowed: the gateway only reads")),
                    kJson);
    return H::Handled;
  }
  return H::Unhandled;
}

void Gateway::Answer(const httplib::Request& req, httplib::Response& res, Backend& backend,
                     absl::string_view method, const google::protobuf::Message& request,
                     const google::protobuf::Message& reply_type) {
  grpc::ClientContext context;
  if (absl::Status ok = PrepareContext(req, res, context, limits_.deadline); !ok.ok()) return Refuse(res, ok);
  const std::string wire_request = request.SerializeAsString();
  grpc::Slice request_slice(wire_request);
  const grpc::ByteBuffer request_buffer(&request_slice, 1);
  grpc::ByteBuffer reply_buffer;
  // The generic stub's unary call completes on a gRPC thread; this connection's thread waits
  // for it (the context's deadline bounds the wait).
  std::mutex mu;
  std::condition_variable done_cv;
  std::optional<grpc::Status> done;
  backend.stub.UnaryCall(&context, absl::StrCat("/", backend.service, "/", method), grpc::StubOptions(),
                         &request_buffer, &reply_buffer, [&](grpc::Status status) {
                           std::lock_guard<std::mutex> lock(mu);
                           done = std::move(status);
                           done_cv.notify_one();
                         });
  grpc::Status status;
  {
    std::unique_lock<std::mutex> lock(mu);
    done_cv.wait(lock, [&] { return done.has_value(); });
    status = *std::move(done);
  }
  if (!status.ok()) return SetError(res, status.error_code(), status.error_message());
  std::vector<grpc::Slice> slices;
  if (!reply_buffer.Dump(&slices).ok()) return SetError(res, grpc::StatusCode::INTERNAL, "the reply cannot be read");
  std::string wire;
  wire.reserve(reply_buffer.Length());
  for (const grpc::Slice& slice : slices) wire.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  absl::StatusOr<std::shared_ptr<const Rendered>> rendered = rendered_.Render(std::move(wire), reply_type);
  if (!rendered.ok()) return SetError(res, grpc::StatusCode::INTERNAL, std::string(rendered.status().message()));
  // gzip when the client takes it and the reply is long enough to have one (gzip.h).
  const bool gzip = !(*rendered)->gzip.empty() && AcceptsGzip(req.get_header_value("Accept-Encoding"));
  const std::string& etag = gzip ? (*rendered)->gzip_etag : (*rendered)->etag;
  res.set_header("ETag", etag);
  res.set_header("Vary", "Accept-Encoding");
  // Replies depend on who asks: shared caches keep none, and a client revalidates each time
  // (a 304 costs a cached card's one Redis GET and no body).
  res.set_header("Cache-Control", "private, no-cache");
  if (IfNoneMatch(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  if (gzip) res.set_header("Content-Encoding", "gzip");
  res.set_content(gzip ? (*rendered)->gzip : (*rendered)->json, kJson);
}

void Gateway::Scorecard(const httplib::Request& req, httplib::Response& res) {
  v1::GetScorecardRequest request;
  if (!CardRequestOf(req, res, limits_.max_query_params, request)) return;
  Answer(req, res, aggregator_, "GetScorecard", request, v1::Scorecard::default_instance());
}

void Gateway::WatchScorecard(const httplib::Request& req, httplib::Response& res) {
  v1::WatchScorecardRequest request;
  if (!CardRequestOf(req, res, limits_.max_query_params, request)) return;
  // A reconnecting EventSource sends the last id it saw; ids go on from there, and the
  // current card comes at once (WatchScorecard begins with it).
  unsigned long long last_id = 0;
  if (const std::string last = req.get_header_value("Last-Event-ID"); !last.empty()) {
    const char* end = last.data() + last.size();
    auto parsed = std::from_chars(last.data(), end, last_id);
    if (parsed.ec != std::errc() || parsed.ptr != end) {
      return Refuse(res, absl::InvalidArgumentError("Last-Event-ID: not an event id of this gateway (a decimal number)"));
    }
  }
  auto context = std::make_unique<grpc::ClientContext>();
  if (absl::Status ok = PrepareContext(req, res, *context, std::nullopt); !ok.ok()) return Refuse(res, ok);
  std::shared_ptr<LiveWatch> watch = watches_.Open(*scorecard_, request, std::move(context));
  if (!watch) {
    res.set_header("Retry-After", "5");
    return SetError(res, grpc::StatusCode::RESOURCE_EXHAUSTED,
                    absl::StrCat("too many live streams: ", watches_.max(),
                                 " open (--max-sse-clients), or the gateway is stopping; retry later"));
  }
  // Refusals (a bad token, no plan, no permission) come before the first card: they are
  // answered as HTTP errors, not as an event stream.
  grpc::Status status;
  switch (watch->WaitFirst(limits_.deadline, &status)) {
    case LiveWatch::Next::kCard: break;
    case LiveWatch::Next::kEnded:
      if (status.ok()) status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "the watch ended; reconnect");
      return SetError(res, status.error_code(), status.error_message());
    case LiveWatch::Next::kTimeout:
      return SetError(res, grpc::StatusCode::DEADLINE_EXCEEDED, "no scorecard within the call deadline");
    case LiveWatch::Next::kClosed:
      return SetError(res, grpc::StatusCode::UNAVAILABLE, "the gateway is stopping; reconnect");
  }
  watch->SetLastEventId(last_id);
  res.set_header("Cache-Control", "no-store");
  const absl::Duration heartbeat = limits_.heartbeat;
  res.set_chunked_content_provider(
      "text/event-stream",
      [watch, heartbeat](size_t, httplib::DataSink& sink) {
        std::string json;
        grpc::Status end;
        std::string out;
        switch (watch->Take(heartbeat, &json, &end)) {
          case LiveWatch::Next::kCard:
            out = SseEvent("scorecard", json, watch->NextEventId());
            return sink.write(out.data(), out.size());
          case LiveWatch::Next::kTimeout:
            // A comment: keeps proxies from closing an idle stream, and finds a client gone.
            out = ": heartbeat\n\n";
            return sink.write(out.data(), out.size());
          case LiveWatch::Next::kEnded:
            if (end.ok()) end = grpc::Status(grpc::StatusCode::UNAVAILABLE, "the watch ended; reconnect");
            out = SseEvent("error", ErrorJson(end.error_code(), end.error_message()));
            break;
          case LiveWatch::Next::kClosed:
            out = SseEvent("error", ErrorJson(grpc::StatusCode::UNAVAILABLE, "the gateway is stopping; reconnect"));
            break;
        }
        if (!sink.write(out.data(), out.size())) return false;
        sink.done();
        return true;
      },
      [watch](bool) { watch->Close(); });
}

void Gateway::IndicatorHistory(const httplib::Request& req, httplib::Response& res) {
  const std::string district = req.matches[1];
  if (!DistrictOk(district, res)) return;
  if (absl::Status ok = CheckParams(req.params, {"year", "from_month", "to_month"}, limits_.max_query_params);
      !ok.ok()) {
    return Refuse(res, ok);
  }
  absl::StatusOr<int> year = ParseInt(Param(req.params, "year"), "year", 1949, 2100, 0);
  if (!year.ok()) return Refuse(res, year.status());
  absl::StatusOr<int> from = ParseInt(Param(req.params, "from_month"), "from_month", 1, 12, 0);
  if (!from.ok()) return Refuse(res, from.status());
  absl::StatusOr<int> to = ParseInt(Param(req.params, "to_month"), "to_month", 1, 12, 0);
  if (!to.ok()) return Refuse(res, to.status());
  v1::GetIndicatorHistoryRequest request;
  request.set_district(district);
  request.set_indicator(req.matches[2]);
  request.set_year(*year);
  request.set_from_month(*from);
  request.set_to_month(*to);
  Answer(req, res, aggregator_, "GetIndicatorHistory", request, v1::IndicatorHistory::default_instance());
}

void Gateway::Compare(const httplib::Request& req, httplib::Response& res) {
  if (absl::Status ok = CheckParams(req.params, {"as_of", "districts"}, limits_.max_query_params); !ok.ok()) {
    return Refuse(res, ok);
  }
  v1::CompareDistrictsRequest request;
  if (const std::string as_of = Param(req.params, "as_of"); !as_of.empty()) {
    absl::StatusOr<v1::Date> date = ParseDate(as_of, "as_of");
    if (!date.ok()) return Refuse(res, date.status());
    *request.mutable_as_of() = *date;
  }
  absl::StatusOr<std::vector<std::string>> districts =
      ParseDistricts(Param(req.params, "districts"), "districts", limits_.max_districts);
  if (!districts.ok()) return Refuse(res, districts.status());
  for (const std::string& d : *districts) request.add_districts(d);
  Answer(req, res, aggregator_, "CompareDistricts", request, v1::DistrictComparison::default_instance());
}

void Gateway::AqiCalendar(const httplib::Request& req, httplib::Response& res) {
  const std::string district = req.matches[1];
  if (!DistrictOk(district, res)) return;
  if (absl::Status ok = CheckParams(req.params, {"start_date", "end_date"}, limits_.max_query_params); !ok.ok()) {
    return Refuse(res, ok);
  }
  v1::GetAqiCalendarRequest request;
  request.set_district(district);
  for (const char* param : {"start_date", "end_date"}) {
    const std::string value = Param(req.params, param);
    if (value.empty()) return Refuse(res, absl::InvalidArgumentError(absl::StrCat(param, ": required")));
    absl::StatusOr<v1::Date> date = ParseDate(value, param);
    if (!date.ok()) return Refuse(res, date.status());
    *(std::string(param) == "start_date" ? request.mutable_start_date() : request.mutable_end_date()) = *date;
  }
  Answer(req, res, environment_, "GetAqiCalendar", request, v1::GetAqiCalendarResponse::default_instance());
}

void Gateway::AirQualityDay(const httplib::Request& req, httplib::Response& res) {
  const std::string district = req.matches[1];
  if (!DistrictOk(district, res)) return;
  if (absl::Status ok = CheckParams(req.params, {}, limits_.max_query_params); !ok.ok()) return Refuse(res, ok);
  const std::string day = req.matches[2];
  if (absl::StatusOr<v1::Date> date = ParseDate(day, "date"); !date.ok()) return Refuse(res, date.status());
  v1::GetAirQualityDayRequest request;
  request.set_name(absl::StrCat("districts/", district, "/airQualityDays/", day));
  Answer(req, res, environment_, "GetAirQualityDay", request, v1::AirQualityDay::default_instance());
}

void Gateway::MetricDefinitions(const httplib::Request& req, httplib::Response& res) {
  const std::string service = req.matches[1];
  if (absl::Status ok = CheckParams(req.params, {"page_size", "page_token"}, limits_.max_query_params); !ok.ok()) {
    return Refuse(res, ok);
  }
  absl::StatusOr<int> page_size = ParseInt(Param(req.params, "page_size"), "page_size", 0, 1000, 0);
  if (!page_size.ok()) return Refuse(res, page_size.status());
  v1::ListMetricDefinitionsRequest request;
  request.set_page_size(*page_size);
  request.set_page_token(Param(req.params, "page_token"));
  Backend* backend = service == "investment"    ? &investment_
                     : service == "environment" ? &environment_
                     : service == "social"      ? &social_
                                                : nullptr;
  if (backend == nullptr) {
    return SetError(res, grpc::StatusCode::NOT_FOUND,
                    "service: no domain service by that name; one of investment, environment, social");
  }
  Answer(req, res, *backend, "ListMetricDefinitions", request, v1::ListMetricDefinitionsResponse::default_instance());
}

void Gateway::Health(const httplib::Request& req, httplib::Response& res) {
  if (absl::Status ok = CheckParams(req.params, {}, limits_.max_query_params); !ok.ok()) return Refuse(res, ok);
  const bool serving = serving_;
  res.status = serving ? 200 : 503;
  res.set_header("Cache-Control", "no-store");
  res.set_content(absl::StrCat(R"({"status":")", serving ? "SERVING" : "NOT_SERVING",
                               R"(","liveStreams":)", watches_.open(), "}"),
                  kJson);
}

}  // namespace devplan::gateway
