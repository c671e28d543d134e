#include "services/investment/metric_rules.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/provenance.h"
#include "services/investment/figure_rules.h"
#include "services/investment/output_rules.h"
#include "services/investment/project_rules.h"

namespace devplan::investment {
namespace {

absl::CivilDay YearStart(absl::CivilDay as_of) { return absl::CivilDay(as_of.year(), 1, 1); }

bool InYearBy(std::optional<absl::CivilDay> day, absl::CivilDay as_of) {
  return day.has_value() && day->year() == as_of.year() && *day <= as_of;
}

void SetNumber(v1::MetricValue& v, v1::Unit unit, int64_t n) {
  if (unit == v1::UNIT_YUAN) {
    v.set_amount_yuan(n);
  } else {
    v.set_count(n);
  }
}

// The department a project's facts come from: whoever reported its latest change.
const std::string& Department(const v1::Project& p) {
  return p.reported_by().empty() ? p.lead_department() : p.reported_by();
}

}  // namespace

ProjectCounts UnderWay(ProjectFilter which) {
  return [which](const v1::Project& p, absl::CivilDay as_of) -> std::optional<absl::CivilDay> {
    if (!which(p)) return std::nullopt;
    std::optional<absl::CivilDay> started = StageDate(p, v1::PROJECT_STAGE_STARTED);
    std::optional<absl::CivilDay> completed = StageDate(p, v1::PROJECT_STAGE_COMPLETED);
    if (!started || *started > as_of || (completed && *completed < YearStart(as_of))) {
      return std::nullopt;
    }
    return started;
  };
}

ProjectCounts ReachedInYear(v1::ProjectStage stage, ProjectFilter which) {
  return [stage, which](const v1::Project& p, absl::CivilDay as_of) -> std::optional<absl::CivilDay> {
    std::optional<absl::CivilDay> day = StageDate(p, stage);
    if (!which(p) || !InYearBy(day, as_of)) return std::nullopt;
    return day;
  };
}

ProjectCounts BondApproved(v1::FundingSource source) {
  return [source](const v1::Project& p, absl::CivilDay as_of) -> std::optional<absl::CivilDay> {
    const v1::Funding& f = p.funding();
    if (f.source() != source || f.review_status() != v1::BOND_REVIEW_STATUS_APPROVED) {
      return std::nullopt;
    }
    std::optional<absl::CivilDay> day = DayOf(f.reviewed_on(), f.has_reviewed_on());
    if (!InYearBy(day, as_of)) return std::nullopt;
    return day;
  };
}

ProjectCounts PackagedInYear(ProjectFilter which) {
  return [which](const v1::Project& p, absl::CivilDay as_of) -> std::optional<absl::CivilDay> {
    std::optional<absl::CivilDay> day = DayOf(p.packaged_on(), p.has_packaged_on());
    if (!which(p) || !InYearBy(day, as_of)) return std::nullopt;
    return day;
  };
}

int64_t One(const v1::Project&) { return 1; }
int64_t TotalInvestment(const v1::Project& p) { return p.total_investment_yuan(); }
int64_t RequestedBondFunding(const v1::Project& p) { return p.funding().requested_yuan(); }

Compute ProjectTotal(std::string derivation, ProjectCounts counts, ProjectWeight weight,
                     v1::Unit unit) {
  return [=](const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    if (facts.projects.empty()) return;  // nothing reported yet: NO_DATA
    ProvenanceBuilder prov(derivation);
    int64_t total = 0;
    for (const v1::Project& p : facts.projects) {
      if (!Listed(q, p.project_id())) continue;
      std::optional<absl::CivilDay> day = counts(p, q.as_of);
      if (!day) continue;
      total += weight(p);
      prov.Add(Department(p), p.update_time(), *day);
    }
    SetNumber(v, unit, total);
    prov.Fill(q.as_of, v);
  };
}

Compute MonthlyInvestmentSum(std::string derivation, ProjectFilter which) {
  return [=](const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    ProvenanceBuilder prov(derivation);
    absl::flat_hash_set<absl::string_view> selected;
    for (const v1::Project& p : facts.projects) {
      if (which(p) && Listed(q, p.project_id())) selected.insert(p.project_id());
    }
    const YtdMonths ytd(q.as_of);
    int64_t sum = 0;
    for (const auto& [project_id, report] : facts.monthly) {
      const std::optional<absl::CivilDay> end =
          ytd.EndIfCounted(report.month().year(), report.month().month());
      if (!end || !selected.contains(project_id)) continue;
      sum += report.amount_yuan();
      prov.Add(report.reported_by(), report.report_time(), *end);
    }
    if (prov.empty()) return;  // no month of the year reported yet: NO_DATA
    v.set_amount_yuan(sum);
    prov.Fill(q.as_of, v);
  };
}

Compute OutputTotal(std::string derivation, v1::InfrastructureKind kind) {
  return [=](const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    if (facts.outputs.empty()) return;
    ProvenanceBuilder prov(derivation);
    int64_t total = 0;
    for (const auto& [project_id, o] : facts.outputs) {
      if (o.kind() != kind) continue;
      const auto started = DayOf(o.started_on(), o.has_started_on());
      const auto delivered = DayOf(o.delivered_on(), o.has_delivered_on());
      absl::CivilDay speaks_for;
      if (kind == v1::INFRASTRUCTURE_KIND_ROAD) {
        // Under construction in the year: started by as_of, not finished before the year.
        if (!started || *started > q.as_of || (delivered && *delivered < YearStart(q.as_of))) continue;
        speaks_for = (delivered && *delivered <= q.as_of) ? *delivered : *started;
      } else {
        if (!InYearBy(delivered, q.as_of)) continue;
        speaks_for = *delivered;
      }
      total += o.quantity();
      prov.Add(o.reported_by(), o.report_time(), speaks_for);
    }
    v.set_count(total);
    prov.Fill(q.as_of, v);
  };
}

Compute ParkingSpaces(std::string derivation) {
  return [=](const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    if (facts.outputs.empty()) return;
    ProvenanceBuilder prov(derivation);
    int64_t total = 0;
    for (const auto& [project_id, o] : facts.outputs) {
      const auto delivered = DayOf(o.delivered_on(), o.has_delivered_on());
      if (!InYearBy(delivered, q.as_of)) continue;
      if (o.kind() == v1::INFRASTRUCTURE_KIND_PARKING_LOT) {
        total += o.parking_spaces();
      } else if (o.kind() == v1::INFRASTRUCTURE_KIND_PARKING_SPACES) {
        total += o.quantity();
      } else {
        continue;
      }
      prov.Add(o.reported_by(), o.report_time(), *delivered);
    }
    v.set_count(total);
    prov.Fill(q.as_of, v);
  };
}

Compute EventCount(std::string derivation, std::vector<v1::PromotionEventKind> kinds) {
  return [=](const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    if (facts.events.empty()) return;
    ProvenanceBuilder prov(derivation);
    int64_t n = 0;
    for (const v1::PromotionEvent& e : facts.events) {
      if (std::find(kinds.begin(), kinds.end(), e.kind()) == kinds.end()) continue;
      const auto start = DayOf(e.start_date(), true);
      if (!InYearBy(start, q.as_of)) continue;
      ++n;
      prov.Add(e.reported_by(), e.create_time(), *start);
    }
    v.set_count(n);
    prov.Fill(q.as_of, v);
  };
}

Compute SeedExpoHeld() {
  return [](const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    if (facts.events.empty()) return;
    ProvenanceBuilder prov("the year's seed-industry expo (种业博览会) recorded with its last day on or before as_of");
    for (const v1::PromotionEvent& e : facts.events) {
      if (!e.seed_industry_expo() || !InYearBy(EventLastDay(e), q.as_of)) continue;
      prov.Add(e.reported_by(), e.create_time(), EventLastDay(e));
    }
    v.set_done(!prov.empty());
    prov.Fill(q.as_of, v);
  };
}

Compute LatestGrowth(v1::EconomicIndicator indicator) {
  return [indicator](const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    const v1::EconomicFigure* latest = nullptr;
    for (const v1::EconomicFigure& f : facts.figures) {
      if (f.indicator() != indicator || f.value_case() != v1::EconomicFigure::kPercent) continue;
      const absl::CivilMonth period(f.period().year(), f.period().month());
      if (!MonthCountsTowardYtd(period, q.as_of)) continue;
      if (latest == nullptr || f.period().month() > latest->period().month()) latest = &f;
    }
    if (latest == nullptr) return;
    const absl::CivilMonth period(latest->period().year(), latest->period().month());
    ProvenanceBuilder prov(absl::StrCat(
        "published year-to-date growth, January to ", MonthKey(period),
        " (the latest period ended by as_of), revision ", latest->revision()));
    prov.Add(latest->reported_by(), latest->report_time(), MonthEnd(period));
    v.set_percent(latest->percent());
    prov.Fill(q.as_of, v);
  };
}

Compute MonthlyFigureSum(v1::EconomicIndicator indicator, v1::Unit unit) {
  return [indicator, unit](const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    ProvenanceBuilder prov("sum of monthly figures, January to the last month ended by as_of");
    int64_t sum = 0;
    for (const v1::EconomicFigure& f : facts.figures) {
      if (f.indicator() != indicator) continue;
      const absl::CivilMonth month(f.period().year(), f.period().month());
      if (!MonthCountsTowardYtd(month, q.as_of)) continue;
      sum += unit == v1::UNIT_YUAN ? f.amount_yuan() : f.count();
      prov.Add(f.reported_by(), f.report_time(), MonthEnd(month));
    }
    if (prov.empty()) return;
    SetNumber(v, unit, sum);
    prov.Fill(q.as_of, v);
  };
}

Compute BudgetRevenueGrowth() {
  return [](const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    const int year = static_cast<int>(q.as_of.year());
    std::map<std::pair<int, int>, const v1::EconomicFigure*> by_month;  // (year, month)
    for (const v1::EconomicFigure& f : facts.figures) {
      if (f.indicator() != v1::ECONOMIC_INDICATOR_BUDGET_REVENUE) continue;
      if (f.period().year() == year || f.period().year() == year - 1) {
        by_month[{f.period().year(), f.period().month()}] = &f;
      }
    }
    ProvenanceBuilder prov(
        "derived: budget revenue January to the last month ended by as_of that both years "
        "report, over the same months of the previous year, minus 1, in percent");
    int64_t current = 0, previous = 0;
    for (int m = 1; m <= 12; ++m) {
      if (!MonthCountsTowardYtd(absl::CivilMonth(year, m), q.as_of)) break;
      auto cur = by_month.find({year, m});
      auto prev = by_month.find({year - 1, m});
      if (cur == by_month.end() || prev == by_month.end()) break;
      current += cur->second->amount_yuan();
      previous += prev->second->amount_yuan();
      prov.Add(cur->second->reported_by(), cur->second->report_time(), MonthEnd(absl::CivilMonth(year, m)));
      prov.Add(prev->second->reported_by(), prev->second->report_time(),
               MonthEnd(absl::CivilMonth(year - 1, m)));
    }
    if (prov.empty() || previous == 0) return;  // nothing to compare: NO_DATA
    const double growth = (static_cast<double>(current) / static_cast<double>(previous) - 1.0) * 100.0;
    v.set_percent(std::round(growth * 100.0) / 100.0);
    prov.Fill(q.as_of, v);
  };
}

}  // namespace devplan::investment
