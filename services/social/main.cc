// social_server: employment, education, health, culture and social security of a district.
#include "services/common/server_runner.h"
#include "services/social/social_service.h"

int main(int argc, char** argv) {
  return devplan::ServeDomain<devplan::social::SocialServiceImpl>(
      argc, argv, {.service = "social", .listen = "127.0.0.1:50053"},
      "devplan SocialService: employment, education, health, culture, security");
}
