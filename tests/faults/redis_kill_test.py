#!/usr/bin/python3
"""kill -9 of Redis under concurrent writers (issue #14): WRITERS threads each create cultural
events of their own through the SocialService, every request with its own request_id, while
Redis is killed with SIGKILL KILLS times and started again on the same append-only file
(deploy/redis/redis.conf: fsync on every write). A write answered UNAVAILABLE, or not answered
in time, is sent again with the same request_id until it is answered OK, as a client should.

Afterwards every write has been acknowledged, each is stored exactly once (listed once under
its id, and no event of the test's that was never sent), and ver:{district} grew by exactly
the number of writes: none was lost in the kill, none applied twice by a retry.

Writes: WRITERS x 40 x DEVPLAN_FAULT_SCALE (fault_support.py)."""
import collections
import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fault_support import (SCALE, FaultTest, cultural_event, data_version,  # noqa: E402
                           listed_event_ids, percentile, write_until_ok)
from devplan_tools.stubs import social_pb2_grpc  # noqa: E402

WRITERS = 8
PER_WRITER = 40 * SCALE
KILLS = 3
# Redis stays down this long after each kill, so that writes also meet no Redis at all, not
# only a connection that broke under them.
DOWN_S = 0.2
HANG_GUARD_S = 120


class RedisKillTest(FaultTest):
    def test_every_acknowledged_write_survives_kill_9_exactly_once(self):
        social = social_pb2_grpc.SocialServiceStub(self.channel("social"))
        total = WRITERS * PER_WRITER
        version_before = data_version(self.suite)
        lock = threading.Lock()
        acknowledged, latencies, errors = [], [], []
        failed_attempts = collections.Counter()

        def writer(w):
            for j in range(PER_WRITER):
                event_id = "K9-%02d-%04d" % (w, j)
                start = time.monotonic()
                try:
                    failures = write_until_ok(social.CreateEvent,
                                              cultural_event(event_id, w * PER_WRITER + j))
                except Exception as e:  # noqa: BLE001 - reported by the main thread
                    errors.append("%s: %r" % (event_id, e))
                    return
                with lock:
                    acknowledged.append(event_id)
                    latencies.append(time.monotonic() - start)
                    for code, details in failures:
                        outcome_unknown = "outcome unknown" in details
                        failed_attempts[code.name + (" (outcome unknown)" if outcome_unknown
                                                     else "")] += 1

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        restarts = []
        for k in range(1, KILLS + 1):
            while (len(acknowledged) < total * k // (KILLS + 1)
                   and any(t.is_alive() for t in threads)):
                self.assertLess(time.monotonic() - started, HANG_GUARD_S, "writers hang")
                time.sleep(0.005)
            self.suite.kill_redis()
            time.sleep(DOWN_S)
            before_start = time.monotonic()
            self.suite.start_redis()
            restarts.append(time.monotonic() - before_start)
        for t in threads:
            t.join(timeout=HANG_GUARD_S)
            self.assertFalse(t.is_alive(), "a writer hangs")
        elapsed = time.monotonic() - started

        self.assertEqual(errors, [])
        self.assertEqual(len(acknowledged), total)
        listed = listed_event_ids(social, "K9-")
        lost = set(acknowledged) - set(listed)
        duplicated = len(listed) - len(set(listed))
        unexpected = set(listed) - set(acknowledged)
        applied = data_version(self.suite) - version_before
        print("\n%d writes by %d writers in %.1f s, Redis killed %d times (restart %s s); "
              "failed attempts retried: %s; write latency p50 %.1f ms, p99 %.1f ms, max %.0f ms; "
              "lost %d, duplicated %d, writes applied %d" % (
                  total, WRITERS, elapsed, KILLS, ", ".join("%.2f" % r for r in restarts),
                  dict(failed_attempts) or "none", 1000 * percentile(latencies, 50),
                  1000 * percentile(latencies, 99), 1000 * max(latencies), len(lost),
                  duplicated, applied))
        self.assertEqual(lost, set(), "acknowledged but not stored")
        self.assertEqual(duplicated, 0)
        self.assertEqual(unexpected, set())
        self.assertEqual(applied, total, "ver:{district} counts every applied write once")


if __name__ == "__main__":
    unittest.main(verbosity=2)
