// Prints how fast each domain service answers GetMetrics (every metric of one district at one
// date, as the aggregator asks) against a running suite with data loaded
// (scripts/metrics_bench.py starts one with the SAMPLE data), beside a floor measured in the
// same run on the same channel: ListMetricDefinitions of one definition, a call that crosses
// the same TLS, access check and worker pool but reads no Redis. Absolute times are noise on a
// shared machine; the ratio is the figure (issue #15 asks for <= 5x). Printed, never asserted.
//
// With --pid SERVICE=PID (the servers' processes) it also prints each server's resident
// memory before and after its first GetMetrics of the district: what holding one district's
// facts costs it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
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

using namespace devplan;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string district = "410108";
  // A district without data: its GetMetrics warms the server's code paths (TLS session,
  // token cache, allocator arenas) before the resident memory is read.
  std::string empty_district = "410122";
  absl::CivilDay as_of{2024, 9, 30};
  int calls = 300;
  std::map<std::string, int> pids;
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

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
    const auto t0 = Clock::now();
    grpc::Status s = stub_->GetMetrics(ctx.get(), req, &resp);
    const double ms = Ms(Clock::now() - t0);
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
    const auto t0 = Clock::now();
    grpc::Status s = stub_->ListMetricDefinitions(ctx.get(), req, &resp);
    if (!s.ok()) {
      std::fprintf(stderr, "ListMetricDefinitions: %s\n", s.error_message().c_str());
      return -1;
    }
    return Ms(Clock::now() - t0);
  }

  // The whole measurement of one service; false on an error.
  bool Run(const std::string& name) {
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
  std::printf("GetMetrics of every metric of %s as of %s, %d calls per service; floor: "
              "ListMetricDefinitions(page_size 1) on the same channel\n",
              o.district.c_str(), as_of.c_str(), o.calls);
  const bool ok = Runner<v1::InvestmentService>(channel("investment"), o).Run("investment") &&
                  Runner<v1::EnvironmentService>(channel("environment"), o).Run("environment") &&
                  Runner<v1::SocialService>(channel("social"), o).Run("social");
  return ok ? 0 : 1;
}
