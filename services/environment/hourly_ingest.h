// The readings of one SubmitHourlyReadings request or one StreamHourlyReadings stream: each
// reading is checked on its own (air_rules.h), valid ones are gathered into batches and each
// full batch is written in one atomic write with the air days it changes (AirStore), and
// the reply lists every refusal. Not thread-safe: one request or stream at a time, which is
// how gRPC delivers a stream's messages.
#pragma once

#include <cstdint>
#include <set>
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
  // Checks the message's readings (the first message's too) and writes every full batch.
  // An error is a storage failure; what was written before stays written.
  absl::Status Add(const v1::SubmitHourlyReadingsRequest& message);
  // Writes the last, partial batch.
  absl::Status Finish();

  const v1::SubmitHourlyReadingsResponse& response() const { return response_; }
  // For error messages: how much had been stored when a write failed.
  std::string Progress() const;

 private:
  absl::Status Flush();
  void Refuse(const v1::HourlyReading& reading, std::string reason);

  AirStore& store_;
  const Clock& clock_;
  v1::SubmitHourlyReadingsRequest header_;  // district, year, reported_by of the first message
  std::set<std::string> stations_;
  absl::CivilHour now_;
  int64_t next_index_ = 0;
  std::vector<ValidReading> batch_;
  std::set<absl::CivilDay> days_;
  v1::SubmitHourlyReadingsResponse response_;
};

}  // namespace devplan::environment
