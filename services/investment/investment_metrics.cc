#include "services/investment/investment_metrics.h"

#include "services/common/dates.h"
#include "services/common/provenance.h"
#include "services/investment/project_rules.h"

namespace devplan::investment {
namespace {

// 重点项目 under way in the as-of year: started by as_of and not completed before the year.
void KeyProjectsUnderWay(const InvestmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
  ProvenanceBuilder prov("key projects started on or before as_of and not completed before the year");
  const absl::CivilDay year_start(q.as_of.year(), 1, 1);
  int64_t n = 0;
  for (const v1::Project& p : facts.projects) {
    if (!p.key_project()) continue;
    std::optional<absl::CivilDay> started = StageDate(p, v1::PROJECT_STAGE_STARTED);
    std::optional<absl::CivilDay> completed = StageDate(p, v1::PROJECT_STAGE_COMPLETED);
    if (!started || *started > q.as_of || (completed && *completed < year_start)) continue;
    ++n;
    prov.Add(p.lead_department(), p.update_time(), *started);
  }
  if (facts.projects.empty()) return;  // nothing reported yet: NO_DATA
  v.set_count(n);
  prov.Fill(q.as_of, v);
}

// Sum of the monthly investment reports of key projects for the months of the as-of year
// that have ended by as_of.
void KeyProjectsInvestmentYtd(const InvestmentFacts& facts, const MetricQuery& q,
                              v1::MetricValue& v) {
  ProvenanceBuilder prov("sum of monthly investment reports of key projects, January to the last month ended by as_of");
  std::set<std::string> key_ids;
  for (const v1::Project& p : facts.projects) {
    if (p.key_project()) key_ids.insert(p.project_id());
  }
  int64_t sum = 0;
  for (const auto& [project_id, report] : facts.monthly) {
    const absl::CivilMonth month(report.month().year(), report.month().month());
    if (!key_ids.contains(project_id) || !MonthCountsTowardYtd(month, q.as_of)) continue;
    sum += report.amount_yuan();
    prov.Add(report.reported_by(), report.report_time(), MonthEnd(month));
  }
  if (prov.empty()) return;
  v.set_amount_yuan(sum);
  prov.Fill(q.as_of, v);
}

MetricSet<InvestmentFacts>* Build() {
  auto* set = new MetricSet<InvestmentFacts>("investment");
  set->Define(MetricDef("investment.key_projects_under_way", "重点项目推进建设数",
                        "Key projects under construction", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                        "Key projects (重点项目) started (开工) on or before as_of and not "
                        "completed before 1 January of the as-of year."),
              KeyProjectsUnderWay);
  set->Define(MetricDef("investment.key_projects_investment_ytd", "重点项目年度完成投资",
                        "Key projects' investment completed this year", v1::UNIT_YUAN,
                        v1::CADENCE_MONTHLY,
                        "Sum of key projects' monthly investment reports, January through the "
                        "last month that has ended by as_of, integer yuan."),
              KeyProjectsInvestmentYtd);
  return set;
}

}  // namespace

const MetricSet<InvestmentFacts>& InvestmentMetrics() {
  static const MetricSet<InvestmentFacts>* set = Build();
  return *set;
}

}  // namespace devplan::investment
