// environment_server: air quality, water bodies, soil and greening of a district.
#include <spdlog/spdlog.h>

#include "services/common/server_runner.h"
#include "services/environment/environment_service.h"

int main(int argc, char** argv) {
  devplan::ServerConfig config{.service = "environment", .listen = "127.0.0.1:50052"};
  CLI::App app{"devplan EnvironmentService: air quality, water, soil, greening"};
  devplan::AddServerFlags(app, config);
  CLI11_PARSE(app, argc, argv);
  devplan::InitLogging(config.log_level);
  absl::StatusOr<devplan::redis::PoolOptions> pool_options = devplan::PoolOptionsFrom(config);
  if (!pool_options.ok()) {
    spdlog::critical("{}", std::string(pool_options.status().message()));
    return 2;
  }
  devplan::redis::Pool pool(*pool_options);
  devplan::environment::EnvironmentServiceImpl service(pool);
  return devplan::RunServer(config, {&service}, pool);
}
