// Colours of statuses and AQI categories, for the terminal (ANSI) and the reports (hex).
#pragma once

#include <string>

#include "devplan/v1/environment.pb.h"
#include "devplan/v1/scorecard.pb.h"

namespace devplan::ctl {

std::string StatusHex(v1::IndicatorStatus s);
std::string AnsiForStatus(v1::IndicatorStatus s);
// HJ 633 category colours (green, yellow, orange, red, purple, maroon).
std::string AqiHex(v1::AqiCategory c);
std::string AqiCategoryZh(v1::AqiCategory c);
std::string AnsiForAqiCategory(v1::AqiCategory c);
inline constexpr const char* kAnsiReset = "\033[0m";

}  // namespace devplan::ctl
