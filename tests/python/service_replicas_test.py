#!/usr/bin/python3
"""Two replicas of every service (issue #16) on the real binaries over TLS: the aggregator and
devplanctl get each service's replicas as a list (services/common/client_channel.h) and
balance round_robin, with the servers' maximum connection age short so connections are
recycled under the workload. Both replicas of a domain service answer the aggregator's
fan-out (their own metrics endpoints count the calls); both aggregator replicas give the same
card; with one replica of a service stopped (SIGTERM) or killed (kill -9), every scorecard is
still complete; and an aggregator given the services as dns:/// names gives the same card."""
import datetime
import os
import signal
import subprocess
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from devplan_tools.stubs import BUILD_DIR, date, grpc, scorecard_pb2, scorecard_pb2_grpc  # noqa: E402
from devplan_tools.sample import plans  # noqa: E402
from devplan_tools.suite import Suite, DOMAIN_SERVICES, free_port  # noqa: E402

D = "410108"
READER = "dashboard"
# Cards per round: each on a date of its own, so none is served from the aggregator's cache
# and each costs one GetMetrics per domain service.
CARDS = 24
# Short, so the servers send GOAWAY several times during the test (the flag's minimum is 1 s).
CONNECTION_AGE_MS = 1000
DEVPLANCTL = os.path.join(BUILD_DIR, "services", "devplanctl", "devplanctl")


def get_metrics_calls(suite, instance):
    """GetMetrics calls `instance` finished, by its own Prometheus endpoint."""
    with urllib.request.urlopen("http://%s/metrics" % suite.metrics_addr(instance), timeout=5) as r:
        text = r.read().decode()
    total = 0.0
    for line in text.splitlines():
        if line.startswith("devplan_rpc_requests_total{") and 'grpc_method="GetMetrics"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return int(total)


class ServiceReplicasTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.suite = Suite(replicas=2, server_flags=["--max-connection-age-ms", str(CONNECTION_AGE_MS)]).start()
        plans.load(cls.suite.channel("aggregator", "plan-admin"), log=lambda _: None)
        cls.day = datetime.date(2024, 1, 1)

    @classmethod
    def tearDownClass(cls):
        cls.suite.stop()

    def cards(self, instance="aggregator", n=CARDS):
        """`n` cards, each on a new date, from the aggregator replica `instance`."""
        stub = scorecard_pb2_grpc.ScorecardServiceStub(self.suite_channel(instance))
        out = []
        for _ in range(n):
            ServiceReplicasTest.day += datetime.timedelta(days=1)
            out.append(stub.GetScorecard(scorecard_pb2.GetScorecardRequest(district=D, as_of=date(self.day)),
                                         timeout=10))
        return out

    def suite_channel(self, instance):
        if not hasattr(self, "_channels"):
            self._channels = {}
        if instance not in self._channels:
            self._channels[instance] = self.suite.channel(instance, READER)
        return self._channels[instance]

    def assert_complete(self, cards):
        for card in cards:
            self.assertEqual(list(card.failed_sources), [], "card as of %s" % card.as_of)
            self.assertGreater(len(card.indicators), 0)

    def test_1_both_replicas_of_each_domain_service_answer(self):
        before = {i: get_metrics_calls(self.suite, i) for s in DOMAIN_SERVICES for i in self.suite.replicas[s]}
        self.assert_complete(self.cards())
        for s in DOMAIN_SERVICES:
            got = {i: get_metrics_calls(self.suite, i) - before[i] for i in self.suite.replicas[s]}
            # One GetMetrics per card and service, spread over its replicas.
            self.assertEqual(sum(got.values()), CARDS, got)
            for instance, calls in got.items():
                self.assertGreater(calls, 0, "%s got none of %s" % (instance, got))

    def test_2_both_aggregator_replicas_give_the_same_card(self):
        a, b = self.cards("aggregator", 1)[0], None
        stub = scorecard_pb2_grpc.ScorecardServiceStub(self.suite_channel("aggregator-2"))
        b = stub.GetScorecard(scorecard_pb2.GetScorecardRequest(district=D, as_of=a.as_of), timeout=10)
        a.ClearField("compute_time")
        b.ClearField("compute_time")
        self.assertEqual(a, b)

    def test_3_devplanctl_takes_the_lists(self):
        env = self.suite.env("scorecard-job")
        self.assertIn(",", env["DEVPLAN_AGGREGATOR_ADDR"])
        out = subprocess.run([DEVPLANCTL, "scorecard", "--district", D, "--as-of", "2024-09-30", "--json"],
                             env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn(D, out.stdout)

    def test_4_a_replica_stopped_or_killed_is_skipped(self):
        self.suite.stop_service("investment-2")  # SIGTERM: NOT_SERVING, lame duck, drain
        before = get_metrics_calls(self.suite, "investment")
        self.assert_complete(self.cards())
        self.assertEqual(get_metrics_calls(self.suite, "investment") - before, CARDS)

        killed = self.suite.procs.pop("environment-2")
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        # At once: a fetch caught on the dead replica's connection is retried on the other.
        before = get_metrics_calls(self.suite, "environment")
        self.assert_complete(self.cards())
        self.assertEqual(get_metrics_calls(self.suite, "environment") - before, CARDS)

        # Back again: it is used again (its connection retried within a second).
        self.suite.start_service("investment-2")
        self.suite.wait_health("investment-2", "SERVING")
        deadline = time.time() + 20
        while get_metrics_calls(self.suite, "investment-2") == 0 and time.time() < deadline:
            self.assert_complete(self.cards(n=4))
        self.assertGreater(get_metrics_calls(self.suite, "investment-2"), 0)

    def test_5_domain_services_named_by_dns(self):
        """An aggregator given each domain service as dns:///localhost:PORT (gRPC resolves the
        name; the servers' certificate names localhost) computes the same card."""
        flags = self.suite.server_args("aggregator", ports=False)
        addr = "127.0.0.1:%d" % free_port()
        for s in DOMAIN_SERVICES:
            flags += ["--%s-addr" % s, "dns:///localhost:%s" % self.suite.addr(s).rsplit(":", 1)[1]]
        binary = os.path.join(BUILD_DIR, "services", "aggregator", "aggregator_server")
        self.suite._spawn("aggregator-dns", [binary, "--listen", addr] + flags)
        want = self.cards("aggregator", 1)[0]
        request = scorecard_pb2.GetScorecardRequest(district=D, as_of=want.as_of)
        with grpc.secure_channel(addr, self.suite.credentials(READER)) as ch:
            stub, deadline = scorecard_pb2_grpc.ScorecardServiceStub(ch), time.time() + 20
            while True:
                try:
                    got = stub.GetScorecard(request, timeout=5)
                    break
                except grpc.RpcError as e:
                    # Not listening yet; anything else is a failure.
                    if e.code() != grpc.StatusCode.UNAVAILABLE or time.time() > deadline:
                        raise
                    time.sleep(0.1)
        self.assert_complete([got])
        want.ClearField("compute_time")
        got.ClearField("compute_time")
        self.assertEqual(got, want)


if __name__ == "__main__":
    unittest.main(verbosity=2)
