#!/usr/bin/python3
"""Bad input is refused by name and writes nothing (issue #14): every case of
bad_input_cases.json is sent to the real suite (a private redis-server, the four server
binaries, the SAMPLE data of 410108 and every plan loaded, so that state-dependent refusals
have a state to refuse against), and each answer must

- carry the case's status code;
- name the case's field (each `field` a substring of the status message);
- stay short: at most 4 KiB, and no more than ~100 bytes of any long string of the request
  quoted back (QuoteForError; a message that echoes a 5 KB title is a bug);
- change nothing: the district's data version (ver:{district}) is the same after the call,
  and Redis reports no write at all during it (keyspace notifications of every command that
  changes a key, in any district, the aggregator's derived snapshots included).

The cases file is data: {"templates": {name: request}, "cases": [case]}; a case is
  name     unique, "<service>.<Method>.<what is wrong>"
  method   the full gRPC method, "/devplan.v1.InvestmentService/CreateProject"
  request  the request in protobuf JSON (a list of messages for a client stream), or
  template + set: a template's request with {"a.b[0].c": value} paths replaced
  code     the expected status code name, "INVALID_ARGUMENT"
  field    a string, or a list of strings, the status message must contain
  district the district whose data version is watched (default 410108)
  note     why the case is there (optional)
Inside a request, {"$repeat": "x", "times": 5000} is "x" * 5000 and {"$list": item, "times":
N} is N copies of item (a string item's "{i}" becomes 0, 1, …: N distinct ids). JSON doubles
take "NaN", "Infinity" and "-Infinity"; an enum given as a number may be one no enum names.
Invalid UTF-8 cannot be written in JSON and is left to the fuzz targets."""
import collections
import copy
import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from google.protobuf import descriptor_pool, json_format  # noqa: E402

from devplan_tools.stubs import (grpc, common_pb2, investment_pb2, environment_pb2,  # noqa: E402
                                 social_pb2, scorecard_pb2)
from devplan_tools.redis_client import Redis  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import investment, environment, social, plans  # noqa: E402

CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bad_input_cases.json")
MIN_CASES = 80
SERVICES = {"devplan.v1.InvestmentService": "investment",
            "devplan.v1.EnvironmentService": "environment",
            "devplan.v1.SocialService": "social",
            "devplan.v1.ScorecardService": "aggregator"}
PB2 = (common_pb2, investment_pb2, environment_pb2, social_pb2, scorecard_pb2)
# status_guard.h: every status message is cut to 4 KiB.
MAX_MESSAGE_BYTES = 4096
# QuoteForError quotes 100 bytes of a value; a few bytes more allow for a cut that keeps a
# whole character. Any longer run of a request's string in the message is an echo.
MAX_QUOTED_BYTES = 110


class WriteWatch:
    """Every key Redis changes, whoever changes it: a subscription to the keyspace events
    of all write commands. writes_since_last() answers the (event, key) pairs since its
    previous call, fenced by a marker published after them: Redis delivers one client's
    messages in order, so once the marker arrives every earlier write's event has too."""
    MARKER = "bad-input-test:marker"

    def __init__(self, path):
        self.control = Redis(path)
        self.control("CONFIG", "SET", "notify-keyspace-events", "EA")
        self.events = Redis(path)
        self.events.send("PSUBSCRIBE", "__keyevent@0__:*")
        self.events.reply()
        self.events.send("SUBSCRIBE", self.MARKER)
        self.events.reply()
        self.fence = 0

    def close(self):
        self.control.close()
        self.events.close()

    def writes_since_last(self):
        self.fence += 1
        self.control("PUBLISH", self.MARKER, self.fence)
        writes = []
        while True:
            message = self.events.reply()
            if message[0] == "message" and message[2] == str(self.fence):
                return writes
            if message[0] == "pmessage":
                writes.append((message[2].split(":", 1)[1], message[3]))


def expand(value):
    """The case file's shorthands ($repeat, $list) expanded."""
    if isinstance(value, dict):
        if "$repeat" in value:
            return value["$repeat"] * value["times"]
        if "$list" in value:
            item = value["$list"]
            if isinstance(item, str):
                return [item.replace("{i}", str(i)) for i in range(value["times"])]
            return [expand(copy.deepcopy(item)) for _ in range(value["times"])]
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v) for v in value]
    return value


PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def set_path(request, path, value):
    """request with `path` ("plan.indicators[0].weight") set to `value`."""
    parts = [m.group(1) if m.group(1) is not None else int(m.group(2))
             for m in PATH_PART.finditer(path)]
    node = request
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value


def request_of(case, templates):
    if "template" in case:
        request = copy.deepcopy(templates[case["template"]])
        for path, value in case.get("set", {}).items():
            set_path(request, path, value)
        return expand(request)
    return expand(case["request"])


def long_strings(value, found):
    """Every string of the request too long to be quoted whole."""
    if isinstance(value, str) and len(value.encode()) > MAX_QUOTED_BYTES:
        found.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            long_strings(v, found)
    elif isinstance(value, list):
        for v in value:
            long_strings(v, found)
    return found


def message_class(descriptor):
    for module in PB2:
        cls = getattr(module, descriptor.name, None)
        if cls is not None and cls.DESCRIPTOR.full_name == descriptor.full_name:
            return cls
    raise LookupError(descriptor.full_name)


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(CASES, encoding="utf-8") as f:
            data = json.load(f)
        cls.templates = data.get("templates", {})
        cls.cases = data["cases"]
        # Plaintext, without the access layer: the table is about what each service's own
        # validation refuses, which over TLS the access layer would answer first for some
        # cases (an empty reported_by is filled in from the caller's identity, another one is
        # PERMISSION_DENIED, a malformed district is outside every department's districts).
        # Access is tested over TLS by tests/auth and tests/python/client_test.py.
        cls.suite = Suite(insecure=True).start()
        try:
            cls.channels = {s: cls.suite.channel(s) for s in SERVICES.values()}
            quiet = lambda _: None  # noqa: E731
            for name, module in (("investment", investment), ("environment", environment),
                                 ("social", social)):
                module.load(cls.channels[name], log=quiet)
            plans.load(cls.channels["aggregator"], log=quiet)
            cls.redis = Redis(cls.suite.redis_socket)
            cls.watch = WriteWatch(cls.suite.redis_socket)  # from here on every write counts
        except BaseException:
            cls.suite.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.redis.close()
        cls.watch.close()
        for ch in cls.channels.values():
            ch.close()
        cls.suite.stop()

    def test_0_the_table_is_sound(self):
        names = [c["name"] for c in self.cases]
        self.assertGreaterEqual(len(names), MIN_CASES)
        duplicated = [n for n, k in collections.Counter(names).items() if k > 1]
        self.assertEqual(duplicated, [], "case names must be unique")
        for c in self.cases:
            with self.subTest(c["name"]):
                self.assertIn(c["code"], grpc.StatusCode.__members__)
                self.assertNotEqual(c["code"], "OK", "a bad-input case expects a refusal")
                self.assertTrue(c.get("field"), "a case names the field the message must name")
                self.assertIn(c["method"].split("/")[1], SERVICES)
                if "template" in c:
                    self.assertIn(c["template"], self.templates)

    def call(self, method, request):
        """Sends `request` (a dict, or a list of them for a client stream) as `method`; the
        status code and message."""
        service_name, method_name = method.lstrip("/").split("/")
        md = descriptor_pool.Default().FindServiceByName(service_name).methods_by_name[method_name]
        req_cls, resp_cls = message_class(md.input_type), message_class(md.output_type)
        parse = lambda r: json_format.ParseDict(r, req_cls())  # noqa: E731
        channel = self.channels[SERVICES[service_name]]
        kwargs = dict(request_serializer=req_cls.SerializeToString,
                      response_deserializer=resp_cls.FromString)
        try:
            if md.client_streaming:
                messages = [parse(r) for r in request]
                channel.stream_unary(method, **kwargs)(iter(messages), timeout=20)
            elif md.server_streaming:
                next(channel.unary_stream(method, **kwargs)(parse(request), timeout=20))
            else:
                channel.unary_unary(method, **kwargs)(parse(request), timeout=20)
        except grpc.RpcError as e:
            return e.code(), e.details() or ""
        return grpc.StatusCode.OK, ""

    def test_1_every_bad_input_is_refused_by_name_and_writes_nothing(self):
        tally = collections.Counter()
        took = {}
        for case in self.cases:
            service = SERVICES[case["method"].split("/")[1]]
            tally[(service, case["code"])] += 1
            with self.subTest(case["name"]):
                request = request_of(case, self.templates)
                district = case.get("district", "410108")
                version_before = self.redis("GET", "ver:{%s}" % district)
                start = time.monotonic()
                code, details = self.call(case["method"], request)
                took[case["name"]] = time.monotonic() - start
                writes = self.watch.writes_since_last()
                version_after = self.redis("GET", "ver:{%s}" % district)
                self.assertEqual(code.name, case["code"], details[:300])
                fields = case["field"] if isinstance(case["field"], list) else [case["field"]]
                for field in fields:
                    self.assertIn(field, details)
                raw = details.encode()
                self.assertLessEqual(len(raw), MAX_MESSAGE_BYTES)
                for s in long_strings(request, []):
                    self.assertFalse(s.encode()[:MAX_QUOTED_BYTES + 1] in raw,
                                     "the message echoes more than ~100 bytes of a %d-byte "
                                     "input: %s" % (len(s.encode()), details[:300]))
                self.assertEqual(version_after, version_before,
                                 "ver:{%s} moved: something was written" % district)
                self.assertEqual(writes, [], "Redis keys were written")
        print_summary(tally, took)


def print_summary(tally, took):
    services = sorted({s for s, _ in tally})
    codes = sorted({c for _, c in tally})
    width = max(len(c) for c in codes)
    lines = ["", "bad-input cases by service and expected code:",
             " " * (width + 2) + "".join("%12s" % s for s in services) + "%8s" % "total"]
    for code in codes:
        row = [tally[(s, code)] for s in services]
        lines.append("  %-*s" % (width, code) + "".join("%12d" % n for n in row) + "%8d" % sum(row))
    totals = [sum(tally[(s, c)] for c in codes) for s in services]
    lines.append("  %-*s" % (width, "total") + "".join("%12d" % n for n in totals)
                 + "%8d" % sum(totals))
    slowest = sorted(took.items(), key=lambda kv: -kv[1])[:5]
    lines.append("slowest calls (printed, not asserted): "
                 + ", ".join("%s %.0f ms" % (name, 1000 * t) for name, t in slowest))
    print("\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
