#include "services/social/social_metrics.h"

#include <functional>

#include "services/common/dates.h"
#include "services/common/provenance.h"
#include "services/social/event_rules.h"
#include "services/social/facility_rules.h"
#include "services/social/figure_rules.h"

namespace devplan::social {
namespace {

using Compute = MetricSet<SocialFacts>::Compute;

absl::CivilDay YearStart(absl::CivilDay as_of) { return absl::CivilDay(as_of.year(), 1, 1); }

bool InYearToDate(absl::CivilDay day, absl::CivilDay as_of) {
  return day >= YearStart(as_of) && day <= as_of;
}

// Year-to-date sum of one monthly indicator: January through the last month ended by as_of.
Compute YtdSum(v1::SocialIndicator indicator) {
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

// Sum of one category's talent counts dated in the as-of year on or before as_of. NO_DATA
// until the category has any count at all (a reported 0 is a value).
Compute TalentSum(v1::TalentCategory category) {
  return [category](const SocialFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    ProvenanceBuilder prov("sum of talent counts dated from 1 January to as_of");
    bool known = false;
    int64_t sum = 0;
    for (const v1::TalentCount& t : facts.talents) {
      if (t.category() != category) continue;
      known = true;
      const absl::CivilDay day = DayOf(t.date());
      if (!InYearToDate(day, q.as_of)) continue;
      sum += t.count();
      prov.Add(t.reported_by(), t.report_time(), day);
    }
    if (!known) return;
    v.set_count(sum);
    prov.Fill(q.as_of, v);
  };
}

// Events of a kind (and, for cultural events, optionally of one type) starting in the
// as-of year on or before as_of: their number, or the sum of `weight` over them. NO_DATA
// until any event of the kind is recorded.
Compute EventSum(v1::EventKind kind, std::function<int64_t(const v1::Event&)> weight,
                 v1::CulturalEventType type = v1::CULTURAL_EVENT_TYPE_UNSPECIFIED) {
  return [=](const SocialFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    ProvenanceBuilder prov("events starting from 1 January to as_of");
    bool known = false;
    int64_t sum = 0;
    for (const v1::Event& e : facts.events) {
      if (e.kind() != kind) continue;
      if (type != v1::CULTURAL_EVENT_TYPE_UNSPECIFIED && e.cultural_type() != type) continue;
      known = true;
      if (!InYearToDate(EventDay(e), q.as_of)) continue;
      sum += weight(e);
      prov.Add(e.reported_by(), e.create_time(), EventDay(e));
    }
    if (!known) return;
    v.set_count(sum);
    prov.Fill(q.as_of, v);
  };
}

int64_t One(const v1::Event&) { return 1; }
int64_t Positions(const v1::Event& e) { return e.positions_offered(); }

// School facilities (中小学) counted once each when `pick` finds their counting step in the
// as-of year by as_of. NO_DATA until any school is registered.
using StepPick = std::function<const v1::FacilityStep*(const v1::Facility&, absl::CivilDay,
                                                        absl::CivilDay)>;
Compute SchoolCount(StepPick pick, std::string derivation) {
  return [=](const SocialFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    ProvenanceBuilder prov(derivation);
    bool known = false;
    int64_t n = 0;
    for (const v1::Facility& f : facts.facilities) {
      if (f.kind() != v1::FACILITY_KIND_SCHOOL) continue;
      known = true;
      if (!Listed(q, f.facility_id())) continue;
      const v1::FacilityStep* s = pick(f, YearStart(q.as_of), q.as_of);
      if (s == nullptr) continue;
      ++n;
      prov.Add(s->reported_by(), s->record_time(), DayOf(s->date()));
    }
    if (!known) return;
    v.set_count(n);
    prov.Fill(q.as_of, v);
  };
}

// Delivered (or beyond: a school recorded straight as in service was delivered by then) in
// [from, to].
const v1::FacilityStep* DeliveredIn(const v1::Facility& f, absl::CivilDay from,
                                    absl::CivilDay to) {
  const v1::FacilityStep* s = FirstReaching(f, v1::FACILITY_STAGE_DELIVERED, to);
  return s != nullptr && DayOf(s->date()) >= from ? s : nullptr;
}

// A plan-named facility's milestone: done when it stood at `stage` (or beyond) by as_of,
// current_to the day it got there; otherwise not done, current_to its latest step. NO_DATA
// only when no facility of the district is the named one.
Compute FacilityMilestone(v1::PlanFacility which, v1::FacilityStage stage) {
  return [=](const SocialFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    for (const v1::Facility& f : facts.facilities) {
      if (f.plan_facility() != which) continue;
      ProvenanceBuilder prov("the facility's lifecycle steps in force, dated by as_of");
      const v1::FacilityStep* s = FirstReaching(f, stage, q.as_of);
      v.set_done(s != nullptr);
      if (s == nullptr) {
        if (auto progress = ProgressToward(f, stage, q.as_of)) v.set_progress(*progress);
        s = LatestStep(f, q.as_of);
      }
      if (s != nullptr) prov.Add(s->reported_by(), s->record_time(), DayOf(s->date()));
      prov.Fill(q.as_of, v);
      return;
    }
  };
}

// A plan-named event held: done when its last day is on or before as_of.
Compute EventHeld(v1::PlanEvent which) {
  return [=](const SocialFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    for (const v1::Event& e : facts.events) {
      if (e.plan_event() != which) continue;
      ProvenanceBuilder prov("the event's last day on or before as_of");
      const bool held = e.has_end_date() && DayOf(e.end_date()) <= q.as_of;
      v.set_done(held);
      if (held) {
        prov.Add(e.reported_by(), e.update_time(), DayOf(e.end_date()));
      } else if (EventDay(e) <= q.as_of) {
        prov.Add(e.reported_by(), e.update_time(), EventDay(e));  // begun, not finished
      }
      prov.Fill(q.as_of, v);
      return;
    }
  };
}

// insured ÷ eligible of the latest month ended by as_of (any year: a level, not a sum).
Compute CoverageRate(v1::InsuranceScheme scheme) {
  return [scheme](const SocialFacts& facts, const MetricQuery& q, v1::MetricValue& v) {
    const v1::CoverageFigure* latest = nullptr;
    for (const v1::CoverageFigure& c : facts.coverage) {
      const absl::CivilMonth m(c.month().year(), c.month().month());
      if (c.scheme() != scheme || MonthEnd(m) > q.as_of) continue;
      if (latest == nullptr ||
          m > absl::CivilMonth(latest->month().year(), latest->month().month())) {
        latest = &c;
      }
    }
    if (latest == nullptr) return;
    ProvenanceBuilder prov("insured ÷ eligible × 100 of the latest month ended by as_of");
    const absl::CivilMonth m(latest->month().year(), latest->month().month());
    prov.Add(latest->reported_by(), latest->report_time(), MonthEnd(m));
    v.set_percent(CoverageRatePercent(*latest));
    prov.Fill(q.as_of, v);
  };
}

void DefineEmployment(MetricSet<SocialFacts>& set) {
  set.Define(MetricDef("social.job_fairs", "专项招聘活动", "Job fairs held", v1::UNIT_COUNT,
                       v1::CADENCE_EVENT,
                       "Dedicated recruitment events (专项招聘活动) organised or co-organised by "
                       "the district held in the as-of year on or before as_of, dated by their "
                       "first day."),
             EventSum(v1::EVENT_KIND_JOB_FAIR, One));
  set.Define(MetricDef("social.job_fair_positions", "专项招聘活动工作岗位",
                       "Positions offered at job fairs", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Sum of the job positions (工作岗位) offered by employers at the events "
                       "counted by social.job_fairs."),
             EventSum(v1::EVENT_KIND_JOB_FAIR, Positions));
  set.Define(MetricDef("social.new_urban_jobs", "新增城镇就业", "New urban jobs",
                       v1::UNIT_COUNT, v1::CADENCE_MONTHLY,
                       "People newly employed in urban areas this year, from monthly reports "
                       "(January through the last month ended by as_of)."),
             YtdSum(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS));
  set.Define(MetricDef("social.skills_training", "职业技能培训", "Vocational-skills training",
                       v1::UNIT_PERSON_TIMES, v1::CADENCE_MONTHLY,
                       "Person-times trained this year, from monthly reports (January through "
                       "the last month ended by as_of)."),
             YtdSum(v1::SOCIAL_INDICATOR_SKILLS_TRAINING));
  set.Define(MetricDef("social.new_skilled_talents", "新增技能人才", "New skilled talents",
                       v1::UNIT_PERSON_TIMES, v1::CADENCE_MONTHLY,
                       "Skilled talents added this year (person-times: certificates obtained), "
                       "from monthly reports (January through the last month ended by as_of)."),
             YtdSum(v1::SOCIAL_INDICATOR_NEW_SKILLED_TALENTS));
  set.Define(MetricDef("social.new_high_skilled_talents", "新增高技能人才",
                       "New high-skilled talents", v1::UNIT_COUNT, v1::CADENCE_MONTHLY,
                       "High-skilled talents (people) added this year, from monthly reports "
                       "(January through the last month ended by as_of)."),
             YtdSum(v1::SOCIAL_INDICATOR_NEW_HIGH_SKILLED_TALENTS));
}

void DefineEducation(MetricSet<SocialFacts>& set) {
  set.Define(AcceptsMembers(MetricDef("social.schools_delivered", "中小学全面交付", "Schools delivered",
                       v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Primary and secondary schools (中小学, FACILITY_KIND_SCHOOL, e.g. "
                       "新城路中学) fully delivered (全面交付: handed over to the education bureau "
                       "for use) in the as-of year on or before as_of; a school recorded in "
                       "service without a delivery step counts on that day.")),
             SchoolCount(DeliveredIn, "schools whose delivery step in force is dated from "
                                      "1 January to as_of"));
  set.Define(AcceptsMembers(MetricDef("social.school_projects_started", "学校项目开复工",
                       "School projects started or resumed", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "School construction projects (e.g. 杜庄小学) that started or resumed "
                       "construction (开复工: a STARTED or RESUMED step in force) in the as-of "
                       "year on or before as_of; a project counts once.")),
             SchoolCount(StartedOrResumedIn, "schools with a started or resumed step in force "
                                             "dated from 1 January to as_of"));
  set.Define(MetricDef("social.high_school_38_enrolling", "市第 38 高级中学建成招生",
                       "Zhengzhou No. 38 Senior High School built and enrolling",
                       v1::UNIT_MILESTONE, v1::CADENCE_EVENT,
                       "Done when 郑州市第38高级中学 (PLAN_FACILITY_HIGH_SCHOOL_38) is built and "
                       "its first intake has enrolled (FACILITY_STAGE_IN_SERVICE), on or before "
                       "as_of; current_to is that day, or the latest step while not done."),
             FacilityMilestone(v1::PLAN_FACILITY_HIGH_SCHOOL_38, v1::FACILITY_STAGE_IN_SERVICE));
  set.Define(MetricDef("social.provincial_famous_teachers", "新增省级名师",
                       "New provincial master teachers", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "District teachers newly named provincial master teachers (省级名师) in "
                       "the as-of year on or before as_of (date of the provincial notice)."),
             TalentSum(v1::TALENT_CATEGORY_PROVINCIAL_FAMOUS_TEACHER));
  set.Define(MetricDef("social.backbone_teachers", "新增骨干教师", "New backbone teachers",
                       v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "District teachers newly named backbone teachers (骨干教师, provincial, "
                       "municipal or district level, each teacher once) in the as-of year on "
                       "or before as_of."),
             TalentSum(v1::TALENT_CATEGORY_BACKBONE_TEACHER));
  set.Define(MetricDef("social.education_talents", "引进优秀教育人才",
                       "Outstanding education talents recruited", v1::UNIT_COUNT,
                       v1::CADENCE_EVENT,
                       "Outstanding education talents (优秀教育人才) recruited by district schools "
                       "who took up their post in the as-of year on or before as_of."),
             TalentSum(v1::TALENT_CATEGORY_EDUCATION_TALENT_INTRODUCED));
}

void DefineHealthCultureSports(MetricSet<SocialFacts>& set) {
  set.Define(MetricDef("social.medical_service_project_started",
                       "惠济区紧密型医疗卫生服务建设项目开工建设",
                       "Integrated county medical-service project started", v1::UNIT_MILESTONE,
                       v1::CADENCE_EVENT,
                       "Done when construction of the district's 紧密型医疗卫生服务建设项目 "
                       "(PLAN_FACILITY_CLOSE_KNIT_MEDICAL_SERVICE_PROJECT) has started (开工) on "
                       "or before as_of."),
             FacilityMilestone(v1::PLAN_FACILITY_CLOSE_KNIT_MEDICAL_SERVICE_PROJECT,
                               v1::FACILITY_STAGE_STARTED));
  set.Define(MetricDef("social.hospital3_north_structure_done", "市三院北区放疗核医学中心主体完工",
                       "Zhengzhou No. 3 Hospital north campus radiotherapy & nuclear-medicine "
                       "centre structure completed",
                       v1::UNIT_MILESTONE, v1::CADENCE_EVENT,
                       "Done when the main structure (主体) of the radiotherapy and "
                       "nuclear-medicine centre at the north campus of 郑州市第三人民医院 is "
                       "completed (FACILITY_STAGE_STRUCTURE_DONE or beyond) on or before as_of."),
             FacilityMilestone(v1::PLAN_FACILITY_HOSPITAL3_NORTH_RADIOTHERAPY_CENTRE,
                               v1::FACILITY_STAGE_STRUCTURE_DONE));
  set.Define(MetricDef("social.cultural_events", "文化惠民活动", "Cultural events for the public",
                       v1::UNIT_COUNT, v1::CADENCE_MONTHLY,
                       "Cultural events for the public (文化惠民活动: intangible-heritage outreach, "
                       "reading promotion, square dance, free training and the like) held in the "
                       "as-of year on or before as_of, one per session (场), dated by their first "
                       "day."),
             EventSum(v1::EVENT_KIND_CULTURAL, One));
  struct TypeMetric {
    const char* key;
    const char* zh;
    const char* en;
    v1::CulturalEventType type;
  };
  for (const TypeMetric& t : {
           TypeMetric{"social.cultural_events_heritage", "非遗“四进”活动",
                      "Intangible-heritage outreach events",
                      v1::CULTURAL_EVENT_TYPE_HERITAGE_OUTREACH},
           TypeMetric{"social.cultural_events_reading", "阅读推广活动", "Reading-promotion events",
                      v1::CULTURAL_EVENT_TYPE_READING_PROMOTION},
           TypeMetric{"social.cultural_events_square_dance", "广场舞活动", "Square-dance events",
                      v1::CULTURAL_EVENT_TYPE_SQUARE_DANCE},
           TypeMetric{"social.cultural_events_training", "公益培训活动",
                      "Free public-interest training sessions",
                      v1::CULTURAL_EVENT_TYPE_PUBLIC_TRAINING},
       }) {
    set.Define(MetricDef(t.key, t.zh, t.en, v1::UNIT_COUNT, v1::CADENCE_MONTHLY,
                         std::string("The part of social.cultural_events of type ") +
                             v1::CulturalEventType_Name(t.type) +
                             "; NO_DATA until an event of the type is recorded."),
               EventSum(v1::EVENT_KIND_CULTURAL, One, t.type));
  }
  set.Define(MetricDef("social.fitness_facilities_started", "全民健身设施三级服务体系建设项目开工",
                       "Three-tier public fitness facilities project started", v1::UNIT_MILESTONE,
                       v1::CADENCE_EVENT,
                       "Done when construction of the 全民健身设施三级服务体系建设项目 "
                       "(PLAN_FACILITY_FITNESS_THREE_TIER_PROJECT) has started (开工) on or "
                       "before as_of."),
             FacilityMilestone(v1::PLAN_FACILITY_FITNESS_THREE_TIER_PROJECT,
                               v1::FACILITY_STAGE_STARTED));
  set.Define(MetricDef("social.football_cup_held", "第三届“沿黄杯”足球赛",
                       "3rd Yellow River Cup football tournament held", v1::UNIT_MILESTONE,
                       v1::CADENCE_EVENT,
                       "Done when the 3rd 沿黄杯 football tournament (PLAN_EVENT_YELLOW_RIVER_CUP_3) "
                       "has been held: its end_date (the final) on or before as_of."),
             EventHeld(v1::PLAN_EVENT_YELLOW_RIVER_CUP_3));
}

void DefineSecurity(MetricSet<SocialFacts>& set) {
  set.Define(MetricDef("social.pension_coverage_rate", "基本养老保险参保率",
                       "Basic pension insurance coverage", v1::UNIT_PERCENT, v1::CADENCE_MONTHLY,
                       "Share (%) of the persons who should be covered (应参保人员, incl. 困难群众 "
                       "whose contributions the government pays) who are enrolled in basic "
                       "pension insurance (employees' or urban-rural residents'): insured ÷ "
                       "eligible × 100 of the latest month ended by as_of."),
             CoverageRate(v1::INSURANCE_SCHEME_BASIC_PENSION));
  set.Define(MetricDef("social.medical_insurance_coverage_rate", "基本医疗保险参保率",
                       "Basic medical insurance coverage", v1::UNIT_PERCENT, v1::CADENCE_MONTHLY,
                       "Share (%) of the persons who should be covered (应参保人员, incl. 困难群众 "
                       "whose contributions are subsidised) who are enrolled in basic medical "
                       "insurance (employees' or urban-rural residents'): insured ÷ eligible × "
                       "100 of the latest month ended by as_of."),
             CoverageRate(v1::INSURANCE_SCHEME_BASIC_MEDICAL));
  set.Define(MetricDef("social.problem_housing_resolved", "问题楼盘化解",
                       "Problem housing projects resolved", v1::UNIT_COUNT, v1::CADENCE_MONTHLY,
                       "Problem housing projects (问题楼盘) resolved this year, from monthly "
                       "reports (January through the last month ended by as_of)."),
             YtdSum(v1::SOCIAL_INDICATOR_PROBLEM_HOUSING_RESOLVED));
  set.Define(MetricDef("social.presold_homes_delivered", "保交楼交付套数",
                       "Homes delivered under 保交楼", v1::UNIT_COUNT, v1::CADENCE_MONTHLY,
                       "Homes of stalled presold projects delivered to buyers (保交楼) this year, "
                       "from monthly reports (January through the last month ended by as_of)."),
             YtdSum(v1::SOCIAL_INDICATOR_PRESOLD_HOMES_DELIVERED));
}

MetricSet<SocialFacts>* Build() {
  auto* set = new MetricSet<SocialFacts>("social");
  DefineEmployment(*set);
  DefineEducation(*set);
  DefineHealthCultureSports(*set);
  DefineSecurity(*set);
  return set;
}

}  // namespace

const MetricSet<SocialFacts>& SocialMetrics() {
  static const MetricSet<SocialFacts>* set = Build();
  return *set;
}

}  // namespace devplan::social
