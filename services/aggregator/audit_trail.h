// Reading a district's audit trail (the stream every write appends to, mutation.h): newest
// first, filtered, paged by stream id.
#pragma once

#include "absl/status/statusor.h"
#include "devplan/v1/scorecard.pb.h"
#include "services/common/redis_pool.h"

namespace devplan::aggregator {

// Entries read from Redis per call at most, matching or not (README, limits).
inline constexpr int kMaxAuditEntriesScanned = 10'000;

absl::StatusOr<v1::ListAuditEntriesResponse> ListAuditEntries(
    redis::Pool& pool, const v1::ListAuditEntriesRequest& request);

}  // namespace devplan::aggregator
