#include "services/social/social_metrics.h"

#include "services/common/dates.h"
#include "services/common/provenance.h"

namespace devplan::social {
namespace {

// Year-to-date sum of one monthly indicator: January through the last month ended by as_of.
MetricSet<SocialFacts>::Compute YtdSum(v1::SocialIndicator indicator) {
  return [indicator](const SocialFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    ProvenanceBuilder prov("sum of monthly reports, January to the last month ended by as_of");
    int64_t sum = 0;
    for (const v1::MonthlyFigure& f : facts.monthly) {
      const absl::CivilMonth month(f.month().year(), f.month().month());
      if (f.indicator() != indicator || !MonthCountsTowardYtd(month, q.as_of)) continue;
      sum += f.value();
      prov.Add(f.reported_by(), f.report_time(), MonthEnd(month));
    }
    if (prov.empty()) return;
    v.set_count(sum);
    prov.Fill(q.as_of, v);
  };
}

MetricSet<SocialFacts>* Build() {
  auto* set = new MetricSet<SocialFacts>("social");
  set->Define(MetricDef("social.new_urban_jobs", "新增城镇就业", "New urban jobs",
                        v1::UNIT_COUNT, v1::CADENCE_MONTHLY,
                        "People newly employed in urban areas this year, from monthly reports."),
              YtdSum(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS));
  set->Define(MetricDef("social.skills_training", "职业技能培训", "Vocational-skills training",
                        v1::UNIT_PERSON_TIMES, v1::CADENCE_MONTHLY,
                        "Person-times trained this year, from monthly reports."),
              YtdSum(v1::SOCIAL_INDICATOR_SKILLS_TRAINING));
  set->Define(MetricDef("social.new_skilled_talents", "新增技能人才", "New skilled talents",
                        v1::UNIT_PERSON_TIMES, v1::CADENCE_MONTHLY,
                        "Skilled talents added this year (person-times), from monthly reports."),
              YtdSum(v1::SOCIAL_INDICATOR_NEW_SKILLED_TALENTS));
  set->Define(MetricDef("social.new_high_skilled_talents", "新增高技能人才",
                        "New high-skilled talents", v1::UNIT_COUNT, v1::CADENCE_MONTHLY,
                        "High-skilled talents added this year, from monthly reports."),
              YtdSum(v1::SOCIAL_INDICATOR_NEW_HIGH_SKILLED_TALENTS));
  return set;
}

}  // namespace

const MetricSet<SocialFacts>& SocialMetrics() {
  static const MetricSet<SocialFacts>* set = Build();
  return *set;
}

}  // namespace devplan::social
