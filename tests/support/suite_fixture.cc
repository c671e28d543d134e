#include "tests/support/suite_fixture.h"

#include <cstdlib>

#include "tests/support/dev_credentials.h"

namespace devplan::testing {
namespace {

std::shared_ptr<grpc::ServerCredentials> ServerCredentials(Transport transport) {
  if (transport == Transport::kPlaintext) return grpc::InsecureServerCredentials();
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> c =
      ServerCredentialsFor(DevCredentials::Get().Server(DeployPolicyPath()));
  if (!c.ok()) {
    std::fprintf(stderr, "TLS server credentials: %s\n", std::string(c.status().message()).c_str());
    std::abort();
  }
  return *c;
}

std::shared_ptr<grpc::ChannelCredentials> AggregatorCredentials(Transport transport) {
  if (transport == Transport::kPlaintext) return grpc::InsecureChannelCredentials();
  return *ChannelCredentialsFor(DevCredentials::Get().Client("aggregator"));
}

}  // namespace

SuiteFixture::SuiteFixture(Clock clock, Transport transport) : transport_(transport) {
  redis::PoolOptions o;
  o.endpoint = redis_.service_endpoint();
  pool_ = std::make_unique<redis::Pool>(o);
  investment_ = std::make_unique<investment::InvestmentServiceImpl>(
      ServiceContext{.pool = *pool_, .workers = workers_, .clock = clock});
  environment_ = std::make_unique<environment::EnvironmentServiceImpl>(
      ServiceContext{.pool = *pool_, .workers = workers_, .clock = clock});
  social_ = std::make_unique<social::SocialServiceImpl>(
      ServiceContext{.pool = *pool_, .workers = workers_, .clock = clock});
  const std::shared_ptr<grpc::ServerCredentials> credentials = ServerCredentials(transport_);
  investment_server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{investment_.get()},
                                                     ServerInterceptors{}, credentials);
  environment_server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{environment_.get()},
                                                      ServerInterceptors{}, credentials);
  social_server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{social_.get()},
                                                 ServerInterceptors{}, credentials);
  investment_address_ = investment_server_->address();
  environment_address_ = environment_server_->address();
  social_address_ = social_server_->address();
  clients_ = std::make_unique<aggregator::DomainClients>(
      std::map<std::string, std::string>{{"investment", investment_address_},
                                         {"environment", environment_address_},
                                         {"social", social_address_}},
      absl::Milliseconds(1500), AggregatorCredentials(transport_));
  scorecard_ = std::make_unique<aggregator::ScorecardServiceImpl>(
      ServiceContext{.pool = *pool_, .workers = scorecard_workers_, .clock = clock}, *clients_);
  scorecard_server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{scorecard_.get()},
                                                    ServerInterceptors{}, credentials);
  scorecard_address_ = scorecard_server_->address();
}

SuiteFixture::~SuiteFixture() {
  scorecard_server_.reset();
  social_server_.reset();
  environment_server_.reset();
  investment_server_.reset();
}

std::unique_ptr<v1::ScorecardService::Stub> SuiteFixture::ScorecardStub() {
  return v1::ScorecardService::NewStub(Channel(scorecard_address_, "dashboard"));
}

std::shared_ptr<grpc::Channel> SuiteFixture::Channel(const std::string& address,
                                                     const std::string& identity) const {
  if (transport_ == Transport::kPlaintext) return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  return grpc::CreateChannel(address, DevCredentials::Get().Channel(identity));
}

}  // namespace devplan::testing
