#include "services/environment/hourly_batches.h"

#include <algorithm>
#include <iterator>

namespace devplan::environment {

void HourlyBatches::Add(std::vector<ValidReading> readings) {
  waiting_.insert(waiting_.end(), std::make_move_iterator(readings.begin()),
                  std::make_move_iterator(readings.end()));
}

std::optional<HourlyBatch> HourlyBatches::Next(bool last) {
  if (in_flight_ >= kMaxWritesInFlight || waiting_.empty()) return std::nullopt;
  if (!last && waiting_.size() <= batch_readings_) return std::nullopt;
  size_t n = std::min(waiting_.size(), batch_readings_);
  if (n < waiting_.size()) {
    // Back to where the day changes; a day larger than a batch is cut where the batch is full.
    size_t cut = n;
    while (cut > 0 && waiting_[cut - 1].day == waiting_[cut].day) --cut;
    if (cut > 0) n = cut;
  }
  std::vector<absl::CivilDay> days;
  for (size_t i = 0; i < n; ++i) {
    if (days.empty() || days.back() != waiting_[i].day) days.push_back(waiting_[i].day);
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  for (const absl::CivilDay& d : days) {
    if (busy_.contains(d)) return std::nullopt;
  }
  HourlyBatch batch;
  const auto end = waiting_.begin() + static_cast<std::ptrdiff_t>(n);
  batch.readings.assign(std::make_move_iterator(waiting_.begin()), std::make_move_iterator(end));
  waiting_.erase(waiting_.begin(), end);
  busy_.insert(days.begin(), days.end());
  batch.days = std::move(days);
  ++in_flight_;
  return batch;
}

void HourlyBatches::Done(const HourlyBatch& batch) {
  for (const absl::CivilDay& d : batch.days) busy_.erase(d);
  --in_flight_;
}

}  // namespace devplan::environment
