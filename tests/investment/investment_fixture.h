// One InvestmentService behind real gRPC on a loopback port, backed by a private
// redis-server, with the service's calendar pinned to 2024-12-31 so "future" and "month not
// yet begun" are deterministic. Helpers build requests tersely; every call goes through the
// stub, never around it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "devplan/v1/investment.grpc.pb.h"
#include "services/investment/investment_service.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/redis_server.h"
#include "tests/support/proto_date.h"

namespace devplan::testing {

inline constexpr char kDistrict[] = "410108";

// "districts/410108/projects/<id>".
std::string ProjectPath(const std::string& id);

// A minimal valid project; tests set what matters to them.
v1::Project NewProject(const std::string& id, v1::ProjectCategory category,
                       int64_t total_yuan = 100'000'000);

class InvestmentTest : public ::testing::Test {
 protected:
  InvestmentTest();
  ~InvestmentTest() override;

  // Calls (each with a deadline), answering status and response.
  grpc::Status Create(const v1::Project& p, v1::Project* out = nullptr,
                      const std::string& request_id = "", const std::string& by = "区发展改革委");
  grpc::Status Update(const v1::Project& patch, const std::vector<std::string>& paths,
                      v1::Project* out = nullptr, const std::string& reason = "",
                      const std::string& request_id = "", const std::string& by = "区发展改革委");
  grpc::Status Get(const std::string& id, v1::Project* out,
                   v1::ProjectView view = v1::PROJECT_VIEW_UNSPECIFIED);
  grpc::Status Monthly(const std::string& id, int year, int month, int64_t amount,
                       v1::MonthlyInvestment* out = nullptr, const std::string& by = "区统计局");
  grpc::Status Output(const std::string& project_id, const v1::InfrastructureOutput& o,
                      v1::InfrastructureOutput* out = nullptr, const std::string& reason = "");
  grpc::Status Event(const v1::PromotionEvent& e, v1::PromotionEvent* out = nullptr,
                     const std::string& request_id = "");
  grpc::Status Figure(const v1::EconomicFigure& f, v1::EconomicFigure* out = nullptr,
                      const std::string& by = "区统计局", const std::string& request_id = "");

  // Figures by value kind.
  static v1::EconomicFigure Percent(v1::EconomicIndicator i, int y, int m, double pct);
  static v1::EconomicFigure Yuan(v1::EconomicIndicator i, int y, int m, int64_t yuan);
  static v1::EconomicFigure Count(v1::EconomicIndicator i, int y, int m, int64_t n);
  // Outputs.
  static v1::InfrastructureOutput Out(const std::string& id, v1::InfrastructureKind kind,
                                      int64_t quantity, std::optional<v1::Date> started,
                                      std::optional<v1::Date> delivered, int64_t spaces = 0);
  // An event held on `start` (to `end` when given).
  static v1::PromotionEvent Ev(const std::string& id, v1::PromotionEventKind kind, v1::Date start,
                               std::optional<v1::Date> end = std::nullopt,
                               std::vector<std::string> signed_ids = {});

  // One metric as of a date (fails the test on a non-OK status).
  v1::MetricValue Metric(const std::string& key, v1::Date as_of);

  // The district's data version: bumped by every acknowledged write, so an unchanged
  // version proves a refused request wrote nothing.
  long long Version();
  // Number of keys in Redis (a second witness that nothing was written).
  long long KeyCount();

  RedisServer redis_;
  std::unique_ptr<redis::Pool> pool_;
  WorkerPool workers_{4};
  std::unique_ptr<investment::InvestmentServiceImpl> service_;
  std::unique_ptr<GrpcHarness> harness_;
  std::unique_ptr<v1::InvestmentService::Stub> stub_;
};

// The code and a fragment the message must contain.
#define EXPECT_STATUS(call, code, fragment)                                            \
  do {                                                                                 \
    grpc::Status _st = (call);                                                         \
    EXPECT_EQ(_st.error_code(), grpc::StatusCode::code) << _st.error_message();        \
    EXPECT_NE(_st.error_message().find(fragment), std::string::npos) << _st.error_message(); \
  } while (0)

#define ASSERT_OK(call)                                             \
  do {                                                              \
    grpc::Status _st = (call);                                      \
    ASSERT_TRUE(_st.ok()) << _st.error_code() << ": " << _st.error_message(); \
  } while (0)

}  // namespace devplan::testing
