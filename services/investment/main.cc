// investment_server: key projects, investment and economic operations of a district.
#include <spdlog/spdlog.h>

#include "services/common/server_runner.h"
#include "services/investment/investment_service.h"

int main(int argc, char** argv) {
  devplan::ServerConfig config{.service = "investment", .listen = "127.0.0.1:50051"};
  CLI::App app{"devplan InvestmentService: key projects, investment, economic operations"};
  devplan::AddServerFlags(app, config);
  CLI11_PARSE(app, argc, argv);
  devplan::InitLogging(config.log_level);
  absl::StatusOr<devplan::redis::PoolOptions> pool_options = devplan::PoolOptionsFrom(config);
  if (!pool_options.ok()) {
    spdlog::critical("{}", std::string(pool_options.status().message()));
    return 2;
  }
  devplan::redis::Pool pool(*pool_options);
  devplan::investment::InvestmentServiceImpl service(pool);
  return devplan::RunServer(config, {&service}, pool);
}
