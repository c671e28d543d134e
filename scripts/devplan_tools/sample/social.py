"""SAMPLE social facts: monthly employment and skills figures."""
import datetime
import random

from ..stubs import social_pb2 as soc, social_pb2_grpc, date
from . import DISTRICT, YEAR, SEED, dept

# Indicator → the year's plan figure the sample is built around (a little over or under).
MONTHLY = {
    soc.SOCIAL_INDICATOR_NEW_URBAN_JOBS: 2000,
    soc.SOCIAL_INDICATOR_SKILLS_TRAINING: 21700,
    soc.SOCIAL_INDICATOR_NEW_SKILLED_TALENTS: 22800,
    soc.SOCIAL_INDICATOR_NEW_HIGH_SKILLED_TALENTS: 7200,
}


def monthly(rng):
    out = []
    for indicator, year_total in MONTHLY.items():
        pace = rng.uniform(0.88, 1.12)  # some indicators ahead of plan, some behind
        for m in range(1, 13):
            value = int(year_total * pace / 12 * rng.uniform(0.7, 1.3))
            out.append((indicator, m, value))
    return out


def load(channel, log=print):
    rng = random.Random(SEED + 2)
    stub = social_pb2_grpc.SocialServiceStub(channel)
    figures = monthly(rng)
    for indicator, m, value in figures:
        stub.ReportMonthlyFigure(soc.ReportMonthlyFigureRequest(
            district=DISTRICT, indicator=indicator, month=date(datetime.date(YEAR, m, 1)),
            value=value, reported_by=dept("区人力资源和社会保障局")))
    log("social: %d monthly figures" % len(figures))
