#include "services/common/dates.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace devplan {

absl::StatusOr<absl::CivilDay> ToCivilDay(const v1::Date& date, absl::string_view field) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  }
  if (date.year() < 1949 || date.year() > 2100) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".year: ", date.year(),
                                                   " is outside 1949..2100"));
  }
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalises out-of-range fields (Feb 30 → Mar 1); a mismatch means invalid.
  if (day.month() != date.month() || day.day() != date.day()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %04d-%02d-%02d is not a calendar date",
                                                      field, date.year(), date.month(),
                                                      date.day()));
  }
  return day;
}

absl::StatusOr<absl::CivilMonth> ToCivilMonth(const v1::Date& date, absl::string_view field) {
  if (date.year() < 1949 || date.year() > 2100) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".year: ", date.year(),
                                                   " is outside 1949..2100"));
  }
  if (date.month() < 1 || date.month() > 12) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".month: ", date.month(),
                                                   " is outside 1..12"));
  }
  return absl::CivilMonth(date.year(), date.month());
}

v1::Date ToProtoDate(absl::CivilDay day) {
  v1::Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

namespace {
const absl::TimeZone kChinaStandardTime = absl::FixedTimeZone(8 * 3600);
}  // namespace

absl::TimeZone ChinaTimeZone() { return kChinaStandardTime; }

absl::CivilDay TodayInChina() { return absl::ToCivilDay(absl::Now(), kChinaStandardTime); }

absl::Time StartOfTomorrowInChina() {
  return absl::FromCivil(TodayInChina() + 1, kChinaStandardTime);
}

std::string DayKey(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::string MonthKey(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

absl::CivilDay MonthEnd(absl::CivilMonth month) { return absl::CivilDay(month + 1) - 1; }

int DaysInYear(absl::CivilYear year) {
  return static_cast<int>(absl::CivilDay(year + 1) - absl::CivilDay(year));
}

bool MonthCountsTowardYtd(absl::CivilMonth month, absl::CivilDay as_of) {
  return month.year() == as_of.year() && MonthEnd(month) <= as_of;
}

YtdMonths::YtdMonths(absl::CivilDay as_of) : as_of_(as_of), last_month_(0) {
  for (int m = 1; m <= 12; ++m) {
    ends_[m] = MonthEnd(absl::CivilMonth(as_of.year(), m));
    if (ends_[m] <= as_of) last_month_ = m;
  }
}

std::optional<absl::CivilDay> YtdMonths::EndIfCounted(int64_t year, int month) const {
  if (month < 1 || month > 12) {  // never stored; answered as absl would normalise it
    const absl::CivilMonth normalised(year, month);
    if (!MonthCountsTowardYtd(normalised, as_of_)) return std::nullopt;
    return MonthEnd(normalised);
  }
  if (year != as_of_.year() || month > last_month_) return std::nullopt;
  return ends_[month];
}

}  // namespace devplan
