// Builds a scorecard from a plan and the metric values fetched for it. Pure: no I/O, so
// every status, score and partial-outage rule is testable without servers.
#pragma once

#include <map>
#include <set>
#include <string>

#include "absl/time/civil_time.h"
#include "devplan/v1/common.pb.h"
#include "devplan/v1/scorecard.pb.h"

namespace devplan::aggregator {

struct ScorecardInputs {
  const v1::Plan* plan = nullptr;
  absl::CivilDay as_of;
  // Empty: every area.
  std::set<v1::Area> areas;
  // ValueId (rule_mapping.h: the metric key, with its members for a named list) → value as
  // of as_of, and as of the end of the previous month.
  std::map<std::string, v1::MetricValue> now;
  std::map<std::string, v1::MetricValue> month_ago;
  // Services that did not answer; their indicators are UNAVAILABLE.
  std::set<std::string> failed_services;
  // Last values seen from the failed services, shown (as stale) instead of nothing.
  std::map<std::string, v1::MetricValue> last_known;
  // Metric key → cadence from the metric's definition (default monthly).
  std::map<std::string, v1::Cadence> cadence;
};

// How many indicators each of weakest/strongest lists.
inline constexpr size_t kRankedIndicators = 5;

v1::Scorecard BuildScorecard(const ScorecardInputs& in);

}  // namespace devplan::aggregator
