#include "services/devplanctl/palette.h"

namespace devplan::ctl {

std::string StatusHex(v1::IndicatorStatus s) {
  switch (s) {
    case v1::INDICATOR_STATUS_MET: return "#1a9850";
    case v1::INDICATOR_STATUS_DONE_LATE: return "#a6761d";
    case v1::INDICATOR_STATUS_ON_TRACK: return "#66bd63";
    case v1::INDICATOR_STATUS_AT_RISK: return "#f39c12";
    case v1::INDICATOR_STATUS_BEHIND: return "#d73027";
    case v1::INDICATOR_STATUS_STALE: return "#8e6bb8";
    case v1::INDICATOR_STATUS_UNAVAILABLE: return "#555555";
    default: return "#b0b0b0";
  }
}

std::string AnsiForStatus(v1::IndicatorStatus s) {
  switch (s) {
    case v1::INDICATOR_STATUS_MET: return "\033[1;32m";
    case v1::INDICATOR_STATUS_DONE_LATE: return "\033[33m";
    case v1::INDICATOR_STATUS_ON_TRACK: return "\033[32m";
    case v1::INDICATOR_STATUS_AT_RISK: return "\033[33m";
    case v1::INDICATOR_STATUS_BEHIND: return "\033[1;31m";
    case v1::INDICATOR_STATUS_STALE: return "\033[35m";
    case v1::INDICATOR_STATUS_UNAVAILABLE: return "\033[7;31m";
    default: return "\033[2m";
  }
}

std::string AqiHex(v1::AqiCategory c) {
  switch (c) {
    case v1::AQI_CATEGORY_EXCELLENT: return "#00e400";
    case v1::AQI_CATEGORY_GOOD: return "#ffff00";
    case v1::AQI_CATEGORY_LIGHTLY_POLLUTED: return "#ff7e00";
    case v1::AQI_CATEGORY_MODERATELY_POLLUTED: return "#ff0000";
    case v1::AQI_CATEGORY_HEAVILY_POLLUTED: return "#99004c";
    case v1::AQI_CATEGORY_SEVERELY_POLLUTED: return "#7e0023";
    default: return "#e6e6e6";
  }
}

std::string AqiCategoryZh(v1::AqiCategory c) {
  switch (c) {
    case v1::AQI_CATEGORY_EXCELLENT: return "优";
    case v1::AQI_CATEGORY_GOOD: return "良";
    case v1::AQI_CATEGORY_LIGHTLY_POLLUTED: return "轻度污染";
    case v1::AQI_CATEGORY_MODERATELY_POLLUTED: return "中度污染";
    case v1::AQI_CATEGORY_HEAVILY_POLLUTED: return "重度污染";
    case v1::AQI_CATEGORY_SEVERELY_POLLUTED: return "严重污染";
    default: return "无有效数据";
  }
}

std::string AnsiForAqiCategory(v1::AqiCategory c) {
  switch (c) {
    case v1::AQI_CATEGORY_EXCELLENT: return "\033[32m";
    case v1::AQI_CATEGORY_GOOD: return "\033[33m";
    case v1::AQI_CATEGORY_LIGHTLY_POLLUTED: return "\033[38;5;208m";
    case v1::AQI_CATEGORY_MODERATELY_POLLUTED: return "\033[31m";
    case v1::AQI_CATEGORY_HEAVILY_POLLUTED: return "\033[35m";
    case v1::AQI_CATEGORY_SEVERELY_POLLUTED: return "\033[1;35m";
    default: return "";
  }
}

}  // namespace devplan::ctl
