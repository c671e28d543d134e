// The time line of a plan year: how much of the year has passed at a date.
//
// f = (days from 1 January through the as-of date, inclusive) / (days in the
// year). 2024 is a leap year: f(2024-01-01) = 1/366, f(2024-12-31) = 366/366.
// Dates outside the plan year clamp: before 1 January f = 0, after
// 31 December f = 1 (a 2024 figure published in January 2025 is judged
// against the whole year).
#pragma once

#include <vector>

#include "absl/time/civil_time.h"

namespace devplan::scoring {

// 365 or 366.
int DaysInYear(int year);

// Days in the month containing `day` (28..31).
int DaysInMonth(absl::CivilDay day);

// Days of `plan_year` elapsed through `as_of` inclusive, clamped to
// [0, DaysInYear(plan_year)].
int ElapsedDays(int plan_year, absl::CivilDay as_of);

// Days of `plan_year` still to come after `as_of` (not counting as_of),
// clamped to [0, DaysInYear(plan_year)]. 2024-12-31 -> 0, 2024-01-01 -> 365.
int RemainingDays(int plan_year, absl::CivilDay as_of);

// f: the elapsed share of `plan_year` at `as_of`, in [0, 1].
double ElapsedShare(int plan_year, absl::CivilDay as_of);

// A monthly schedule: 12 cumulative month-end values (fractions of the
// target, or amounts), January first. Returns the value at `as_of`,
// interpolated linearly by days within the month: on day d of month m it is
// end(m-1) + (end(m) - end(m-1)) * d / days_in_month(m), with end(0) = 0.
// Before the plan year: 0; after it: the December value.
// Precondition: schedule.size() == 12.
double ScheduledValue(const std::vector<double>& schedule, int plan_year,
                      absl::CivilDay as_of);

}  // namespace devplan::scoring
