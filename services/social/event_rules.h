// Events (job fairs, cultural events, sports events): validation and the idempotency rule.
// Pure functions, unit-tested without Redis.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/social.pb.h"

namespace devplan::social {

inline constexpr int64_t kMaxPositionsOffered = 1'000'000;
inline constexpr int kMaxBatchEvents = 500;

// Checks an event to be recorded on `today`; `field` prefixes error messages ("event",
// "events[3]"). INVALID_ARGUMENT naming the field: id, district, kind, titles, dates (start
// in a plan year and not in the future; end, if set, between start and today), the
// kind-specific fields (positions_offered for job fairs only, cultural_type for cultural
// events only, plan_event for sports events only), organizer.
absl::Status ValidateEvent(const v1::Event& event, absl::CivilDay today, absl::string_view field);

// Whether a stored event is the one a create request describes (the fields a client sets).
// A stored end_date that the request leaves unset still matches: the event was finished
// after it was first recorded, and the original create may be retried.
bool SameEvent(const v1::Event& stored, const v1::Event& requested);

// The day an event counts for: its first day.
absl::CivilDay EventDay(const v1::Event& event);

}  // namespace devplan::social
