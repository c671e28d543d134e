"""SAMPLE investment facts for Huiji 2024, or another year (synthetic, deterministic, labelled).

The projects the plan names (大运河数字文创产业园（一期）, 华牧生物科技产业园, 古荥城市更新, 西黄刘片区,
东风渠两岸整治提升 …) plus a synthetic remainder, loaded the way departments would report them:
projects created in their state before the year, then the year's lifecycle steps in date order —
signings at promotion events (种业博览会 included) or one by one, starts, completions, bond-
review decisions, packaging into the project library, one correction with its reason —
monthly investment, infrastructure outputs, and statistics figures by period (one revised).

Figures are built so the demo scorecard is interesting: some indicators ahead of the plan's
time line, some behind; in a year after 2024 the 区科技局 reports nothing (NO_DATA). Every
write carries a natural key or a deterministic request_id, so loading twice changes nothing.

A year after 2024 continues the one before: the projects still under way at its end (created
by that year's load) invest and some complete in the new year, and the new year brings its
own projects, events and outputs, with the year in their ids (__init__.py) and none of their
facts counting in the years before (a signing before the year is left out), so that those
read as they did. The plan's named projects are 2024's."""
import contextlib
import copy
import datetime
import random

from google.protobuf import field_mask_pb2

from ..stubs import grpc, investment_pb2 as inv, investment_pb2_grpc, date
from . import DISTRICT, YEAR, SEED, BASE_YEAR, dept, shifted, yearly, year_seed

YI = 100_000_000  # 1亿元 in yuan
WAN = 10_000      # 1万元 in yuan

NDRC = dept("区发展改革委")
STATS = dept("区统计局")
FINANCE = dept("区财政局")
COMMERCE = dept("区商务局")
MARKET = dept("区市场监管局")
SCIENCE = dept("区科技局")
INDUSTRY = dept("区工业和信息化局")
HOUSING = dept("区住房城乡建设局")
URBAN = dept("区城市管理局")

C = inv  # enum namespace
IND, URB, HOUSE, DUAL, VILLAGE, INFRA, SOCIAL, ECO, OTHER = (
    C.PROJECT_CATEGORY_INDUSTRIAL, C.PROJECT_CATEGORY_URBAN_RENEWAL,
    C.PROJECT_CATEGORY_AFFORDABLE_HOUSING, C.PROJECT_CATEGORY_DUAL_USE_PUBLIC_INFRA,
    C.PROJECT_CATEGORY_URBAN_VILLAGE, C.PROJECT_CATEGORY_INFRASTRUCTURE,
    C.PROJECT_CATEGORY_SOCIAL_FACILITY, C.PROJECT_CATEGORY_ECOLOGICAL, C.PROJECT_CATEGORY_OTHER)


def d(written_year, month, day):
    """A date written as in the 2024 sample, in the year loaded (see shifted())."""
    return shifted(YEAR, written_year, month, day)


def day_in(rng, start, end):
    """A day in [start, end]."""
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


class Spec:
    """One project and its time line in the year, before it is loaded."""

    def __init__(self, pid, zh, en, cat, total_yi, key=True, lead=NDRC):
        self.pid, self.zh, self.en, self.cat, self.key, self.lead = pid, zh, en, cat, key, lead
        self.ident = yearly(pid, YEAR)  # its project_id: that of the year that creates it
        self.carried = False        # created in an earlier year, still under way
        self.total = int(total_yi * YI)
        self.planned_share = 0.3  # of the total, invested in the year once under way
        self.three_batch = False
        self.planned_on = None
        self.signed_on = None       # before the year: set at creation
        self.started_on = None      # before the year: set at creation
        self.sign_in_year = None    # (date, event_id or None)
        self.start_in_year = None
        self.complete_in_year = None
        self.bond = None            # (source, requested_yuan, decision, decided_on or None)
        self.packaged_in_year = None
        self.pace = 1.0             # monthly investment against plan


# --- The named projects of the plan ---------------------------------------------------

def named_projects():
    out = []
    s = Spec("HJ-IND-001", "大运河数字文创产业园（一期）", "Grand Canal Digital Creative Park (phase 1)", IND, 25)
    s.planned_on, s.sign_in_year, s.start_in_year = d(2023, 9, 1), (d(2024, 3, 28), "EV-SIGN-Q1"), d(2024, 5, 18)
    out.append(s)
    s = Spec("HJ-IND-002", "华牧生物科技产业园", "Huamu Biotech Industrial Park", IND, 12)
    s.planned_on, s.sign_in_year, s.start_in_year = d(2023, 10, 12), (d(2024, 3, 28), "EV-SIGN-Q1"), d(2024, 6, 20)
    s.three_batch = True
    out.append(s)
    s = Spec("HJ-URB-001", "古荥城市更新", "Guxing urban renewal", URB, 60, lead=HOUSING)
    s.planned_on, s.started_on, s.planned_share, s.pace = d(2022, 11, 1), d(2023, 9, 1), 0.4, 0.9
    out.append(s)
    s = Spec("HJ-SOC-001", "郑大一附院惠济院区改扩建", "First Affiliated Hospital of ZZU, Huiji campus expansion",
             SOCIAL, 18)
    s.planned_on, s.started_on = d(2022, 12, 1), d(2023, 4, 10)
    out.append(s)
    s = Spec("HJ-SOC-002", "郑州科技工业学校", "Zhengzhou Science and Technology Industrial School", SOCIAL, 9)
    s.planned_on, s.started_on = d(2023, 3, 1), d(2023, 10, 8)
    out.append(s)
    s = Spec("HJ-OTH-001", "黄河博览馆装修布展", "Yellow River Museum fit-out and exhibition", OTHER, 3)
    s.planned_on, s.start_in_year = d(2023, 8, 1), d(2024, 2, 26)
    out.append(s)
    s = Spec("HJ-ECO-001", "张牛支沟环境综合治理EPC项目", "Zhangniu branch ditch remediation (EPC)", ECO, 2.6)
    s.planned_on, s.start_in_year = d(2023, 11, 1), d(2024, 4, 15)
    out.append(s)
    s = Spec("HJ-ECO-002", "九五滩地下水饮用水源保护区规范化建设项目",
             "Jiuwutan groundwater source protection zone works", ECO, 1.2)
    s.planned_on, s.start_in_year = d(2023, 11, 1), d(2024, 5, 6)
    out.append(s)
    # The infrastructure programmes of 三(五): their outputs are counted (see outputs()).
    for pid, zh, en in [("HJ-INF-ROAD", "“郑路平”道路建设工程", "'Zheng Lu Ping' road works"),
                        ("HJ-INF-PARK", "“郑好停”公共停车设施建设", "'Zheng Hao Ting' public parking"),
                        ("HJ-INF-LIGHT", "“郑点亮”道路照明提升工程", "'Zheng Dian Liang' street lighting"),
                        ("HJ-INF-EV", "新能源汽车充电基础设施建设", "EV charging infrastructure")]:
        s = Spec(pid, zh, en, INFRA, 8, lead=URBAN)
        s.planned_on, s.started_on = d(2023, 6, 1), d(2023, 12, 15)
        out.append(s)
    return out


# Urban renewal projects packaged into the project library (plan: 12, 260亿元); the two the
# plan names, then synthetic ones. Not started in 2024, not key projects.
PACKAGED = [("HJ-URB-P01", "西黄刘片区城市更新", "Xihuangliu area renewal", 78),
            ("HJ-URB-P02", "东风渠两岸整治提升", "Dongfeng Canal banks improvement", 36)]


def key_projects(rng, named):
    """The 199 key projects (the named ones, three more urban renewal, a synthetic remainder
    by category) and the other urban-renewal projects under way (11 in all)."""
    out = [s for s in named]
    for i in range(1, 11):
        # Three of them are among the 199 key projects; the rest are district projects.
        s = Spec("HJ-URB-%03d" % (i + 1), "城市更新项目（示例）%02d" % i, "Sample urban renewal %02d" % i, URB,
                 rng.randrange(12, 30), key=i <= 3, lead=HOUSING)
        s.planned_on = d(2022, rng.randrange(3, 12), 1)
        if i <= 8:
            s.started_on = day_in(rng, d(2023, 2, 1), d(2023, 11, 30))
        elif i == 9:
            s.start_in_year = d(2024, 3, 18)
        else:
            s.start_in_year = d(2024, 11, 6)  # one of the 11 still to start after the demo date
        s.planned_share, s.pace = 0.42, 0.9  # urban renewal runs a little behind its 105亿元
        out.append(s)
    mix = [(IND, 46), (HOUSE, 7), (DUAL, 5), (VILLAGE, 6), (INFRA, 60), (SOCIAL, 32), (ECO, 18), (OTHER, 10)]
    n = 0
    for cat, count in mix:
        for _ in range(count):
            if sum(1 for s in out if s.key) >= 199:
                break
            n += 1
            s = Spec("HJ-KP-%03d" % n, "惠济区重点项目（示例）%03d" % n, "Sample key project %03d" % n, cat,
                     rng.randrange(2, 14))
            r = rng.random()
            if r < 0.76:    # carried over from earlier years
                s.signed_on = day_in(rng, d(2022, 6, 1), d(2023, 6, 30)) if cat == IND else None
                s.started_on = day_in(rng, d(2022, 9, 1), d(2023, 12, 20))
                if s.signed_on and s.started_on < s.signed_on:
                    s.started_on = s.signed_on + datetime.timedelta(days=rng.randrange(20, 120))
                if rng.random() < 0.12:
                    s.complete_in_year = day_in(rng, d(2024, 4, 1), d(2024, 12, 20))
            elif r < 0.93:  # starts in 2024
                s.signed_on = day_in(rng, d(2023, 3, 1), d(2023, 12, 1)) if cat == IND else None
                s.start_in_year = day_in(rng, d(2024, 2, 20), d(2024, 12, 10))
            # else: not yet started, which keeps the key projects under way below 199
            first = s.signed_on or s.started_on or d(2024, 1, 1)
            s.planned_on = first - datetime.timedelta(days=rng.randrange(60, 300))
            s.planned_share = rng.uniform(0.05, 0.1)
            s.pace = rng.uniform(0.85, 1.1)
            out.append(s)
    return out


def promotion_projects(rng):
    """Projects newly signed in 2024 (not key projects): at events or one by one."""
    out = []
    plan = ([("EV-SIGN-Q1", d(2024, 3, 28))] * 8 + [("EV-EXPO-DC", d(2024, 5, 18))] * 6 +
            [("EV-SIGN-H1", d(2024, 6, 26))] * 10 + [("EV-SEED-EXPO", d(2024, 9, 20))] * 6 +
            [("EV-SIGN-Q4", d(2024, 11, 15))] * 8 + [("EV-SIGN-YE", d(2024, 12, 20))] * 4 +
            [(None, day_in(rng, d(2024, 1, 15), d(2024, 12, 15))) for _ in range(8)])
    for i, (event, day) in enumerate(plan, start=1):
        seed_industry = event == "EV-SEED-EXPO"
        s = Spec("HJ-NEW-%03d" % i,
                 ("种业项目（示例）%03d" if seed_industry else "招商签约项目（示例）%03d") % i,
                 ("Sample seed-industry project %03d" if seed_industry else "Sample signed project %03d") % i,
                 IND if rng.random() < 0.7 or seed_industry else OTHER, rng.randrange(3, 12),
                 key=False, lead=COMMERCE)
        s.planned_on = day - datetime.timedelta(days=rng.randrange(40, 200))
        s.sign_in_year = (day, event)
        if day < d(2024, 10, 1) and rng.random() < 0.45:
            s.start_in_year = min(day + datetime.timedelta(days=rng.randrange(30, 120)), d(2024, 12, 20))
        s.planned_share = 0.1
        out.append(s)
    # 三个一批: 华牧 (above) and three more; the last signed in November.
    for pid in ("HJ-NEW-003", "HJ-NEW-012", "HJ-NEW-035"):
        next(s for s in out if s.pid == pid).three_batch = True
    return out


def packaged_projects(rng):
    out = []
    for pid, zh, en, total in PACKAGED:
        out.append(Spec(pid, zh, en, URB, total, key=False, lead=HOUSING))
    for i in range(3, 13):
        out.append(Spec("HJ-URB-P%02d" % i, "城市更新包装项目（示例）%02d" % i, "Sample packaged renewal %02d" % i,
                        URB, rng.randrange(10, 18), key=False, lead=HOUSING))
    months = [d(2024, 2, 26), d(2024, 4, 18), d(2024, 3, 12), d(2024, 5, 9), d(2024, 6, 21),
              d(2024, 7, 15), d(2024, 8, 20), d(2024, 9, 12), d(2024, 10, 24), d(2024, 11, 19),
              d(2024, 12, 10), d(2024, 12, 26)]
    for s, day in zip(out, months):
        s.planned_on = day - datetime.timedelta(days=90)
        s.packaged_in_year = day
    return out


def assign_bonds(rng, projects):
    """National-bond (plan: 27 projects, 140亿元) and special-bond (33) applications, on key
    projects outside industry. Decisions through the year; some pending, some rejected."""
    # A later year's applications come from its new projects, key or not: the carried-over
    # ones applied (or not) in their own year.
    eligible = [s for s in projects if (s.key or YEAR != BASE_YEAR) and not s.carried
                and s.cat not in (IND, OTHER) and s.pid[:6] != "HJ-INF"]
    rng.shuffle(eligible)
    national, special = eligible[:30], eligible[30:67]
    national_days = sorted(day_in(rng, d(2024, 3, 1), d(2024, 12, 25)) for _ in national)
    requested = [rng.randrange(30, 75) * 10 * WAN * 100 for _ in national]  # 3-7.5亿元
    for i, (s, day) in enumerate(zip(national, national_days)):
        status = C.BOND_REVIEW_STATUS_APPROVED if i < 28 else C.BOND_REVIEW_STATUS_REJECTED
        if i == 29:
            status, day = C.BOND_REVIEW_STATUS_PENDING, None
        s.total = max(s.total, requested[i] * 5 // 4)
        s.bond = (C.FUNDING_SOURCE_NATIONAL_TREASURY_BOND, requested[i], status, day)
    special_days = sorted(day_in(rng, d(2024, 4, 15), d(2024, 12, 20)) for _ in special)
    for i, (s, day) in enumerate(zip(special, special_days)):
        status = C.BOND_REVIEW_STATUS_APPROVED if i < 34 else C.BOND_REVIEW_STATUS_REJECTED
        req = rng.randrange(1, 4) * YI
        s.total = max(s.total, req * 5 // 4)
        s.bond = (C.FUNDING_SOURCE_LOCAL_SPECIAL_BOND, req, status, day)


def all_projects(rng):
    """The projects of YEAR with their steps in it: the generated ones in 2024 (many with a
    history before it); in a later year, those carried over from the year before and the new
    ones beginning in the year. The first draws of the year's random stream, so that the next
    year can make them again (carried_over())."""
    named = named_projects()
    keys = key_projects(rng, named)
    if YEAR == BASE_YEAR:
        assign_bonds(rng, keys)
        return keys + promotion_projects(rng) + packaged_projects(rng)
    named_ids = {s.pid for s in named}
    keys = [_begun_in_year(s) for s in keys if not s.started_on and s.pid not in named_ids]
    carried = carried_over(YEAR)
    for s in carried:  # as among 2024's: some synthetic key projects finish in the year
        if s.pid.startswith("HJ-KP-") and rng.random() < 0.12:
            s.complete_in_year = day_in(rng, d(2024, 4, 1), d(2024, 12, 20))
    new = keys + promotion_projects(rng) + packaged_projects(rng)
    assign_bonds(rng, new)
    return carried + new


def _begun_in_year(s):
    """A generated project of a later year, without the history before the year that the
    years before did not have (its signing is left out: it would count in their totals)."""
    s.signed_on = None
    return s


@contextlib.contextmanager
def _as_year(year):
    global YEAR
    saved, YEAR = YEAR, year
    try:
        yield
    finally:
        YEAR = saved


def carried_over(year):
    """The projects of the years before `year` still under way at its start, as they enter it:
    started, not completed; created by their own year's load, so `year` only adds to them."""
    if year <= BASE_YEAR:
        return []
    with _as_year(year - 1):
        before = all_projects(random.Random(year_seed(SEED, year - 1)))
    out = []
    for s in before:
        started = s.started_on or s.start_in_year
        if not started or s.complete_in_year:
            continue
        c = copy.copy(s)
        c.started_on, c.carried = started, True
        c.signed_on = s.signed_on or (s.sign_in_year and s.sign_in_year[0])
        c.sign_in_year = c.start_in_year = c.complete_in_year = c.packaged_in_year = c.bond = None
        out.append(c)
    return out


# --- Promotion events ------------------------------------------------------------------

def major_events():
    """(id, kind, title, first day, last day, seed expo) of the year's major events."""
    return [
        ("EV-SIGN-Q1", C.PROMOTION_EVENT_KIND_SIGNING_CEREMONY, "%d年一季度重点项目集中签约活动" % YEAR,
         d(2024, 3, 28), None, False),
        ("EV-EXPO-DC", C.PROMOTION_EVENT_KIND_INDUSTRY_EXPO, "大运河数字文创产业展会（示例）",
         d(2024, 5, 18), d(2024, 5, 19), False),
        ("EV-SIGN-H1", C.PROMOTION_EVENT_KIND_SIGNING_CEREMONY, "%d年年中重点项目集中签约活动" % YEAR,
         d(2024, 6, 26), None, False),
        ("EV-SEED-EXPO", C.PROMOTION_EVENT_KIND_INDUSTRY_EXPO, "%d年种业博览会" % YEAR,
         d(2024, 9, 20), d(2024, 9, 22), True),
        ("EV-SIGN-Q4", C.PROMOTION_EVENT_KIND_SIGNING_CEREMONY, "%d年四季度重点项目集中签约活动" % YEAR,
         d(2024, 11, 15), None, False),
        ("EV-SIGN-YE", C.PROMOTION_EVENT_KIND_SIGNING_CEREMONY, "%d年岁末项目集中签约活动" % YEAR,
         d(2024, 12, 20), None, False),
    ]


TRIP_CITIES = ["深圳", "上海", "杭州", "苏州", "宁波", "北京", "广州", "成都", "厦门", "南京", "武汉",
               "合肥", "青岛", "天津", "西安", "长沙", "东莞", "无锡", "佛山", "济南", "香港", "重庆"]


def events(rng, projects):
    signed_at = {}
    for s in projects:
        if s.sign_in_year and s.sign_in_year[1]:
            signed_at.setdefault(s.sign_in_year[1], []).append(s.ident)
    out = []
    for eid, kind, zh, start, end, seed in major_events():
        e = inv.PromotionEvent(event_id=yearly(eid, YEAR), district=DISTRICT, kind=kind, title_zh=zh,
                               start_date=date(start), location="惠济区", seed_industry_expo=seed,
                               signed_project_ids=signed_at.get(eid, []))
        if end:
            e.end_date.CopyFrom(date(end))
        out.append(e)
    # Outbound trips: 22 in the year, about two a month from March.
    for i, city in enumerate(TRIP_CITIES, start=1):
        start = day_in(rng, d(2024, 2, 20), d(2024, 12, 10)) if i > 16 else \
            day_in(rng, d(2024, 2, 20), d(2024, 9, 25))
        e = inv.PromotionEvent(event_id=yearly("EV-TRIP-%02d" % i, YEAR), district=DISTRICT,
                               kind=C.PROMOTION_EVENT_KIND_OUTBOUND_TRIP,
                               title_zh="赴%s开展招商推介（示例）" % city, location=city,
                               start_date=date(start),
                               end_date=date(start + datetime.timedelta(days=rng.randrange(1, 4))))
        out.append(e)
    return sorted(out, key=lambda e: (e.start_date.year, e.start_date.month, e.start_date.day))


# --- Infrastructure outputs -------------------------------------------------------------

def outputs(rng):
    """(project_id, InfrastructureOutput). Roads count while under construction in the year;
    the rest when delivered. A later year's output ids carry the year; its roads begun the year
    before are that year's own, still under construction."""
    out = []
    K = inv
    for i in range(1, 55):  # plan: 58 roads; 54 get going in the sample
        if i <= 16:
            started = day_in(rng, d(2023, 4, 1), d(2023, 12, 10))
            delivered = day_in(rng, d(2024, 3, 1), d(2024, 11, 30)) if i <= 9 else None
            if YEAR != BASE_YEAR:
                continue
        elif i <= 46:
            started = day_in(rng, d(2024, 2, 25), d(2024, 9, 28))
            delivered = day_in(rng, started + datetime.timedelta(days=60), d(2024, 12, 28)) \
                if rng.random() < 0.3 and started < d(2024, 9, 1) else None
        else:
            started, delivered = day_in(rng, d(2024, 10, 8), d(2024, 12, 5)), None
        o = K.InfrastructureOutput(output_id=yearly("ROAD-%02d" % i, YEAR), kind=K.INFRASTRUCTURE_KIND_ROAD,
                                   title_zh="惠济区道路（示例）%02d" % i, quantity=1, started_on=date(started))
        if delivered:
            o.delivered_on.CopyFrom(date(delivered))
        out.append(("HJ-INF-ROAD", o))
    lots = sorted(day_in(rng, d(2024, 2, 1), d(2024, 9, 28)) for _ in range(17)) + \
        sorted(day_in(rng, d(2024, 10, 5), d(2024, 12, 28)) for _ in range(9))
    for i, day in enumerate(lots, start=1):
        out.append(("HJ-INF-PARK", K.InfrastructureOutput(
            output_id=yearly("LOT-%02d" % i, YEAR), kind=K.INFRASTRUCTURE_KIND_PARKING_LOT, quantity=1,
            title_zh="公共停车场（示例）%02d" % i, parking_spaces=rng.randrange(28, 70),
            delivered_on=date(day))))
    for m in (3, 5, 7, 9, 11):  # on-street spaces, in batches
        out.append(("HJ-INF-PARK", K.InfrastructureOutput(
            output_id=yearly("STREET-%02d" % m, YEAR), kind=K.INFRASTRUCTURE_KIND_PARKING_SPACES,
            title_zh="路内停车泊位施划（示例）%d月" % m, quantity=rng.randrange(60, 110),
            delivered_on=date(d(2024, m, 25)))))
    for m in range(2, 13):  # charging piles, monthly batches
        out.append(("HJ-INF-EV", K.InfrastructureOutput(
            output_id=yearly("EV-%02d" % m, YEAR), kind=K.INFRASTRUCTURE_KIND_CHARGING_PILES,
            title_zh="充电桩建成投用（示例）%d月" % m, quantity=rng.randrange(90, 150),
            delivered_on=date(d(2024, m, 20)))))
    lit = sorted(day_in(rng, d(2024, 1, 20), d(2024, 9, 28)) for _ in range(13)) + \
        sorted(day_in(rng, d(2024, 10, 5), d(2024, 12, 28)) for _ in range(8))
    for i, day in enumerate(lit, start=1):
        out.append(("HJ-INF-LIGHT", K.InfrastructureOutput(
            output_id=yearly("LIT-%02d" % i, YEAR), kind=K.INFRASTRUCTURE_KIND_LIT_ROAD, quantity=1,
            title_zh="新增亮灯道路（示例）%02d" % i, delivered_on=date(day))))
    return out


# --- Economic-operations figures ----------------------------------------------------------

E = inv
GROWTH = {  # year-to-date growth by period month, as published (percentage points)
    E.ECONOMIC_INDICATOR_GDP_GROWTH: {3: 6.5, 6: 6.9, 9: 7.0, 12: 7.1},
    E.ECONOMIC_INDICATOR_DISPOSABLE_INCOME_GROWTH: {3: 6.2, 6: 6.4, 9: 6.3, 12: 6.5},
    E.ECONOMIC_INDICATOR_FIXED_ASSET_INVESTMENT_GROWTH:
        {2: 10.2, 3: 9.6, 4: 8.9, 5: 8.1, 6: 7.6, 7: 7.2, 8: 7.0, 9: 6.8, 10: 7.1, 11: 7.4, 12: 7.6},
    E.ECONOMIC_INDICATOR_INDUSTRIAL_VALUE_ADDED_GROWTH:
        {2: 8.3, 3: 8.8, 4: 9.1, 5: 9.4, 6: 9.6, 7: 9.5, 8: 9.7, 9: 9.6, 10: 9.8, 11: 9.9, 12: 10.1},
    E.ECONOMIC_INDICATOR_RETAIL_SALES_GROWTH:
        {2: 6.9, 3: 7.2, 4: 7.3, 5: 7.5, 6: 7.4, 7: 7.3, 8: 7.4, 9: 7.4, 10: 7.6, 11: 7.8, 12: 7.9},
}
# Revisions: (indicator, month) → the value first published, later revised to GROWTH's.
FIRST_PUBLISHED = {(E.ECONOMIC_INDICATOR_GDP_GROWTH, 3): 6.3,
                   (E.ECONOMIC_INDICATOR_FIXED_ASSET_INVESTMENT_GROWTH, 6): 7.3}
GROWTH_DEPARTMENT = {E.ECONOMIC_INDICATOR_RETAIL_SALES_GROWTH: COMMERCE}
# After 2024 this department reports none of its figures, so a later year's card shows what a
# silent department looks like: its indicators NO_DATA and overdue, its source named as late.
SILENT_AFTER_BASE_YEAR = SCIENCE

# 2023 district-level budget revenue by month, yuan: sums to the plan's 26.12亿元.
REVENUE_2023_SHARE = [0.118, 0.062, 0.081, 0.095, 0.079, 0.087, 0.083, 0.071, 0.078, 0.088, 0.072, 0.086]
REVENUE_2023_TOTAL = 2_612_000_000
# Each year after 2024 starts from about 2024's level (the middle of its growth below).
REVENUE_TREND = 1.0425

MONTHLY_COUNTS = {  # indicator → (department, the year's figure by month, Jan..Dec)
    E.ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES: (MARKET, None),  # generated
    E.ECONOMIC_INDICATOR_NEW_TECH_ENTERPRISES: (SCIENCE, [0, 0, 0, 9, 0, 8, 0, 7, 0, 0, 8, 0]),
    E.ECONOMIC_INDICATOR_NEW_HIGH_TECH_ENTERPRISES: (SCIENCE, [0] * 10 + [7, 4]),
    E.ECONOMIC_INDICATOR_NEW_INNOVATIVE_SMES: (INDUSTRY, [0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 6, 0]),
    E.ECONOMIC_INDICATOR_ECOMMERCE_PARKS: (COMMERCE, [0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]),
    E.ECONOMIC_INDICATOR_ECOMMERCE_FIRMS: (COMMERCE, [1, 2, 3, 2, 3, 3, 2, 4, 3, 2, 3, 2]),
    E.ECONOMIC_INDICATOR_STANDARDIZATION_PILOTS: (MARKET, [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]),
}


def figures(rng):
    """(indicator, year, month, field, value, department, note) in reporting order."""
    out = []
    for indicator, series in GROWTH.items():
        who = GROWTH_DEPARTMENT.get(indicator, STATS)
        for m, value in series.items():
            first = FIRST_PUBLISHED.get((indicator, m))
            if first is not None:
                out.append((indicator, YEAR, m, "percent", first, who, ""))
                out.append((indicator, YEAR, m, "percent", value, who, "市统计局统一核算后修订（示例）"))
            else:
                out.append((indicator, YEAR, m, "percent", value, who, ""))
    revenue_2023 = [int(REVENUE_2023_TOTAL * s) for s in REVENUE_2023_SHARE]
    revenue_2023[-1] += REVENUE_2023_TOTAL - sum(revenue_2023)  # exactly 26.12亿元
    # A later year's revenue grows on from 2023's; its previous year's figures are that
    # year's sample's own (second_district.py loads the years in order), never rewritten here.
    trend = REVENUE_TREND ** (YEAR - BASE_YEAR)
    for m, v in enumerate(revenue_2023, start=1):
        if YEAR == BASE_YEAR:
            out.append((E.ECONOMIC_INDICATOR_BUDGET_REVENUE, YEAR - 1, m, "amount_yuan", v, FINANCE, ""))
        out.append((E.ECONOMIC_INDICATOR_BUDGET_REVENUE, YEAR, m, "amount_yuan",
                    int(v * trend * rng.uniform(1.025, 1.06)), FINANCE, ""))
    for m in range(1, 13):  # car sales behind the 110亿元, tech contracts a little behind 2亿元
        out.append((E.ECONOMIC_INDICATOR_CAR_SALES, YEAR, m, "amount_yuan",
                    int(rng.uniform(7.6, 9.4) * YI * (0.8 if m <= 2 else 1.0)), COMMERCE, ""))
        out.append((E.ECONOMIC_INDICATOR_TECH_CONTRACT_TURNOVER, YEAR, m, "amount_yuan",
                    int(rng.uniform(1200, 1800) * WAN * (1.6 if m == 12 else 1.0)), SCIENCE, ""))
    for indicator, (who, series) in MONTHLY_COUNTS.items():
        if series is None:
            series = [int(1500 * rng.uniform(0.85, 1.25)) for _ in range(12)]
        for m, v in enumerate(series, start=1):
            out.append((indicator, YEAR, m, "count", v, who, ""))
    if YEAR != BASE_YEAR:
        out = [f for f in out if f[5] != SILENT_AFTER_BASE_YEAR]
    return out


# --- Loading ---------------------------------------------------------------------------

def _project_message(s):
    p = inv.Project(project_id=s.ident, district=DISTRICT, title_zh=s.zh, title_en=s.en, category=s.cat,
                    key_project=s.key, three_batch=s.three_batch, total_investment_yuan=s.total,
                    planned_investment_yuan=int(s.total * s.planned_share), lead_department=s.lead)
    for field, value in (("planned_on", s.planned_on), ("signed_on", s.signed_on),
                         ("started_on", s.started_on)):
        if value:
            getattr(p, field).CopyFrom(date(value))
    if s.bond:
        source, requested, _, _ = s.bond
        p.funding.CopyFrom(inv.Funding(source=source, requested_yuan=requested,
                                       review_status=inv.BOND_REVIEW_STATUS_PENDING))
    return p


class Loader:
    def __init__(self, channel):
        self.stub = investment_pb2_grpc.InvestmentServiceStub(channel)
        self.calls = 0

    def name(self, ident):
        return "districts/%s/projects/%s" % (DISTRICT, ident)

    def create(self, p, by):
        self.calls += 1
        try:
            self.stub.CreateProject(inv.CreateProjectRequest(
                project=p, reported_by=by, request_id="sample-create-" + p.project_id))
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise

    def update(self, ident, by, request_id, reason="", **fields):
        """One lifecycle step or change. A step refused because it was applied on an earlier
        load (its request_id is in the history) is skipped; anything else is an error."""
        p = inv.Project(name=self.name(ident))
        for field, value in fields.items():
            if isinstance(value, datetime.date):
                getattr(p, field).CopyFrom(date(value))
            elif hasattr(value, "CopyFrom"):
                getattr(p, field).CopyFrom(value)
            else:
                setattr(p, field, value)
        req = inv.UpdateProjectRequest(project=p, update_mask=field_mask_pb2.FieldMask(paths=list(fields)),
                                       reported_by=by, correction_reason=reason, request_id=request_id)
        self.calls += 1
        try:
            self.stub.UpdateProject(req)
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.FAILED_PRECONDITION:
                raise
            got = self.stub.GetProject(inv.GetProjectRequest(name=self.name(ident), view=inv.PROJECT_VIEW_FULL))
            if not any(h.source == request_id for h in got.history):
                raise

    def event(self, e):
        self.calls += 1
        try:
            self.stub.CreatePromotionEvent(inv.CreatePromotionEventRequest(
                event=e, reported_by=COMMERCE, request_id="sample-event-" + e.event_id))
        except grpc.RpcError as err:
            if err.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise

    def monthly(self, ident, month, amount, by):
        self.calls += 1
        self.stub.ReportMonthlyInvestment(inv.ReportMonthlyInvestmentRequest(
            parent=self.name(ident), month=date(datetime.date(YEAR, month, 1)), amount_yuan=amount, reported_by=by))

    def reported(self, ident, month):
        """Whether the project's month has a report already."""
        got = self.stub.ListMonthlyInvestments(inv.ListMonthlyInvestmentsRequest(
            parent=self.name(ident), year=YEAR))
        return any(r.month.month == month for r in got.investments)

    def figure_exists(self, indicator, year, month):
        token = inv.EconomicIndicator.Name(indicator)[len("ECONOMIC_INDICATOR_"):].lower()
        try:
            self.stub.GetEconomicFigure(inv.GetEconomicFigureRequest(
                name="districts/%s/economicFigures/%s/periods/%04d-%02d" % (DISTRICT, token, year, month)))
            return True
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.NOT_FOUND:
                raise
            return False

    def output(self, ident, o):
        self.calls += 1
        self.stub.RecordInfrastructureOutput(inv.RecordInfrastructureOutputRequest(
            parent=self.name(ident), output=o, reported_by=URBAN))

    def figure(self, indicator, year, month, field, value, by, note):
        f = inv.EconomicFigure(indicator=indicator, period=date(datetime.date(year, month, 1)), revision_note=note)
        setattr(f, field, value)
        self.calls += 1
        self.stub.ReportEconomicFigure(inv.ReportEconomicFigureRequest(district=DISTRICT, figure=f,
                                                                      reported_by=by))


SEASON = [0.045, 0.05, 0.08, 0.085, 0.09, 0.095, 0.09, 0.09, 0.095, 0.095, 0.09, 0.095]


def monthly_investment(rng, s):
    """(month, amount) of a project under way in the year: seasonal (slow around the Spring
    Festival), from its start month to its completion month."""
    start = s.start_in_year or (s.started_on and datetime.date(YEAR, 1, 1))
    if not start:
        return []
    end = s.complete_in_year.month if s.complete_in_year else 12
    planned = s.total * s.planned_share
    months = range(start.month if start.year == YEAR else 1, end + 1)
    weight = sum(SEASON[m - 1] for m in months) or 1
    return [(m, int(planned * SEASON[m - 1] / weight * s.pace * rng.uniform(0.85, 1.15)
                    * min(1.0, len(months) / 10))) for m in months]


def load(channel, log=print):
    rng = random.Random(year_seed(SEED, YEAR))
    loader = Loader(channel)
    projects = all_projects(rng)
    for s in projects:
        if not s.carried:  # created by its own year's load
            loader.create(_project_message(s), s.lead)

    # The year's steps in date order: signings (at events, or one by one), starts,
    # completions, bond decisions, packaging.
    steps = []
    for s in projects:
        if s.sign_in_year and not s.sign_in_year[1]:
            steps.append((s.sign_in_year[0], "sign", s))
        if s.start_in_year:
            steps.append((s.start_in_year, "start", s))
        if s.complete_in_year:
            steps.append((s.complete_in_year, "complete", s))
        if s.bond and s.bond[3]:
            steps.append((s.bond[3], "bond", s))
        if s.packaged_in_year:
            steps.append((s.packaged_in_year, "package", s))
    for e in events(rng, projects):
        steps.append((datetime.date(e.start_date.year, e.start_date.month, e.start_date.day), "event", e))
    order = {"event": 0, "sign": 1, "bond": 2, "package": 3, "start": 4, "complete": 5}
    steps.sort(key=lambda t: (t[0], order[t[1]], getattr(t[2], "pid", "")))
    for day, what, x in steps:
        if what == "event":
            loader.event(x)
        elif what == "sign":
            loader.update(x.ident, COMMERCE, "sample-sign-" + x.ident, signed_on=day)
        elif what == "start" and x.ident == "HJ-IND-002":
            # Entered with a wrong date first, then corrected: the history shows both.
            loader.update(x.ident, NDRC, "sample-start-" + x.ident, started_on=d(2024, 6, 2))
            loader.update(x.ident, NDRC, "sample-fix-" + x.ident, reason="开工令日期录入错误，按开工报告更正（示例）",
                          started_on=day)
        elif what == "start":
            loader.update(x.ident, x.lead, "sample-start-" + x.ident, started_on=day)
        elif what == "complete":
            loader.update(x.ident, x.lead, "sample-complete-" + x.ident, completed_on=day)
        elif what == "bond":
            source, requested, status, _ = x.bond
            loader.update(x.ident, NDRC, "sample-bond-" + x.ident, funding=inv.Funding(
                source=source, requested_yuan=requested, review_status=status, reviewed_on=date(day)))
        elif what == "package":
            loader.update(x.ident, HOUSING, "sample-package-" + x.ident, packaged_on=day)

    # A month resubmitted with a corrected amount (it replaces; the history keeps the old
    # one). On a reload the first submission is skipped, or it would undo the correction.
    # 古荥城市更新 and the infrastructure programmes are 2024's, under way in every later year.
    ident = {s.pid: s.ident for s in projects if s.pid == "HJ-URB-001" or s.pid.startswith("HJ-INF-")}
    revised_month = (ident["HJ-URB-001"], 3)
    first_load = not loader.reported(*revised_month)
    reports = 0
    for s in projects:
        for m, amount in monthly_investment(rng, s):
            if (s.ident, m) != revised_month or first_load:
                loader.monthly(s.ident, m, amount, STATS)
            reports += 1
    loader.monthly(*revised_month, 2 * YI + 3_456_000, STATS)
    outs = outputs(rng)
    for pid, o in outs:
        loader.output(ident[pid], o)
    figs = figures(rng)
    revised = {(f[0], f[1], f[2]) for f in figs if f[6]}
    first_load = {k: not loader.figure_exists(*k) for k in revised}
    for f in figs:
        key = (f[0], f[1], f[2])
        if key in revised and not f[6] and not first_load[key]:
            continue  # the first-published value of a figure revised on an earlier load
        loader.figure(*f)
    log("investment: %d projects, %d lifecycle steps and events, %d monthly reports, %d outputs, "
        "%d figures (%d calls)" % (len(projects), len(steps), reports, len(outs), len(figs), loader.calls))
