// The whole suite in one test process: a private redis-server (on its own Unix socket), the
// three domain services and the aggregator, each on its own loopback port, talking real gRPC
// to each other. Shared by every test that needs the four services; the addresses let
// out-of-process clients such as devplanctl reach each one.
//
// Plaintext by default (the tests of what the services do); Transport::kTls serves every port
// as a deployment does (TLS with the development credentials, tests/support/dev_credentials.h,
// and deploy/auth/policy.textproto), the aggregator calling the others as `aggregator`: for
// tests of clients that must present an identity, such as devplanctl.
#pragma once

#include <memory>
#include <string>

#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/aggregator/domain_clients.h"
#include "services/aggregator/scorecard_service.h"
#include "services/common/service_context.h"
#include "services/environment/environment_service.h"
#include "services/investment/investment_service.h"
#include "services/social/social_service.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/redis_server.h"

namespace devplan::testing {

enum class Transport { kPlaintext, kTls };

class SuiteFixture {
 public:
  SuiteFixture() : SuiteFixture(Clock::System()) {}
  // Every service's "today" is the clock's: which dates are in the future, which plan year a
  // watch without as_of follows (e.g. Clock::FixedDay(absl::CivilDay(2026, 4, 20))).
  explicit SuiteFixture(Clock clock, Transport transport = Transport::kPlaintext);
  ~SuiteFixture();

  redis::Pool& pool() { return *pool_; }
  investment::InvestmentServiceImpl& investment() { return *investment_; }
  environment::EnvironmentServiceImpl& environment() { return *environment_; }
  social::SocialServiceImpl& social() { return *social_; }
  aggregator::ScorecardServiceImpl& scorecard() { return *scorecard_; }
  // As `dashboard` over TLS.
  std::unique_ptr<v1::ScorecardService::Stub> ScorecardStub();
  // A channel to `address` as `identity` over TLS (plaintext: the identity is ignored).
  std::shared_ptr<grpc::Channel> Channel(const std::string& address, const std::string& identity) const;

  // host:port of each service.
  std::string investment_address() const { return investment_address_; }
  std::string environment_address() const { return environment_address_; }
  std::string social_address() const { return social_address_; }
  std::string scorecard_address() const { return scorecard_address_; }

  // Take a domain service off the network (its port stops answering).
  void StopInvestment() { investment_server_->Shutdown(); }
  void StopEnvironment() { environment_server_->Shutdown(); }
  void StopSocial() { social_server_->Shutdown(); }
  // Bring it back on the same port, as a restarted process; false if the port was taken.
  bool RestartSocial() { return social_server_->Restart(); }

 private:
  const Transport transport_;
  RedisServer redis_;
  std::unique_ptr<redis::Pool> pool_;
  // Shared by the three domain services, as each server has one (destroyed after them).
  WorkerPool workers_{4};
  // The aggregator's own, as it runs in its own process: its workers wait on the others'.
  WorkerPool scorecard_workers_{4};
  std::unique_ptr<investment::InvestmentServiceImpl> investment_;
  std::unique_ptr<environment::EnvironmentServiceImpl> environment_;
  std::unique_ptr<social::SocialServiceImpl> social_;
  std::unique_ptr<GrpcHarness> investment_server_, environment_server_, social_server_;
  std::unique_ptr<aggregator::DomainClients> clients_;
  std::unique_ptr<aggregator::ScorecardServiceImpl> scorecard_;
  std::unique_ptr<GrpcHarness> scorecard_server_;
  std::string investment_address_, environment_address_, social_address_, scorecard_address_;
};

}  // namespace devplan::testing
