"""What the fault tests share: a countable write (one cultural event per request), how to count
what landed, and how a client retries a write whose outcome it does not know.

A cultural event is the write because its effect can be counted three ways: the event is
listed under its own id, the card's soc.cultural_events indicator counts it, and the one Lua
script that stores it bumps ver:{district} exactly once (a replayed request_id does not), so
the version's growth is the number of writes applied.

DEVPLAN_FAULT_SCALE (default 1, what scripts/test.sh runs) multiplies the writes of every
fault test; e.g. 10 for a longer run by hand."""
import datetime
import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from devplan_tools.stubs import grpc, date, social_pb2  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import plans  # noqa: E402

SCALE = int(os.environ.get("DEVPLAN_FAULT_SCALE", "1"))
DISTRICT = "410108"
CULTURE = "区文化广电和旅游局"
# Who the fault tests call as: the department whose events they write (deploy/auth/policy.textproto),
# which also reads its district (lists, cards, watches).
IDENTITY = "culture-tourism-" + DISTRICT
# A day every card of the tests is taken at: events on or before it count on the card.
AS_OF = datetime.date(2024, 9, 30)
# How long a write is retried while its answer is UNAVAILABLE: a hang guard, far above the
# few hundred milliseconds a Redis restart takes.
RETRY_FOR_S = 60


class FaultTest(unittest.TestCase):
    """A whole suite of its own per test (with the plans loaded when LOAD_PLANS). Channels
    opened with channel() are closed before the suite stops: a server's drain waits for its
    connected clients to hang up (up to its drain timeout), which would add seconds a test."""
    LOAD_PLANS = False

    def setUp(self):
        self.suite = Suite().start()
        self._channels = []
        if self.LOAD_PLANS:
            plans.load(self.channel("aggregator", identity="plan-admin"), log=lambda _: None)

    def tearDown(self):
        for channel in self._channels:
            channel.close()
        self.suite.stop()

    def channel(self, service, options=(), identity=IDENTITY):
        channel = self.suite.channel(service, identity, options)
        self._channels.append(channel)
        return channel


def cultural_event(event_id, n):
    """CreateEvent of one cultural event, its request_id derived from its id (so a retry of
    the same request carries the same id)."""
    day = datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 270)  # on or before AS_OF
    return social_pb2.CreateEventRequest(
        event=social_pb2.Event(
            event_id=event_id, district=DISTRICT, kind=social_pb2.EVENT_KIND_CULTURAL,
            title_zh="故障测试活动 %s" % event_id, start_date=date(day),
            cultural_type=social_pb2.CULTURAL_EVENT_TYPE_READING_PROMOTION, organizer=CULTURE),
        request_id="rq-" + event_id)  # reported_by: the caller's department, filled in by the server


def write_until_ok(call, request, timeout=10.0):
    """Sends `request` until it is answered OK, again with the same request_id after every
    UNAVAILABLE or DEADLINE_EXCEEDED (the outcome unknown: the replay answers the stored
    result). Returns the codes of the failed attempts; any other code is raised."""
    failures = []
    give_up = time.monotonic() + RETRY_FOR_S
    while True:
        try:
            call(request, timeout=timeout)
            return failures
        except grpc.RpcError as e:
            if e.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                raise
            failures.append((e.code(), e.details()))
            if time.monotonic() > give_up:
                raise AssertionError("still %s after %d s: %s" % (e.code(), RETRY_FOR_S,
                                                                   e.details()))
            time.sleep(0.02)


def listed_event_ids(social, prefix):
    """Every stored event whose id starts with `prefix`, as a list (duplicates kept)."""
    ids, token = [], ""
    while True:
        page = social.ListEvents(social_pb2.ListEventsRequest(
            district=DISTRICT, kind=social_pb2.EVENT_KIND_CULTURAL, page_size=1000,
            page_token=token), timeout=30)
        ids += [e.event_id for e in page.events if e.event_id.startswith(prefix)]
        token = page.next_page_token
        if not token:
            return ids


def data_version(suite):
    """ver:{district}: bumped once by every write applied to the district."""
    return int(suite.redis("GET", "ver:{%s}" % DISTRICT) or 0)


def indicator(card, indicator_id):
    return next(i for i in card.indicators if i.id == indicator_id)


class WatchReader:
    """Reads a WatchScorecard stream on a thread of its own, keeping each card's count of
    cultural events, until the stream ends (its status is kept)."""

    def __init__(self, stream):
        self.counts = []
        self.ended = None
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream):
        try:
            for card in stream:
                with self._changed:
                    self.counts.append(indicator(card, "soc.cultural_events").actual)
                    self._changed.notify_all()
            ended = grpc.StatusCode.OK
        except grpc.RpcError as e:
            ended = e.code()
        with self._changed:
            self.ended = ended
            self._changed.notify_all()

    def wait_for(self, count, timeout):
        """Until a card counting `count` cultural events arrives; False if the stream ended or
        `timeout` (a hang guard) passed first."""
        with self._changed:
            self._changed.wait_for(lambda: count in self.counts or self.ended is not None,
                                   timeout)
            return count in self.counts


def rss_bytes(pid):
    """Resident memory of a process (VmRSS of /proc/<pid>/status)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS for pid %d" % pid)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0
