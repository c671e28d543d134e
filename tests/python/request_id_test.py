#!/usr/bin/python3
"""A request's x-request-id (README "Tracing a request") on the real binaries, logging JSON:
the id a client sends comes back in the response's metadata and is on the aggregator's line
of the call and on the domain services' lines of its fan-out; a call without one, or with
one unfit for a log (too long, quotes, a newline), gets a fresh id and the unfit one is
written nowhere; a call refused by access control is logged with the client's id; a
server-side failure names the id in its message; and every line the servers log is one JSON
object."""
import datetime
import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from devplan_tools.stubs import grpc, date, investment_pb2, investment_pb2_grpc, scorecard_pb2, scorecard_pb2_grpc  # noqa: E402
from devplan_tools.sample import plans  # noqa: E402
from devplan_tools.suite import Suite, SERVICES, DOMAIN_SERVICES  # noqa: E402

D = "410108"
AS_OF = date(datetime.date(2024, 6, 30))
READER = "dashboard"
GENERATED = re.compile(r"^[0-9a-f]{16}$")
# The servers log asynchronously: how long a line may take to reach the file. A wait.
LOG_TIMEOUT_S = 10


class RequestIdTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.suite = Suite(log_format="json").start()
        plans.load(cls.suite.channel("aggregator", "plan-admin"), log=lambda _: None)
        cls.sc = scorecard_pb2_grpc.ScorecardServiceStub(cls.suite.channel("aggregator", READER))
        cls.inv = investment_pb2_grpc.InvestmentServiceStub(cls.suite.channel("investment", READER))

    @classmethod
    def tearDownClass(cls):
        cls.suite.stop()

    def lines(self, service):
        """The JSON objects `service` logged so far (lines of gRPC's own logging, which do
        not start with "{", are not ours)."""
        with open(os.path.join(self.suite.log_dir, service + ".log"), encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.startswith("{")]

    def wait_for_line(self, service, predicate):
        deadline = time.time() + LOG_TIMEOUT_S
        while True:
            found = [o for o in self.lines(service) if predicate(o)]
            if found or time.time() > deadline:
                return found

    @staticmethod
    def response_id(call):
        return dict(call.initial_metadata()).get("x-request-id")

    def test_an_id_follows_the_card_through_the_fan_out(self):
        rid = "card-trace-0001"
        card, call = self.sc.GetScorecard.with_call(
            scorecard_pb2.GetScorecardRequest(district=D, as_of=AS_OF), metadata=[("x-request-id", rid)], timeout=10)
        self.assertEqual(list(card.failed_sources), [])
        self.assertEqual(self.response_id(call), rid)
        mine = lambda o: o.get("x_request_id") == rid  # noqa: E731
        agg = self.wait_for_line("aggregator", lambda o: mine(o) and "GetScorecard" in o["msg"])
        self.assertEqual(len(agg), 1, agg)
        self.assertIn("code=0", agg[0]["msg"])
        self.assertEqual(agg[0]["level"], "info")
        for s in DOMAIN_SERVICES:
            fanned = self.wait_for_line(s, lambda o: mine(o) and "GetMetrics" in o["msg"])
            # One call answered: the card's date, and the month before as also_as_of. A try the
            # aggregator's retry policy repeated (UNAVAILABLE, code 14: a server still finding
            # its Redis after another test restarted it) carries the same id.
            self.assertEqual(len([o for o in fanned if "code=0" in o["msg"]]), 1, (s, fanned))
            self.assertTrue(all("code=0" in o["msg"] or "code=14" in o["msg"] for o in fanned), (s, fanned))

    def test_a_call_without_an_id_or_with_an_unfit_one_gets_a_fresh_one(self):
        hostile = ['bad"},{"level":"error', "a" * 65, "x\nlevel=error", "请求"]
        ids = []
        for given in [None] + hostile:
            metadata = [] if given is None else [("x-request-id", given)]
            try:
                _, call = self.inv.ListProjects.with_call(
                    investment_pb2.ListProjectsRequest(district=D), metadata=metadata, timeout=5)
            except ValueError:
                continue  # grpc refuses to send a header value with a newline or non-ASCII
            rid = self.response_id(call)
            self.assertRegex(rid, GENERATED, given)
            ids.append(rid)
        self.assertEqual(len(set(ids)), len(ids))
        self.assertGreaterEqual(len(ids), 3)
        lines = self.wait_for_line("investment", lambda o: o.get("x_request_id") == ids[-1])
        self.assertEqual(len(lines), 1)
        replaced = [o for o in self.lines("investment") if o.get("x_request_id") in ids[1:]]
        self.assertEqual(len(replaced), len(ids) - 1)
        for o in replaced:
            self.assertIn("request_id_replaced=true", o["msg"])
        with open(os.path.join(self.suite.log_dir, "investment.log"), encoding="utf-8") as f:
            text = f.read()
        for given in hostile:
            self.assertNotIn(given, text)

    def test_a_call_refused_by_access_control_is_logged_with_its_id(self):
        with self.suite.channel("investment") as anonymous:
            with self.assertRaises(grpc.RpcError) as e:
                investment_pb2_grpc.InvestmentServiceStub(anonymous).ListProjects(
                    investment_pb2.ListProjectsRequest(district=D), metadata=[("x-request-id", "refused-0001")],
                    timeout=5)
        self.assertEqual(e.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        refused = self.wait_for_line("investment", lambda o: o.get("x_request_id") == "refused-0001")
        self.assertEqual(len(refused), 1, refused)
        self.assertTrue(refused[0]["msg"].startswith("refused method="), refused[0])

    def test_a_server_side_failure_names_the_id_and_every_line_is_json(self):
        self.suite.stop_redis()
        try:
            for s in SERVICES:
                self.suite.wait_health(s, "NOT_SERVING", timeout=10)
            with self.assertRaises(grpc.RpcError) as down:
                self.inv.ListProjects(investment_pb2.ListProjectsRequest(district=D),
                                      metadata=[("x-request-id", "outage-0001")], timeout=5)
            self.assertEqual(down.exception.code(), grpc.StatusCode.UNAVAILABLE)
            self.assertIn("(x-request-id outage-0001)", down.exception.details())
            warned = self.wait_for_line("investment", lambda o: o.get("x_request_id") == "outage-0001")
            self.assertEqual([o["level"] for o in warned], ["warning"])
        finally:
            self.suite.start_redis()
            for s in SERVICES:
                self.suite.wait_health(s, "SERVING", timeout=10)
        for s in SERVICES:
            with open(os.path.join(self.suite.log_dir, s + ".log"), encoding="utf-8") as f:
                ours = [line for line in f if line.startswith("{")]
            self.assertGreater(len(ours), 3, s)
            for line in ours:
                o = json.loads(line)  # fails on a line that is not one valid object
                self.assertEqual(set(o) - {"x_request_id"}, {"time", "level", "msg"}, line)


if __name__ == "__main__":
    unittest.main(verbosity=2)
