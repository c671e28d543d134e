#include "services/aggregator/plan_store.h"

#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"

namespace devplan::aggregator {
namespace {
constexpr int kCasAttempts = 5;
}  // namespace

absl::StatusOr<int> PlanStore::CurrentVersion(const std::string& district, int year) {
  absl::StatusOr<redis::Reply> r =
      pool_.Run({"HGET", keys::PlanCurrent(district), std::to_string(year)});
  if (!r.ok()) return r.status();
  int version = 0;
  if (!r->is_nil() && !absl::SimpleAtoi(r->str(), &version)) {
    return absl::DataLossError("stored plan version is unreadable");
  }
  return version;
}

absl::StatusOr<v1::Plan> PlanStore::Put(v1::Plan plan, const std::string& request_id,
                                        const std::string& fingerprint) {
  const std::string d = plan.district();
  const std::string year = std::to_string(plan.year());
  for (int attempt = 0; attempt < kCasAttempts; ++attempt) {
    absl::StatusOr<int> current = CurrentVersion(d, plan.year());
    if (!current.ok()) return current.status();
    plan.set_version(*current + 1);
    *plan.mutable_create_time() = google::protobuf::util::TimeUtil::GetCurrentTime();

    store::Mutation m("agg", d);
    if (!request_id.empty()) m.WithRequestId(request_id, fingerprint);
    m.ExpectField(keys::PlanCurrent(d), year,
                  *current == 0 ? std::nullopt : std::optional(std::to_string(*current)))
        .HSet(keys::PlanVersions(d), absl::StrCat(year, "/", plan.version()),
              plan.SerializeAsString())
        .HSet(keys::PlanCurrent(d), year, std::to_string(plan.version()))
        .Event("plan", plan.name());
    absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
    if (!outcome.ok() && outcome.status().code() == absl::StatusCode::kAborted) continue;
    if (!outcome.ok()) return outcome.status();
    // The cross-district index lives outside the district's hash slot, so it is kept by a
    // separate, idempotent SADD rather than inside the atomic script.
    if (absl::StatusOr<redis::Reply> r = pool_.Run({"SADD", keys::PlanDistricts(), d}); !r.ok()) {
      return r.status();
    }
    if (*outcome == store::Outcome::kReplayed) {
      absl::StatusOr<std::optional<v1::Plan>> stored = Get(d, plan.year());
      if (!stored.ok()) return stored.status();
      if (stored->has_value()) return **stored;
    }
    return plan;
  }
  return absl::AbortedError("plan changed concurrently too often; retry");
}

absl::StatusOr<std::optional<v1::Plan>> PlanStore::Get(const std::string& district, int year,
                                                       int version) {
  if (version == 0) {
    absl::StatusOr<int> current = CurrentVersion(district, year);
    if (!current.ok()) return current.status();
    if (*current == 0) return std::nullopt;
    version = *current;
  }
  absl::StatusOr<redis::Reply> r = pool_.Run(
      {"HGET", keys::PlanVersions(district), absl::StrCat(year, "/", version)});
  if (!r.ok()) return r.status();
  if (r->is_nil()) return std::nullopt;
  absl::StatusOr<v1::Plan> plan = DecodeRecord<v1::Plan>(r->str(), "plan");
  if (!plan.ok()) return plan.status();
  return *std::move(plan);
}

absl::StatusOr<std::vector<v1::Plan>> PlanStore::List(const std::string& district) {
  std::vector<std::string> districts;
  if (!district.empty()) {
    districts.push_back(district);
  } else {
    absl::StatusOr<redis::Reply> r = pool_.Run({"SMEMBERS", keys::PlanDistricts()});
    if (!r.ok()) return r.status();
    for (size_t i = 0; i < r->size(); ++i) districts.emplace_back((*r)[i].str());
    std::sort(districts.begin(), districts.end());
  }
  std::vector<v1::Plan> plans;
  for (const std::string& d : districts) {
    absl::StatusOr<redis::Reply> current = pool_.Run({"HGETALL", keys::PlanCurrent(d)});
    if (!current.ok()) return current.status();
    std::vector<int> years;
    for (size_t i = 0; i + 1 < current->size(); i += 2) {
      int y = 0;
      if (absl::SimpleAtoi((*current)[i].str(), &y)) years.push_back(y);
    }
    std::sort(years.begin(), years.end());
    for (int y : years) {
      absl::StatusOr<std::optional<v1::Plan>> p = Get(d, y);
      if (!p.ok()) return p.status();
      if (p->has_value()) plans.push_back(**p);
    }
  }
  return plans;
}

}  // namespace devplan::aggregator
