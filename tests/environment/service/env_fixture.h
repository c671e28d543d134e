// One EnvironmentService on a private redis-server, reached over real gRPC on loopback.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "devplan/v1/environment.grpc.pb.h"
#include "services/environment/environment_service.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/redis_server.h"
#include "tests/support/proto_date.h"

namespace devplan::testing {

inline constexpr char kDistrict[] = "410108";
inline constexpr char kDept[] = "区生态环境分局（测试）";


class EnvTest : public ::testing::Test {
 protected:
  // `stream_idle_timeout`: how long the service waits for a stream's next message.
  explicit EnvTest(absl::Duration stream_idle_timeout = kStreamIdleTimeout);
  ~EnvTest() override;

  v1::EnvironmentService::Stub& stub() { return *stub_; }
  std::shared_ptr<grpc::Channel> channel() { return server_->channel(); }
  redis::Pool& pool() { return *pool_; }  // the service's: user devplan
  const RedisServer& redis() const { return redis_; }  // the test's look: user admin
  environment::EnvironmentServiceImpl& service() { return *service_; }

  // Registers stations (national level) named after their ids; asserts success.
  void AddStations(const std::vector<std::string>& ids);
  // Streams `readings` in messages of `chunk` readings; the first message carries district,
  // year and reported_by.
  grpc::Status Stream(const std::vector<v1::HourlyReading>& readings, int year, size_t chunk,
                      v1::SubmitHourlyReadingsResponse* response,
                      const std::string& district = kDistrict);
  // The metric's value as of the date (fails the test on an RPC error).
  v1::MetricValue Metric(const std::string& key, const v1::Date& as_of);
  // Number of Redis keys matching a pattern (test inspection only).
  long long Keys(const std::string& pattern);

 private:
  RedisServer redis_;
  std::unique_ptr<redis::Pool> pool_;
  WorkerPool workers_{4};
  std::unique_ptr<environment::EnvironmentServiceImpl> service_;
  std::unique_ptr<GrpcHarness> server_;
  std::unique_ptr<v1::EnvironmentService::Stub> stub_;
};

v1::HourlyReading Reading(const std::string& station, v1::Date date, int hour, double pm25,
                          double pm10, double so2, double no2, double o3, double co);

}  // namespace devplan::testing
