// The one check the InvestmentService's handlers share beyond services/common/validation.h.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/investment/project_rules.h"

namespace devplan::investment {

// A year whose investment is asked for: kFirstReportYear..today's year (projects of the
// plan started before it, so their earlier years are kept too).
inline absl::Status ValidateReportYear(int year, absl::string_view field, absl::CivilDay today) {
  if (year < kFirstReportYear || year > today.year()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", year, " is outside ",
                                                   kFirstReportYear, "..", today.year()));
  }
  return absl::OkStatus();
}

}  // namespace devplan::investment
