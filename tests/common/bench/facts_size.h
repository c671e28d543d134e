// What one district's facts, as each domain service keeps them in its FactsCache, cost in
// memory: the messages' SpaceUsedLong plus the containers holding them. Read straight from
// Redis with the services' own loaders, so it measures exactly what a cache entry holds.
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/redis_pool.h"

namespace devplan::bench {

struct FactsSize {
  size_t messages = 0;
  size_t bytes = 0;
};

absl::StatusOr<FactsSize> InvestmentFactsSize(redis::Pool& pool, const std::string& district);
// One district-year (the EnvironmentService's cache entry).
absl::StatusOr<FactsSize> EnvironmentFactsSize(redis::Pool& pool, const std::string& district,
                                               int year);
absl::StatusOr<FactsSize> SocialFactsSize(redis::Pool& pool, const std::string& district);

}  // namespace devplan::bench
