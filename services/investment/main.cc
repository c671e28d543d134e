// investment_server: key projects, investment and economic operations of a district.
#include "services/common/server_runner.h"
#include "services/investment/investment_service.h"

int main(int argc, char** argv) {
  return devplan::ServeDomain<devplan::investment::InvestmentServiceImpl>(
      argc, argv, {.service = "investment", .listen = "127.0.0.1:50051"},
      "devplan InvestmentService: key projects, investment, economic operations");
}
