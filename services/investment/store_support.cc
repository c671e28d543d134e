#include "services/investment/store_support.h"

#include "absl/strings/str_cat.h"
#include "services/common/redis_keys.h"

namespace devplan::investment {

absl::Status ValidateRequestId(const std::string& request_id) {
  if (request_id.size() > 64) return absl::InvalidArgumentError("request_id: at most 64 characters");
  return absl::OkStatus();
}

absl::StatusOr<bool> AlreadyApplied(redis::Pool& pool, const std::string& district,
                                    const std::string& request_id, const std::string& fingerprint) {
  if (request_id.empty()) return false;
  absl::StatusOr<redis::Reply> r = pool.Run({"GET", keys::RequestId(kService, district, request_id)});
  if (!r.ok()) return r.status();
  if (r->is_nil()) return false;
  if (r->str() == fingerprint) return true;
  return absl::InvalidArgumentError(absl::StrCat(
      "request_id: \"", request_id, "\" was already used for a different request"));
}

}  // namespace devplan::investment
