// How the InvestmentService's metrics are computed from an InvestmentFacts snapshot as of a
// date: a handful of reusable shapes (count or sum of projects, of monthly reports, of
// outputs, of events; the latest growth figure; a year-to-date sum of monthly figures; a
// growth rate derived from two years of monthly figures). Each ignores facts dated after
// as_of, fills provenance and current_to, and leaves the value unset (NO_DATA) while no fact
// of its kind exists.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "services/common/metrics_contract.h"
#include "services/investment/investment_facts.h"

namespace devplan::investment {

using Compute = MetricSet<InvestmentFacts>::Compute;
using ProjectFilter = std::function<bool(const v1::Project&)>;
// The day a project counts from as of `as_of` (its provenance date), or nullopt when it
// does not count.
using ProjectCounts =
    std::function<std::optional<absl::CivilDay>(const v1::Project&, absl::CivilDay as_of)>;
// What a counted project contributes: 1 for a count, an amount for a sum.
using ProjectWeight = std::function<int64_t(const v1::Project&)>;

// --- Which projects count ------------------------------------------------------------

// Started (开工) on or before as_of and not completed before 1 January of as_of's year.
ProjectCounts UnderWay(ProjectFilter which);
// Reached `stage` in as_of's year, on or before as_of.
ProjectCounts ReachedInYear(v1::ProjectStage stage, ProjectFilter which);
// Bond review with `source` passed (APPROVED) in as_of's year, on or before as_of.
ProjectCounts BondApproved(v1::FundingSource source);
// Packaged into the project library (包装入库) in as_of's year, on or before as_of.
ProjectCounts PackagedInYear(ProjectFilter which);

int64_t One(const v1::Project&);
int64_t TotalInvestment(const v1::Project& p);
int64_t RequestedBondFunding(const v1::Project& p);

// --- Metric shapes -------------------------------------------------------------------

// Count (UNIT_COUNT) or sum (UNIT_YUAN) of `weight` over the projects `counts` selects.
Compute ProjectTotal(std::string derivation, ProjectCounts counts, ProjectWeight weight,
                     v1::Unit unit);
// Sum of the monthly investment reports of the projects `which` selects, January through
// the last month ended by as_of.
Compute MonthlyInvestmentSum(std::string derivation, ProjectFilter which);
// Units of infrastructure outputs of `kind` (roads under construction; other kinds
// delivered in the year by as_of).
Compute OutputTotal(std::string derivation, v1::InfrastructureKind kind);
// Parking spaces: the spaces of car parks plus PARKING_SPACES outputs, delivered in the
// year by as_of.
Compute ParkingSpaces(std::string derivation);
// Events of one of `kinds` starting in as_of's year on or before as_of.
Compute EventCount(std::string derivation, std::vector<v1::PromotionEventKind> kinds);
// done when the year's seed-industry expo had its last day on or before as_of.
Compute SeedExpoHeld();
// The growth figure of the latest period of as_of's year ended by as_of.
Compute LatestGrowth(v1::EconomicIndicator indicator);
// Sum of a monthly figure, January through the last month ended by as_of (count or yuan by
// `unit`).
Compute MonthlyFigureSum(v1::EconomicIndicator indicator, v1::Unit unit);
// Growth of budget revenue year to date over the same months of the previous year, derived
// from the monthly BUDGET_REVENUE figures of both years (the longest run of months from
// January reported in both and ended by as_of), rounded to 0.01 percentage points.
Compute BudgetRevenueGrowth();

}  // namespace devplan::investment
