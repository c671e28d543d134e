// The EnvironmentService's facts in Redis (key layout: services/common/redis_keys.h).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/environment.pb.h"
#include "services/common/redis_pool.h"

namespace devplan::environment {

struct EnvironmentFacts {
  std::vector<v1::DailyAqi> daily_aqi;
};

class EnvironmentStore {
 public:
  explicit EnvironmentStore(redis::Pool& pool) : pool_(pool) {}

  // Replaces the district's bulletin value for the day.
  absl::StatusOr<v1::DailyAqi> PutDailyAqi(const std::string& district, v1::DailyAqi day);
  absl::StatusOr<EnvironmentFacts> LoadFacts(const std::string& district);

 private:
  redis::Pool& pool_;
};

}  // namespace devplan::environment
