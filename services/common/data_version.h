// A district's data version, ver:{district} (redis_keys.h): bumped by every acknowledged write
// of any service to the district, in the same Lua script as the write (mutation.cc). Anything
// derived from facts read after the version was read as v holds at least those of v, and is
// current for as long as the version is still v: the one rule of every cache of the suite
// (the aggregator's scorecards, the domain services' facts).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/redis_pool.h"

namespace devplan {

// The district's data version; 0 before its first write. One GET.
absl::StatusOr<int64_t> ReadDataVersion(redis::Pool& pool, const std::string& district);
// The versions of many districts, in their order: one pipelined round trip.
absl::StatusOr<std::vector<int64_t>> ReadDataVersions(redis::Pool& pool,
                                                      const std::vector<std::string>& districts);

}  // namespace devplan
