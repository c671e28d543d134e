"""SAMPLE social facts for Huiji 2024 (or another year, see __init__.py): the schools, health
and fitness facilities the plan names (with synthetic, clearly labelled companions), job
fairs, ~1000 cultural events, the football cup, teacher and talent counts, monthly
employment, skills and housing figures, and social-security coverage.

Deterministic (fixed seeds) and idempotent to reload: facilities, steps and events have
natural keys, figures are keyed by (indicator, month), and resubmitting a stored value is
not a revision. As of the demo's 30 September some indicators are ahead of the time line
(job fairs, schools delivered, education talents), some behind (backbone teachers, the
radiotherapy centre of 市三院北区, still short of its main structure).

In another year than 2024 the plan-named facilities and the football cup are 2024's (a plan
role names one facility or event of the district), so that year loads the synthetic schools,
the events and the figures, all with the year in their ids."""
import datetime
import random

from ..stubs import grpc, social_pb2 as soc, social_pb2_grpc, date
from . import DISTRICT, YEAR, SEED, BASE_YEAR, dept, shifted, days_in, yearly, year_seed

HRSS = dept("区人力资源和社会保障局")
EDU = dept("区教育局")
HEALTH = dept("区卫生健康委员会")
CULTURE = dept("区文化广电和旅游局")
SPORTS = dept("区体育局")
HOUSING = dept("区住房保障和房地产管理局")
MEDICAL_SECURITY = dept("区医疗保障局")

SAMPLE = "（示例数据）"

# ---- Monthly figures ----------------------------------------------------------------------

# Indicator → the year's plan figure the sample is built around (a little over or under).
MONTHLY = {
    soc.SOCIAL_INDICATOR_NEW_URBAN_JOBS: 2000,
    soc.SOCIAL_INDICATOR_SKILLS_TRAINING: 21700,
    soc.SOCIAL_INDICATOR_NEW_SKILLED_TALENTS: 22800,
    soc.SOCIAL_INDICATOR_NEW_HIGH_SKILLED_TALENTS: 7200,
}
# Not scored by the plan (问题楼盘化解, 保交楼): (monthly low, high) of the sample.
HOUSING_MONTHLY = {
    soc.SOCIAL_INDICATOR_PROBLEM_HOUSING_RESOLVED: (0, 2),
    soc.SOCIAL_INDICATOR_PRESOLD_HOMES_DELIVERED: (80, 420),
}
# One month revised after the fact, so the sample shows a revision history.
REVISED = (soc.SOCIAL_INDICATOR_NEW_URBAN_JOBS, 3, "一季度企业补报，核增新增就业")


def monthly(rng):
    out = []
    for indicator, year_total in MONTHLY.items():
        pace = rng.uniform(0.88, 1.12)  # some indicators ahead of plan, some behind
        for m in range(1, 13):
            value = int(year_total * pace / 12 * rng.uniform(0.7, 1.3))
            out.append((indicator, m, value, HRSS))
    hrng = random.Random(year_seed(SEED, YEAR) + 21)
    for indicator, (lo, hi) in HOUSING_MONTHLY.items():
        for m in range(1, 13):
            out.append((indicator, m, hrng.randint(lo, hi), HOUSING))
    return out


def load_monthly(stub, rng):
    figures = monthly(rng)
    for indicator, m, value, who in figures:
        req = soc.ReportMonthlyFigureRequest(
            district=DISTRICT, indicator=indicator, month=date(datetime.date(YEAR, m, 1)),
            value=value, reported_by=who)
        if (indicator, m) == REVISED[:2]:
            # First the preliminary figure (only if none is stored, so a reload does not
            # revise back and forth), then the corrected one.
            name = "districts/%s/monthlyFigures/%s/%04d-%02d" % (
                DISTRICT, soc.SocialIndicator.Name(indicator), YEAR, m)
            try:
                stub.GetMonthlyFigure(soc.GetMonthlyFigureRequest(name=name))
            except grpc.RpcError as e:
                if e.code() != grpc.StatusCode.NOT_FOUND:
                    raise
                prelim = soc.ReportMonthlyFigureRequest()
                prelim.CopyFrom(req)
                prelim.value = value - 37
                stub.ReportMonthlyFigure(prelim)
            req.note = REVISED[2]
            req.reported_by = dept("区统计局")
        stub.ReportMonthlyFigure(req)
    return len(figures)


# ---- Facilities ---------------------------------------------------------------------------

S = soc  # stage names below read as S.FACILITY_STAGE_...


def D(written_year, month, day):
    """A date written as in the 2024 sample, in the year loaded (see shifted())."""
    return shifted(YEAR, written_year, month, day)


def named_facilities():
    """(id, title_zh, title_en, kind, plan_facility, lead, [(stage, date)]) of the facilities
    the plan names."""
    return [
        ("HJ-SCH-XCLZX", "新城路中学", "Xinchenglu Middle School", S.FACILITY_KIND_SCHOOL,
         S.PLAN_FACILITY_XINCHENG_ROAD_MIDDLE_SCHOOL, EDU,
         [(S.FACILITY_STAGE_PLANNED, D(2022, 4, 12)), (S.FACILITY_STAGE_STARTED, D(2022, 9, 26)),
          (S.FACILITY_STAGE_STRUCTURE_DONE, D(2023, 8, 30)),
          (S.FACILITY_STAGE_COMPLETED, D(2024, 7, 12)), (S.FACILITY_STAGE_DELIVERED, D(2024, 8, 20)),
          (S.FACILITY_STAGE_IN_SERVICE, D(2024, 9, 1))]),
        ("HJ-SCH-DZXX", "杜庄小学", "Duzhuang Primary School", S.FACILITY_KIND_SCHOOL,
         S.PLAN_FACILITY_DUZHUANG_PRIMARY_SCHOOL, EDU,
         [(S.FACILITY_STAGE_PLANNED, D(2023, 11, 3)), (S.FACILITY_STAGE_STARTED, D(2024, 3, 18)),
          (S.FACILITY_STAGE_STRUCTURE_DONE, D(2024, 12, 10))]),
        ("ZZ-SCH-38GZ", "郑州市第38高级中学", "Zhengzhou No. 38 Senior High School",
         S.FACILITY_KIND_SCHOOL, S.PLAN_FACILITY_HIGH_SCHOOL_38, dept("市教育局"),
         [(S.FACILITY_STAGE_STARTED, D(2022, 6, 15)), (S.FACILITY_STAGE_STRUCTURE_DONE, D(2023, 6, 20)),
          (S.FACILITY_STAGE_COMPLETED, D(2024, 7, 25)), (S.FACILITY_STAGE_DELIVERED, D(2024, 8, 10)),
          (S.FACILITY_STAGE_IN_SERVICE, D(2024, 9, 1))]),
        ("ZZ-SCH-KJGY", "郑州科技工业学校", "Zhengzhou Science and Technology Industrial School",
         S.FACILITY_KIND_VOCATIONAL_SCHOOL, S.PLAN_FACILITY_ZHENGZHOU_SCI_TECH_INDUSTRIAL_SCHOOL,
         dept("市教育局"),
         [(S.FACILITY_STAGE_STARTED, D(2023, 6, 1)), (S.FACILITY_STAGE_STRUCTURE_DONE, D(2024, 9, 20))]),
        ("HJ-MED-JMX", "惠济区紧密型医疗卫生服务建设项目",
         "Huiji close-knit medical and health service project", S.FACILITY_KIND_HEALTH,
         S.PLAN_FACILITY_CLOSE_KNIT_MEDICAL_SERVICE_PROJECT, HEALTH,
         [(S.FACILITY_STAGE_PLANNED, D(2024, 2, 1)), (S.FACILITY_STAGE_STARTED, D(2024, 6, 18))]),
        ("ZZ-MED-SY3-RT", "市三院北区放疗核医学中心",
         "Zhengzhou No. 3 Hospital north campus radiotherapy and nuclear-medicine centre",
         S.FACILITY_KIND_HEALTH, S.PLAN_FACILITY_HOSPITAL3_NORTH_RADIOTHERAPY_CENTRE, HEALTH,
         [(S.FACILITY_STAGE_STARTED, D(2023, 4, 10)),
          (S.FACILITY_STAGE_STRUCTURE_DONE, D(2024, 11, 28))]),  # behind: not by 30 September
        ("ZZ-MED-ZDYFY", "郑大一附院惠济院区改扩建",
         "First Affiliated Hospital of Zhengzhou University, Huiji campus renovation",
         S.FACILITY_KIND_HEALTH, S.PLAN_FACILITY_ZDYFY_HUIJI_CAMPUS_RENOVATION, HEALTH,
         [(S.FACILITY_STAGE_STARTED, D(2023, 9, 1))]),
        ("HJ-FIT-3T", "全民健身设施三级服务体系建设项目",
         "Three-tier public fitness facilities project", S.FACILITY_KIND_FITNESS,
         S.PLAN_FACILITY_FITNESS_THREE_TIER_PROJECT, SPORTS,
         [(S.FACILITY_STAGE_PLANNED, D(2024, 3, 1)), (S.FACILITY_STAGE_STARTED, D(2024, 8, 8))]),
    ]


# Synthetic schools so that the plan's list of 11 (新城路中学 and these ten: the plan names no
# others) is delivered in 2024: most before the autumn term, one in December. 第38高级中学 is
# delivered too but is not on the list. And 3 more projects started or resumed besides
# 杜庄小学 (one resumed after a halt, one starting in October).
SAMPLE_DELIVERIES = [(3, 20), (6, 28), (8, 5), (8, 12), (8, 16), (8, 22), (8, 26), (8, 28),
                     (12, 20), (8, 29)]


def sample_schools():
    out = []
    for i, (month, day) in enumerate(SAMPLE_DELIVERIES, 1):
        delivered = D(2024, month, day)
        started = D(2022, 3 + i % 9, 10)
        steps = [(S.FACILITY_STAGE_STARTED, started),
                 (S.FACILITY_STAGE_STRUCTURE_DONE, D(2023, 4 + i % 8, 15)),
                 (S.FACILITY_STAGE_DELIVERED, delivered)]
        if delivered.month <= 8:
            steps.append((S.FACILITY_STAGE_IN_SERVICE, D(2024, 9, 1)))
        out.append((yearly("SAMPLE-SCH-%02d" % i, YEAR), "示例中小学%02d%s" % (i, SAMPLE),
                    "Sample school %02d" % i, S.FACILITY_KIND_SCHOOL,
                    S.PLAN_FACILITY_UNSPECIFIED, EDU, steps))
    out.append((yearly("SAMPLE-SCH-R1", YEAR), "示例复工学校%s" % SAMPLE, "Sample school resumed",
                S.FACILITY_KIND_SCHOOL, S.PLAN_FACILITY_UNSPECIFIED, EDU,
                [(S.FACILITY_STAGE_STARTED, D(2022, 5, 9)), (S.FACILITY_STAGE_SUSPENDED, D(2023, 1, 16)),
                 (S.FACILITY_STAGE_RESUMED, D(2024, 5, 6))]))
    out.append((yearly("SAMPLE-SCH-N1", YEAR), "示例新建学校甲%s" % SAMPLE, "Sample new school A",
                S.FACILITY_KIND_SCHOOL, S.PLAN_FACILITY_UNSPECIFIED, EDU,
                [(S.FACILITY_STAGE_PLANNED, D(2024, 1, 22)), (S.FACILITY_STAGE_STARTED, D(2024, 7, 1))]))
    out.append((yearly("SAMPLE-SCH-N2", YEAR), "示例新建学校乙%s" % SAMPLE, "Sample new school B",
                S.FACILITY_KIND_SCHOOL, S.PLAN_FACILITY_UNSPECIFIED, EDU,
                [(S.FACILITY_STAGE_PLANNED, D(2024, 4, 2)), (S.FACILITY_STAGE_STARTED, D(2024, 10, 16))]))
    return out


def load_facilities(stub):
    # A plan role names one facility of the district: 2024's.
    facilities = (named_facilities() if YEAR == BASE_YEAR else []) + sample_schools()
    steps = 0
    for fid, zh, en, kind, plan, lead, lifecycle in facilities:
        stub.CreateFacility(soc.CreateFacilityRequest(
            facility=soc.Facility(facility_id=fid, district=DISTRICT, title_zh=zh, title_en=en,
                                  kind=kind, plan_facility=plan, lead_department=lead),
            reported_by=lead, request_id="sample-facility-" + fid))
        name = "districts/%s/facilities/%s" % (DISTRICT, fid)
        for stage, day in lifecycle:
            stub.RecordFacilityStep(soc.RecordFacilityStepRequest(
                name=name, stage=stage, date=date(day), reported_by=lead))
            steps += 1
    return len(facilities), steps


# ---- Events -------------------------------------------------------------------------------

def job_fairs():
    return [
        (D(2024, 2, 23), "%d年春风行动暨就业援助月专场招聘会" % YEAR, 1200),
        (D(2024, 4, 12), "民营企业服务月专场招聘会", 900),
        (D(2024, 5, 24), "高校毕业生就业服务专场招聘会", 1100),
        (D(2024, 7, 19), "退役军人专场招聘会", 600),
        (D(2024, 9, 13), "金秋招聘月专场招聘会", 800),
        (D(2024, 11, 8), "惠济区重点企业用工对接会", 700),
        (D(2024, 12, 20), "岁末年初专场招聘会", 600),
    ]

# Cultural events per type over the year (~1000 sessions), with a seasonal weight per month
# (fewer in the cold months and at Spring Festival travel time, more in spring and autumn).
CULTURAL = [
    (soc.CULTURAL_EVENT_TYPE_HERITAGE_OUTREACH, 180,
     ["非遗进校园", "非遗进社区", "非遗进景区", "非遗进乡村"]),
    (soc.CULTURAL_EVENT_TYPE_READING_PROMOTION, 260, ["全民阅读分享会", "亲子共读", "图书漂流"]),
    (soc.CULTURAL_EVENT_TYPE_SQUARE_DANCE, 330, ["广场舞展演", "广场舞培训", "广场舞大赛"]),
    (soc.CULTURAL_EVENT_TYPE_PUBLIC_TRAINING, 200, ["书法公益课", "声乐公益培训", "舞蹈公益培训"]),
    (soc.CULTURAL_EVENT_TYPE_OTHER, 60, ["文艺惠民演出", "公益电影放映"]),
]
SEASON = [5, 6, 9, 10, 10, 9, 8, 8, 10, 10, 8, 7]
BATCH = 250


def cultural_events(rng):
    days = [datetime.date(YEAR, 1, 1) + datetime.timedelta(days=i) for i in range(days_in(YEAR))]
    weights = [SEASON[d.month - 1] for d in days]
    out = []
    for ctype, n, titles in CULTURAL:
        for day in sorted(rng.choices(days, weights=weights, k=n)):
            out.append((day, ctype, rng.choice(titles)))
    out.sort(key=lambda e: (e[0], e[1]))
    events = []
    for i, (day, ctype, title) in enumerate(out, 1):
        events.append(soc.Event(
            event_id="SAMPLE-CUL-%d-%04d" % (YEAR, i), district=DISTRICT,
            kind=soc.EVENT_KIND_CULTURAL, title_zh="%s%s" % (title, SAMPLE),
            start_date=date(day), cultural_type=ctype, organizer=CULTURE))
    return events


def load_events(stub, rng):
    fairs = [soc.Event(event_id="SAMPLE-JF-%d-%02d" % (YEAR, i), district=DISTRICT,
                       kind=soc.EVENT_KIND_JOB_FAIR, title_zh=title + SAMPLE, start_date=date(day),
                       end_date=date(day), positions_offered=positions, organizer=HRSS)
             for i, (day, title, positions) in enumerate(job_fairs(), 1)]
    stub.BatchCreateEvents(soc.BatchCreateEventsRequest(
        district=DISTRICT, events=fairs, reported_by=HRSS, request_id="sample-job-fairs-%d" % YEAR))
    culture = cultural_events(rng)
    for start in range(0, len(culture), BATCH):
        stub.BatchCreateEvents(soc.BatchCreateEventsRequest(
            district=DISTRICT, events=culture[start:start + BATCH], reported_by=CULTURE,
            request_id="sample-cultural-%d-%04d" % (YEAR, start)))
    if YEAR != BASE_YEAR:
        return len(fairs), len(culture)  # the cup is a plan event of 2024's
    cup = soc.Event(event_id="HJ-SPORT-YHB-3", district=DISTRICT, kind=soc.EVENT_KIND_SPORTS,
                    title_zh="第三届“沿黄杯”足球赛", title_en="3rd Yellow River Cup football tournament",
                    start_date=date(D(2024, 4, 20)), end_date=date(D(2024, 6, 15)),
                    plan_event=soc.PLAN_EVENT_YELLOW_RIVER_CUP_3, organizer=SPORTS)
    stub.CreateEvent(soc.CreateEventRequest(event=cup, reported_by=SPORTS,
                                            request_id="sample-yellow-river-cup-3"))
    return len(fairs), len(culture)


# ---- Teachers and talent, coverage --------------------------------------------------------

def talents():
    return [
        (soc.TALENT_CATEGORY_PROVINCIAL_FAMOUS_TEACHER, D(2024, 9, 10), 3, "豫教师〔%d〕示例1号" % YEAR),
        (soc.TALENT_CATEGORY_BACKBONE_TEACHER, D(2024, 5, 20), 22, "郑教〔%d〕示例2号" % YEAR),
        (soc.TALENT_CATEGORY_BACKBONE_TEACHER, D(2024, 10, 15), 17, "惠教〔%d〕示例3号" % YEAR),
        (soc.TALENT_CATEGORY_EDUCATION_TALENT_INTRODUCED, D(2024, 8, 26), 18, ""),
        (soc.TALENT_CATEGORY_EDUCATION_TALENT_INTRODUCED, D(2024, 9, 2), 14, ""),
    ]

# Scheme → (eligible in January, insured share in January, in December).
COVERAGE = {
    soc.INSURANCE_SCHEME_BASIC_PENSION: (412_000, 0.978, 0.989),
    soc.INSURANCE_SCHEME_BASIC_MEDICAL: (655_000, 0.986, 0.993),
}


def load_talents_and_coverage(stub, rng):
    counts = talents()
    for category, day, count, ref in counts:
        stub.ReportTalentCount(soc.ReportTalentCountRequest(
            district=DISTRICT, category=category, date=date(day), count=count, reference=ref,
            reported_by=EDU))
    n = 0
    for scheme, (eligible0, share0, share12) in COVERAGE.items():
        who = HRSS if scheme == soc.INSURANCE_SCHEME_BASIC_PENSION else MEDICAL_SECURITY
        for m in range(1, 13):
            eligible = eligible0 + (m - 1) * rng.randint(300, 900)
            share = share0 + (share12 - share0) * (m - 1) / 11
            stub.ReportCoverage(soc.ReportCoverageRequest(
                district=DISTRICT, scheme=scheme, month=date(datetime.date(YEAR, m, 1)),
                insured=int(eligible * share), eligible=eligible, reported_by=who))
            n += 1
    return len(counts), n


def load(channel, log=print):
    stub = social_pb2_grpc.SocialServiceStub(channel)
    n_monthly = load_monthly(stub, random.Random(year_seed(SEED, YEAR) + 2))
    n_fac, n_steps = load_facilities(stub)
    n_fairs, n_culture = load_events(stub, random.Random(year_seed(SEED, YEAR) + 22))
    n_talent, n_cov = load_talents_and_coverage(stub, random.Random(year_seed(SEED, YEAR) + 23))
    log("social: %d monthly figures, %d facilities (%d steps), %d job fairs, %d cultural events, "
        "1 sports event, %d talent counts, %d coverage figures"
        % (n_monthly, n_fac, n_steps, n_fairs, n_culture, n_talent, n_cov))
