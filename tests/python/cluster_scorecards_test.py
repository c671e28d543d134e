#!/usr/bin/python3
"""The same suite on a Redis Cluster serves the same scorecards (issue #16).

Two suites side by side: one on a single Redis, one on a private 3-master/3-replica Redis
Cluster (Suite(cluster=True): the servers get --redis cluster://…, every write waits for a
replica). Both load the SAMPLE data of both districts, 410108 and 410102, whose slots live on
different masters, and the plans. Every card (both districts, several days of 2024) and the
ranking of the two must be identical, but for the times at which things were written or
computed (every google.protobuf.Timestamp is cleared before comparing)."""
import datetime
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from google.protobuf import text_format  # noqa: E402
from google.protobuf.descriptor import FieldDescriptor  # noqa: E402

from devplan_tools.stubs import date, scorecard_pb2, scorecard_pb2_grpc  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import (DISTRICT, environment, investment, plans, second_district,  # noqa: E402
                                  social)

S = scorecard_pb2
DAYS = [datetime.date(2024, 3, 31), datetime.date(2024, 9, 30), datetime.date(2024, 12, 31)]


def quiet(*_args, **_kwargs):
    pass


def without_times(message):
    """`message` with every Timestamp in it cleared, at any depth."""
    for field, value in list(message.ListFields()):
        if field.type != FieldDescriptor.TYPE_MESSAGE:
            continue
        if field.message_type.full_name == "google.protobuf.Timestamp":
            message.ClearField(field.name)
        elif field.label == FieldDescriptor.LABEL_REPEATED:
            if not (field.message_type.GetOptions().map_entry):
                for item in value:
                    without_times(item)
        else:
            without_times(value)
    return message


def load(suite):
    reporting = suite.reporting_channels(DISTRICT)
    investment.load(reporting["investment"], log=quiet)
    environment.load(reporting["environment"], log=quiet)
    social.load(reporting["social"], log=quiet)
    second_district.load(suite.reporting_channels(second_district.CODE), log=quiet, years=(2024,))
    plans.load(suite.channel("aggregator", "plan-admin"), log=quiet)


def cards(suite):
    stub = scorecard_pb2_grpc.ScorecardServiceStub(suite.channel("aggregator", "dashboard"))
    out = {}
    for district in (DISTRICT, second_district.CODE):
        for day in DAYS:
            card = stub.GetScorecard(S.GetScorecardRequest(district=district, as_of=date(day)), timeout=60)
            out[(district, day)] = text_format.MessageToString(without_times(card), as_utf8=True)
    ranking = stub.CompareDistricts(S.CompareDistrictsRequest(as_of=date(DAYS[1])), timeout=60)
    out["ranking"] = text_format.MessageToString(without_times(ranking), as_utf8=True)
    return out


class ClusterScorecardsTest(unittest.TestCase):
    maxDiff = None

    def test_cards_on_a_cluster_are_the_cards_on_one_redis(self):
        got = {}
        for name, cluster in (("single", False), ("cluster", True)):
            suite = Suite(cluster=cluster)
            try:
                start = time.time()
                suite.start()
                load(suite)
                got[name] = cards(suite)
                print("%s: started, loaded and scored in %.1f s" % (name, time.time() - start))
                if cluster:
                    # Master m serves the m-th third of the slots (redis_cluster.py).
                    thirds = {suite.cluster.run(0, "CLUSTER", "KEYSLOT", "{%s}" % d) * 3 // 16384
                              for d in (DISTRICT, second_district.CODE)}
                    self.assertEqual(len(thirds), 2, "both districts on one master")
            finally:
                suite.stop()
        self.assertEqual(len(got["single"]), 2 * len(DAYS) + 1)
        for key, card in got["single"].items():
            self.assertIn("indicators" if key != "ranking" else "districts", card)
            self.assertEqual(got["cluster"][key], card, key)


if __name__ == "__main__":
    unittest.main()
