// Prints how fast a year of hourly data streams in: 5 stations × 8784 hours of 2024 through
// StreamHourlyReadings into a private redis-server, then the same year again (every hour
// replaced), then GetMetrics over the whole year. Figures are printed, never asserted.
//
//   build/tests/environment/bench/env_stream_bench [stations] [readings per message]
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "devplan/v1/environment.grpc.pb.h"
#include "services/environment/environment_service.h"
#include "tests/environment/service/synthetic_hours.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/redis_server.h"

using namespace devplan;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

bool StreamYear(v1::EnvironmentService::Stub& stub, const std::vector<v1::HourlyReading>& year,
                size_t chunk, v1::SubmitHourlyReadingsResponse* resp) {
  grpc::ClientContext ctx;
  auto writer = stub.StreamHourlyReadings(&ctx, resp);
  v1::SubmitHourlyReadingsRequest m;
  m.set_district("410108");
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
  if (!s.ok()) std::fprintf(stderr, "stream failed: %s\n", s.error_message().c_str());
  return s.ok();
}

}  // namespace

int main(int argc, char** argv) {
  const int stations = argc > 1 ? std::atoi(argv[1]) : 5;
  const size_t chunk = argc > 2 ? static_cast<size_t>(std::atoi(argv[2])) : 500;
  testing::RedisServer redis;
  redis::PoolOptions o;
  o.endpoint = redis.service_endpoint();
  redis::Pool pool(o);
  WorkerPool workers(4);
  environment::EnvironmentServiceImpl service({.pool = pool, .workers = workers});
  testing::GrpcHarness server({&service});
  auto stub = v1::EnvironmentService::NewStub(server.channel());

  std::vector<std::string> ids;
  for (int i = 0; i < stations; ++i) {
    ids.push_back("B" + std::to_string(i));
    v1::CreateStationRequest req;
    req.mutable_station()->set_station_id(ids.back());
    req.mutable_station()->set_district("410108");
    req.mutable_station()->set_title_zh("bench " + ids.back());
    req.mutable_station()->set_level(v1::STATION_LEVEL_NATIONAL);
    req.set_reported_by("bench");
    v1::Station out;
    grpc::ClientContext ctx;
    if (!stub->CreateStation(&ctx, req, &out).ok()) return 1;
  }
  const auto year = testing::SyntheticHours(ids, absl::CivilDay(2024, 1, 1),
                                            absl::CivilDay(2024, 12, 31), 42);
  std::printf("%d stations, %zu readings, %zu per message\n", stations, year.size(), chunk);

  for (const char* pass : {"first load", "reload (every hour replaced)"}) {
    v1::SubmitHourlyReadingsResponse resp;
    const auto t0 = std::chrono::steady_clock::now();
    if (!StreamYear(*stub, year, chunk, &resp)) return 1;
    const double s = Seconds(t0);
    std::printf("%-30s %8.2f s  %10.0f readings/s  (%lld stored, %d days recomputed)\n", pass, s,
                static_cast<double>(year.size()) / s,
                static_cast<long long>(resp.accepted_count()), resp.days_updated());
  }

  v1::GetMetricsRequest req;
  req.set_district("410108");
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
