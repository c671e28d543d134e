#include "tests/support/suite_fixture.h"

namespace devplan::testing {

SuiteFixture::SuiteFixture(Clock clock) {
  redis::PoolOptions o;
  o.endpoint = redis_.service_endpoint();
  pool_ = std::make_unique<redis::Pool>(o);
  investment_ = std::make_unique<investment::InvestmentServiceImpl>(
      ServiceContext{.pool = *pool_, .workers = workers_, .clock = clock});
  environment_ = std::make_unique<environment::EnvironmentServiceImpl>(
      ServiceContext{.pool = *pool_, .workers = workers_, .clock = clock});
  social_ = std::make_unique<social::SocialServiceImpl>(
      ServiceContext{.pool = *pool_, .workers = workers_, .clock = clock});
  investment_server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{investment_.get()});
  environment_server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{environment_.get()});
  social_server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{social_.get()});
  investment_address_ = investment_server_->address();
  environment_address_ = environment_server_->address();
  social_address_ = social_server_->address();
  clients_ = std::make_unique<aggregator::DomainClients>(
      std::map<std::string, std::string>{{"investment", investment_address_},
                                         {"environment", environment_address_},
                                         {"social", social_address_}},
      absl::Milliseconds(1500));
  scorecard_ = std::make_unique<aggregator::ScorecardServiceImpl>(
      ServiceContext{.pool = *pool_, .workers = scorecard_workers_, .clock = clock}, *clients_);
  scorecard_server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{scorecard_.get()});
  scorecard_address_ = scorecard_server_->address();
}

SuiteFixture::~SuiteFixture() {
  scorecard_server_.reset();
  social_server_.reset();
  environment_server_.reset();
  investment_server_.reset();
}

std::unique_ptr<v1::ScorecardService::Stub> SuiteFixture::ScorecardStub() {
  return v1::ScorecardService::NewStub(scorecard_server_->channel());
}

}  // namespace devplan::testing
