// Which checked readings of a StreamHourlyReadings stream are written next, and when: the
// batching rules of hourly_stream.cc, kept apart from its threads so they can be tested alone.
// Not thread-safe: the stream calls it under its lock.
//
// Up to kMaxWritesInFlight batches are written at once, so the service prepares one while
// Redis runs another. Two batches that share a day are never written at the same time: each
// rewrites the air days it touches from every station's hours (compare-and-set on the day),
// and a later reading of the same station-hour must win, so such a batch waits until the
// earlier one is written. Batches are taken from the front, in stream order, and a batch is
// cut where the day changes (when it can be), so that a stream sent day by day gives batches
// that do not share one.
#pragma once

#include <cstddef>
#include <deque>
#include <set>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/environment/air_rules.h"

namespace devplan::environment {

struct HourlyBatch {
  std::vector<ValidReading> readings;
  std::vector<absl::CivilDay> days;  // distinct, ordered
};

class HourlyBatches {
 public:
  // Batches being written at once, per stream. Two keep Redis and the service busy at the
  // same time; more would only queue in Redis (one thread) and hold more readings in memory.
  static constexpr size_t kMaxWritesInFlight = 2;

  // `batch_readings`: the most readings in one batch (HourlyIngest::kBatchReadings).
  explicit HourlyBatches(size_t batch_readings) : batch_readings_(batch_readings) {}

  void Add(std::vector<ValidReading> readings);

  // The next batch to write now, taken out of the waiting readings; nullopt when none may
  // start: kMaxWritesInFlight are being written, nothing waits, it shares a day with a batch
  // being written, or — unless `last`, the stream having ended — no more than one batch
  // waits (the reading after it tells where its last day ends).
  std::optional<HourlyBatch> Next(bool last);
  // `batch` (from Next) is written, or failed: its days are free again.
  void Done(const HourlyBatch& batch);
  // After a failed write: nothing waiting is written.
  void Drop() { waiting_.clear(); }

  // Readings not yet in a batch.
  size_t waiting() const { return waiting_.size(); }
  // More than a batch waits: the stream stops reading until a batch is taken, so at most
  // one batch plus one message (kMaxReadingsPerMessage) waits.
  bool full() const { return waiting_.size() > batch_readings_; }
  size_t in_flight() const { return in_flight_; }

 private:
  const size_t batch_readings_;
  std::deque<ValidReading> waiting_;  // taken from the front without moving the rest
  size_t in_flight_ = 0;
  std::set<absl::CivilDay> busy_;  // days of the batches being written (none in two)
};

}  // namespace devplan::environment
