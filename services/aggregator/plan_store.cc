#include "services/aggregator/plan_store.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"

namespace devplan::aggregator {

PlanStore::PlanStore(redis::Pool& pool) : records_(pool, keys::kAggregatorPrefix) {}

absl::StatusOr<int> PlanStore::CurrentVersion(const std::string& district, int year) {
  ASSIGN_OR_RETURN(redis::Reply r,
                   records_.pool().Run({"HGET", keys::PlanCurrent(district), std::to_string(year)},
                                       redis::Resend::kSafe));
  int version = 0;
  if (!r.is_nil() && !absl::SimpleAtoi(r.str(), &version)) {
    return absl::DataLossError("stored plan version is unreadable");
  }
  return version;
}

absl::StatusOr<v1::Plan> PlanStore::Put(v1::Plan plan, const store::RequestKey& request,
                                        const google::protobuf::Timestamp& now) {
  const std::string d = plan.district();
  const std::string year = std::to_string(plan.year());
  ASSIGN_OR_RETURN(
      v1::Plan stored,
      records_.Write<v1::Plan>(
          d, request,
          [&](store::Mutation& m) -> absl::StatusOr<v1::Plan> {
            ASSIGN_OR_RETURN(const int current, CurrentVersion(d, plan.year()));
            plan.set_version(current + 1);
            *plan.mutable_create_time() = now;
            m.ExpectField(keys::PlanCurrent(d), year,
                          current == 0 ? std::nullopt : std::optional(std::to_string(current)))
                .HSet(keys::PlanVersions(d), absl::StrCat(year, "/", plan.version()),
                      plan.SerializeAsString())
                .HSet(keys::PlanCurrent(d), year, std::to_string(plan.version()))
                .Event("plan", plan.name());
            return plan;
          },
          [&]() -> absl::StatusOr<v1::Plan> {
            ASSIGN_OR_RETURN(std::optional<v1::Plan> current, Get(d, plan.year()));
            if (!current.has_value()) return absl::AbortedError("request replayed but its plan is gone");
            return *std::move(current);
          }));
  // The cross-district index lives outside the district's hash slot, so it is kept by a
  // separate, idempotent SADD rather than inside the atomic script.
  RETURN_IF_ERROR(
      records_.pool().Run({"SADD", keys::PlanDistricts(), d}, redis::Resend::kSafe).status());
  return stored;
}

absl::StatusOr<std::optional<v1::Plan>> PlanStore::Get(const std::string& district, int year,
                                                       int version) {
  if (version == 0) {
    ASSIGN_OR_RETURN(const int current, CurrentVersion(district, year));
    if (current == 0) return std::nullopt;
    version = current;
  }
  return records_.Get<v1::Plan>(keys::PlanVersions(district), absl::StrCat(year, "/", version));
}

absl::StatusOr<std::vector<bool>> PlanStore::InForce(const std::vector<std::string>& districts,
                                                      int year) {
  std::vector<redis::Command> commands;
  commands.reserve(districts.size());
  for (const std::string& d : districts) {
    commands.push_back({"HEXISTS", keys::PlanCurrent(d), std::to_string(year)});
  }
  ASSIGN_OR_RETURN(std::vector<redis::Reply> replies,
                   records_.pool().RunPipeline(commands, redis::Resend::kSafe));
  std::vector<bool> in_force;
  in_force.reserve(replies.size());
  for (const redis::Reply& r : replies) in_force.push_back(r.integer() == 1);
  return in_force;
}

absl::StatusOr<std::vector<std::string>> PlanStore::DistrictsWithPlan(int year) {
  ASSIGN_OR_RETURN(redis::Reply r, records_.pool().Run({"SMEMBERS", keys::PlanDistricts()},
                                                       redis::Resend::kSafe));
  std::vector<std::string> all;
  for (size_t i = 0; i < r.size(); ++i) all.emplace_back(r[i].str());
  std::sort(all.begin(), all.end());
  ASSIGN_OR_RETURN(const std::vector<bool> in_force, InForce(all, year));
  std::vector<std::string> districts;
  for (size_t i = 0; i < all.size(); ++i) {
    if (in_force[i]) districts.push_back(std::move(all[i]));
  }
  return districts;
}

absl::StatusOr<std::vector<v1::Plan>> PlanStore::List(const std::string& district) {
  std::vector<std::string> districts;
  if (!district.empty()) {
    districts.push_back(district);
  } else {
    ASSIGN_OR_RETURN(redis::Reply r, records_.pool().Run({"SMEMBERS", keys::PlanDistricts()},
                                                         redis::Resend::kSafe));
    for (size_t i = 0; i < r.size(); ++i) districts.emplace_back(r[i].str());
    std::sort(districts.begin(), districts.end());
  }
  std::vector<v1::Plan> plans;
  for (const std::string& d : districts) {
    ASSIGN_OR_RETURN(redis::Reply current, records_.pool().Run({"HGETALL", keys::PlanCurrent(d)},
                                                               redis::Resend::kSafe));
    std::vector<int> years;
    for (size_t i = 0; i + 1 < current.size(); i += 2) {
      int y = 0;
      if (absl::SimpleAtoi(current[i].str(), &y)) years.push_back(y);
    }
    std::sort(years.begin(), years.end());
    for (int y : years) {
      ASSIGN_OR_RETURN(std::optional<v1::Plan> p, Get(d, y));
      if (p.has_value()) plans.push_back(*std::move(p));
    }
  }
  return plans;
}

}  // namespace devplan::aggregator
