// The InvestmentService's facts in Redis (key layout: services/common/redis_keys.h).
// Thread-safe: shares the pool.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/investment.pb.h"
#include "services/common/redis_pool.h"

namespace devplan::investment {

// Everything the metrics of one district are computed from, read in one round trip.
struct InvestmentFacts {
  std::vector<v1::Project> projects;
  // With the project each report belongs to.
  std::vector<std::pair<std::string, v1::MonthlyInvestment>> monthly;
};

class InvestmentStore {
 public:
  explicit InvestmentStore(redis::Pool& pool) : pool_(pool) {}

  // Stores a validated project. ALREADY_EXISTS when the id is taken (and the request is not
  // a retry of the one that took it); a retry answers the stored project.
  absl::StatusOr<v1::Project> Create(const v1::CreateProjectRequest& request,
                                     v1::Project project);
  // nullopt when there is no such project.
  absl::StatusOr<std::optional<v1::Project>> Get(const std::string& district,
                                                 const std::string& project_id);
  // All projects of a district, ordered by project_id.
  absl::StatusOr<std::vector<v1::Project>> List(const std::string& district);
  // Replaces the (project, month) report. NOT_FOUND when the project does not exist.
  absl::StatusOr<v1::MonthlyInvestment> PutMonthly(const std::string& district,
                                                   const std::string& project_id,
                                                   v1::MonthlyInvestment report);
  absl::StatusOr<InvestmentFacts> LoadFacts(const std::string& district);

 private:
  redis::Pool& pool_;
};

}  // namespace devplan::investment
