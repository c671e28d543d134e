#!/usr/bin/python3
"""A watcher that never reads (issue #14): while WRITES writes land, each changing the card, a
WatchScorecard stream whose client reads nothing costs the aggregator bounded memory, and a
second, reading watcher still gets every change up to the final card.

The stuck client's channel keeps HTTP/2's initial 64 KB window (BDP probing off, which would
otherwise grow it to megabytes at this scale), so the aggregator soon cannot send it more and
must hold what comes next itself. It holds only the newest card (scorecard_watch.h): when the
stuck client finally reads, it gets the few cards already in flight and then the final one,
not a backlog of every push. Asserted: the aggregator's resident memory (VmRSS) grows by less
than RSS_BOUND over the writes (printed), the reading watcher sees the final count, and the
stuck one, once it reads, sees fewer cards than were pushed and ends at the final count.

The writes come in bursts of BURST, a little further apart than the aggregator's 200 ms push
window, so each burst is a push of its own: WRITES = 500 x DEVPLAN_FAULT_SCALE."""
import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fault_support import (AS_OF, DISTRICT, SCALE, FaultTest, WatchReader,  # noqa: E402
                           cultural_event, indicator, rss_bytes)
from devplan_tools.stubs import (date, social_pb2_grpc, scorecard_pb2,  # noqa: E402
                                 scorecard_pb2_grpc)

WRITES = 500 * SCALE
BURST = 10
BURST_GAP_S = 0.25
# Generous: a card is ~15 KB and the aggregator idles at ~20 MiB; a backlog of every push for
# one stuck client at DEVPLAN_FAULT_SCALE=1 would be under 1 MiB, so this bound catches
# runaway growth, and the card count below catches a backlog.
RSS_BOUND = 64 * 2**20
HANG_GUARD_S = 60
# The watches outlive the writes (three times their expected time) and the hang guard.
WATCH_TIMEOUT_S = 3 * (WRITES // BURST) * BURST_GAP_S + HANG_GUARD_S


class SlowWatcherTest(FaultTest):
    LOAD_PLANS = True

    def watch(self, channel):
        return scorecard_pb2_grpc.ScorecardServiceStub(channel).WatchScorecard(
            scorecard_pb2.WatchScorecardRequest(district=DISTRICT, as_of=date(AS_OF)),
            timeout=WATCH_TIMEOUT_S)

    def test_a_watcher_that_never_reads_costs_bounded_memory(self):
        stuck = self.watch(self.channel("aggregator", [("grpc.http2.bdp_probe", 0)]))
        reader = WatchReader(self.watch(self.channel("aggregator")))
        self.assertTrue(reader.wait_for(0.0, HANG_GUARD_S), "no first card: %s" % reader.ended)
        social = social_pb2_grpc.SocialServiceStub(self.channel("social"))
        aggregator = self.suite.procs["aggregator"].pid
        rss_before = rss_bytes(aggregator)

        started = time.monotonic()
        for first in range(0, WRITES, BURST):
            burst = [threading.Thread(target=social.CreateEvent, args=(
                cultural_event("SLOW-%05d" % n, n),), kwargs={"timeout": 30})
                for n in range(first, min(first + BURST, WRITES))]
            for t in burst:
                t.start()
            for t in burst:
                t.join()
            time.sleep(BURST_GAP_S)
        writing = time.monotonic() - started
        self.assertTrue(reader.wait_for(float(WRITES), HANG_GUARD_S),
                        "the reading watcher stopped at %s (%s)" % (reader.counts[-1:],
                                                                    reader.ended))
        rss_after = rss_bytes(aggregator)

        stuck_counts = []
        for card in stuck:
            stuck_counts.append(indicator(card, "soc.cultural_events").actual)
            if stuck_counts[-1] == WRITES:
                break
        growth = rss_after - rss_before
        print("\n%d writes in %.1f s; %d cards pushed to the reading watcher; the stuck one, "
              "read at last, got %d; aggregator RSS %.1f -> %.1f MiB (%+.1f MiB)" % (
                  WRITES, writing, len(reader.counts), len(stuck_counts), rss_before / 2**20,
                  rss_after / 2**20, growth / 2**20))
        self.assertLess(growth, RSS_BOUND)
        self.assertEqual(stuck_counts[-1], WRITES, "the stuck watcher's last card is the final one")
        self.assertLess(len(stuck_counts), len(reader.counts), "a backlog of every push")
        self.assertIsNone(reader.ended)


if __name__ == "__main__":
    unittest.main(verbosity=2)
