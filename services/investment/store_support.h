// Helpers shared by the InvestmentService's stores: the optimistic read-validate-write loop
// and the request_id look-up that lets a retried state-dependent write answer instead of
// being re-validated against the state it itself produced.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/redis_pool.h"

namespace devplan::investment {

// Key prefix of every InvestmentService key and of its request_id records.
inline constexpr char kService[] = "inv";

// How often a write is re-read and re-validated when a concurrent write to the same record
// wins the compare-and-set. Writers to one project are few; five rounds is plenty.
inline constexpr int kMaxAttempts = 5;

// Runs `attempt` (read, validate, write with ExpectField) again while it fails ABORTED.
template <typename Attempt>
auto RetryOnConflict(Attempt attempt) -> decltype(attempt()) {
  for (int i = 1;; ++i) {
    auto result = attempt();
    if (result.ok() || result.status().code() != absl::StatusCode::kAborted || i == kMaxAttempts) {
      return result;
    }
  }
}

// OK when empty or 1-64 characters (the request-id record is a Redis key).
absl::Status ValidateRequestId(const std::string& request_id);

// Whether `request_id` was already applied for this district with this fingerprint: true
// means "answer the current state"; INVALID_ARGUMENT when it was used for another request.
// False for an empty request_id.
absl::StatusOr<bool> AlreadyApplied(redis::Pool& pool, const std::string& district,
                                    const std::string& request_id, const std::string& fingerprint);

}  // namespace devplan::investment
