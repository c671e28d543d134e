// One way tests write a devplan.v1.Date: D(2024, 3, 31). No validation, so a test can also
// build an impossible date (2023-02-29) on purpose to see it refused.
#pragma once

#include "devplan/v1/common.pb.h"

namespace devplan::testing {

inline v1::Date D(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

}  // namespace devplan::testing
