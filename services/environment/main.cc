// environment_server: air quality, water bodies, soil and greening of a district.
#include "services/common/server_runner.h"
#include "services/environment/environment_service.h"

int main(int argc, char** argv) {
  devplan::BlockStopSignals();
  devplan::ServerConfig config{.service = "environment", .listen = "127.0.0.1:50052"};
  CLI::App app{"devplan EnvironmentService: air quality, water, soil, greening"};
  devplan::AddServerFlags(app, config);
  CLI11_PARSE(app, argc, argv);
  devplan::InitLogging(config.log_level);
  devplan::redis::Pool pool(devplan::PoolOptionsFrom(config));
  devplan::WorkerPool workers(config.workers);
  devplan::environment::EnvironmentServiceImpl service({.pool = pool, .workers = workers});
  return devplan::RunServer(config, {&service}, pool);
}
