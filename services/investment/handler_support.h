// Small pieces every InvestmentService handler uses: common request-field checks and
// paging of an in-memory, already ordered list.
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/repeated_field.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/paging.h"
#include "services/investment/project_rules.h"
#include "services/investment/store_support.h"

namespace devplan::investment {

inline google::protobuf::Timestamp Now() {
  return google::protobuf::util::TimeUtil::GetCurrentTime();
}

// reported_by (the department answerable for the fact) and request_id.
inline absl::Status ValidateReporter(const std::string& reported_by, const std::string& request_id) {
  if (reported_by.empty() || reported_by.size() > kMaxTitleBytes) {
    return absl::InvalidArgumentError("reported_by: required, at most 400 bytes");
  }
  return ValidateRequestId(request_id);
}

inline absl::Status ValidateReason(const std::string& reason, absl::string_view field) {
  if (reason.size() > kMaxReasonBytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": at most 1000 bytes"));
  }
  return absl::OkStatus();
}

// A year filter or argument: 0 allowed only when `optional`.
inline absl::Status ValidateYear(int year, absl::string_view field, bool optional,
                                 absl::CivilDay today) {
  if (optional && year == 0) return absl::OkStatus();
  if (year < kFirstReportYear || year > today.year()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", year, " is outside ",
                                                   kFirstReportYear, "..", today.year()));
  }
  return absl::OkStatus();
}

}  // namespace devplan::investment
