// Everything the InvestmentService's metrics of one district are computed from, read from
// Redis in one pipelined round trip so that every metric of a GetMetrics call sees the same
// snapshot.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/investment.pb.h"
#include "services/common/redis_pool.h"

namespace devplan::investment {

struct InvestmentFacts {
  std::vector<v1::Project> projects;
  // With the project_id each report belongs to.
  std::vector<std::pair<std::string, v1::MonthlyInvestment>> monthly;
  // With the project_id each output belongs to.
  std::vector<std::pair<std::string, v1::InfrastructureOutput>> outputs;
  std::vector<v1::PromotionEvent> events;
  // Current values only (revisions are not facts of their own).
  std::vector<v1::EconomicFigure> figures;
};

absl::StatusOr<InvestmentFacts> LoadFacts(redis::Pool& pool, const std::string& district);

}  // namespace devplan::investment
