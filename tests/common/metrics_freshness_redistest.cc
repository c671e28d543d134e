// Every domain service answers GetMetrics from facts kept in memory (FactsCache,
// services/common/facts_cache.h), valid while the district's data version is unchanged. These
// tests hold each of the three services to what that must not change: a read right after an
// acknowledged write sees it, whichever instance (another process, another connection) made
// the write; and they show the memory is used: facts changed behind the services' back,
// without the version moving, are not seen until the version moves.
//
// Each service writes a figure whose metric reads back as a number, in three revisions that
// give three different values, so a stale answer cannot pass for a fresh one.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "devplan/v1/environment.grpc.pb.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/redis_keys.h"
#include "services/environment/environment_service.h"
#include "services/investment/investment_service.h"
#include "services/social/social_service.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/proto_date.h"
#include "tests/support/redis_server.h"

namespace devplan::testing {
namespace {

constexpr char kDistrict[] = "410108";
// Every metric is read as of this day; every figure is written before it.
const absl::CivilDay kAsOf(2024, 9, 30);

// InvestmentService: new market entities of August (a count, revised in place).
struct Investment {
  using Impl = investment::InvestmentServiceImpl;
  using Service = v1::InvestmentService;
  static constexpr char kMetric[] = "investment.new_market_entities";
  static std::string FactsKey() { return keys::EconomicFigures(kDistrict); }
  static grpc::Status Write(Service::Stub& stub, int64_t value) {
    v1::ReportEconomicFigureRequest r;
    r.set_district(kDistrict);
    r.mutable_figure()->set_indicator(v1::ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES);
    *r.mutable_figure()->mutable_period() = D(2024, 8, 1);
    r.mutable_figure()->set_count(value);
    r.set_reported_by("区市场监管局");
    v1::EconomicFigure out;
    return stub.ReportEconomicFigure(ContextWithDeadline().get(), r, &out);
  }
  static int64_t Expected(int64_t value) { return value; }
};

// EnvironmentService: the bulletin AQI of 1 August; the metric counts good days (AQI <= 100).
struct Environment {
  using Impl = environment::EnvironmentServiceImpl;
  using Service = v1::EnvironmentService;
  static constexpr char kMetric[] = "environment.air_good_days";
  static std::string FactsKey() { return keys::DailyAqi(kDistrict); }
  static grpc::Status Write(Service::Stub& stub, int64_t aqi) {
    v1::SubmitDailyAqiRequest r;
    r.set_district(kDistrict);
    *r.mutable_date() = D(2024, 8, 1);
    r.set_aqi(static_cast<int32_t>(aqi));
    if (aqi > 50) r.add_primary_pollutants("PM2.5");  // HJ 633 names one above 50
    r.set_reported_by("惠济区环境监测站");
    v1::DailyAqi out;
    return stub.SubmitDailyAqi(ContextWithDeadline().get(), r, &out);
  }
  static int64_t Expected(int64_t aqi) { return aqi <= 100 ? 1 : 0; }
};

// SocialService: new urban jobs of August (a monthly figure, revised in place).
struct Social {
  using Impl = social::SocialServiceImpl;
  using Service = v1::SocialService;
  static constexpr char kMetric[] = "social.new_urban_jobs";
  static std::string FactsKey() { return keys::MonthlyFigures(kDistrict); }
  static grpc::Status Write(Service::Stub& stub, int64_t value) {
    v1::ReportMonthlyFigureRequest r;
    r.set_district(kDistrict);
    r.set_indicator(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS);
    *r.mutable_month() = D(2024, 8, 1);
    r.set_value(value);
    r.set_reported_by("区人力资源和社会保障局");
    v1::MonthlyFigure out;
    return stub.ReportMonthlyFigure(ContextWithDeadline().get(), r, &out);
  }
  static int64_t Expected(int64_t value) { return value; }
};

// One instance of a service, with a Redis pool (connections) of its own, as another process
// would have.
template <typename S>
struct Instance {
  explicit Instance(const RedisServer& redis)
      : pool(redis::PoolOptions{.endpoint = redis.service_endpoint()}),
        service(ServiceContext{.pool = pool,
                               .workers = workers,
                               .clock = Clock::FixedDay(absl::CivilDay(2024, 12, 31))}),
        harness({&service}),
        stub(S::Service::NewStub(harness.channel())) {}

  // The metric's value (a count), or -1 when it has none (NO_DATA) or the call failed.
  int64_t Read() {
    v1::GetMetricsRequest r;
    r.set_district(kDistrict);
    *r.mutable_as_of() = D(static_cast<int>(kAsOf.year()), kAsOf.month(), kAsOf.day());
    r.add_keys(S::kMetric);
    v1::GetMetricsResponse response;
    grpc::Status s = stub->GetMetrics(ContextWithDeadline().get(), r, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!s.ok() || response.metrics_size() != 1 || !response.metrics(0).has_count()) return -1;
    return response.metrics(0).count();
  }
  void Write(int64_t value) {
    grpc::Status s = S::Write(*stub, value);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  redis::Pool pool;
  WorkerPool workers{4};
  typename S::Impl service;
  GrpcHarness harness;
  std::unique_ptr<typename S::Service::Stub> stub;
};

template <typename S>
class MetricsFreshness : public ::testing::Test {
 protected:
  RedisServer redis_;
};

using Services = ::testing::Types<Investment, Environment, Social>;
class ServiceNames {
 public:
  template <typename S>
  static std::string GetName(int) {
    return std::string(S::kMetric).substr(0, std::string(S::kMetric).find('.'));
  }
};
TYPED_TEST_SUITE(MetricsFreshness, Services, ServiceNames);

TYPED_TEST(MetricsFreshness, AReadRightAfterAnAcknowledgedWriteSeesIt) {
  Instance<TypeParam> a(this->redis_);
  EXPECT_EQ(a.Read(), -1) << "nothing written yet";
  for (int64_t value : {40, 160, 70}) {
    a.Write(value);
    EXPECT_EQ(a.Read(), TypeParam::Expected(value)) << "after writing " << value;
    EXPECT_EQ(a.Read(), TypeParam::Expected(value)) << "asked again (from memory)";
  }
}

TYPED_TEST(MetricsFreshness, AWriteByAnotherInstanceIsSeenAtOnce) {
  Instance<TypeParam> reader(this->redis_);
  Instance<TypeParam> writer(this->redis_);
  writer.Write(40);
  ASSERT_EQ(reader.Read(), TypeParam::Expected(40));
  for (int64_t value : {160, 70}) {
    writer.Write(value);
    EXPECT_EQ(reader.Read(), TypeParam::Expected(value)) << "after the other wrote " << value;
  }
}

// Facts deleted straight from Redis by an operator, the version left as it was: the service
// still answers from memory. Once the version moves (as every write moves it), it reads Redis
// again and finds them gone.
TYPED_TEST(MetricsFreshness, FactsAreReadAgainOnlyWhenTheVersionMoves) {
  Instance<TypeParam> a(this->redis_);
  a.Write(40);
  ASSERT_EQ(a.Read(), TypeParam::Expected(40));
  ASSERT_TRUE(this->redis_.Run({"DEL", TypeParam::FactsKey()}).ok());
  EXPECT_EQ(a.Read(), TypeParam::Expected(40)) << "served from memory at the same version";
  ASSERT_TRUE(this->redis_.Run({"INCR", keys::DataVersion(kDistrict)}).ok());
  EXPECT_EQ(a.Read(), -1) << "the version moved: the facts were read again";
}

}  // namespace
}  // namespace devplan::testing
