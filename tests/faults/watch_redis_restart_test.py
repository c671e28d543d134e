#!/usr/bin/python3
"""A watch across Redis restarts (issue #14): a WatchScorecard stream opened before Redis is
killed with SIGKILL and started again on the same append-only file keeps streaming, and a
write made after the restart reaches it as a changed card (its count of cultural events goes
up by one), on the same stream, never re-opened.

Two rounds: Redis started again at once, and after DOWN_S seconds down (the aggregator's
subscriber meets no Redis for a while). The time from each acknowledged write to the card
that shows it is printed."""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fault_support import (AS_OF, DISTRICT, FaultTest, WatchReader,  # noqa: E402
                           cultural_event, write_until_ok)
from devplan_tools.stubs import (date, social_pb2_grpc, scorecard_pb2,  # noqa: E402
                                 scorecard_pb2_grpc)

DOWN_S = (0.0, 1.5)
HANG_GUARD_S = 30


class WatchRedisRestartTest(FaultTest):
    LOAD_PLANS = True

    def test_a_watch_delivers_a_write_made_after_redis_restarts(self):
        cards = scorecard_pb2_grpc.ScorecardServiceStub(self.channel("aggregator"))
        social = social_pb2_grpc.SocialServiceStub(self.channel("social"))
        watch = WatchReader(cards.WatchScorecard(scorecard_pb2.WatchScorecardRequest(
            district=DISTRICT, as_of=date(AS_OF)), timeout=4 * HANG_GUARD_S))
        self.assertTrue(watch.wait_for(0.0, HANG_GUARD_S), "no first card: %s" % watch.ended)

        delivered = []
        for n, down in enumerate(DOWN_S, 1):
            self.suite.kill_redis()
            time.sleep(down)
            self.suite.start_redis()
            write_until_ok(social.CreateEvent, cultural_event("WATCH-%d" % n, n))
            written = time.monotonic()
            self.assertTrue(watch.wait_for(float(n), HANG_GUARD_S),
                            "after restart %d the watch showed %s and ended %s" % (
                                n, watch.counts, watch.ended))
            delivered.append(time.monotonic() - written)
        self.assertIsNone(watch.ended, "the stream ended")
        print("\nwatch cards %s; write to card after each restart: %s s" % (
            watch.counts, ", ".join("%.2f" % d for d in delivered)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
