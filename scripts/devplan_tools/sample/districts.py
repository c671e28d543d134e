"""SAMPLE DATA — both SAMPLE districts loaded into a running Suite, each department writing as
its own identity: 410108's 2024 (investment, environment, social), 410102's `years` (all of
second_district.YEARS by default), and the plans of those years."""
import os

from devplan_tools.sample import DISTRICT, environment, investment, plans, second_district, social


def quiet(*_args, **_kwargs):
    pass


def load(suite, years=None, log=quiet):
    reporting = suite.reporting_channels(DISTRICT)
    investment.load(reporting["investment"], log=log)
    environment.load(reporting["environment"], log=log)
    social.load(reporting["social"], log=log)
    if years is None:
        second_district.load(suite.reporting_channels(second_district.CODE), log=log)
        files = plans.plan_files()
    else:
        second_district.load(suite.reporting_channels(second_district.CODE), log=log, years=years)
        # deploy/plans/<district>-<year>.textproto
        files = [f for f in plans.plan_files()
                 if int(os.path.basename(f).split(".")[0].rsplit("-", 1)[1]) in years]
    with suite.channel("aggregator", "plan-admin") as ch:
        plans.load(ch, log=log, files=files)
