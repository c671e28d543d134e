// Prints how fast the ScorecardService answers against a running suite with data loaded
// (scripts/bench.sh starts one with the SAMPLE data). Figures are printed, never asserted;
// the result is a table of ratios to a floor measured in the same run (floor_server.h):
// absolute times on a shared machine are noise, ratios are not.
//
//   cold:  GetScorecard for dates never asked before (every call a fan-out and scoring)
//   warm:  the same card asked again and again by several client threads (the cache)
//   watch: from a write acknowledged by the SocialService to the changed card arriving on
//          a WatchScorecard stream
//   auth:  with --plain-aggregator-addr (a second suite, started --insecure, serving the same
//          data), the warm run over TLS with this client's credentials against the same run
//          in plaintext, in alternating rounds so both see the same machine; printed as the
//          ratio TLS / plaintext of calls per second (issue #13 asks for >= 0.85)
//   gateway: with --gateway-addr (gateway_server in front of the TLS suite), the cached card as
//          JSON over HTTP/1.1 keep-alive against the same card over gRPC with TLS, the same
//          number of callers, in alternating rounds (issue #18 asks for >= 0.7); and each
//          watch write's card on the gateway's Server-Sent Events stream against the gRPC
//          watch (issue #18: within 20 ms)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "devplan/v1/scorecard.grpc.pb.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/client_security.h"
#include "services/common/dates.h"
#include "tests/aggregator/bench/floor_server.h"

using namespace devplan;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Latencies {
  std::vector<double> ms;
  double Percentile(double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))];
  }
};

v1::Date D(absl::CivilDay d) { return ToProtoDate(d); }

bool GetCard(v1::ScorecardService::Stub& stub, const std::string& district, absl::CivilDay as_of,
             v1::Scorecard* card) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::GetScorecardRequest req;
  req.set_district(district);
  *req.mutable_as_of() = D(as_of);
  grpc::Status s = stub.GetScorecard(&ctx, req, card);
  if (!s.ok()) std::fprintf(stderr, "GetScorecard: %s\n", s.error_message().c_str());
  return s.ok();
}

// `threads` callers asking for one cached card on `channel` for `length`; every latency.
Latencies WarmRun(const std::shared_ptr<grpc::Channel>& channel, int threads,
                  std::chrono::milliseconds length, const std::string& district,
                  absl::CivilDay day, double* calls_per_second) {
  std::atomic<bool> stop{false};
  std::vector<Latencies> per_thread(threads);
  std::vector<std::thread> pool;
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      auto s = v1::ScorecardService::NewStub(channel);
      v1::Scorecard c;
      while (!stop) {
        const auto t0 = Clock::now();
        if (!GetCard(*s, district, day, &c)) return;
        per_thread[t].ms.push_back(Ms(Clock::now() - t0));
      }
    });
  }
  std::this_thread::sleep_for(length);
  stop = true;
  for (auto& th : pool) th.join();
  Latencies all;
  for (auto& l : per_thread) all.ms.insert(all.ms.end(), l.ms.begin(), l.ms.end());
  *calls_per_second = all.ms.size() / (Ms(Clock::now() - start) / 1000);
  return all;
}

// `callers` HTTP clients, each on its own keep-alive connection, asking the gateway for one
// cached card for `length`; calls per second (0 when a call failed).
double GatewayRun(const std::string& gateway, const std::string& path, const std::string& token, int callers,
                  std::chrono::milliseconds length) {
  std::atomic<bool> stop{false}, failed{false};
  std::atomic<long> calls{0};
  std::vector<std::thread> pool;
  const auto start = Clock::now();
  for (int t = 0; t < callers; ++t) {
    pool.emplace_back([&] {
      httplib::Client client("http://" + gateway);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(10, 0);
      const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
      while (!stop) {
        httplib::Result r = client.Get(path, headers);
        if (!r || r->status != 200) {
          std::fprintf(stderr, "gateway GET %s: %s\n", path.c_str(),
                       r ? std::to_string(r->status).c_str() : httplib::to_string(r.error()).c_str());
          failed = true;
          return;
        }
        ++calls;
      }
    });
  }
  std::this_thread::sleep_for(length);
  stop = true;
  for (auto& th : pool) th.join();
  return failed ? 0 : calls / (Ms(Clock::now() - start) / 1000);
}

// The gateway's scorecard:watch stream, read on a thread of its own: when each event arrived.
class SseArrivals {
 public:
  SseArrivals(const std::string& gateway, const std::string& path, const std::string& token)
      : client_("http://" + gateway) {
    client_.set_read_timeout(60, 0);
    thread_ = std::thread([this, path, token] {
      const httplib::Headers headers = {{"Authorization", "Bearer " + token}, {"Accept", "text/event-stream"}};
      client_.Get(path, headers, [this](const char* data, size_t n) {
        buffer_.append(data, n);
        // One arrival per complete `event: scorecard` block.
        size_t end;
        while ((end = buffer_.find("\n\n")) != std::string::npos) {
          const bool card = buffer_.find("event: scorecard\n") < end;
          buffer_.erase(0, end + 2);
          if (!card) continue;
          std::lock_guard<std::mutex> lock(mu_);
          arrivals_.push_back(Clock::now());
          cv_.notify_all();
        }
        return !stop_;
      });
    });
  }
  ~SseArrivals() {
    stop_ = true;
    client_.stop();
    thread_.join();
  }
  // The next arrival, or nullopt after `timeout`.
  std::optional<Clock::time_point> Next(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, timeout, [&] { return !arrivals_.empty(); })) return std::nullopt;
    Clock::time_point t = arrivals_.front();
    arrivals_.pop_front();
    return t;
  }

 private:
  httplib::Client client_;
  std::atomic<bool> stop_{false};
  std::string buffer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Clock::time_point> arrivals_;
  std::thread thread_;
};

// `calls` calls of `call` one after another; their latencies.
template <typename Call>
Latencies Sequential(int calls, Call call) {
  Latencies l;
  for (int i = 0; i < calls; ++i) {
    const auto t0 = Clock::now();
    if (!call(i)) break;
    l.ms.push_back(Ms(Clock::now() - t0));
  }
  return l;
}

// Cold: each date of 2024 from 1 January, asked once.
Latencies ColdRun(v1::ScorecardService::Stub& stub, const std::string& district, int days,
                  v1::Scorecard* card) {
  return Sequential(days, [&](int i) { return GetCard(stub, district, absl::CivilDay(2024, 1, 1) + i, card); });
}

// GetMetrics of one domain service (all its metrics, one date), by the service's name.
bool GetMetrics(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                const std::string& district, absl::CivilDay as_of) {
  v1::GetMetricsRequest req;
  req.set_district(district);
  *req.mutable_as_of() = D(as_of);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::GetMetricsResponse resp;
  grpc::Status s;
  if (service == "investment") {
    s = v1::InvestmentService::NewStub(channel)->GetMetrics(&ctx, req, &resp);
  } else if (service == "environment") {
    s = v1::EnvironmentService::NewStub(channel)->GetMetrics(&ctx, req, &resp);
  } else {
    s = v1::SocialService::NewStub(channel)->GetMetrics(&ctx, req, &resp);
  }
  if (!s.ok()) std::fprintf(stderr, "%s GetMetrics: %s\n", service.c_str(), s.error_message().c_str());
  return s.ok() && resp.metrics_size() > 0;
}

struct Row {
  std::string what, measured, floor, ratio, goal;
};

std::string F(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

void PrintTable(const std::vector<Row>& rows) {
  std::printf("\n%-58s %14s %14s %9s %9s\n", "what", "measured", "floor", "ratio", "goal");
  for (const Row& r : rows) {
    std::printf("%-58s %14s %14s %9s %9s\n", r.what.c_str(), r.measured.c_str(), r.floor.c_str(),
                r.ratio.c_str(), r.goal.c_str());
  }
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string aggregator = "127.0.0.1:50050", social = "127.0.0.1:50053", district = "410108";
  int threads = 64, seconds = 5, cold_days = 60, watch_writes = 20, metric_calls = 200;
  CLI::App app{"ScorecardService figures against a running suite, as ratios to a floor"};
  app.add_option("--aggregator-addr", aggregator)->envname("DEVPLAN_AGGREGATOR_ADDR");
  app.add_option("--social-addr", social)->envname("DEVPLAN_SOCIAL_ADDR");
  app.add_option("--district", district);
  app.add_option("--threads", threads, "concurrent callers of the cached runs (each its own thread)")
      ->check(CLI::Range(1, 256));
  app.add_option("--seconds", seconds, "length of each cached run")->check(CLI::Range(1, 600));
  app.add_option("--cold-days", cold_days, "distinct dates of the cold run")->check(CLI::Range(1, 366));
  app.add_option("--watch-writes", watch_writes)->check(CLI::Range(1, 1000));
  app.add_option("--metric-calls", metric_calls, "GetMetrics calls per service")->check(CLI::Range(1, 100000));
  std::string plain_aggregator;
  std::map<std::string, std::string> plain_domain;
  int rounds = 6;
  app.add_option("--plain-aggregator-addr", plain_aggregator,
                 "an aggregator started --insecure with the same data: the ratios to the floor "
                 "are measured on it, and TLS is compared with it");
  for (const char* service : {"investment", "environment", "social"}) {
    app.add_option(std::string("--plain-") + service + "-addr", plain_domain[service],
                   "that suite's service, for its GetMetrics figures");
  }
  std::string unmetered_aggregator;
  app.add_option("--unmetered-aggregator-addr", unmetered_aggregator,
                 "a second aggregator of the same suite, started without --metrics-listen: the "
                 "cached run alternates between the two, to price the metrics (issue #17)");
  std::string gateway;
  int gateway_callers = 16;
  app.add_option("--gateway-addr", gateway,
                 "gateway_server (host:port) in front of the suite of --aggregator-addr: its cached "
                 "card and its live stream against gRPC's (needs --token-file)");
  app.add_option("--gateway-callers", gateway_callers,
                 "concurrent callers of the gateway comparison, over HTTP and over gRPC alike (the "
                 "gateway serves one request per connection thread)")
      ->check(CLI::Range(1, 256));
  app.add_option("--rounds", rounds, "alternating rounds of the cached runs, each --seconds long")
      ->check(CLI::Range(1, 100));
  // Reads as one identity (--cert/--key or --token-file), the watch's writes as a department
  // that reports new urban jobs (--writer-cert/--writer-key).
  devplan::ClientSecurity reader, writer;
  devplan::AddClientSecurityFlags(app, reader);
  app.add_option("--writer-cert", writer.cert, "the social writer's client certificate (PEM)");
  app.add_option("--writer-key", writer.key, "its private key (PEM)");
  CLI11_PARSE(app, argc, argv);
  writer.insecure = reader.insecure;
  writer.tls_ca = reader.tls_ca;
  writer.cert_flag = "--writer-cert";
  writer.key_flag = "--writer-key";
  auto reader_credentials = devplan::ClientCredentials(reader);
  auto writer_credentials = devplan::ClientCredentials(writer);
  for (const auto* c : {&reader_credentials, &writer_credentials}) {
    if (!c->ok()) {
      std::fprintf(stderr, "%s\n", std::string(c->status().message()).c_str());
      return 2;
    }
  }

  std::string gateway_token;
  if (!gateway.empty()) {
    std::ifstream in(reader.token_file);
    std::stringstream text;
    text << in.rdbuf();
    gateway_token = std::string(absl::StripAsciiWhitespace(text.str()));
    if (gateway_token.empty()) {
      std::fprintf(stderr, "--gateway-addr needs --token-file: the gateway forwards the caller's token\n");
      return 2;
    }
  }
  auto channel = grpc::CreateChannel(aggregator, *reader_credentials);
  auto stub = v1::ScorecardService::NewStub(channel);
  // The ratios are the plaintext suite's when there is one: the floor is plaintext.
  auto measured = plain_aggregator.empty()
                      ? channel
                      : grpc::CreateChannel(plain_aggregator, grpc::InsecureChannelCredentials());
  auto measured_stub = v1::ScorecardService::NewStub(measured);
  const char* transport = plain_aggregator.empty() ? (reader.insecure ? "plaintext" : "TLS") : "plaintext";
  v1::Scorecard card;
  std::vector<Row> rows;

  Latencies cold = ColdRun(*stub, district, cold_days, &card);
  if (static_cast<int>(cold.ms.size()) != cold_days) return 1;
  std::printf("cold  GetScorecard (%d indicators, fan-out to 3 services, %s): %d calls, p50 %.2f ms, "
              "p95 %.2f ms\n",
              card.indicators_size(), reader.insecure ? "plaintext" : "TLS", cold_days,
              cold.Percentile(0.5), cold.Percentile(0.95));
  Latencies measured_cold = measured == channel ? cold : ColdRun(*measured_stub, district, cold_days, &card);
  if (static_cast<int>(measured_cold.ms.size()) != cold_days) return 1;

  // The floor: the same card's bytes from a server that does nothing else.
  const absl::CivilDay warm_day(2024, 9, 30);
  if (!GetCard(*measured_stub, district, warm_day, &card)) return 1;
  const std::string card_bytes = card.SerializeAsString();
  bench::FloorServer floor_server;
  auto floor = grpc::CreateChannel(floor_server.address(), grpc::InsecureChannelCredentials());
  auto floor_stub = v1::ScorecardService::NewStub(floor);
  // Round trip: an empty reply, one caller.
  floor_server.SetReply("");
  v1::Scorecard empty;
  Latencies round_trip =
      Sequential(1000, [&](int) { return GetCard(*floor_stub, district, warm_day, &empty); });
  floor_server.SetReply(card_bytes);
  rows.push_back({F("cold GetScorecard p50, 1 at a time, %.0f dates", cold_days),
                  F("%.2f ms", measured_cold.Percentile(0.5)), F("%.3f ms", round_trip.Percentile(0.5)),
                  F("%.0fx", measured_cold.Percentile(0.5) / round_trip.Percentile(0.5)), "<= 10x"});

  // Cached: the measured suite, the floor (and the TLS suite when comparing), in turn.
  if (!GetCard(*stub, district, warm_day, &card)) return 1;
  std::vector<double> secure_rates, measured_rates, floor_rates, secure_p50, measured_p50, unmetered_rates,
      metered_rates;
  auto unmetered = unmetered_aggregator.empty() ? nullptr : grpc::CreateChannel(unmetered_aggregator, *reader_credentials);
  if (unmetered && !GetCard(*v1::ScorecardService::NewStub(unmetered), district, warm_day, &card)) return 1;
  const auto length = std::chrono::seconds(seconds);
  for (int r = 0; r < rounds; ++r) {
    double rate = 0;
    if (measured != channel) {
      secure_p50.push_back(WarmRun(channel, threads, length, district, warm_day, &rate).Percentile(0.5));
      secure_rates.push_back(rate);
    }
    measured_p50.push_back(WarmRun(measured, threads, length, district, warm_day, &rate).Percentile(0.5));
    measured_rates.push_back(rate);
    WarmRun(floor, threads, length, district, warm_day, &rate);
    floor_rates.push_back(rate);
    if (unmetered) {
      WarmRun(unmetered, threads, length, district, warm_day, &rate);
      unmetered_rates.push_back(rate);
      metered_rates.push_back(measured != channel ? secure_rates.back() : measured_rates.back());
    }
  }
  const double cached = Median(measured_rates), cached_floor = Median(floor_rates);
  std::printf("warm  GetScorecard (cached, %s, %d callers, median of %d rounds of %d s): %.0f calls/s, "
              "p50 %.2f ms; floor %.0f calls/s\n",
              transport, threads, rounds, seconds, cached, Median(measured_p50), cached_floor);
  rows.push_back({F("cached GetScorecard, %.0f concurrent, ", threads) + F("%.1f KB reply", card_bytes.size() / 1000.0),
                  F("%.0f /s", cached), F("%.0f /s", cached_floor), F("%.2fx", cached / cached_floor), ">= 0.8x"});
  if (measured != channel) {
    const double secure = Median(secure_rates);
    std::printf("auth  GetScorecard (cached, %d callers, median of %d alternating rounds of %d s): TLS "
                "with credentials %.0f calls/s (p50 %.2f ms), plaintext %.0f calls/s (p50 %.2f ms): "
                "ratio %.2f (issue #13: >= 0.85)\n",
                threads, rounds, seconds, secure, Median(secure_p50), cached, Median(measured_p50),
                secure / cached);
    rows.push_back({"cached GetScorecard over TLS with a token, vs plaintext", F("%.0f /s", secure),
                    F("%.0f /s", cached), F("%.2fx", secure / cached), ">= 0.85x"});
  }

  if (unmetered) {
    const double metered = Median(metered_rates), bare = Median(unmetered_rates);
    std::printf("metrics GetScorecard (cached, %s, %d callers, median of %d alternating rounds of %d s): "
                "with --metrics-listen %.0f calls/s, without %.0f calls/s: ratio %.3f (issue #17: >= 0.95)\n",
                reader.insecure ? "plaintext" : "TLS", threads, rounds, seconds, metered, bare, metered / bare);
    rows.push_back({"cached GetScorecard with metrics, vs without", F("%.0f /s", metered), F("%.0f /s", bare),
                    F("%.3fx", metered / bare), ">= 0.95x"});
  }

  if (!gateway.empty()) {
    const std::string path = absl::StrCat("/v1/districts/", district, "/scorecard?as_of=",
                                          absl::FormatCivilTime(warm_day));
    std::vector<double> http_rates, grpc_rates;
    for (int r = 0; r < rounds; ++r) {
      double rate = 0;
      WarmRun(channel, gateway_callers, length, district, warm_day, &rate);
      grpc_rates.push_back(rate);
      rate = GatewayRun(gateway, path, gateway_token, gateway_callers, length);
      if (rate == 0) return 1;
      http_rates.push_back(rate);
    }
    const double http = Median(http_rates), rpc = Median(grpc_rates);
    std::printf("gateway GetScorecard as JSON (cached, %d callers, median of %d alternating rounds of %d s): "
                "HTTP %.0f calls/s, gRPC over TLS %.0f calls/s: ratio %.2f (issue #18: >= 0.7)\n",
                gateway_callers, rounds, seconds, http, rpc, http / rpc);
    rows.push_back({F("cached card as JSON via the gateway, %.0f callers, vs gRPC", gateway_callers),
                    F("%.0f /s", http), F("%.0f /s", rpc), F("%.2fx", http / rpc), ">= 0.7x"});
  }

  // GetMetrics of each service: all its metrics, one date, one at a time.
  for (const auto& entry : plain_domain) {
    // Named copies: clang 14 cannot capture a structured binding in a lambda.
    const std::string& service = entry.first;
    const std::string& address = entry.second;
    if (address.empty()) continue;
    auto ch = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
    Latencies l = Sequential(metric_calls, [&](int) { return GetMetrics(ch, service, district, warm_day); });
    if (static_cast<int>(l.ms.size()) != metric_calls) return 1;
    rows.push_back({"GetMetrics " + service + " p50, all metrics, one date", F("%.2f ms", l.Percentile(0.5)),
                    F("%.3f ms", round_trip.Percentile(0.5)),
                    F("%.0fx", l.Percentile(0.5) / round_trip.Percentile(0.5)), "<= 5x"});
  }

  // Watch: a revision of December's new urban jobs changes the year-end card each time.
  auto social_stub = v1::SocialService::NewStub(grpc::CreateChannel(social, *writer_credentials));
  grpc::ClientContext watch_ctx;
  v1::WatchScorecardRequest wreq;
  wreq.set_district(district);
  *wreq.mutable_as_of() = D(absl::CivilDay(2024, 12, 31));
  auto stream = stub->WatchScorecard(&watch_ctx, wreq);
  if (!stream->Read(&card)) {
    std::fprintf(stderr, "WatchScorecard: no first card\n");
    return 1;
  }
  std::unique_ptr<SseArrivals> sse;
  if (!gateway.empty()) {
    sse = std::make_unique<SseArrivals>(
        gateway, absl::StrCat("/v1/districts/", district, "/scorecard:watch?as_of=2024-12-31"), gateway_token);
    if (!sse->Next(std::chrono::seconds(10))) {
      std::fprintf(stderr, "gateway scorecard:watch: no first card\n");
      return 1;
    }
  }
  Latencies push, sse_push, sse_behind;
  for (int i = 0; i < watch_writes; ++i) {
    // Apart by more than the hub's 200 ms window: each write is a first change after a quiet
    // spell, as a department's report usually is.
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    grpc::ClientContext ctx;
    v1::ReportMonthlyFigureRequest r;
    r.set_district(district);
    r.set_indicator(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS);
    *r.mutable_month() = D(absl::CivilDay(2024, 12, 1));
    r.set_value(150 + i);
    // Over TLS the server fills in the writer's department; plaintext takes a name.
    if (writer.insecure) r.set_reported_by("区人社局 (bench)");
    v1::MonthlyFigure f;
    const auto t0 = Clock::now();
    if (grpc::Status s = social_stub->ReportMonthlyFigure(&ctx, r, &f); !s.ok()) {
      std::fprintf(stderr, "ReportMonthlyFigure: %s\n", s.error_message().c_str());
      return 1;
    }
    if (!stream->Read(&card)) return 1;
    const auto pushed = Clock::now();
    push.ms.push_back(Ms(pushed - t0));
    if (sse) {
      std::optional<Clock::time_point> arrived = sse->Next(std::chrono::seconds(10));
      if (!arrived) {
        std::fprintf(stderr, "gateway scorecard:watch: no event for write %d\n", i);
        return 1;
      }
      sse_push.ms.push_back(Ms(*arrived - t0));
      sse_behind.ms.push_back(Ms(*arrived - pushed));
    }
  }
  sse.reset();
  watch_ctx.TryCancel();
  stream->Finish();
  std::printf("watch write → pushed card: %d writes, p50 %.0f ms, max %.0f ms "
              "(the first change after a quiet spell is pushed at once)\n",
              watch_writes, push.Percentile(0.5), push.Percentile(1.0));
  rows.push_back({F("watch: write acknowledged -> changed card pushed, p99 of %.0f", watch_writes),
                  F("%.1f ms", push.Percentile(0.99)), "-", "-", "<= 50 ms"});
  if (!sse_push.ms.empty()) {
    std::printf("gateway write → SSE event: p50 %.0f ms, max %.0f ms; behind the gRPC watch by p50 %.1f ms, "
                "max %.1f ms (issue #18: within 20 ms)\n",
                sse_push.Percentile(0.5), sse_push.Percentile(1.0), sse_behind.Percentile(0.5),
                sse_behind.Percentile(1.0));
    rows.push_back({F("SSE event behind the gRPC watch's card, max of %.0f", watch_writes),
                    F("%.1f ms", sse_behind.Percentile(1.0)), "-", "-", "<= 20 ms"});
  }
  PrintTable(rows);
  return 0;
}
