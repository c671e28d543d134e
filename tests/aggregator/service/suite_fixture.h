// The whole suite in one test process: a private redis-server, the three domain services and
// the aggregator, each on its own loopback port, talking real gRPC to each other.
#pragma once

#include <memory>

#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/aggregator/domain_clients.h"
#include "services/aggregator/scorecard_service.h"
#include "services/environment/environment_service.h"
#include "services/investment/investment_service.h"
#include "services/social/social_service.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/redis_server.h"

namespace devplan::testing {

class SuiteFixture {
 public:
  SuiteFixture();
  ~SuiteFixture();

  redis::Pool& pool() { return *pool_; }
  investment::InvestmentServiceImpl& investment() { return *investment_; }
  environment::EnvironmentServiceImpl& environment() { return *environment_; }
  social::SocialServiceImpl& social() { return *social_; }
  aggregator::ScorecardServiceImpl& scorecard() { return *scorecard_; }
  std::unique_ptr<v1::ScorecardService::Stub> ScorecardStub();
  // Takes a domain service off the network (its port stops answering).
  void StopSocial() { social_server_->Shutdown(); }

 private:
  RedisServer redis_;
  std::unique_ptr<redis::Pool> pool_;
  std::unique_ptr<investment::InvestmentServiceImpl> investment_;
  std::unique_ptr<environment::EnvironmentServiceImpl> environment_;
  std::unique_ptr<social::SocialServiceImpl> social_;
  std::unique_ptr<GrpcHarness> investment_server_, environment_server_, social_server_;
  std::unique_ptr<aggregator::DomainClients> clients_;
  std::unique_ptr<aggregator::ScorecardServiceImpl> scorecard_;
  std::unique_ptr<GrpcHarness> scorecard_server_;
};

}  // namespace devplan::testing
