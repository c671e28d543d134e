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
  absl::StatusOr<std::set<std::string>> stations = store_.StationIds(first.district());
  RETURN_IF_ERROR(stations.status());
  stations_ = *std::move(stations);
  now_ = NowHourInChina();
  return absl::OkStatus();
}

void HourlyIngest::Refuse(const v1::HourlyReading& reading, std::string reason) {
  response_.set_refused_count(response_.refused_count() + 1);
  if (telemetry::Metrics* m = telemetry::Active()) m->ReadingsRefused(1);
  if (static_cast<size_t>(response_.refused_size()) >= kMaxListedRefusals) {
    response_.set_refused_truncated(true);
    return;
  }
  v1::RefusedReading* r = response_.add_refused();
  r->set_index(next_index_);
  *r->mutable_reading() = reading;
  r->set_reason(std::move(reason));
}

absl::Status HourlyIngest::Add(const v1::SubmitHourlyReadingsRequest& message) {
  const std::optional<std::string> mismatch = HeaderMismatch(header_, message);
  bool reloaded = false;
  for (const v1::HourlyReading& reading : message.readings()) {
    response_.set_received_count(response_.received_count() + 1);
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
      batch_.push_back({reading.station_id(), absl::CivilDay(d.year(), d.month(), d.day()),
                        reading.hour(), reading.concentrations()});
    }
    ++next_index_;
    if (batch_.size() >= kBatchReadings) {
      RETURN_IF_ERROR(Flush());
    }
  }
  return absl::OkStatus();
}

absl::Status HourlyIngest::Finish() { return Flush(); }

absl::Status HourlyIngest::Flush() {
  if (batch_.empty()) return absl::OkStatus();
  absl::StatusOr<int> written = store_.WriteHourly(header_.district(), header_.reported_by(), batch_,
                                                   clock_.now());
  RETURN_IF_ERROR(written.status());
  response_.set_accepted_count(response_.accepted_count() + static_cast<int64_t>(batch_.size()));
  if (telemetry::Metrics* m = telemetry::Active()) m->ReadingsAccepted(static_cast<int64_t>(batch_.size()));
  for (const ValidReading& r : batch_) days_.insert(r.day);
  response_.set_days_updated(static_cast<int32_t>(days_.size()));
  batch_.clear();
  return absl::OkStatus();
}

std::string HourlyIngest::Progress() const {
  return absl::StrCat(response_.accepted_count(), " of ", response_.received_count(),
                      " readings received were stored before the failure (", response_.refused_count(),
                      " refused); resending them is harmless, a resubmitted hour replaces the stored one");
}

}  // namespace devplan::environment
