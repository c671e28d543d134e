// Plans in Redis, every version kept (key layout: services/common/redis_keys.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/scorecard.pb.h"
#include "services/common/store/record_store.h"

namespace devplan::aggregator {

class PlanStore {
 public:
  explicit PlanStore(redis::Pool& pool);

  // Stores `plan` (already validated) as the next version of its (district, year) and puts
  // it in force. Idempotent on request_id: a retry answers the version it created.
  absl::StatusOr<v1::Plan> Put(v1::Plan plan, const store::RequestKey& request,
                               const google::protobuf::Timestamp& now);
  // version 0: the version in force. nullopt when there is none.
  absl::StatusOr<std::optional<v1::Plan>> Get(const std::string& district, int year,
                                              int version = 0);
  // For each of `districts`, whether a plan of `year` is in force: one pipelined round trip,
  // nothing decoded (what a comparison of many districts checks first).
  absl::StatusOr<std::vector<bool>> InForce(const std::vector<std::string>& districts, int year);
  // The districts with a plan of `year` in force, in code order.
  absl::StatusOr<std::vector<std::string>> DistrictsWithPlan(int year);
  // The plans in force, of one district or (district empty) of all, by district then year.
  absl::StatusOr<std::vector<v1::Plan>> List(const std::string& district);

 private:
  absl::StatusOr<int> CurrentVersion(const std::string& district, int year);
  store::RecordStore records_;
};

}  // namespace devplan::aggregator
