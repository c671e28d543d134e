// social_server: employment, education, health, culture and social security of a district.
#include <spdlog/spdlog.h>

#include "services/common/server_runner.h"
#include "services/social/social_service.h"

int main(int argc, char** argv) {
  devplan::ServerConfig config{.service = "social", .listen = "127.0.0.1:50053"};
  CLI::App app{"devplan SocialService: employment, education, health, culture, security"};
  devplan::AddServerFlags(app, config);
  CLI11_PARSE(app, argc, argv);
  devplan::InitLogging(config.log_level);
  absl::StatusOr<devplan::redis::PoolOptions> pool_options = devplan::PoolOptionsFrom(config);
  if (!pool_options.ok()) {
    spdlog::critical("{}", std::string(pool_options.status().message()));
    return 2;
  }
  devplan::redis::Pool pool(*pool_options);
  devplan::social::SocialServiceImpl service(pool);
  return devplan::RunServer(config, {&service}, pool);
}
