#!/usr/bin/python3
"""Two SAMPLE years of one district coexist (scripts/devplan_tools/sample/second_district.py).

Over a real suite: loading 410102's 2025 data after its 2024 data leaves every 2024 figure as
it was; loading both years again adds no record to Redis; and the 2025 card, scored against
the 2025 plan (deploy/plans/410102-2025.textproto), reads 2025's facts on 2025's calendar."""
import collections
import datetime
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from devplan_tools.stubs import date, scorecard_pb2, scorecard_pb2_grpc  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import plans, second_district, SAMPLE_DEPARTMENT_SUFFIX  # noqa: E402

CODE = second_district.CODE
S = scorecard_pb2

# Every key's size (fields of a hash, members of a set or sorted set, …) in one call. The
# aggregator's own keys (cached cards, month-end snapshots), the data version and the audit
# trail are left out: they follow reads and writes (a report replaced by the same value is
# still a write, and audited); the records the loaders write are what must not grow.
SIZES = """
local out, cursor = {}, "0"
repeat
  local r = redis.call("SCAN", cursor, "COUNT", 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do
    if not (k:find("^agg:") or k:find("^ver:") or k:find("^audit:")) then
      local t = redis.call("TYPE", k).ok
      local n = 1
      if t == "hash" then n = redis.call("HLEN", k)
      elseif t == "set" then n = redis.call("SCARD", k)
      elseif t == "zset" then n = redis.call("ZCARD", k)
      elseif t == "list" then n = redis.call("LLEN", k)
      elseif t == "stream" then n = redis.call("XLEN", k) end
      table.insert(out, k .. " " .. t .. " " .. n)
    end
  end
until cursor == "0"
return out
"""


def quiet(_msg):
    pass


class SampleYearsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.suite = Suite().start()
        # Each department's facts as that department (its writer identity in CODE).
        cls.channels = cls.suite.reporting_channels(CODE)
        cls.plan_admin = cls.suite.channel("aggregator", "plan-admin")
        cls.stub = scorecard_pb2_grpc.ScorecardServiceStub(cls.suite.channel("aggregator", "dashboard"))

    @classmethod
    def tearDownClass(cls):
        cls.suite.stop()

    def card(self, as_of):
        return self.stub.GetScorecard(S.GetScorecardRequest(district=CODE, as_of=date(as_of)),
                                      timeout=30)

    def figures(self, as_of):
        """What a reader of the card sees of each indicator."""
        return {i.id: (S.IndicatorStatus.Name(i.status), i.actual if i.HasField("actual") else None,
                       i.expected, i.score if i.HasField("score") else None,
                       (i.current_to.year, i.current_to.month, i.current_to.day))
                for i in self.card(as_of).indicators}

    def sizes(self):
        out = subprocess.run(["redis-cli", "-s", self.suite.redis_socket, "EVAL", SIZES, "0"],
                             check=True, capture_output=True, text=True).stdout
        return sorted(out.splitlines())

    maxDiff = None

    def test_two_years_of_one_district(self):
        second_district.load(self.channels, log=quiet, years=(2024,))
        plans.load(self.plan_admin, log=quiet)
        days_2024 = [datetime.date(2024, 2, 29), datetime.date(2024, 9, 30), datetime.date(2024, 12, 31)]
        before = {day: self.figures(day) for day in days_2024}

        second_district.load(self.channels, log=quiet, years=(2025,))
        for day in days_2024:
            after = self.figures(day)
            changed = {k: (before[day][k], after[k]) for k in after if after[k] != before[day].get(k)}
            self.assertEqual(changed, {}, "2025's data changed the card of %s" % day)

        sizes = self.sizes()
        self.assertGreater(len(sizes), 20)
        second_district.load(self.channels, log=quiet)  # every year, again
        self.assertEqual(self.sizes(), sizes, "loading again added records")

        card = self.card(datetime.date(2025, 11, 30))
        self.assertEqual(card.plan, "districts/%s/plans/2025" % CODE)
        self.assertAlmostEqual(card.elapsed_share, 334 / 365)
        by_id = {i.id: i for i in card.indicators}
        statuses = {S.IndicatorStatus.Name(i.status) for i in card.indicators}
        for wanted in ("INDICATOR_STATUS_MET", "INDICATOR_STATUS_ON_TRACK", "INDICATOR_STATUS_BEHIND",
                       "INDICATOR_STATUS_NO_DATA"):
            self.assertIn(wanted, statuses)
        # 2025's figures, judged on 2025's time line: the monthly jobs of January–November,
        # against 2600 × 334/365 (the plan's target grew from 2024's 2500).
        jobs = by_id["soc.new_urban_jobs"]
        self.assertEqual(jobs.target, 2600)
        self.assertEqual((jobs.timeline_date.year, jobs.timeline_date.month, jobs.timeline_date.day),
                         (2025, 11, 30))
        self.assertEqual(jobs.expected, int(2600 * 334 / 365))
        self.assertNotEqual(jobs.actual, before[datetime.date(2024, 12, 31)]["soc.new_urban_jobs"][1])
        # The 2025 seed-industry expo is 2025's event, not 2024's.
        self.assertEqual(by_id["urb.seed_expo_held"].current_to.year, 2025)
        # The department that reports nothing after 2024 (SAMPLE): overdue and named.
        for silent in ("vit.tech_contract_turnover", "vit.new_high_tech_enterprises",
                       "vit.new_tech_enterprises"):
            self.assertEqual(by_id[silent].status, S.INDICATOR_STATUS_NO_DATA, silent)
            self.assertTrue(by_id[silent].overdue, silent)
        investment = next(r for r in card.reporting if r.source == "investment")
        self.assertEqual(investment.overdue, 3)
        # The ranking of 2025 has the one district with a 2025 plan.
        ranked = self.stub.CompareDistricts(S.CompareDistrictsRequest(
            as_of=date(datetime.date(2025, 11, 30))), timeout=30)
        self.assertEqual([r.district for r in ranked.districts], [CODE])

        # Each department reported as itself: every write of the district is on the audit
        # trail under that department's writer identity in the district, with its department.
        auditor = scorecard_pb2_grpc.ScorecardServiceStub(self.suite.channel("aggregator", "auditor"))
        identities, token = collections.Counter(), ""
        while True:
            page = auditor.ListAuditEntries(S.ListAuditEntriesRequest(
                parent="districts/" + CODE, page_size=1000, page_token=token), timeout=30)
            for e in page.entries:
                if e.method.endswith("/PutPlan"):
                    self.assertEqual(e.identity, "plan-admin")
                    continue
                self.assertTrue(e.identity.endswith("-" + CODE), e.identity)
                self.assertEqual(e.department, self.suite.department(e.identity))
                self.assertTrue(e.department.endswith(SAMPLE_DEPARTMENT_SUFFIX), e.department)
                identities[e.identity] += 1
            token = page.next_page_token
            if not token:
                break
        self.assertGreaterEqual(len(identities), 15, identities)


if __name__ == "__main__":
    unittest.main()
