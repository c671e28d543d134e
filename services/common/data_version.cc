#include "services/common/data_version.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"

namespace devplan {

absl::StatusOr<int64_t> ReadDataVersion(redis::Pool& pool, const std::string& district) {
  ASSIGN_OR_RETURN(const redis::Reply r, pool.Run({"GET", keys::DataVersion(district)},
                                                  redis::Resend::kSafe));
  if (r.is_nil()) return 0;
  int64_t v = 0;
  if (!absl::SimpleAtoi(r.str(), &v)) {
    return absl::InternalError(absl::StrCat(keys::DataVersion(district), " is not a number"));
  }
  return v;
}

}  // namespace devplan
