// Validation and revision of the SocialService's revisable figures (monthly figures, talent
// counts, coverage figures): pure functions, unit-tested without Redis.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <google/protobuf/timestamp.pb.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/social.pb.h"
#include "services/common/store/revisions.h"

namespace devplan::social {

// The first plan year the suite tracks (the Huiji 2024 plan). Figures for earlier months
// have no plan to count toward; later years are accepted up to the current one.
inline constexpr int kFirstPlanYear = 2024;

// Sane bounds; a figure beyond them is a typo, not a district's month.
inline constexpr int64_t kMaxMonthlyValue = 10'000'000;
inline constexpr int64_t kMaxTalentCount = 10'000;
inline constexpr int64_t kMaxEligible = 100'000'000;

// A month must fall in a plan year (kFirstPlanYear .. today's year) and must have begun.
// INVALID_ARGUMENT naming `field` otherwise (also for a malformed month).
absl::StatusOr<absl::CivilMonth> PlanMonth(const v1::Date& date, absl::CivilDay today,
                                           absl::string_view field);
// A day must be a calendar date in a plan year and not after today.
absl::StatusOr<absl::CivilDay> PlanDay(const v1::Date& date, absl::CivilDay today,
                                       absl::string_view field);

// Validated records built from the requests, stamped with `now`; revision 1, no history.
absl::StatusOr<v1::MonthlyFigure> MonthlyFigureFrom(const v1::ReportMonthlyFigureRequest& r,
                                                    absl::CivilDay today,
                                                    const google::protobuf::Timestamp& now);
absl::StatusOr<v1::TalentCount> TalentCountFrom(const v1::ReportTalentCountRequest& r,
                                                absl::CivilDay today,
                                                const google::protobuf::Timestamp& now);
absl::StatusOr<v1::CoverageFigure> CoverageFigureFrom(const v1::ReportCoverageRequest& r,
                                                      absl::CivilDay today,
                                                      const google::protobuf::Timestamp& now);

// Whether two reports of the same natural key say the same thing (who reported and when
// aside): a resubmission of the same content is not a revision.
bool SameContent(const v1::MonthlyFigure& a, const v1::MonthlyFigure& b);
bool SameContent(const v1::TalentCount& a, const v1::TalentCount& b);
bool SameContent(const v1::CoverageFigure& a, const v1::CoverageFigure& b);

// insured ÷ eligible in percentage points (98.5 = 98.5 %). eligible > 0 (validated).
double CoverageRatePercent(const v1::CoverageFigure& f);

template <typename Figure>
struct Revised {
  Figure record;  // what is to be stored (or the stored record, unchanged)
  bool changed;   // false: the same content is stored already; nothing to write
};

// A new report of a natural key against the stored record (if any): the same content
// answers the stored record unchanged; other content becomes the next revision
// (services/common/store/revisions.h), the stored record joining `superseded`.
template <typename Figure>
Revised<Figure> Revise(const std::optional<Figure>& stored, Figure incoming) {
  if (stored.has_value() && SameContent(*stored, incoming)) return {*stored, false};
  if (!stored.has_value()) incoming.clear_note();  // a first report revises nothing
  return {store::NextRevision(stored, std::move(incoming), &Figure::mutable_superseded), true};
}

}  // namespace devplan::social
