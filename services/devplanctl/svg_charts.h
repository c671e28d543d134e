// Inline SVG charts for the HTML report (no script, no external resource): status counts,
// area scores, each area's indicators as progress bars against the time line, the AQI
// calendar heat map and the month-end trend of the scores.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "devplan/v1/environment.pb.h"
#include "devplan/v1/scorecard.pb.h"

namespace devplan::ctl {

// &, <, >, " and ' escaped, for HTML text, attributes and SVG text.
std::string XmlEscape(std::string_view s);

// One horizontal bar split by status, with counts in a legend.
std::string SvgStatusBar(const v1::Scorecard& card);
// Overall and per-area scores (0-100) as bars.
std::string SvgAreaScores(const v1::Scorecard& card);
// One row per indicator of `area`: completion (actual ÷ target) as a bar coloured by status,
// a tick at what the time line expects, and the dashed 时间进度 line at the elapsed share.
std::string SvgAreaProgress(const v1::Scorecard& card, v1::Area area);
// Months (rows) × days (columns), each day coloured by its AQI category.
std::string SvgAqiCalendar(const v1::GetAqiCalendarResponse& calendar);
// Overall and area scores at each month end (lines).
std::string SvgScoreTrend(const std::vector<v1::Scorecard>& history);
// A small line of one indicator's actual over the month ends.
std::string SvgSparkline(const std::vector<v1::Scorecard>& history, const std::string& indicator_id);

}  // namespace devplan::ctl
