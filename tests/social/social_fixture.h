// A SocialService over real gRPC against a private redis-server, with helpers that build
// requests and read metrics and the write counter (every acknowledged write bumps
// ver:{district}, so an unchanged counter proves a refused call wrote nothing).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "devplan/v1/social.grpc.pb.h"
#include "services/common/redis_pool.h"
#include "services/social/social_service.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/redis_server.h"
#include "tests/support/proto_date.h"

namespace devplan::social::testing {

inline constexpr char kDistrict[] = "410108";

using ::devplan::testing::D;

class SocialFixture : public ::testing::Test {
 protected:
  SocialFixture();
  ~SocialFixture() override;

  v1::SocialService::Stub& stub() { return *stub_; }
  redis::Pool& pool() { return *pool_; }
  const ::devplan::testing::RedisServer& redis() const { return redis_; }

  // The district's write counter and key count: equal before and after a refused call.
  std::string Writes();

  // Every metric as of a date, by key.
  std::map<std::string, v1::MetricValue> Metrics(v1::Date as_of);

  // Calls through gRPC; the status is returned, the reply goes to *out if given.
  grpc::Status Report(const v1::ReportMonthlyFigureRequest& r, v1::MonthlyFigure* out = nullptr);
  grpc::Status Report(const v1::ReportTalentCountRequest& r, v1::TalentCount* out = nullptr);
  grpc::Status Report(const v1::ReportCoverageRequest& r, v1::CoverageFigure* out = nullptr);
  grpc::Status Create(const v1::CreateFacilityRequest& r, v1::Facility* out = nullptr);
  grpc::Status Step(const v1::RecordFacilityStepRequest& r, v1::Facility* out = nullptr);
  grpc::Status Create(const v1::CreateEventRequest& r, v1::Event* out = nullptr);
  grpc::Status Batch(const v1::BatchCreateEventsRequest& r,
                     v1::BatchCreateEventsResponse* out = nullptr);
  grpc::Status Finish(const v1::FinishEventRequest& r, v1::Event* out = nullptr);

  // Request builders with sensible defaults.
  static v1::ReportMonthlyFigureRequest Monthly(v1::SocialIndicator indicator, int year, int month,
                                                int64_t value, std::string dept = "区人社局");
  static v1::ReportTalentCountRequest Talent(v1::TalentCategory category, v1::Date date,
                                             int64_t count);
  static v1::ReportCoverageRequest Coverage(v1::InsuranceScheme scheme, int year, int month,
                                            int64_t insured, int64_t eligible);
  static v1::CreateFacilityRequest NewFacility(
      const std::string& id, const std::string& title_zh, v1::FacilityKind kind,
      v1::PlanFacility plan = v1::PLAN_FACILITY_UNSPECIFIED);
  static v1::RecordFacilityStepRequest StepOf(const std::string& id, v1::FacilityStage stage,
                                              v1::Date date, std::string reason = "");
  static v1::Event JobFair(const std::string& id, v1::Date start, int64_t positions);
  static v1::Event Cultural(const std::string& id, v1::Date start, v1::CulturalEventType type);
  static v1::Event FootballCup(v1::Date start);
  static v1::CreateEventRequest CreateOf(v1::Event e);

  // Registers a facility and records its steps; each must succeed.
  void Facility(const v1::CreateFacilityRequest& create,
                const std::vector<std::pair<v1::FacilityStage, v1::Date>>& steps);

 private:
  ::devplan::testing::RedisServer redis_;
  std::unique_ptr<redis::Pool> pool_;
  WorkerPool workers_{4};
  std::unique_ptr<SocialServiceImpl> service_;
  std::unique_ptr<::devplan::testing::GrpcHarness> harness_;
  std::unique_ptr<v1::SocialService::Stub> stub_;
};

}  // namespace devplan::social::testing
