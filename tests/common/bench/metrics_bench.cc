// Prints how fast each domain service answers GetMetrics (every metric of one district at one
// date, as the aggregator asks) against a running suite with data loaded
// (scripts/metrics_bench.py starts one with the SAMPLE data), beside a floor measured in the
// same run on the same channel: ListMetricDefinitions of one definition, a call that crosses
// the same TLS, access check and worker pool but reads no Redis. Absolute times are noise on a
// shared machine; the ratio is the figure (issue #15 asks for <= 5x). Printed, never asserted.
//
// It also prints what one district's facts cost a service's FactsCache: read from the suite's
// Redis with the services' own loaders (DEVPLAN_REDIS_ADDR, DEVPLAN_REDIS_USER,
// DEVPLAN_REDIS_PASSWORD_FILE, as the servers take them), their messages' SpaceUsedLong; and,
// with --pid SERVICE=PID, each server's resident memory before and after its first GetMetrics
// of the district (a rougher figure: the allocator reuses memory the loading left free).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/client_security.h"
#include "services/common/dates.h"
#include "services/common/server_runner.h"
#include "tests/common/bench/facts_size.h"

using namespace devplan;
using Steady = std::chrono::steady_clock;

namespace {

struct Options {
  std::string district = "410108";
  // A district without data: its GetMetrics warms the server's code paths (TLS session,
  // token cache, allocator arenas) before the resident memory is read.
  std::string empty_district = "410122";
  absl::CivilDay as_of{2024, 9, 30};
  int calls = 300;
  std::map<std::string, int> pids;
  redis::Pool* pool = nullptr;  // the suite's Redis, to size the facts; null: not sized
};

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> ms, double p) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  return ms[std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())))];
}

// VmRSS of a process in KiB; 0 when it cannot be read.
long ResidentKiB(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    long kib = 0;
    if (line.rfind("VmRSS:", 0) == 0 &&
        absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(6, line.size() - 6 - 3)), &kib)) {
      return kib;
    }
  }
  return 0;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return ctx;
}

template <typename Service>
class Runner {
 public:
  Runner(std::shared_ptr<grpc::Channel> channel, const Options& o)
      : stub_(Service::NewStub(std::move(channel))), o_(o) {}

  // One GetMetrics of every metric; its latency in ms, or -1 on an error (printed).
  double Metrics(const std::string& district, size_t* bytes = nullptr, int* metrics = nullptr) {
    v1::GetMetricsRequest req;
    req.set_district(district);
    *req.mutable_as_of() = ToProtoDate(o_.as_of);
    v1::GetMetricsResponse resp;
    auto ctx = Context();
    const auto t0 = Steady::now();
    grpc::Status s = stub_->GetMetrics(ctx.get(), req, &resp);
    const double ms = Ms(Steady::now() - t0);
    if (!s.ok()) {
      std::fprintf(stderr, "GetMetrics: %s\n", s.error_message().c_str());
      return -1;
    }
    if (bytes) *bytes = resp.ByteSizeLong();
    if (metrics) *metrics = resp.metrics_size();
    return ms;
  }

  double Floor() {
    v1::ListMetricDefinitionsRequest req;
    req.set_page_size(1);
    v1::ListMetricDefinitionsResponse resp;
    auto ctx = Context();
    const auto t0 = Steady::now();
    grpc::Status s = stub_->ListMetricDefinitions(ctx.get(), req, &resp);
    if (!s.ok()) {
      std::fprintf(stderr, "ListMetricDefinitions: %s\n", s.error_message().c_str());
      return -1;
    }
    return Ms(Steady::now() - t0);
  }

  // The whole measurement of one service; false on an error. `size` reads its facts.
  bool Run(const std::string& name,
           const std::function<absl::StatusOr<bench::FactsSize>(redis::Pool&)>& size) {
    for (int i = 0; i < 20; ++i) {
      if (Floor() < 0 || Metrics(o_.empty_district) < 0) return false;
    }
    const auto pid = o_.pids.find(name);
    const long rss_before = pid == o_.pids.end() ? 0 : ResidentKiB(pid->second);
    size_t bytes = 0;
    int metrics = 0;
    const double first = Metrics(o_.district, &bytes, &metrics);
    if (first < 0) return false;
    const long rss_after = pid == o_.pids.end() ? 0 : ResidentKiB(pid->second);
    // Alternating, so both see the same machine.
    std::vector<double> get, floor;
    for (int i = 0; i < o_.calls; ++i) {
      const double g = Metrics(o_.district), f = Floor();
      if (g < 0 || f < 0) return false;
      get.push_back(g);
      floor.push_back(f);
    }
    const double p50 = Percentile(get, 0.5), floor50 = Percentile(floor, 0.5);
    std::printf("%-12s %3d metrics, %6zu B reply | first %7.2f ms | GetMetrics p50 %6.3f ms "
                "p90 %6.3f ms | floor p50 %6.3f ms | ratio %5.1fx",
                name.c_str(), metrics, bytes, first, p50, Percentile(get, 0.9), floor50,
                floor50 > 0 ? p50 / floor50 : 0.0);
    if (pid != o_.pids.end()) {
      std::printf(" | RSS %ld -> %ld KiB (%+ld)", rss_before, rss_after, rss_after - rss_before);
    }
    if (o_.pool != nullptr) {
      absl::StatusOr<bench::FactsSize> facts = size(*o_.pool);
      if (!facts.ok()) {
        std::fprintf(stderr, "sizing the facts: %s\n", std::string(facts.status().message()).c_str());
        return false;
      }
      std::printf(" | facts %zu messages, %.0f KiB", facts->messages,
                  static_cast<double>(facts->bytes) / 1024);
    }
    std::printf("\n");
    return true;
  }

 private:
  std::unique_ptr<typename Service::Stub> stub_;
  const Options& o_;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::map<std::string, std::string> addrs = {{"investment", "127.0.0.1:50051"},
                                              {"environment", "127.0.0.1:50052"},
                                              {"social", "127.0.0.1:50053"}};
  std::string as_of = "2024-09-30";
  std::vector<std::string> pids;
  CLI::App app{"GetMetrics of each domain service against a running suite"};
  app.add_option("--investment-addr", addrs["investment"])->envname("DEVPLAN_INVESTMENT_ADDR");
  app.add_option("--environment-addr", addrs["environment"])->envname("DEVPLAN_ENVIRONMENT_ADDR");
  app.add_option("--social-addr", addrs["social"])->envname("DEVPLAN_SOCIAL_ADDR");
  app.add_option("--district", o.district);
  app.add_option("--empty-district", o.empty_district, "a district without data (warm-up)");
  app.add_option("--as-of", as_of, "yyyy-mm-dd");
  app.add_option("--calls", o.calls, "GetMetrics per service (each beside a floor call)")
      ->check(CLI::Range(10, 100000));
  app.add_option("--pid", pids, "SERVICE=PID: print that server's resident memory");
  ClientSecurity security;
  AddClientSecurityFlags(app, security);
  CLI11_PARSE(app, argc, argv);
  if (!absl::ParseCivilTime(as_of, &o.as_of)) {
    std::fprintf(stderr, "--as-of: %s is not yyyy-mm-dd\n", as_of.c_str());
    return 2;
  }
  for (const std::string& p : pids) {
    std::vector<std::string> kv = absl::StrSplit(p, '=');
    int pid = 0;
    if (kv.size() != 2 || !absl::SimpleAtoi(kv[1], &pid)) {
      std::fprintf(stderr, "--pid: %s is not SERVICE=PID\n", p.c_str());
      return 2;
    }
    o.pids[kv[0]] = pid;
  }
  auto credentials = ClientCredentials(security);
  if (!credentials.ok()) {
    std::fprintf(stderr, "%s\n", std::string(credentials.status().message()).c_str());
    return 2;
  }
  auto channel = [&](const std::string& s) { return grpc::CreateChannel(addrs[s], *credentials); };
  std::unique_ptr<redis::Pool> pool;
  if (const char* redis = std::getenv("DEVPLAN_REDIS_ADDR")) {
    ServerConfig config{.service = "bench", .listen = ""};
    config.redis = redis;
    if (const char* user = std::getenv("DEVPLAN_REDIS_USER")) config.redis_user = user;
    if (const char* file = std::getenv("DEVPLAN_REDIS_PASSWORD_FILE")) config.redis_password_file = file;
    absl::StatusOr<redis::PoolOptions> options = PoolOptionsFrom(config);
    if (!options.ok()) {
      std::fprintf(stderr, "%s\n", std::string(options.status().message()).c_str());
      return 2;
    }
    pool = std::make_unique<redis::Pool>(*options);
    o.pool = pool.get();
  }
  const std::string d = o.district;
  const int year = static_cast<int>(o.as_of.year());
  std::printf("GetMetrics of every metric of %s as of %s, %d calls per service; floor: "
              "ListMetricDefinitions(page_size 1) on the same channel\n",
              o.district.c_str(), as_of.c_str(), o.calls);
  const bool ok =
      Runner<v1::InvestmentService>(channel("investment"), o)
          .Run("investment", [&](redis::Pool& p) { return bench::InvestmentFactsSize(p, d); }) &&
      Runner<v1::EnvironmentService>(channel("environment"), o)
          .Run("environment",
               [&](redis::Pool& p) { return bench::EnvironmentFactsSize(p, d, year); }) &&
      Runner<v1::SocialService>(channel("social"), o)
          .Run("social", [&](redis::Pool& p) { return bench::SocialFactsSize(p, d); });
  return ok ? 0 : 1;
}
