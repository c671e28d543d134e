// One indicator through a plan year, point by point at month ends, read off the month-end
// scorecards (kept as snapshots, see Scorecards) so a chart agrees with the scorecards.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/scorecard.pb.h"
#include "services/aggregator/scorecards.h"

namespace devplan::aggregator {

struct HistoryQuery {
  std::string district;
  std::string indicator;
  int year = 0;
  int from_month = 1;  // 1..12
  int to_month = 12;   // from_month..12
  absl::CivilDay today;  // month ends after it are left out
};

// `plan` is the district's plan for query.year. NOT_FOUND when it has no such indicator.
absl::StatusOr<v1::IndicatorHistory> IndicatorHistoryOf(Scorecards& scorecards,
                                                        const v1::Plan& plan,
                                                        const HistoryQuery& query);

}  // namespace devplan::aggregator
