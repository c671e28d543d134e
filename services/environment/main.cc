// environment_server: air quality, water bodies, soil and greening of a district.
#include "services/common/server_runner.h"
#include "services/environment/environment_service.h"

int main(int argc, char** argv) {
  return devplan::ServeDomain<devplan::environment::EnvironmentServiceImpl>(
      argc, argv, {.service = "environment", .listen = "127.0.0.1:50052"},
      "devplan EnvironmentService: air quality, water, soil, greening");
}
