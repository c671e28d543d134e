"""SAMPLE investment facts: key projects (named ones from the plan + synthetic remainder)
and their monthly investment."""
import datetime
import random

from ..stubs import grpc, investment_pb2 as inv, investment_pb2_grpc, date
from . import DISTRICT, YEAR, SEED, dept

# Projects the plan names, with their categories.
NAMED_PROJECTS = [
    ("HJ-IND-001", "大运河数字文创产业园（一期）", "Grand Canal Digital Creative Park (phase 1)",
     inv.PROJECT_CATEGORY_INDUSTRIAL),
    ("HJ-IND-002", "华牧生物科技产业园", "Huamu Biotech Industrial Park", inv.PROJECT_CATEGORY_INDUSTRIAL),
    ("HJ-URB-001", "古荥城市更新", "Guxing urban renewal", inv.PROJECT_CATEGORY_URBAN_RENEWAL),
]
KEY_PROJECTS = 199
LEAD = dept("区发展改革委")


def projects(rng):
    out = []
    for i in range(KEY_PROJECTS):
        if i < len(NAMED_PROJECTS):
            pid, zh, en, cat = NAMED_PROJECTS[i]
        else:
            pid = "HJ-KP-%03d" % i
            zh = "惠济区重点项目（示例）%03d" % i
            en = "Sample key project %03d" % i
            cat = rng.choice([inv.PROJECT_CATEGORY_INDUSTRIAL, inv.PROJECT_CATEGORY_URBAN_RENEWAL,
                              inv.PROJECT_CATEGORY_INFRASTRUCTURE, inv.PROJECT_CATEGORY_SOCIAL_FACILITY,
                              inv.PROJECT_CATEGORY_AFFORDABLE_HOUSING, inv.PROJECT_CATEGORY_ECOLOGICAL])
        # 2亿-16亿元 in all, 6-12 % of it this year: the 199 add up to about the plan's 155亿元.
        total = rng.randrange(2, 16) * 100_000_000
        planned = total * rng.randrange(6, 13) // 100
        signed = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(0, 420))
        started = signed + datetime.timedelta(days=rng.randrange(20, 200))
        p = inv.Project(project_id=pid, district=DISTRICT, title_zh=zh, title_en=en, category=cat,
                        key_project=True, total_investment_yuan=total,
                        planned_investment_yuan=planned, lead_department=LEAD,
                        planned_on=date(signed - datetime.timedelta(days=60)),
                        signed_on=date(signed))
        if started <= datetime.date(YEAR, 12, 31):
            p.started_on.CopyFrom(date(started))
        out.append(p)
    return out


def monthly(rng, project_list):
    """Monthly investment of started projects, seasonal (slow in Q1, fast mid-year)."""
    season = [0.04, 0.05, 0.08, 0.08, 0.09, 0.10, 0.09, 0.09, 0.10, 0.10, 0.09, 0.09]
    out = []
    for p in project_list:
        if not p.HasField("started_on"):
            continue
        start = datetime.date(p.started_on.year, p.started_on.month, 1)
        for m in range(1, 13):
            if datetime.date(YEAR, m, 1) < start:
                continue
            amount = int(p.planned_investment_yuan * season[m - 1] * rng.uniform(0.9, 1.2))
            out.append((p.project_id, m, amount))
    return out


def load(channel, log=print):
    rng = random.Random(SEED)
    stub = investment_pb2_grpc.InvestmentServiceStub(channel)
    plist = projects(rng)
    for p in plist:
        try:
            stub.CreateProject(inv.CreateProjectRequest(project=p, reported_by=LEAD,
                                                        request_id="sample-project-" + p.project_id))
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
    reports = monthly(rng, plist)
    for pid, m, amount in reports:
        stub.ReportMonthlyInvestment(inv.ReportMonthlyInvestmentRequest(
            parent="districts/%s/projects/%s" % (DISTRICT, pid),
            month=date(datetime.date(YEAR, m, 1)),
            amount_yuan=amount, reported_by=dept("区统计局")))
    log("investment: %d projects, %d monthly reports" % (len(plist), len(reports)))

