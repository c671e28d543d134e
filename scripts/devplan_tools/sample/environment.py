"""SAMPLE environment facts for Huiji District, 2024 (a leap year) or another year (the same
generators, see __init__.py): SYNTHETIC, deterministic.

- Five monitoring stations (names invented and labelled 示例/SAMPLE) and a year of their hourly
  concentrations, streamed through StreamHourlyReadings: PM2.5 worse in winter with multi-day
  episodes, O3 worse in summer afternoons, spring dust in PM10, an occasional lost hour, one
  station off-line for a few days, and one morning on which every analyser was down (an
  invalid day). The service computes the daily AQI by HJ 633; the year lands a little above the
  plan's 226 good days.
- Water bodies the plan names (金洼干沟西支, 张牛支沟, 东风渠, the 九五滩 groundwater source) and
  one invented listed ditch; black-odorous samples that clear up over the year; monthly
  drinking-water results.
- Works (treatment projects, road greening, parks, model villages, milestones) and plots.

Every write uses a natural key or a deterministic request_id, so loading twice changes nothing.
Stations and water bodies are the same in every year (a later year's load writes them again
unchanged; the black-odorous ones, cleared in 2024, stay clear); readings and samples are
keyed by their day; works and plots carry the year in their ids, and the plan's milestones
are 2024's works only (a milestone has one work).
"""
import datetime
import math
import random

from ..stubs import grpc, environment_pb2 as env, environment_pb2_grpc, date
from . import DISTRICT, YEAR, SEED, BASE_YEAR, dept, day_in_year, yearly, year_seed

MONITORING = dept("郑州市生态环境局惠济分局")
LAB = dept("惠济区环境监测站")

# (id, title_zh, title_en, level, lat, lon)
STATIONS = [
    ("HJ-AQ-01", "惠济区政府（示例站点）", "District government (sample station)",
     env.STATION_LEVEL_NATIONAL, 34.867, 113.617),
    ("HJ-AQ-02", "花园口（示例站点）", "Huayuankou (sample station)",
     env.STATION_LEVEL_PROVINCIAL, 34.905, 113.668),
    ("HJ-AQ-03", "古荥（示例站点）", "Guxing (sample station)",
     env.STATION_LEVEL_PROVINCIAL, 34.873, 113.498),
    ("HJ-AQ-04", "大河路（示例站点）", "Dahe Road (sample station)",
     env.STATION_LEVEL_CITY, 34.840, 113.640),
    ("HJ-AQ-05", "江山路（示例站点）", "Jiangshan Road (sample station)",
     env.STATION_LEVEL_CITY, 34.885, 113.578),
]
STATION_FACTOR = [1.00, 0.94, 1.07, 1.03, 0.97]
READINGS_PER_MESSAGE = 1000


def _r1(v):
    return round(v, 1)


def hourly_readings(rng):
    """A year of hourly readings of every station, in time order."""
    start = datetime.date(YEAR, 1, 1)
    days = (datetime.date(YEAR + 1, 1, 1) - start).days
    z_pm, z_o3 = 0.0, 0.0
    out = []
    for n in range(days):
        d = start + datetime.timedelta(days=n)
        yday = n + 1
        winter = math.cos(2 * math.pi * (yday - 15) / days)   # +1 mid-January, -1 mid-July
        summer = max(0.0, -math.cos(2 * math.pi * (yday - 10) / days))
        spring_dust = 1.0 if d.month in (3, 4, 5) and rng.random() < 0.12 else 0.0
        # Weather persists for a few days: AR(1) in log space.
        z_pm = 0.72 * z_pm + math.sqrt(1 - 0.72 ** 2) * rng.gauss(0, 1)
        z_o3 = 0.6 * z_o3 + math.sqrt(1 - 0.6 ** 2) * rng.gauss(0, 1)
        pm_day = (44 + 34 * winter) * math.exp(0.42 * z_pm)
        o3_peak = (105 + 82 * summer) * math.exp(0.17 * z_o3)
        outage_all = d == datetime.date(YEAR, 8, 8)  # every analyser down 00:00-08:59
        for s, (sid, *_rest) in enumerate(STATIONS):
            off_line = s == 2 and datetime.date(YEAR, 7, 3) <= d <= datetime.date(YEAR, 7, 5)
            for h in range(24):
                if off_line or (outage_all and h < 9) or rng.random() < 0.01:
                    continue
                diurnal_pm = 1 + 0.25 * math.cos(2 * math.pi * (h - 21) / 24)
                o3_shape = 0.3 + 0.7 * max(0.0, math.sin(math.pi * (h - 7) / 13))
                pm25 = pm_day * diurnal_pm * STATION_FACTOR[s] * math.exp(rng.gauss(0, 0.12))
                pm10 = pm25 * (1.65 + 0.2 * rng.random()) + spring_dust * rng.uniform(60, 140)
                c = env.HourlyConcentrations(
                    pm25=_r1(pm25), pm10=_r1(pm10),
                    so2=_r1(7 + 5 * max(0.0, winter) + 2 * rng.random()),
                    no2=_r1((28 + 12 * winter) * diurnal_pm * STATION_FACTOR[s]),
                    o3=_r1(o3_peak * o3_shape * math.exp(rng.gauss(0, 0.08))),
                    co=_r1(0.5 + 0.4 * max(0.0, winter) * math.exp(0.3 * z_pm)))
                out.append(env.HourlyReading(station_id=sid, date=date(d), hour=h,
                                             concentrations=c))
    return out


def load_air(stub, rng, log):
    for sid, zh, en, level, lat, lon in STATIONS:
        try:
            stub.CreateStation(env.CreateStationRequest(
                station=env.Station(station_id=sid, district=DISTRICT, title_zh=zh, title_en=en,
                                    level=level, latitude=lat, longitude=lon),
                reported_by=MONITORING, request_id="sample-station-" + sid))
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
    readings = hourly_readings(rng)

    def messages():
        for i in range(0, len(readings), READINGS_PER_MESSAGE):
            m = env.SubmitHourlyReadingsRequest(readings=readings[i:i + READINGS_PER_MESSAGE])
            if i == 0:
                m.district, m.year, m.reported_by = DISTRICT, YEAR, MONITORING
            yield m

    reply = stub.StreamHourlyReadings(messages(), timeout=120)
    if reply.refused_count:
        raise RuntimeError("sample hourly data refused: %s" % reply.refused[0].reason)
    log("environment: %d stations, %d hourly readings streamed (%d days recomputed)"
        % (len(STATIONS), reply.accepted_count, reply.days_updated))


# (id, title_zh, title_en, kind, listed, drinking source, points,
#  month the last black-odorous point clears (None: never listed))
WATER_BODIES = [
    ("jinwa-west", "金洼干沟西支", "Jinwa main ditch, west branch", env.WATER_BODY_KIND_DITCH,
     True, False, ["JW-1", "JW-2", "JW-3", "JW-4"], 10),
    ("zhangniu", "张牛支沟", "Zhangniu branch ditch", env.WATER_BODY_KIND_DITCH,
     True, False, ["ZN-1", "ZN-2", "ZN-3"], 7),
    ("sample-ditch", "示例沟渠（SAMPLE）", "Sample ditch (invented)", env.WATER_BODY_KIND_DITCH,
     True, False, ["SD-1", "SD-2", "SD-3"], 12),
    ("dongfeng", "东风渠", "Dongfeng Canal", env.WATER_BODY_KIND_RIVER,
     False, False, ["DF-1", "DF-2", "DF-3"], None),
    ("jiuwutan", "九五滩地下水饮用水源", "Jiuwutan groundwater drinking-water source",
     env.WATER_BODY_KIND_GROUNDWATER, False, True, ["JWT-1"], None),
]


def _black_odorous_sample(rng, point, d, state):
    """state: 'heavy', 'light' or 'clear' → indicator values in that band."""
    if state == "heavy":
        return env.WaterSample(point_id=point, date=date(d), transparency_cm=_r1(rng.uniform(5, 9)),
                               dissolved_oxygen_mg_l=_r1(rng.uniform(0.05, 0.18)),
                               orp_mv=_r1(rng.uniform(-320, -210)),
                               ammonia_nitrogen_mg_l=_r1(rng.uniform(15.5, 19)))
    if state == "light":
        return env.WaterSample(point_id=point, date=date(d), transparency_cm=_r1(rng.uniform(12, 24)),
                               dissolved_oxygen_mg_l=_r1(rng.uniform(0.6, 1.8)),
                               orp_mv=_r1(rng.uniform(-150, 30)),
                               ammonia_nitrogen_mg_l=_r1(rng.uniform(8.5, 13)))
    return env.WaterSample(point_id=point, date=date(d), transparency_cm=_r1(rng.uniform(30, 60)),
                           dissolved_oxygen_mg_l=_r1(rng.uniform(3, 7)),
                           orp_mv=_r1(rng.uniform(80, 220)),
                           ammonia_nitrogen_mg_l=_r1(rng.uniform(0.4, 1.8)),
                           codmn_mg_l=_r1(rng.uniform(4, 9)), cod_mg_l=_r1(rng.uniform(15, 28)))


def load_water(stub, rng, log):
    samples = 0
    for bid, zh, en, kind, listed, source, points, clears in WATER_BODIES:
        body = env.WaterBody(water_body_id=bid, district=DISTRICT, title_zh=zh, title_en=en,
                             kind=kind, black_odorous_listed=listed, drinking_water_source=source,
                             sampling_points=points)
        if listed:
            # Listed when the sample begins, whichever year is loaded: every year's load
            # writes the same body.
            body.listed_on.CopyFrom(date(datetime.date(BASE_YEAR, 1, 1)))
        stub.PutWaterBody(env.PutWaterBodyRequest(water_body=body, reported_by=MONITORING))
        parent = "districts/%s/waterBodies/%s" % (DISTRICT, bid)
        for month in range(1, 13):
            if kind == env.WATER_BODY_KIND_GROUNDWATER:
                # Monthly groundwater results, class III or better as the lab reports them.
                s = env.WaterSample(point_id=points[0], date=date(datetime.date(YEAR, month, 12)),
                                    groundwater_class=env.WATER_QUALITY_CLASS_III
                                    if month in (7, 8) else env.WATER_QUALITY_CLASS_II)
                stub.SubmitWaterSample(env.SubmitWaterSampleRequest(parent=parent, sample=s,
                                                                    reported_by=LAB))
                samples += 1
                continue
            # Three rounds a month (the guideline asks for at least three tests).
            for day in (5, 12, 19):
                d = datetime.date(YEAR, month, day)
                for i, p in enumerate(points):
                    if clears is None or YEAR != BASE_YEAR:
                        state = "clear"  # never listed, or cleared in 2024 and kept clear
                    elif month >= clears:
                        state = "clear"
                    elif month >= clears - 3:
                        # Treatment under way: the downstream points clear first.
                        state = "light" if i < len(points) // 2 + 1 else "clear"
                    else:
                        state = "heavy"
                    stub.SubmitWaterSample(env.SubmitWaterSampleRequest(
                        parent=parent, sample=_black_odorous_sample(rng, p, d, state),
                        reported_by=LAB))
                    samples += 1
    log("environment: %d water bodies, %d samples" % (len(WATER_BODIES), samples))


def _d(m, d):
    return date(day_in_year(YEAR, m, d))


# (id, kind, title_zh, title_en, water body, milestone, started, completed, progress %)
WORKS = [
    ("WT-01", env.WORK_KIND_WATER_TREATMENT, "金洼干沟西支综合治理工程",
     "Jinwa west branch comprehensive treatment", "jinwa-west", 0, (3, 18), None, 70),
    ("WT-02", env.WORK_KIND_WATER_TREATMENT, "示例支沟综合治理工程（SAMPLE）",
     "Sample branch ditch treatment (sample)", "", 0, (2, 26), (8, 30), 100),
    ("WT-03", env.WORK_KIND_WATER_TREATMENT, "示例沟渠综合治理工程（SAMPLE）",
     "Sample ditch treatment (sample)", "sample-ditch", 0, (5, 6), None, 45),
    ("WT-04", env.WORK_KIND_WATER_TREATMENT, "东风渠两岸综合治理工程（示例）",
     "Dongfeng Canal banks treatment (sample)", "dongfeng", 0, (7, 15), None, 30),
    ("WT-05", env.WORK_KIND_WATER_TREATMENT, "示例坑塘综合治理工程（SAMPLE）",
     "Sample pond treatment (sample)", "", 0, (10, 21), None, 10),
    ("MS-JWT", env.WORK_KIND_SOURCE_PROTECTION, "九五滩地下水饮用水源保护区规范化建设项目",
     "Jiuwutan groundwater source protection zone standardisation", "jiuwutan",
     env.ENVIRONMENT_MILESTONE_JIUWUTAN_SOURCE_PROTECTION, (3, 1), (11, 20), 100),
    ("MS-ZN-EPC", env.WORK_KIND_SOURCE_PROTECTION, "张牛支沟环境综合治理 EPC 项目",
     "Zhangniu branch ditch environmental treatment EPC", "zhangniu",
     env.ENVIRONMENT_MILESTONE_ZHANGNIU_DITCH_EPC, (4, 8), None, 80),
    ("MS-OUTFALL", env.WORK_KIND_SURVEY, "入河排污口排查", "River sewage-outfall survey", "",
     env.ENVIRONMENT_MILESTONE_SEWAGE_OUTFALL_SURVEY, (1, 15), (6, 28), 100),
    ("MS-METRO7", env.WORK_KIND_STATION_GREENING, "地铁 7 号线站点绿化",
     "Metro Line 7 station greening", "", env.ENVIRONMENT_MILESTONE_METRO7_STATIONS_GREENING,
     (4, 1), (10, 25), 100),
    ("MS-SEWER-XS", env.WORK_KIND_SEWER_RENEWAL, "香山路污水管网更新改造",
     "Xiangshan Road sewer renewal", "", env.ENVIRONMENT_MILESTONE_SEWER_RENEWAL_XIANGSHAN_ROAD,
     (3, 10), (9, 12), 100),
    ("MS-SEWER-SC", env.WORK_KIND_SEWER_RENEWAL, "生产路污水管网更新改造",
     "Shengchan Road sewer renewal", "", env.ENVIRONMENT_MILESTONE_SEWER_RENEWAL_SHENGCHAN_ROAD,
     (4, 2), (12, 5), 100),
    ("MV-BHZ", env.WORK_KIND_MODEL_VILLAGE, "保合寨和美乡村示范村", "Baohezhai model village", "",
     0, (3, 1), (9, 20), 100),
    ("MV-NZ", env.WORK_KIND_MODEL_VILLAGE, "牛庄和美乡村示范村", "Niuzhuang model village", "",
     0, (3, 1), (11, 15), 100),
    ("MV-QL", env.WORK_KIND_MODEL_VILLAGE, "前刘和美乡村示范村", "Qianliu model village", "",
     0, (4, 1), (12, 10), 100),
]
# 12 roads: 新城路 as the plan names it, the rest invented; completions spread over the year.
ROAD_COMPLETIONS = [(4, 28), (5, 20), (6, 15), (6, 30), (7, 25), (8, 18), (9, 10), (9, 26),
                    (10, 15), (11, 5), (11, 28), (12, 18)]
PARK_COMPLETIONS = [(5, 1), (6, 20), (9, 28), (10, 30), (12, 20)]


def works():
    out = list(WORKS)
    for i, done in enumerate(ROAD_COMPLETIONS):
        zh = "新城路道路绿化" if i == 0 else "示例道路 %02d 绿化（SAMPLE）" % i
        en = "Xincheng Road greening" if i == 0 else "Sample road %02d greening" % i
        out.append(("RG-%02d" % (i + 1), env.WORK_KIND_ROAD_GREENING, zh, en, "", 0,
                    (max(1, done[0] - 3), 1), done, 100))
    for i, done in enumerate(PARK_COMPLETIONS):
        out.append(("PK-%02d" % (i + 1), env.WORK_KIND_PARK, "示例游园 %02d（SAMPLE）" % (i + 1),
                    "Sample pocket park %02d" % (i + 1), "", 0, (max(1, done[0] - 4), 1), done, 100))
    return out


# (id, title_zh, planned use, area m², survey (m, d), result, risk control done, developed)
PLOTS = [
    ("PL-01", "示例地块 01（SAMPLE）", "二类居住用地", 45_000, (2, 20),
     env.SOIL_SURVEY_RESULT_MEETS_STANDARD, None, (5, 10)),
    ("PL-02", "示例地块 02（SAMPLE）", "中小学用地", 28_000, (1, 30),
     env.SOIL_SURVEY_RESULT_NEEDS_RISK_CONTROL, (4, 25), (6, 18)),
    ("PL-03", "示例地块 03（SAMPLE）", "二类居住用地", 61_000, (3, 15),
     env.SOIL_SURVEY_RESULT_MEETS_STANDARD, None, (8, 2)),
    ("PL-04", "示例地块 04（SAMPLE）", "医疗卫生用地", 19_500, (6, 5),
     env.SOIL_SURVEY_RESULT_MEETS_STANDARD, None, (10, 20)),
    ("PL-05", "示例地块 05（SAMPLE）", "二类居住用地", 52_000, (8, 30),
     env.SOIL_SURVEY_RESULT_NEEDS_RISK_CONTROL, None, None),
    ("PL-06", "示例地块 06（SAMPLE）", "公园绿地", 33_000, None, 0, None, None),
]


def load_works_and_plots(stub, log):
    # A milestone names one work of the district: 2024's.
    all_works = [w for w in works() if YEAR == BASE_YEAR or not w[5]]
    for wid, kind, zh, en, body, milestone, started, completed, progress in all_works:
        w = env.Work(work_id=yearly(wid, YEAR), district=DISTRICT, kind=kind, title_zh=zh, title_en=en,
                     water_body_id=body, milestone=milestone, progress_percent=progress)
        w.started_on.CopyFrom(_d(*started))
        if completed:
            w.completed_on.CopyFrom(_d(*completed))
        stub.PutWork(env.PutWorkRequest(work=w, reported_by=dept("区生态环境分局")
                                        if kind in (env.WORK_KIND_WATER_TREATMENT,
                                                    env.WORK_KIND_SOURCE_PROTECTION,
                                                    env.WORK_KIND_SURVEY)
                                        else dept("区城市管理局")))
    for pid, zh, use, area, survey, result, control, developed in PLOTS:
        p = env.Plot(plot_id=yearly(pid, YEAR), district=DISTRICT, title_zh=zh, planned_use_zh=use,
                     area_m2=area, survey_result=result)
        if survey:
            p.survey_completed_on.CopyFrom(_d(*survey))
        if control:
            p.risk_control_completed_on.CopyFrom(_d(*control))
        if developed:
            p.developed_on.CopyFrom(_d(*developed))
        stub.PutPlot(env.PutPlotRequest(plot=p, reported_by=dept("区自然资源局")))
    log("environment: %d works, %d plots" % (len(all_works), len(PLOTS)))


def load(channel, log=print):
    rng = random.Random(year_seed(SEED, YEAR) + 1)
    stub = environment_pb2_grpc.EnvironmentServiceStub(channel)
    load_air(stub, rng, log)
    load_water(stub, rng, log)
    load_works_and_plots(stub, log)
