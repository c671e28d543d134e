#!/usr/bin/python3
"""Redis paused (SIGSTOP, issue #14): calls fail fast, nothing hangs, and the suite recovers
without a restart.

Redis is stopped with SIGSTOP for at least PAUSE_S and until every call made during the pause
has ended, so none of them can have been served: each must end UNAVAILABLE (the server's own
bounds on waiting for Redis), DEADLINE_EXCEEDED (the client's deadline) or, once more calls
wait for a worker than a server queues, RESOURCE_EXHAUSTED "server busy" (at larger scales);
never anything else, and never later than its deadline plus a generous margin (a hang guard).
Meanwhile every server's health says NOT_SERVING. After SIGCONT, with the same processes: health is SERVING
again, the pause's writes sent again with their request_ids are each stored exactly once (some
reached Redis while it was stopped and run when it resumes), and a new write and a complete
scorecard are answered OK.

Calls during the pause: two waves of 4 x DEVPLAN_FAULT_SCALE writes, domain reads, cold and
cached scorecards each, at the pause's start and 1.5 s in. Their latencies are printed."""
import collections
import datetime
import os
import signal
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fault_support import (AS_OF, DISTRICT, SCALE, FaultTest, cultural_event,  # noqa: E402
                           data_version, indicator, listed_event_ids, write_until_ok)
from devplan_tools.stubs import (grpc, date, common_pb2, social_pb2_grpc,  # noqa: E402
                                 scorecard_pb2, scorecard_pb2_grpc)
from devplan_tools.suite import SERVICES  # noqa: E402

PAUSE_S = 3.0
CALLS = 4 * SCALE  # of each kind, per wave
DEADLINE_S = 5.0
# A call ending later than its deadline by this much hangs (gRPC's own deadline handling
# takes milliseconds).
HANG_MARGIN_S = 5.0
HANG_GUARD_S = 60.0
FAIL_FAST = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


def wait_stopped(pid):
    """Until the kernel reports the process stopped (state T): calls sent from then on meet a
    Redis that does not answer."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with open("/proc/%d/stat" % pid) as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "T":
                return
        time.sleep(0.001)
    raise RuntimeError("redis-server (pid %d) did not stop" % pid)


class RedisPauseTest(FaultTest):
    LOAD_PLANS = True

    def setUp(self):
        super().setUp()
        self.cards = scorecard_pb2_grpc.ScorecardServiceStub(self.channel("aggregator"))
        self.social = social_pb2_grpc.SocialServiceStub(self.channel("social"))

    def card(self, day, timeout):
        return self.cards.GetScorecard.future(
            scorecard_pb2.GetScorecardRequest(district=DISTRICT, as_of=date(day)), timeout=timeout)

    def send_wave(self, wave, paused_at, calls):
        for i in range(CALLS):
            n = wave * CALLS + i
            sent = time.monotonic() - paused_at
            futures = {
                "write": self.social.CreateEvent.future(
                    cultural_event("PAUSE-%04d" % n, n), timeout=DEADLINE_S),
                "domain read": self.social.GetMetrics.future(common_pb2.GetMetricsRequest(
                    district=DISTRICT, as_of=date(AS_OF - datetime.timedelta(days=n))),
                    timeout=DEADLINE_S),
                # A date never asked: the card is computed, fanning out to the services.
                "cold card": self.card(AS_OF - datetime.timedelta(days=n + 1), DEADLINE_S),
                # Computed before the pause: cached, but the cache is checked in Redis.
                "cached card": self.card(AS_OF, DEADLINE_S),
            }
            for kind, future in futures.items():
                call = {"kind": kind, "sent": sent, "done": threading.Event()}

                def ended(_, call=call):
                    call["ended"] = time.monotonic() - paused_at
                    call["done"].set()
                future.add_done_callback(ended)
                calls.append((call, future))

    def test_calls_fail_fast_while_redis_is_paused_and_the_suite_recovers(self):
        self.social.CreateEvent(cultural_event("PAUSE-WARM", 0), timeout=10)
        self.assertEqual(len(self.card(AS_OF, 30).result().failed_sources), 0)  # now cached
        version_before = data_version(self.suite)
        redis = self.suite.procs["redis"]
        pids = {s: self.suite.procs[s].pid for s in SERVICES}

        redis.send_signal(signal.SIGSTOP)
        try:
            wait_stopped(redis.pid)
            paused_at = time.monotonic()
            calls = []
            self.send_wave(0, paused_at, calls)
            time.sleep(1.5)
            self.send_wave(1, paused_at, calls)
            for call, _ in calls:
                self.assertTrue(call["done"].wait(HANG_GUARD_S), "%s hangs" % call["kind"])
            health_while_paused = {s: self.suite.health(s, timeout=5) for s in SERVICES}
            time.sleep(max(0.0, PAUSE_S - (time.monotonic() - paused_at)))
        finally:
            redis.send_signal(signal.SIGCONT)
        paused_for = time.monotonic() - paused_at

        outcomes = collections.defaultdict(list)
        for call, future in calls:
            code = future.code()
            outcomes[(call["kind"], code.name)].append(call["ended"] - call["sent"])
            shed = code == grpc.StatusCode.RESOURCE_EXHAUSTED and "server busy" in future.details()
            self.assertTrue(code in FAIL_FAST or shed, "%s sent %.2f s into the pause: %s %s" % (
                call["kind"], call["sent"], code, future.details()))
            self.assertLess(call["ended"] - call["sent"], DEADLINE_S + HANG_MARGIN_S,
                            "%s hung past its deadline" % call["kind"])
        print("\nRedis paused %.1f s; %d calls during the pause (deadline %.0f s):" % (
            paused_for, len(calls), DEADLINE_S))
        for (kind, code), took in sorted(outcomes.items()):
            print("  %-12s %-18s %3d calls, ended after %.2f..%.2f s" % (
                kind, code, len(took), min(took), max(took)))
        self.assertEqual(health_while_paused, {s: "NOT_SERVING" for s in SERVICES})

        recovering = time.monotonic()
        for s in SERVICES:
            self.suite.wait_health(s, "SERVING")
        print("  all SERVING %.2f s after SIGCONT" % (time.monotonic() - recovering))
        self.assertEqual({s: self.suite.procs[s].pid for s in SERVICES}, pids)
        self.assertTrue(all(self.suite.procs[s].poll() is None for s in SERVICES))

        written = ["PAUSE-WARM"] + ["PAUSE-%04d" % n for n in range(2 * CALLS)]
        for n in range(2 * CALLS):
            write_until_ok(self.social.CreateEvent, cultural_event("PAUSE-%04d" % n, n))
        self.social.CreateEvent(cultural_event("PAUSE-AFTER", 1), timeout=10)
        written.append("PAUSE-AFTER")
        card = self.card(AS_OF, 30).result()

        listed = listed_event_ids(self.social, "PAUSE-")
        self.assertEqual(sorted(listed), sorted(written), "each write stored exactly once")
        self.assertEqual(data_version(self.suite) - version_before, len(written) - 1,
                         "ver:{district} counts every applied write once")
        self.assertEqual(list(card.failed_sources), [])
        self.assertEqual(indicator(card, "soc.cultural_events").actual, len(written))


if __name__ == "__main__":
    unittest.main(verbosity=2)
