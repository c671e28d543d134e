// Prints how fast a year of hourly data streams in, as a ratio to the floor measured in the
// same run: 5 stations × 8784 hours of 2024 through StreamHourlyReadings into a private
// redis-server (the project's redis.conf: AOF fsynced always; its ACL), then the same year
// again (every hour replaced), then `redis-benchmark -P 16 -t hset` against the same Redis.
// Rounds alternate ingest and floor, each round streaming into a district of its own, so
// both see the same machine load; the medians give the ratio. Then GetMetrics over the
// whole year. Figures are printed, never asserted.
//
//   build/tests/environment/bench/env_stream_bench [stations] [readings per message] [rounds]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "devplan/v1/environment.grpc.pb.h"
#include "services/environment/environment_service.h"
#include "tests/environment/service/synthetic_hours.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/redis_benchmark.h"
#include "tests/support/redis_server.h"

using namespace devplan;

namespace {

// One district per round, so every round's first load writes into empty keys.
constexpr const char* kDistricts[] = {"410108", "410102", "410103", "410104", "410105",
                                      "410106", "410122", "410181", "410182"};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool CreateStations(v1::EnvironmentService::Stub& stub, const std::string& district,
                    const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    v1::CreateStationRequest req;
    req.mutable_station()->set_station_id(id);
    req.mutable_station()->set_district(district);
    req.mutable_station()->set_title_zh("bench " + id);
    req.mutable_station()->set_level(v1::STATION_LEVEL_NATIONAL);
    req.set_reported_by("bench");
    v1::Station out;
    grpc::ClientContext ctx;
    grpc::Status s = stub.CreateStation(&ctx, req, &out);
    if (!s.ok()) {
      std::fprintf(stderr, "CreateStation %s: %s\n", id.c_str(), s.error_message().c_str());
      return false;
    }
  }
  return true;
}

// Readings per second of one streamed pass, or 0 when the stream failed.
double StreamYear(v1::EnvironmentService::Stub& stub, const std::string& district,
                  const std::vector<v1::HourlyReading>& year, size_t chunk) {
  const auto t0 = std::chrono::steady_clock::now();
  v1::SubmitHourlyReadingsResponse resp;
  grpc::ClientContext ctx;
  auto writer = stub.StreamHourlyReadings(&ctx, &resp);
  v1::SubmitHourlyReadingsRequest m;
  m.set_district(district);
  m.set_year(2024);
  m.set_reported_by("bench");
  for (const auto& r : year) {
    *m.add_readings() = r;
    if (static_cast<size_t>(m.readings_size()) == chunk) {
      writer->Write(m);
      m.Clear();
    }
  }
  if (m.readings_size() > 0) writer->Write(m);
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  const double seconds = Seconds(t0);
  if (!s.ok()) {
    std::fprintf(stderr, "stream failed: %s\n", s.error_message().c_str());
    return 0;
  }
  if (resp.accepted_count() != static_cast<int64_t>(year.size())) {
    std::fprintf(stderr, "stream stored %lld of %zu readings\n",
                 static_cast<long long>(resp.accepted_count()), year.size());
    return 0;
  }
  return static_cast<double>(year.size()) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const int stations = argc > 1 ? std::atoi(argv[1]) : 5;
  const size_t chunk = argc > 2 ? static_cast<size_t>(std::atoi(argv[2])) : 500;
  const int rounds = std::clamp(argc > 3 ? std::atoi(argv[3]) : 3, 1,
                                static_cast<int>(std::size(kDistricts)));
  spdlog::set_level(spdlog::level::warn);  // one line per RPC is noise here
  testing::RedisServer redis;
  redis::PoolOptions o;
  o.endpoint = redis.service_endpoint();
  redis::Pool pool(o);
  WorkerPool workers(4);
  environment::EnvironmentServiceImpl service({.pool = pool, .workers = workers});
  testing::GrpcHarness server({&service});
  auto stub = v1::EnvironmentService::NewStub(server.channel());

  std::vector<std::string> ids;
  for (int i = 0; i < stations; ++i) ids.push_back("B" + std::to_string(i));
  const auto year = testing::SyntheticHours(ids, absl::CivilDay(2024, 1, 1),
                                            absl::CivilDay(2024, 12, 31), 42);
  std::printf("%d stations, %zu readings, %zu per message, %d rounds\n", stations, year.size(),
              chunk, rounds);

  const testing::RedisBenchmarkOptions floor_options;
  std::vector<double> first_load, reload, floor;
  for (int r = 0; r < rounds; ++r) {
    const std::string district = kDistricts[r];
    if (!CreateStations(*stub, district, ids)) return 1;
    first_load.push_back(StreamYear(*stub, district, year, chunk));
    reload.push_back(StreamYear(*stub, district, year, chunk));
    if (first_load.back() == 0 || reload.back() == 0) return 1;
    absl::StatusOr<double> hset = testing::RedisBenchmarkHset(redis, floor_options);
    if (!hset.ok()) {
      std::fprintf(stderr, "floor: %s\n", std::string(hset.status().message()).c_str());
      return 1;
    }
    floor.push_back(*hset);
    std::printf("round %d (%s): first load %8.0f readings/s, reload %8.0f readings/s, "
                "floor %8.0f HSET/s\n",
                r + 1, district.c_str(), first_load.back(), reload.back(), floor.back());
  }
  const double floor_median = Median(floor);
  std::printf("floor: redis-benchmark -P %d -c %d -n %d -t hset, same Redis: %.0f requests/s "
              "(median)\n",
              floor_options.pipeline, floor_options.clients, floor_options.requests, floor_median);
  std::printf("first load: %.0f readings/s (median)\n", Median(first_load));
  std::printf("reload (every hour replaced): %.0f readings/s (median)\n", Median(reload));
  std::printf("ingest %.2f× floor (reload %.2f×)\n", Median(first_load) / floor_median,
              Median(reload) / floor_median);

  v1::GetMetricsRequest req;
  req.set_district(kDistricts[0]);
  req.mutable_as_of()->set_year(2024);
  req.mutable_as_of()->set_month(12);
  req.mutable_as_of()->set_day(31);
  constexpr int kCalls = 20;
  const auto t0 = std::chrono::steady_clock::now();
  v1::GetMetricsResponse resp;
  for (int i = 0; i < kCalls; ++i) {
    grpc::ClientContext ctx;
    if (!stub->GetMetrics(&ctx, req, &resp).ok()) return 1;
  }
  std::printf("%-30s %8.2f ms per call (all %d metrics)\n", "GetMetrics, whole year",
              1000 * Seconds(t0) / kCalls, resp.metrics_size());
  for (const auto& m : resp.metrics()) {
    if (m.key() == "environment.air_good_days") {
      std::printf("air_good_days as of 2024-12-31: %lld\n", static_cast<long long>(m.count()));
    }
  }
  return 0;
}
