// What a report shows, fetched once: the scorecard as of the date, the plan's title, the
// AQI calendar of the year so far, and the scorecards at each earlier month end of the year
// (the trend; computed by GetScorecard at each month end).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "devplan/v1/environment.pb.h"
#include "devplan/v1/scorecard.pb.h"

namespace devplan::ctl {

struct ReportData {
  v1::Scorecard card;
  std::string plan_title;
  std::optional<v1::GetAqiCalendarResponse> calendar;
  // Month-end scorecards of the as-of year before as_of, oldest first, then `card` itself.
  std::vector<v1::Scorecard> history;
  // Every source that failed: the card's failed_sources, "environment" if the calendar could
  // not be read, and any failed at a month end. Sorted, distinct.
  std::vector<std::string> failed_sources;
  std::vector<std::string> notes;  // what is missing and why
};

// Throws CliError when the scorecard itself cannot be had (aggregator down: 4; no plan: 3).
ReportData FetchReportData(const std::string& district, const v1::Date& as_of);

// "" → today in China; otherwise a date, or CliError(2).
v1::Date AsOfOrToday(const std::string& s);
// economy, ECONOMY, AREA_ECONOMY, 经济运行 … or CliError(2).
v1::Area ParseAreaOrThrow(const std::string& s);

}  // namespace devplan::ctl
