// The readings of one SubmitHourlyReadings request or one StreamHourlyReadings stream: each
// reading is checked on its own (air_rules.h), valid ones are written in batches, each batch
// in one atomic write with the air days it changes (AirStore), and the reply lists every
// refusal.
//
// Checking and writing are apart so a stream can check its next messages while batches are
// being written (hourly_stream.cc): Check runs one call at a time, Write is thread-safe, and
// the two touch disjoint state. Begin and the unary Add and Finish run while no Write does.
#pragma once

#include <cstdint>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/environment.pb.h"
#include "services/environment/air_rules.h"
#include "services/common/service_context.h"
#include "services/environment/air_store.h"

namespace devplan::environment {

class HourlyIngest {
 public:
  // Readings per atomic write: large enough that a year of 5 stations is ~22 writes, small
  // enough that one write (one Lua call) stays in the low milliseconds.
  static constexpr size_t kBatchReadings = 2000;
  // Refusals listed in the reply; the count covers all of them.
  static constexpr size_t kMaxListedRefusals = 1000;

  // `clock` stamps the readings' report time.
  HourlyIngest(AirStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Checks the first message's header and loads the district's stations. An error fails the
  // call before anything is stored.
  absl::Status Begin(const v1::SubmitHourlyReadingsRequest& first);

  // Checks the message's readings (the first message's too): refusals are listed, the valid
  // readings appended to `valid`, in order. An error is a storage failure (re-reading the
  // stations for a reading of one not known yet).
  absl::Status Check(const v1::SubmitHourlyReadingsRequest& message,
                     std::vector<ValidReading>& valid);
  // Writes checked readings in one atomic write and counts them as stored. An error is a
  // storage failure; what was written before stays written. Batches written at the same time
  // must not share a day (HourlyBatches), or the later reading of a station-hour may lose.
  absl::Status Write(std::span<const ValidReading> batch);

  // A unary call: Check, and Write every full batch of kBatchReadings.
  absl::Status Add(const v1::SubmitHourlyReadingsRequest& message);
  // A unary call: writes the last, partial batch.
  absl::Status Finish();

  v1::SubmitHourlyReadingsResponse response() const;
  // For error messages: how much had been stored when a write failed.
  std::string Progress() const;

 private:
  void Refuse(const v1::HourlyReading& reading, std::string reason);

  AirStore& store_;
  const Clock& clock_;
  // Begin's, then Check's.
  v1::SubmitHourlyReadingsRequest header_;  // district, year, reported_by of the first message
  std::set<std::string> stations_;
  absl::CivilHour now_;
  int64_t next_index_ = 0;
  v1::SubmitHourlyReadingsResponse checked_;  // received and refused
  // Write's.
  mutable std::mutex mu_;
  int64_t accepted_ = 0;  // guarded by mu_
  std::set<absl::CivilDay> days_;  // guarded by mu_
  // Add's and Finish's.
  std::vector<ValidReading> batch_;
};

}  // namespace devplan::environment
