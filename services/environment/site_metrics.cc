#include "services/environment/site_metrics.h"

#include <algorithm>
#include <functional>
#include <map>

#include <google/protobuf/util/time_util.h>

#include "absl/time/time.h"
#include "services/common/dates.h"
#include "services/common/provenance.h"
#include "services/environment/water_rules.h"
#include "services/environment/works_rules.h"

namespace devplan::environment {
namespace {

absl::CivilDay DayOf(const v1::Date& d) { return absl::CivilDay(d.year(), d.month(), d.day()); }

// A register entry (work, plot, water body) speaks for the day it was written, in China time:
// it states the register as known then. Never later than as_of (ProvenanceBuilder caps it).
absl::CivilDay WrittenOn(const google::protobuf::Timestamp& t) {
  return absl::ToCivilDay(absl::FromUnixSeconds(t.seconds()), absl::FixedTimeZone(8 * 3600));
}

// Works of `kind` meeting `pred` as of the date. NO_DATA until a work of the kind is registered.
MetricSet<EnvironmentFacts>::Compute CountWorks(
    v1::WorkKind kind, std::string derivation,
    std::function<bool(const v1::Work&, absl::CivilDay)> pred) {
  return [=](const EnvironmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    ProvenanceBuilder prov(derivation);
    int64_t n = 0;
    for (const v1::Work& w : facts.works) {
      if (w.kind() != kind) continue;
      prov.Add(w.reported_by(), w.update_time(), WrittenOn(w.update_time()));
      if (pred(w, q.as_of)) ++n;
    }
    if (prov.empty()) return;
    v.set_count(n);
    prov.Fill(q.as_of, v);
  };
}

// Done when every listed milestone's work is completed by as_of. NO_DATA until one of them is
// registered; a registered but unfinished (or missing) part is not done.
MetricSet<EnvironmentFacts>::Compute MilestoneDone(std::vector<v1::EnvironmentMilestone> parts,
                                                   std::string derivation) {
  return [=](const EnvironmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    ProvenanceBuilder prov(derivation);
    bool done = true;
    // A work's lifecycle has one stage between nothing and done: started (开工) is half way.
    double stages = 0;
    for (v1::EnvironmentMilestone m : parts) {
      auto it = std::find_if(facts.works.begin(), facts.works.end(),
                             [m](const v1::Work& w) { return w.milestone() == m; });
      if (it == facts.works.end()) {
        done = false;
        continue;
      }
      // A completed part speaks for the day it was completed, so a done milestone's
      // current_to is the day its last part was done (the scorecard compares it with `due`).
      const bool completed = CompletedBy(*it, q.as_of);
      stages += completed ? 1.0 : StartedBy(*it, q.as_of) ? 0.5 : 0.0;
      prov.Add(it->reported_by(), it->update_time(),
               completed ? DayOf(it->completed_on()) : WrittenOn(it->update_time()));
      done = done && completed;
    }
    if (prov.empty()) return;
    v.set_done(done);
    if (!done) v.set_progress(stages / static_cast<double>(parts.size()));
    prov.Fill(q.as_of, v);
  };
}

void SafeUseRate(const EnvironmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
  ProvenanceBuilder prov("plots safely used / key plots developed in the year by as_of x 100");
  int64_t needing = 0, safe = 0;
  for (const v1::Plot& p : facts.plots) {
    prov.Add(p.reported_by(), p.update_time(), WrittenOn(p.update_time()));
    if (!NeedsSafeUse(p, q.as_of)) continue;
    ++needing;
    if (SafelyUsed(p)) ++safe;
  }
  if (prov.empty()) return;
  // As docs/plan-indicators.md: plots tracked but none developed yet is 100 %, nothing
  // having been used unsafely.
  v.set_percent(needing == 0 ? 100.0 : 100.0 * static_cast<double>(safe) / static_cast<double>(needing));
  prov.Fill(q.as_of, v);
}

void BlackOdorousRemaining(const EnvironmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
  ProvenanceBuilder prov(
      "listed black-odorous bodies whose latest month of samples by as_of grades them light or "
      "heavy (or that have no sample yet)");
  if (facts.water_bodies.empty()) return;
  int64_t remaining = 0;
  static const std::vector<v1::WaterSample> kNone;
  for (const v1::WaterBody& body : facts.water_bodies) {
    // The register is consulted for every body, listed or not.
    prov.Add(body.reported_by(), body.update_time(), WrittenOn(body.update_time()));
    if (!body.black_odorous_listed() || DayOf(body.listed_on()) > q.as_of) continue;
    auto it = facts.samples.find(body.water_body_id());
    const std::vector<v1::WaterSample>& samples = it == facts.samples.end() ? kNone : it->second;
    const v1::WaterBodyAssessment a = AssessBody(body, samples, q.as_of);
    for (const v1::WaterSample& s : samples) {
      const absl::CivilDay d = DayOf(s.date());
      if (a.has_window_start() && d >= DayOf(a.window_start()) && d <= q.as_of) {
        prov.Add(s.reported_by(), s.report_time(), d);
      }
    }
    if (StillBlackOdorous(body, a, q.as_of)) ++remaining;
  }
  v.set_count(remaining);
  prov.Fill(q.as_of, v);
}

void DrinkingWaterCompliance(const EnvironmentFacts& facts, const MetricQuery& q,
                             v1::MetricValue& v) {
  ProvenanceBuilder prov(
      "drinking-water source-months meeting Class III / source-months monitored x 100, January "
      "to as_of");
  int64_t monitored = 0, compliant = 0;
  for (const v1::WaterBody& body : facts.water_bodies) {
    if (!body.drinking_water_source()) continue;
    auto it = facts.samples.find(body.water_body_id());
    if (it == facts.samples.end()) continue;
    std::map<absl::CivilMonth, bool> months;  // month → all samples met Class III
    for (const v1::WaterSample& s : it->second) {
      const absl::CivilDay d = DayOf(s.date());
      if (d.year() != q.as_of.year() || d > q.as_of) continue;
      const std::optional<bool> meets = MeetsDrinkingWaterClass(body, s);
      if (!meets.has_value()) continue;
      prov.Add(s.reported_by(), s.report_time(), d);
      auto [m, inserted] = months.emplace(absl::CivilMonth(d), *meets);
      if (!inserted) m->second = m->second && *meets;
    }
    for (const auto& [month, ok] : months) {
      ++monitored;
      if (ok) ++compliant;
    }
  }
  if (monitored == 0) return;
  v.set_percent(100.0 * static_cast<double>(compliant) / static_cast<double>(monitored));
  prov.Fill(q.as_of, v);
}

}  // namespace

void DefineSiteMetrics(MetricSet<EnvironmentFacts>& set) {
  set.Define(MetricDef("environment.construction_land_safe_use_rate", "重点建设用地安全利用率",
                       "Safe use of key construction land", v1::UNIT_PERCENT,
                       v1::CADENCE_QUARTERLY,
                       "Share (%) of key construction-land plots developed or put to use in the "
                       "as-of year by as_of that had completed the soil-pollution survey (and "
                       "risk control / remediation where the survey asked for it) by their "
                       "development date; 100 when plots are tracked but none has been developed "
                       "yet."),
             SafeUseRate);
  set.Define(MetricDef("environment.water_treatment_projects_started", "综合治理工程开工建设",
                       "Water-body treatment works started", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Water-body comprehensive treatment works (综合治理工程, e.g. 金洼干沟西支) "
                       "whose construction started (开工) in the as-of year on or before as_of."),
             CountWorks(v1::WORK_KIND_WATER_TREATMENT,
                        "treatment works started in the as-of year by as_of", StartedInYearBy));
  set.Define(MetricDef("environment.black_odorous_remaining", "黑臭水体",
                       "Black-odorous water bodies remaining", v1::UNIT_COUNT, v1::CADENCE_MONTHLY,
                       "Water bodies on the district's black-odorous list (listed on or before "
                       "as_of) not yet sampled, or whose latest assessment on or before as_of — "
                       "the samples of the month of their latest sample, point by point — grades "
                       "them light or heavy black-odorous (城市黑臭水体整治工作指南, 2015)."),
             BlackOdorousRemaining);
  set.Define(MetricDef("environment.black_odorous_at_year_start", "年初黑臭水体",
                       "Black-odorous water bodies at the start of the year", v1::UNIT_COUNT,
                       v1::CADENCE_EVENT,
                       "environment.black_odorous_remaining as of 1 January of the as-of year: "
                       "the register's bodies listed by then and not yet graded clean, the "
                       "baseline the plan's 全面消除黑臭水体 is measured from."),
             [](const EnvironmentFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
               MetricQuery start = q;
               start.as_of = absl::CivilDay(q.as_of.year(), 1, 1);
               BlackOdorousRemaining(facts, start, v);
             });
  set.Define(MetricDef("environment.drinking_water_compliance_rate", "饮用水水源地环境质量",
                       "Drinking-water source quality compliance", v1::UNIT_PERCENT,
                       v1::CADENCE_MONTHLY,
                       "Share (%) of the monitored months of the district's drinking-water "
                       "sources in the as-of year up to as_of in which every sample met Class III "
                       "(groundwater: GB/T 14848-2017 class as reported by the lab; surface water: "
                       "GB 3838-2002 single-factor class): compliant source-months / monitored "
                       "source-months x 100."),
             DrinkingWaterCompliance);
  set.Define(MetricDef("environment.roads_greened", "道路绿化", "Roads greened", v1::UNIT_COUNT,
                       v1::CADENCE_EVENT,
                       "Roads whose greening works (道路绿化, e.g. 新城路) were completed "
                       "(accepted) in the as-of year on or before as_of; one work per road."),
             CountWorks(v1::WORK_KIND_ROAD_GREENING, "road greening works completed in the year",
                        CompletedInYearBy));
  set.Define(MetricDef("environment.parks_built", "新建、改建公园游园",
                       "Parks and gardens built or rebuilt", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Parks and pocket gardens (公园游园) newly built or rebuilt whose works "
                       "were completed in the as-of year on or before as_of."),
             CountWorks(v1::WORK_KIND_PARK, "park works completed in the year", CompletedInYearBy));
  set.Define(MetricDef("environment.model_villages_completed", "和美乡村示范村建设",
                       "Model harmonious villages completed", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Villages whose 和美乡村示范村 construction was completed (accepted) in the "
                       "as-of year on or before as_of (Huiji 2024: 保合寨, 牛庄, 前刘)."),
             CountWorks(v1::WORK_KIND_MODEL_VILLAGE, "model villages completed in the year",
                        CompletedInYearBy));
  set.Define(MetricDef("environment.jiuwutan_source_protection_done",
                       "九五滩地下水饮用水源保护区规范化建设项目",
                       "Jiuwutan groundwater source protection zone standardisation project",
                       v1::UNIT_MILESTONE, v1::CADENCE_EVENT,
                       "Done when the work carrying ENVIRONMENT_MILESTONE_JIUWUTAN_SOURCE_PROTECTION "
                       "was completed (竣工验收) on or before as_of."),
             MilestoneDone({v1::ENVIRONMENT_MILESTONE_JIUWUTAN_SOURCE_PROTECTION},
                           "completion date of the 九五滩 source-protection work"));
  set.Define(MetricDef("environment.zhangniu_ditch_epc_done", "张牛支沟环境综合治理 EPC 项目",
                       "Zhangniu branch ditch environmental treatment EPC project",
                       v1::UNIT_MILESTONE, v1::CADENCE_EVENT,
                       "Done when the work carrying ENVIRONMENT_MILESTONE_ZHANGNIU_DITCH_EPC was "
                       "completed (竣工验收) on or before as_of."),
             MilestoneDone({v1::ENVIRONMENT_MILESTONE_ZHANGNIU_DITCH_EPC},
                           "completion date of the 张牛支沟 EPC work"));
  set.Define(MetricDef("environment.sewage_outfall_survey_done", "入河排污口排查",
                       "River sewage-outfall survey", v1::UNIT_MILESTONE, v1::CADENCE_EVENT,
                       "Done when the survey carrying ENVIRONMENT_MILESTONE_SEWAGE_OUTFALL_SURVEY "
                       "(排查 of the outfalls into all rivers and channels, outfall list "
                       "established) was completed on or before as_of."),
             MilestoneDone({v1::ENVIRONMENT_MILESTONE_SEWAGE_OUTFALL_SURVEY},
                           "completion date of the sewage-outfall survey"));
  set.Define(MetricDef("environment.metro7_stations_greening_done", "地铁 7 号线站点绿化",
                       "Metro Line 7 station greening", v1::UNIT_MILESTONE, v1::CADENCE_EVENT,
                       "Done when the work carrying ENVIRONMENT_MILESTONE_METRO7_STATIONS_GREENING "
                       "(greening around every Line 7 station in the district) was completed on "
                       "or before as_of."),
             MilestoneDone({v1::ENVIRONMENT_MILESTONE_METRO7_STATIONS_GREENING},
                           "completion date of the Line 7 station greening"));
  set.Define(MetricDef("environment.sewer_renewal_done", "香山路、生产路污水管网更新改造",
                       "Sewer renewal on Xiangshan Road and Shengchan Road", v1::UNIT_MILESTONE,
                       v1::CADENCE_EVENT,
                       "Done when the sewer renewal works on both 香山路 and 生产路 (milestones "
                       "SEWER_RENEWAL_XIANGSHAN_ROAD and SEWER_RENEWAL_SHENGCHAN_ROAD) were "
                       "completed on or before as_of; not done while either is unfinished or "
                       "unregistered."),
             MilestoneDone({v1::ENVIRONMENT_MILESTONE_SEWER_RENEWAL_XIANGSHAN_ROAD,
                            v1::ENVIRONMENT_MILESTONE_SEWER_RENEWAL_SHENGCHAN_ROAD},
                           "completion dates of the 香山路 and 生产路 sewer renewal works"));
}

}  // namespace devplan::environment
