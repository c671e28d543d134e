#include "services/environment/hourly_ingest.h"
#include "services/common/status_macros.h"
#include "services/common/telemetry.h"
#include "services/common/validation.h"

#include "absl/strings/str_cat.h"

namespace devplan::environment {

absl::Status HourlyIngest::Begin(const v1::SubmitHourlyReadingsRequest& first) {
  RETURN_IF_ERROR(ValidateReadingsHeader(first));
  header_.set_district(first.district());
  header_.set_year(first.year());
  header_.set_reported_by(first.reported_by());
  header_.set_validate_only(first.validate_only());
  absl::StatusOr<std::set<std::string>> stations = store_.StationIds(first.district());
  RETURN_IF_ERROR(stations.status());
  stations_ = *std::move(stations);
  now_ = NowHourInChina();
  return absl::OkStatus();
}

void HourlyIngest::Refuse(const v1::HourlyReading& reading, std::string reason) {
  checked_.set_refused_count(checked_.refused_count() + 1);
  if (telemetry::Metrics* m = telemetry::Active()) m->ReadingsRefused(1);
  if (static_cast<size_t>(checked_.refused_size()) >= kMaxListedRefusals) {
    checked_.set_refused_truncated(true);
    return;
  }
  v1::RefusedReading* r = checked_.add_refused();
  r->set_index(next_index_);
  *r->mutable_reading() = reading;
  r->set_reason(std::move(reason));
}

absl::Status HourlyIngest::Check(const v1::SubmitHourlyReadingsRequest& message,
                                 std::vector<ValidReading>& valid) {
  const std::optional<std::string> mismatch = HeaderMismatch(header_, message);
  bool reloaded = false;
  checked_.set_received_count(checked_.received_count() + message.readings_size());
  for (const v1::HourlyReading& reading : message.readings()) {
    std::optional<std::string> refusal =
        mismatch ? mismatch : RefuseReading(reading, header_.year(), stations_, now_);
    // A station registered while the stream runs: look once more before refusing.
    if (refusal && !mismatch && !reloaded && !reading.station_id().empty() &&
        !stations_.contains(reading.station_id())) {
      reloaded = true;
      absl::StatusOr<std::set<std::string>> fresh = store_.StationIds(header_.district());
      RETURN_IF_ERROR(fresh.status());
      stations_ = *std::move(fresh);
      refusal = RefuseReading(reading, header_.year(), stations_, now_);
    }
    if (refusal) {
      Refuse(reading, *std::move(refusal));
    } else {
      const v1::Date& d = reading.date();
      valid.push_back({reading.station_id(), absl::CivilDay(d.year(), d.month(), d.day()),
                       reading.hour(), reading.concentrations()});
    }
    ++next_index_;
  }
  return absl::OkStatus();
}

absl::Status HourlyIngest::Write(std::span<const ValidReading> batch) {
  if (batch.empty()) return absl::OkStatus();
  absl::StatusOr<int> written =
      store_.WriteHourly(header_.district(), header_.reported_by(), batch, clock_.now(),
                         store::RequestKey::Of({}, header_));
  RETURN_IF_ERROR(written.status());
  // A dry run's readings were checked, not stored.
  telemetry::Metrics* m = telemetry::Active();
  if (m != nullptr && !header_.validate_only()) m->ReadingsAccepted(static_cast<int64_t>(batch.size()));
  std::lock_guard lock(mu_);
  accepted_ += static_cast<int64_t>(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    if (i == 0 || batch[i].day != batch[i - 1].day) days_.insert(batch[i].day);
  }
  return absl::OkStatus();
}

absl::Status HourlyIngest::Add(const v1::SubmitHourlyReadingsRequest& message) {
  RETURN_IF_ERROR(Check(message, batch_));
  size_t written = 0;
  absl::Status s;
  while (s.ok() && batch_.size() - written >= kBatchReadings) {
    s = Write(std::span(batch_).subspan(written, kBatchReadings));
    written += kBatchReadings;
  }
  batch_.erase(batch_.begin(), batch_.begin() + static_cast<ptrdiff_t>(written));
  return s;
}

absl::Status HourlyIngest::Finish() {
  absl::Status s = Write(batch_);
  batch_.clear();
  return s;
}

v1::SubmitHourlyReadingsResponse HourlyIngest::response() const {
  v1::SubmitHourlyReadingsResponse out = checked_;
  std::lock_guard lock(mu_);
  out.set_accepted_count(accepted_);
  out.set_days_updated(static_cast<int32_t>(days_.size()));
  return out;
}

std::string HourlyIngest::Progress() const {
  std::lock_guard lock(mu_);
  return absl::StrCat(accepted_, " of ", checked_.received_count(),
                      " readings received were stored before the failure (",
                      checked_.refused_count(),
                      " refused); resending them is harmless, a resubmitted hour replaces the stored one");
}

}  // namespace devplan::environment
