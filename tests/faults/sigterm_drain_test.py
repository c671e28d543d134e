#!/usr/bin/python3
"""SIGTERM drains (issue #14, finding 1): over the real server binaries, every call sent before
the signal is answered OK, calls sent after it are answered OK or UNAVAILABLE (never
CANCELLED), an open watch ends UNAVAILABLE with a reconnect message, and the process exits 0
(not killed by the signal).

DEVPLAN_FAULT_CALLS sets the calls per server (default 24; scripts/test.sh keeps the default)."""
import datetime
import os
import signal
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from devplan_tools.stubs import (grpc, date, common_pb2, investment_pb2_grpc,  # noqa: E402
                                 scorecard_pb2, scorecard_pb2_grpc)
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import plans  # noqa: E402

CALLS = int(os.environ.get("DEVPLAN_FAULT_CALLS", "24"))
# Long enough that calls already on the loopback wire reach the server before it stops
# accepting (microseconds), with three orders of magnitude to spare on a loaded machine.
LAME_DUCK_MS = 1000


class SigtermDrainTest(unittest.TestCase):
    def setUp(self):
        os.environ["DEVPLAN_LAME_DUCK_MS"] = str(LAME_DUCK_MS)
        self.suite = Suite().start()
        plans.load(self.suite.channel("aggregator", "plan-admin"), log=lambda _: None)

    def tearDown(self):
        self.suite.stop()

    def signal_and_wait(self, service, futures):
        proc = self.suite.procs[service]
        proc.send_signal(signal.SIGTERM)
        after = futures()  # sent after the signal: served during the lame duck or refused
        code = proc.wait(timeout=30)
        self.assertEqual(code, 0, "%s exited %d (negative: killed by a signal)" % (service, code))
        return after

    def assert_all_ok(self, futures, what):
        for f in futures:
            self.assertEqual(f.code(), grpc.StatusCode.OK, "%s: %s" % (what, f.details()))

    def assert_ok_or_unavailable(self, futures, what):
        for f in futures:
            self.assertIn(f.code(), (grpc.StatusCode.OK, grpc.StatusCode.UNAVAILABLE),
                          "%s: %s %s" % (what, f.code(), f.details()))

    def test_a_domain_server_answers_every_call_sent_before_sigterm(self):
        channel = self.suite.channel("investment", "dashboard")
        grpc.channel_ready_future(channel).result(timeout=10)  # connected: calls go out at once
        stub = investment_pb2_grpc.InvestmentServiceStub(channel)

        def send():
            # Cheap calls, so more of them (within one connection's 100 streams).
            day = datetime.date(2024, 1, 1)
            return [stub.GetMetrics.future(common_pb2.GetMetricsRequest(
                district="410108", as_of=date(day + datetime.timedelta(i % 366))), timeout=30)
                for i in range(4 * CALLS)]
        before = send()
        after = self.signal_and_wait("investment", send)
        self.assert_all_ok(before, "sent before SIGTERM")
        self.assert_ok_or_unavailable(after, "sent after SIGTERM")

    def test_the_aggregator_drains_and_ends_its_watch_with_unavailable(self):
        channel = self.suite.channel("aggregator", "dashboard")
        stub = scorecard_pb2_grpc.ScorecardServiceStub(channel)
        watch = stub.WatchScorecard(scorecard_pb2.WatchScorecardRequest(
            district="410108", as_of=date(datetime.date(2024, 9, 30))), timeout=60)
        next(watch)  # the first card: the watch is open
        ended = {}

        def drain_watch():
            try:
                for _ in watch:
                    pass
                ended["code"] = grpc.StatusCode.OK
            except grpc.RpcError as e:
                ended["code"], ended["details"] = e.code(), e.details()
        reader = threading.Thread(target=drain_watch)
        reader.start()

        def send():
            # Cold cards (dates never asked), so each call fans out to the domain services.
            return [stub.GetScorecard.future(scorecard_pb2.GetScorecardRequest(
                district="410108", as_of=date(datetime.date(2024, 2, 1) + datetime.timedelta(i))),
                timeout=30) for i in range(CALLS)]
        before = send()
        after = self.signal_and_wait("aggregator", send)
        reader.join(timeout=30)
        self.assert_all_ok(before, "sent before SIGTERM")
        self.assert_ok_or_unavailable(after, "sent after SIGTERM")
        self.assertEqual(ended.get("code"), grpc.StatusCode.UNAVAILABLE, ended)
        self.assertIn("reconnect", ended.get("details", ""))


if __name__ == "__main__":
    unittest.main(verbosity=2)
