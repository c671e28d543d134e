// Validation of infrastructure outputs and promotion events: pure functions.
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/investment.pb.h"

namespace devplan::investment {

// Upper bound of one output record's units (spaces, piles): a district-wide batch.
inline constexpr int64_t kMaxOutputQuantity = 100'000;
// Projects signed at one event.
inline constexpr int kMaxSignedPerEvent = 200;

// An output to record as of `today`, replacing `before` when there is one: attributes
// (INVALID_ARGUMENT naming output.<field>), dates not in the future and delivered not before
// started (FAILED_PRECONDITION), and going back on a recorded date or kind
// (FAILED_PRECONDITION unless `correction`).
absl::Status CheckOutput(const std::optional<v1::InfrastructureOutput>& before,
                         const v1::InfrastructureOutput& after, bool correction,
                         absl::CivilDay today);

// A promotion event to record as of `today`: id, district, kind, title, dates (held, in
// order; FAILED_PRECONDITION when in the future), seed-expo flag only on an expo, signed
// project ids well-formed and distinct.
absl::Status ValidateEvent(const v1::PromotionEvent& event, absl::CivilDay today);

// The event's last day: end_date, or start_date for a one-day event.
absl::CivilDay EventLastDay(const v1::PromotionEvent& event);

}  // namespace devplan::investment
