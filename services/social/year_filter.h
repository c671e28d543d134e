// The year filter of the SocialService's List methods (paging itself: services/common/paging.h).
#pragma once

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/paging.h"

namespace devplan::social {

// INVALID_ARGUMENT naming `year` unless 0 (all years) or a plausible year.
inline absl::Status ValidateYearFilter(int32_t year) {
  if (year != 0 && (year < 1949 || year > 2100)) {
    return absl::InvalidArgumentError(
        absl::StrCat("year: ", year, " is neither 0 (all) nor in 1949..2100"));
  }
  return absl::OkStatus();
}

}  // namespace devplan::social
