// The air facts in Redis: stations, hourly readings with the air days computed from them,
// and bulletin values (key layout: services/common/redis_keys.h). Thread-safe: shares the
// pool; every write goes through store::Mutation.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/environment.pb.h"
#include "services/common/store/record_store.h"
#include "services/environment/air_rules.h"

namespace devplan::environment {

class AirStore {
 public:
  explicit AirStore(store::RecordStore& records) : records_(records) {}

  // Stores a validated station. ALREADY_EXISTS when the id or the title is taken (and the
  // request is not a retry of the one that took it); a retry answers the stored station.
  absl::StatusOr<v1::Station> CreateStation(const store::RequestKey& request, v1::Station station);
  absl::StatusOr<std::optional<v1::Station>> GetStation(const std::string& district,
                                                        const std::string& station_id);
  // Ordered by station_id.
  absl::StatusOr<std::vector<v1::Station>> ListStations(const std::string& district);
  absl::StatusOr<std::set<std::string>> StationIds(const std::string& district);

  // Stores checked readings (a later reading of the same station-hour wins) and, in the same
  // atomic write, the air day of every day they touch, recomputed from all stations' hours.
  // Retries when another writer changed one of those days meanwhile. Answers the number of
  // days updated.
  absl::StatusOr<int> WriteHourly(const std::string& district, const std::string& department,
                                  std::span<const ValidReading> readings,
                                  const google::protobuf::Timestamp& now,
                                  const store::RequestKey& request);

  // Replaces the district's bulletin value for the day.
  absl::StatusOr<v1::DailyAqi> PutDailyAqi(const std::string& district, v1::DailyAqi day,
                                            const store::RequestKey& request);

  // The counted figure of each day first..last that has hourly data or a bulletin value
  // (EffectiveDay), in date order. At most a few years per call (one HMGET per hash).
  absl::StatusOr<std::vector<v1::AirQualityDay>> LoadDays(const std::string& district,
                                                          absl::CivilDay first,
                                                          absl::CivilDay last);

 private:
  store::RecordStore& records_;
};

}  // namespace devplan::environment
