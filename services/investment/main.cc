// investment_server: key projects, investment and economic operations of a district.
#include "services/common/server_runner.h"
#include "services/investment/investment_service.h"

int main(int argc, char** argv) {
  devplan::BlockStopSignals();
  devplan::ServerConfig config{.service = "investment", .listen = "127.0.0.1:50051"};
  CLI::App app{"devplan InvestmentService: key projects, investment, economic operations"};
  devplan::AddServerFlags(app, config);
  CLI11_PARSE(app, argc, argv);
  devplan::InitLogging(config.log_level);
  devplan::redis::Pool pool(devplan::PoolOptionsFrom(config));
  devplan::WorkerPool workers(config.workers);
  devplan::investment::InvestmentServiceImpl service({.pool = pool, .workers = workers});
  return devplan::RunServer(config, {&service}, pool);
}
