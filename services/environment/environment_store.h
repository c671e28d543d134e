// The EnvironmentService's water, works and plot facts in Redis, and the snapshot the metrics
// are computed from (key layout: services/common/redis_keys.h). Air facts are in AirStore.
// Thread-safe; reads and writes go through the service's store::RecordStore.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/environment.pb.h"
#include "services/environment/air_store.h"

namespace devplan::environment {

// Everything the metrics of one district are computed from in one year: the same for every
// as_of of that year, so one snapshot serves them all (the metrics count only the days up to
// as_of).
struct EnvironmentFacts {
  // 1 January to 31 December of the year: each day with hourly data or a bulletin value,
  // merged (EffectiveDay), in date order.
  std::vector<v1::AirQualityDay> air_days;
  std::vector<v1::WaterBody> water_bodies;
  // water_body_id → its samples.
  std::map<std::string, std::vector<v1::WaterSample>> samples;
  std::vector<v1::Work> works;
  std::vector<v1::Plot> plots;
};

class EnvironmentStore {
 public:
  explicit EnvironmentStore(store::RecordStore& records) : records_(records), air_(records) {}

  AirStore& air() { return air_; }

  absl::StatusOr<v1::WaterBody> PutWaterBody(v1::WaterBody body, const store::RequestKey& request);
  absl::StatusOr<std::optional<v1::WaterBody>> GetWaterBody(const std::string& district,
                                                            const std::string& id);
  // Ordered by water_body_id.
  absl::StatusOr<std::vector<v1::WaterBody>> ListWaterBodies(const std::string& district);
  // Replaces the (body, point, date) sample. NOT_FOUND when the body does not exist.
  absl::StatusOr<v1::WaterSample> PutWaterSample(const std::string& district,
                                                 const std::string& body_id, v1::WaterSample sample,
                                                 const store::RequestKey& request);
  absl::StatusOr<std::vector<v1::WaterSample>> SamplesOf(const std::string& district,
                                                         const std::string& body_id);

  // Creates or replaces a work. NOT_FOUND for an unknown water body; ALREADY_EXISTS when its
  // milestone is carried by another work.
  absl::StatusOr<v1::Work> PutWork(v1::Work work, const store::RequestKey& request);
  absl::StatusOr<std::vector<v1::Work>> ListWorks(const std::string& district);
  absl::StatusOr<v1::Plot> PutPlot(v1::Plot plot, const store::RequestKey& request);
  absl::StatusOr<std::vector<v1::Plot>> ListPlots(const std::string& district);

  absl::StatusOr<EnvironmentFacts> LoadFacts(const std::string& district, int year);

 private:
  store::RecordStore& records_;
  AirStore air_;
};

}  // namespace devplan::environment
