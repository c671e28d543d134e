// The report writers: one function per format, pure (data in, text out).
#pragma once

#include <string>

#include "services/devplanctl/report_data.h"

namespace devplan::ctl {

// One self-contained HTML file: inline CSS and SVG, no script, no external resource.
std::string RenderHtml(const ReportData& data);
// Markdown for chat and mail: a summary, then one table per area (## headings).
std::string RenderMarkdown(const ReportData& data);
// One header row, then one row per indicator.
std::string RenderCsv(const ReportData& data);
// {"scorecard": <protobuf JSON>, "aqiCalendar": <protobuf JSON or null>, "trend": […],
//  "failedSources": […], "partial": bool}
std::string RenderJson(const ReportData& data);

// "惠济区 410108 规划执行情况报告（截至 2024-09-30）"
std::string ReportTitle(const ReportData& data);
// The sentence naming the failed sources, empty when complete.
std::string PartialNotice(const ReportData& data);

}  // namespace devplan::ctl
