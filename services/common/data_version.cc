#include "services/common/data_version.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"

namespace devplan {

namespace {

absl::StatusOr<int64_t> ParseVersion(const redis::Reply& r, const std::string& district) {
  if (r.is_nil()) return 0;
  int64_t v = 0;
  if (!absl::SimpleAtoi(r.str(), &v)) {
    return absl::InternalError(absl::StrCat(keys::DataVersion(district), " is not a number"));
  }
  return v;
}

}  // namespace

absl::StatusOr<int64_t> ReadDataVersion(redis::Pool& pool, const std::string& district) {
  ASSIGN_OR_RETURN(const redis::Reply r, pool.Run({"GET", keys::DataVersion(district)},
                                                  redis::Resend::kSafe));
  return ParseVersion(r, district);
}

absl::StatusOr<std::vector<int64_t>> ReadDataVersions(redis::Pool& pool,
                                                      const std::vector<std::string>& districts) {
  std::vector<redis::Command> commands;
  commands.reserve(districts.size());
  for (const std::string& d : districts) commands.push_back({"GET", keys::DataVersion(d)});
  ASSIGN_OR_RETURN(const std::vector<redis::Reply> replies,
                   pool.RunPipeline(commands, redis::Resend::kSafe));
  std::vector<int64_t> versions;
  versions.reserve(replies.size());
  for (size_t i = 0; i < replies.size(); ++i) {
    ASSIGN_OR_RETURN(const int64_t v, ParseVersion(replies[i], districts[i]));
    versions.push_back(v);
  }
  return versions;
}

}  // namespace devplan
