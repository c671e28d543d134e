"""SAMPLE environment facts: a year of daily AQI bulletin values with a seasonal pattern
(worse in winter, best in late summer)."""
import datetime
import math
import random

from ..stubs import environment_pb2 as env, environment_pb2_grpc, date
from . import DISTRICT, YEAR, SEED, dept


def daily_aqi(rng):
    out = []
    day = datetime.date(YEAR, 1, 1)
    while day.year == YEAR:
        # Seasonal mean: ~125 in mid-January, ~60 in mid-August; lognormal day-to-day noise.
        phase = 2 * math.pi * (day.timetuple().tm_yday - 15) / 366
        mean = 92 + 33 * math.cos(phase)
        aqi = int(min(500, max(15, mean * math.exp(rng.gauss(0, 0.35)))))
        primary = [] if aqi <= 50 else [("PM2.5" if day.month in (1, 2, 11, 12) else
                                         "O3_8H" if day.month in (5, 6, 7, 8) else "PM10")]
        out.append((day, aqi, primary))
        day += datetime.timedelta(days=1)
    return out


def load(channel, log=print):
    rng = random.Random(SEED + 1)
    stub = environment_pb2_grpc.EnvironmentServiceStub(channel)
    days = daily_aqi(rng)
    for day, aqi, primary in days:
        stub.SubmitDailyAqi(env.SubmitDailyAqiRequest(
            district=DISTRICT, date=date(day), aqi=aqi, primary_pollutants=primary,
            reported_by=dept("郑州市生态环境局惠济分局")))
    log("environment: %d daily AQI values" % len(days))
