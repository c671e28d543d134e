// social_server: employment, education, health, culture and social security of a district.
#include "services/common/server_runner.h"
#include "services/social/social_service.h"

int main(int argc, char** argv) {
  devplan::BlockStopSignals();
  devplan::ServerConfig config{.service = "social", .listen = "127.0.0.1:50053"};
  CLI::App app{"devplan SocialService: employment, education, health, culture, security"};
  devplan::AddServerFlags(app, config);
  CLI11_PARSE(app, argc, argv);
  devplan::InitLogging(config.log_level);
  devplan::redis::Pool pool(devplan::PoolOptionsFrom(config));
  devplan::WorkerPool workers(config.workers);
  devplan::social::SocialServiceImpl service({.pool = pool, .workers = workers});
  return devplan::RunServer(config, {&service}, pool);
}
