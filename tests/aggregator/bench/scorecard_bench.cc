// Prints how fast the ScorecardService answers against a running suite with data loaded
// (scripts/bench.sh starts one with the SAMPLE data). Figures are printed, never asserted.
//
//   cold:  GetScorecard for dates never asked before (every call a fan-out and scoring)
//   warm:  the same card asked again and again by several client threads (the cache)
//   watch: from a write acknowledged by the SocialService to the changed card arriving on
//          a WatchScorecard stream
//   auth:  with --plain-aggregator-addr (a second suite, started --insecure, serving the same
//          data), the warm run over TLS with this client's credentials against the same run
//          in plaintext, in alternating rounds so both see the same machine; printed as the
//          ratio TLS / plaintext of calls per second (issue #13 asks for >= 0.85)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "devplan/v1/scorecard.grpc.pb.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/client_security.h"
#include "services/common/dates.h"

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

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string aggregator = "127.0.0.1:50050", social = "127.0.0.1:50053", district = "410108";
  int threads = 4, seconds = 5, cold_days = 60, watch_writes = 20;
  CLI::App app{"ScorecardService figures against a running suite"};
  app.add_option("--aggregator-addr", aggregator)->envname("DEVPLAN_AGGREGATOR_ADDR");
  app.add_option("--social-addr", social)->envname("DEVPLAN_SOCIAL_ADDR");
  app.add_option("--district", district);
  app.add_option("--threads", threads, "client threads of the warm run")->check(CLI::Range(1, 64));
  app.add_option("--seconds", seconds, "length of the warm run")->check(CLI::Range(1, 600));
  app.add_option("--cold-days", cold_days, "distinct dates of the cold run")->check(CLI::Range(1, 366));
  app.add_option("--watch-writes", watch_writes)->check(CLI::Range(1, 1000));
  std::string plain_aggregator;
  int rounds = 6;
  app.add_option("--plain-aggregator-addr", plain_aggregator,
                 "an aggregator started --insecure with the same data: compare TLS with plaintext");
  app.add_option("--rounds", rounds, "alternating rounds of the comparison, each --seconds long")
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

  auto channel = grpc::CreateChannel(aggregator, *reader_credentials);
  auto stub = v1::ScorecardService::NewStub(channel);
  v1::Scorecard card;

  // Cold: each date of 2024 from 1 January, asked once.
  Latencies cold;
  const auto cold_start = Clock::now();
  for (int i = 0; i < cold_days; ++i) {
    const auto t = Clock::now();
    if (!GetCard(*stub, district, absl::CivilDay(2024, 1, 1) + i, &card)) return 1;
    cold.ms.push_back(Ms(Clock::now() - t));
  }
  std::printf("cold  GetScorecard (%d indicators, fan-out to 3 services): %d calls, "
              "%.1f calls/s, p50 %.2f ms, p95 %.2f ms\n",
              card.indicators_size(), cold_days, cold_days / (Ms(Clock::now() - cold_start) / 1000),
              cold.Percentile(0.5), cold.Percentile(0.95));

  // Warm: one card, many callers.
  const absl::CivilDay warm_day(2024, 9, 30);
  if (!GetCard(*stub, district, warm_day, &card)) return 1;
  double rate = 0;
  Latencies warm = WarmRun(channel, threads, std::chrono::seconds(seconds), district, warm_day, &rate);
  std::printf("warm  GetScorecard (cached, %d client threads): %zu calls, %.0f calls/s, "
              "p50 %.2f ms, p99 %.2f ms\n",
              threads, warm.ms.size(), rate, warm.Percentile(0.5), warm.Percentile(0.99));

  if (!plain_aggregator.empty()) {
    auto plain = grpc::CreateChannel(plain_aggregator, grpc::InsecureChannelCredentials());
    v1::Scorecard plain_card;
    if (!GetCard(*v1::ScorecardService::NewStub(plain), district, warm_day, &plain_card)) return 1;
    std::vector<double> secure_rates, plain_rates, secure_p50, plain_p50;
    for (int r = 0; r < rounds; ++r) {
      double s = 0, p = 0;
      secure_p50.push_back(
          WarmRun(channel, threads, std::chrono::seconds(seconds), district, warm_day, &s).Percentile(0.5));
      plain_p50.push_back(
          WarmRun(plain, threads, std::chrono::seconds(seconds), district, warm_day, &p).Percentile(0.5));
      secure_rates.push_back(s);
      plain_rates.push_back(p);
    }
    const double secure = Median(secure_rates), floor = Median(plain_rates);
    std::printf("auth  GetScorecard (cached, %d client threads, median of %d alternating rounds of "
                "%d s): TLS with credentials %.0f calls/s (p50 %.2f ms), plaintext %.0f calls/s "
                "(p50 %.2f ms): ratio %.2f (issue #13: >= 0.85)\n",
                threads, rounds, seconds, secure, Median(secure_p50), floor, Median(plain_p50),
                floor > 0 ? secure / floor : 0);
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
  Latencies push;
  for (int i = 0; i < watch_writes; ++i) {
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
    push.ms.push_back(Ms(Clock::now() - t0));
  }
  watch_ctx.TryCancel();
  stream->Finish();
  std::printf("watch write → pushed card: %d writes, p50 %.0f ms, max %.0f ms "
              "(includes the 200 ms batching window)\n",
              watch_writes, push.Percentile(0.5), push.Percentile(1.0));
  return 0;
}
