// The request fields every service shares, checked one way with one set of limits (README,
// "Conventions"). Each check answers INVALID_ARGUMENT naming the field, quoting at most a
// short prefix of an offending value, so hostile input costs little and is refused by name.
// District codes: district.h; page_size and page_token: paging.h; dates: dates.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/district.h"

namespace devplan {

// The department answerable for a fact ("区统计局", "郑州市生态环境局惠济分局"): required.
// 200 bytes hold about 66 Chinese characters, far more than any department's name.
inline constexpr size_t kMaxReportedByBytes = 200;
// An idempotency key becomes part of a Redis key; UUIDs and "<job>-<date>-<n>" fit.
inline constexpr size_t kMaxRequestIdBytes = 64;
// Free text beside a fact: a revision's reason, a note.
inline constexpr size_t kMaxNoteBytes = 1000;
// Names and titles of records (a project's, a station's, a water body's).
inline constexpr size_t kMaxTitleBytes = 400;
// Record ids chosen by clients (project_id, station_id, …): part of resource names and keys.
inline constexpr size_t kMaxIdBytes = 64;

// Required, at most kMaxReportedByBytes.
absl::Status ValidateReportedBy(absl::string_view reported_by,
                                absl::string_view field = "reported_by");
// Optional, at most kMaxRequestIdBytes.
absl::Status ValidateRequestId(absl::string_view request_id);
// Both checks of a write's caller: reported_by, then request_id.
absl::Status ValidateWriter(absl::string_view reported_by, absl::string_view request_id);
// Optional free text of at most `max_bytes`.
absl::Status ValidateText(absl::string_view text, absl::string_view field,
                          size_t max_bytes = kMaxNoteBytes);
// Required text of 1..max_bytes.
absl::Status ValidateRequiredText(absl::string_view text, absl::string_view field,
                                  size_t max_bytes = kMaxTitleBytes);
// A List filter by year: 0 (all years) or a plausible year, 1949..2100 as for dates (a
// filter can do no harm: a year without data answers an empty list).
absl::Status ValidateYearFilter(int32_t year, absl::string_view field = "year");

// At most ~100 bytes of `value` for an error message, cut at a UTF-8 boundary with "…".
std::string QuoteForError(absl::string_view value);
// The longest prefix of `value` of at most `max_bytes` that ends at a UTF-8 character boundary.
absl::string_view CutAtCharacter(absl::string_view value, size_t max_bytes);

}  // namespace devplan
