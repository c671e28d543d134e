// The SocialService's facts in Redis (key layout: services/common/redis_keys.h).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/social.pb.h"
#include "services/common/redis_pool.h"

namespace devplan::social {

struct SocialFacts {
  std::vector<v1::MonthlyFigure> monthly;
};

class SocialStore {
 public:
  explicit SocialStore(redis::Pool& pool) : pool_(pool) {}

  // Replaces the (indicator, month) figure.
  absl::StatusOr<v1::MonthlyFigure> PutMonthly(const std::string& district,
                                               v1::MonthlyFigure figure);
  absl::StatusOr<SocialFacts> LoadFacts(const std::string& district);

 private:
  redis::Pool& pool_;
};

}  // namespace devplan::social
