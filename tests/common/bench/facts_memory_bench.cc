// Prints what one district's facts cost each domain service's FactsCache
// (services/common/facts_cache.h), against a running suite with data loaded
// (scripts/facts_memory_bench.py starts one with the SAMPLE data). Printed, never asserted;
// GetMetrics latency is a row of scorecard_bench's table, against its floor server.
//
//   facts:  read from the suite's Redis with the services' own loaders (DEVPLAN_REDIS_ADDR,
//           DEVPLAN_REDIS_USER, DEVPLAN_REDIS_PASSWORD_FILE, as the servers take them): the
//           messages' SpaceUsedLong and their containers — exactly what a cache entry holds
//   RSS:    with --pid SERVICE=PID, the server's resident memory before and after its first
//           GetMetrics of the district (rougher: the allocator reuses memory the SAMPLE
//           loading left free), after warm-up calls for a district without data
//   load:   that first GetMetrics, which reads and decodes the facts (later ones do not)
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

namespace {

struct Options {
  std::string district = "410108";
  // A district without data: its GetMetrics warms the server's code paths (TLS session,
  // token cache, allocator arenas) before the resident memory is read.
  std::string empty_district = "410122";
  absl::CivilDay as_of{2024, 9, 30};
  std::map<std::string, int> pids;
};

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

// One GetMetrics of every metric; its latency in ms, or -1 on an error (printed).
template <typename Service>
double Metrics(typename Service::Stub& stub, const std::string& district, absl::CivilDay as_of) {
  v1::GetMetricsRequest req;
  req.set_district(district);
  *req.mutable_as_of() = ToProtoDate(as_of);
  v1::GetMetricsResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const auto t0 = std::chrono::steady_clock::now();
  grpc::Status s = stub.GetMetrics(&ctx, req, &resp);
  if (!s.ok()) {
    std::fprintf(stderr, "GetMetrics: %s\n", s.error_message().c_str());
    return -1;
  }
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// The measurement of one service; false on an error.
template <typename Service>
bool Run(const std::string& name, std::shared_ptr<grpc::Channel> channel, const Options& o,
         redis::Pool* pool, const std::function<absl::StatusOr<bench::FactsSize>(redis::Pool&)>& size) {
  auto stub = Service::NewStub(std::move(channel));
  for (int i = 0; i < 20; ++i) {
    if (Metrics<Service>(*stub, o.empty_district, o.as_of) < 0) return false;
  }
  const auto pid = o.pids.find(name);
  const long rss_before = pid == o.pids.end() ? 0 : ResidentKiB(pid->second);
  const double load = Metrics<Service>(*stub, o.district, o.as_of);
  if (load < 0) return false;
  const long rss_after = pid == o.pids.end() ? 0 : ResidentKiB(pid->second);
  std::printf("%-12s first GetMetrics (a load) %6.2f ms", name.c_str(), load);
  if (pid != o.pids.end()) {
    std::printf(" | RSS %ld -> %ld KiB (%+ld)", rss_before, rss_after, rss_after - rss_before);
  }
  if (pool != nullptr) {
    absl::StatusOr<bench::FactsSize> facts = size(*pool);
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

// The suite's Redis as the servers reach it, from their environment; null when not given.
absl::StatusOr<std::unique_ptr<redis::Pool>> SuiteRedis() {
  const char* address = std::getenv("DEVPLAN_REDIS_ADDR");
  if (address == nullptr) return nullptr;
  ServerConfig config{.service = "bench", .listen = ""};
  config.redis = address;
  if (const char* user = std::getenv("DEVPLAN_REDIS_USER")) config.redis_user = user;
  if (const char* file = std::getenv("DEVPLAN_REDIS_PASSWORD_FILE")) config.redis_password_file = file;
  absl::StatusOr<redis::PoolOptions> options = PoolOptionsFrom(config);
  if (!options.ok()) return options.status();
  return std::make_unique<redis::Pool>(*options);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::map<std::string, std::string> addrs = {{"investment", "127.0.0.1:50051"},
                                              {"environment", "127.0.0.1:50052"},
                                              {"social", "127.0.0.1:50053"}};
  std::string as_of = "2024-09-30";
  std::vector<std::string> pids;
  CLI::App app{"What one district's facts cost each domain service's cache, against a running suite"};
  app.add_option("--investment-addr", addrs["investment"])->envname("DEVPLAN_INVESTMENT_ADDR");
  app.add_option("--environment-addr", addrs["environment"])->envname("DEVPLAN_ENVIRONMENT_ADDR");
  app.add_option("--social-addr", addrs["social"])->envname("DEVPLAN_SOCIAL_ADDR");
  app.add_option("--district", o.district);
  app.add_option("--empty-district", o.empty_district, "a district without data (warm-up)");
  app.add_option("--as-of", as_of, "yyyy-mm-dd (the environment's facts are of its year)");
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
  absl::StatusOr<std::unique_ptr<redis::Pool>> pool = SuiteRedis();
  for (const absl::Status& s : {credentials.status(), pool.status()}) {
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
      return 2;
    }
  }
  auto channel = [&](const std::string& s) { return grpc::CreateChannel(addrs[s], *credentials); };
  const std::string d = o.district;
  const int year = static_cast<int>(o.as_of.year());
  std::printf("Facts of %s in each domain service's memory (as of %s)\n", d.c_str(), as_of.c_str());
  const bool ok =
      Run<v1::InvestmentService>("investment", channel("investment"), o, pool->get(),
                                 [&](redis::Pool& p) { return bench::InvestmentFactsSize(p, d); }) &&
      Run<v1::EnvironmentService>(
          "environment", channel("environment"), o, pool->get(),
          [&](redis::Pool& p) { return bench::EnvironmentFactsSize(p, d, year); }) &&
      Run<v1::SocialService>("social", channel("social"), o, pool->get(),
                             [&](redis::Pool& p) { return bench::SocialFactsSize(p, d); });
  return ok ? 0 : 1;
}
