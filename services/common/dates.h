// devplan.v1.Date ↔ absl::CivilDay. Dates cross the wire as Date messages and are civil days
// inside: never strings, never time points.
#pragma once

#include "absl/strings/string_view.h"
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "devplan/v1/common.pb.h"

namespace devplan {

// INVALID_ARGUMENT naming `field` when the date is missing or not a real calendar day
// (e.g. 2023-02-29); years outside 1949..2100 are refused as implausible for a plan.
absl::StatusOr<absl::CivilDay> ToCivilDay(const v1::Date& date, absl::string_view field);
// As ToCivilDay but for a month: the day is ignored; answers the first day of the month.
absl::StatusOr<absl::CivilMonth> ToCivilMonth(const v1::Date& date, absl::string_view field);

v1::Date ToProtoDate(absl::CivilDay day);

// China Standard Time (UTC+8, no daylight saving), where every district of the suite lies.
absl::TimeZone ChinaTimeZone();
// Today in China Standard Time.
absl::CivilDay TodayInChina();
// The moment the next day begins in China Standard Time (the coming 00:00 UTC+8).
absl::Time StartOfTomorrowInChina();

// "2024-03-05" and "2024-03", for keys and resource names.
std::string DayKey(absl::CivilDay day);
std::string MonthKey(absl::CivilMonth month);

// Last day of the month.
absl::CivilDay MonthEnd(absl::CivilMonth month);
int DaysInYear(absl::CivilYear year);

// Whether a monthly figure for `month` belongs in a year-to-date total as of `as_of`: same
// year, and the month has ended by as_of (a month's figure speaks for its last day).
bool MonthCountsTowardYtd(absl::CivilMonth month, absl::CivilDay as_of);

// MonthCountsTowardYtd and MonthEnd for the many monthly figures of one as_of, without
// calendar arithmetic per figure (a fifth of the InvestmentService's GetMetrics time went to
// absl's day counting over ~2,400 monthly reports).
class YtdMonths {
 public:
  explicit YtdMonths(absl::CivilDay as_of);
  // The month's last day when the figure of (year, month) counts toward the year to as_of.
  std::optional<absl::CivilDay> EndIfCounted(int64_t year, int month) const;

 private:
  absl::CivilDay as_of_;
  int last_month_;  // months 1..last_month_ of the as-of year have ended by as_of
  absl::CivilDay ends_[13];
};

}  // namespace devplan
