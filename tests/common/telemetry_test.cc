// The metrics' own arithmetic and their bounded labels (telemetry.h): what a scrape shows for
// observations whose buckets are known, and that nothing a caller sends adds a series.
#include "services/common/telemetry.h"

#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include "services/common/latency_histogram.h"

namespace devplan::telemetry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Scrape(const Metrics& metrics) {
  std::vector<prometheus::MetricFamily> families;
  for (const auto& c : metrics.collectables()) {
    for (auto& f : c->Collect()) families.push_back(std::move(f));
  }
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

TEST(LatencyHistogramTest, BucketsAreCumulativeAndInclusiveOfTheirBound) {
  const std::vector<double> bounds = {0.001, 0.01, 0.1};
  LatencyHistogram h(bounds);
  h.Observe(0.001);   // on the bound: in the first bucket (Prometheus's "le")
  h.Observe(0.005);
  h.Observe(0.05);
  h.Observe(3);       // only in +Inf
  h.Observe(-1);      // a clock that stepped back counts as 0
  prometheus::ClientMetric::Histogram s = h.Snapshot();
  ASSERT_EQ(s.bucket.size(), 4u);
  EXPECT_EQ(s.bucket[0].cumulative_count, 2u);
  EXPECT_EQ(s.bucket[1].cumulative_count, 3u);
  EXPECT_EQ(s.bucket[2].cumulative_count, 4u);
  EXPECT_EQ(s.bucket[3].cumulative_count, 5u);
  EXPECT_TRUE(std::isinf(s.bucket[3].upper_bound));
  EXPECT_EQ(s.sample_count, 5u);
  EXPECT_NEAR(s.sample_sum, 3.056, 1e-9);
}

TEST(HistogramFamilyTest, ExportsEachSeriesCountAsACounter) {
  HistogramFamily family("x_seconds", "x", LatencyBuckets(), "x_total", "xs");
  family.Add({{"k", "a"}}).Observe(0.2);
  family.Add({{"k", "a"}}).Observe(0.3);  // the same series
  family.Add({{"k", "b"}}).Observe(0.2);
  std::vector<prometheus::MetricFamily> f = family.Collect();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1].name, "x_total");
  ASSERT_EQ(f[1].metric.size(), 2u);
  EXPECT_EQ(f[1].metric[0].counter.value, 2);
  EXPECT_EQ(f[1].metric[1].counter.value, 1);
}

TEST(MetricsTest, RpcSeriesByMethodAndCodeWithUnknownPathsInOneSeries) {
  Metrics m;
  m.Rpc("/devplan.v1.ScorecardService/GetScorecard").seconds[0].Observe(0.002);
  m.Rpc("/devplan.v1.ScorecardService/GetScorecard").seconds[5].Observe(0.002);
  m.Rpc("/evil/" + std::string(500, 'x')).seconds[12].Observe(0.001);
  m.Rpc("/another/guess").seconds[12].Observe(0.001);
  m.Rpc("/devplan.v1.ScorecardService/GetScorecard").seconds[99].Observe(0.001);  // not a code
  const std::string text = Scrape(m);
  EXPECT_THAT(text, HasSubstr("devplan_rpc_requests_total{grpc_code=\"OK\",grpc_method=\"GetScorecard\","
                              "grpc_service=\"devplan.v1.ScorecardService\"} 1"));
  EXPECT_THAT(text, HasSubstr("devplan_rpc_requests_total{grpc_code=\"NOT_FOUND\",grpc_method=\"GetScorecard\""));
  EXPECT_THAT(text, HasSubstr("devplan_rpc_requests_total{grpc_code=\"UNKNOWN\",grpc_method=\"GetScorecard\""));
  EXPECT_THAT(text, HasSubstr("devplan_rpc_requests_total{grpc_code=\"UNIMPLEMENTED\",grpc_method=\"other\","
                              "grpc_service=\"other\"} 2"));
  EXPECT_THAT(text, Not(HasSubstr("evil")));
  // Methods never called show no series.
  EXPECT_THAT(text, Not(HasSubstr("grpc_method=\"PutPlan\"")));
}

TEST(MetricsTest, RedisCommandsOutsideTheListShareOneSeries) {
  Metrics m;
  m.RedisCommand("GET", 0.0002);
  m.RedisCommand("FLUSHALL", 0.0002);
  m.RedisCommand("get", 0.0002);  // the servers send upper case; anything else is "other"
  const std::string text = Scrape(m);
  EXPECT_THAT(text, HasSubstr("devplan_redis_command_duration_seconds_count{command=\"GET\"} 1"));
  EXPECT_THAT(text, HasSubstr("devplan_redis_command_duration_seconds_count{command=\"other\"} 2"));
  EXPECT_THAT(text, Not(HasSubstr("FLUSHALL")));
}

TEST(MetricsTest, DepartmentsAndDistrictsAreCapped) {
  Metrics m;
  for (size_t i = 0; i < kMaxDepartments + 5; ++i) {
    m.FactsWritten("project", "department-" + std::to_string(i), "district-" + std::to_string(i));
  }
  for (size_t i = 0; i < kMaxDistricts; ++i) m.FactsWritten("project", "department-0", "d" + std::to_string(i));
  const std::string text = Scrape(m);
  EXPECT_THAT(text, HasSubstr("devplan_facts_written_total{department=\"other\",kind=\"project\"} 5"));
  EXPECT_THAT(text, HasSubstr("department=\"department-63\""));
  EXPECT_THAT(text, Not(HasSubstr("department=\"department-64\"")));
  size_t districts = 0;
  for (size_t at = text.find("devplan_district_last_write_timestamp_seconds{"); at != std::string::npos;
       at = text.find("devplan_district_last_write_timestamp_seconds{", at + 1)) {
    ++districts;
  }
  EXPECT_EQ(districts, kMaxDistricts);
}

TEST(MetricsTest, FanoutFailuresByCodeAndLatencyBySource) {
  Metrics m;
  m.Fanout(SourceNamed("social"), 0, 0.003);
  m.Fanout(SourceNamed("social"), 4, 1.5);
  m.Fanout(SourceNamed("nonesuch"), 4, 1.5);  // not a source: not recorded
  const std::string text = Scrape(m);
  EXPECT_THAT(text, HasSubstr("devplan_fanout_duration_seconds_count{source=\"social\"} 2"));
  EXPECT_THAT(text, HasSubstr("devplan_fanout_failures_total{grpc_code=\"DEADLINE_EXCEEDED\",source=\"social\"} 1"));
  EXPECT_THAT(text, HasSubstr("devplan_fanout_duration_seconds_count{source=\"investment\"} 0"));
}

}  // namespace
}  // namespace devplan::telemetry
