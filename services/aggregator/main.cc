// aggregator_server: plans and district scorecards from the domain services' metrics.
#include "services/aggregator/domain_clients.h"
#include "services/aggregator/scorecard_service.h"
#include "services/common/client_channel.h"
#include "services/common/server_runner.h"

int main(int argc, char** argv) {
  devplan::BlockStopSignals();
  devplan::ServerConfig config{.service = "aggregator", .listen = "127.0.0.1:50050"};
  std::map<std::string, std::string> sources = {{"investment", "127.0.0.1:50051"},
                                                {"environment", "127.0.0.1:50052"},
                                                {"social", "127.0.0.1:50053"}};
  int deadline_ms = 1500;
  const auto kReplicas = [](const char* service) {
    return std::string(service) + ": host:port, its replicas as IP:port,IP:port,…, or dns:///name:port";
  };
  CLI::App app{"devplan ScorecardService: plans and district scorecards"};
  devplan::AddServerFlags(app, config);
  app.add_option("--investment-addr", sources["investment"], kReplicas("InvestmentService"))
      ->envname("DEVPLAN_INVESTMENT_ADDR")->check(devplan::ServiceAddressesValidator())->capture_default_str();
  app.add_option("--environment-addr", sources["environment"], kReplicas("EnvironmentService"))
      ->envname("DEVPLAN_ENVIRONMENT_ADDR")->check(devplan::ServiceAddressesValidator())->capture_default_str();
  app.add_option("--social-addr", sources["social"], kReplicas("SocialService"))
      ->envname("DEVPLAN_SOCIAL_ADDR")->check(devplan::ServiceAddressesValidator())->capture_default_str();
  app.add_option("--fanout-deadline-ms", deadline_ms,
                 "how long a scorecard waits for the domain services")
      ->envname("DEVPLAN_FANOUT_DEADLINE_MS")->check(CLI::Range(50, 60000))->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  devplan::InitLogging(config.log_level, config.log_format);
  absl::StatusOr<devplan::redis::PoolOptions> pool_options = devplan::PoolOptionsFrom(config);
  if (!pool_options.ok()) return devplan::ExitOnBadConfig(pool_options.status());
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      devplan::ChannelCredentialsFor(config.security);
  if (!credentials.ok()) return devplan::ExitOnBadConfig(credentials.status());
  devplan::redis::Pool pool(*pool_options);
  devplan::aggregator::DomainClients clients(sources, absl::Milliseconds(deadline_ms), *credentials);
  devplan::WorkerPool workers(config.workers, devplan::MaxQueued(config));
  devplan::aggregator::ScorecardServiceImpl service({.pool = pool, .workers = workers}, clients);
  devplan::RunHooks hooks;
  hooks.on_stopping = [&service] { service.BeginShutdown(); };
  return devplan::RunServer(config, {&service}, pool, std::move(hooks));
}
