#!/usr/bin/python3
"""The HTTP/JSON gateway (services/gateway, issue #18) in front of a real suite over TLS.

One suite with the plans loaded and one day of air quality; a gateway with CORS for one origin
and a short heartbeat; a second gateway whose aggregator is a socket that never answers and
whose investment service is a closed port. Every reply is checked against what the gRPC API
answers the same identity: the JSON card parsed back is the gRPC card, each error is Google's
HTTP status and body, ETag/If-None-Match give 304, and a live stream pushes the card a write
changes. Nothing is timed in an assertion; hang guards only."""
import datetime
import gzip
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from google.protobuf import json_format  # noqa: E402

from devplan_tools.stubs import BUILD_DIR, common_pb2, environment_pb2, environment_pb2_grpc  # noqa: E402
from devplan_tools.stubs import scorecard_pb2, scorecard_pb2_grpc  # noqa: E402
from devplan_tools.stubs import social_pb2, social_pb2_grpc  # noqa: E402
from devplan_tools.suite import Suite, free_port  # noqa: E402
from devplan_tools.sample import plans  # noqa: E402

S = scorecard_pb2
DISTRICT = "410108"
AS_OF = "2024-09-30"
ORIGIN = "http://screen.test"
READER = "dashboard"
# Reads 410108 only (deploy/auth/policy.textproto): 410102 is refused to it.
CULTURE = "culture-tourism-410108"
ENV_WRITER = "eco-environment-410108"


def date(text):
    d = datetime.date.fromisoformat(text)
    return common_pb2.Date(year=d.year, month=d.month, day=d.day)


def get(url, token=None, headers=None, method="GET"):
    """(status, headers, body) of one request; errors are answers too."""
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url, headers=h, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class SseReader:
    """Events of one text/event-stream response, read line by line."""

    def __init__(self, base, path, token, headers=None):
        host, port = base[len("http://"):].split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        h = {"Authorization": "Bearer " + token, "Accept": "text/event-stream"}
        h.update(headers or {})
        self.conn.request("GET", path, headers=h)
        self.response = self.conn.getresponse()
        self.comments = 0

    def next_event(self, quiet_for=None, hang_guard=20.0):
        """{"event":…, "id":…, "data":…} of the next event, None at the end of the stream;
        comments are counted. With `quiet_for`: "quiet" when only comments came for that long."""
        event = {}
        started = time.monotonic()
        while True:
            waited = time.monotonic() - started
            if quiet_for is not None and waited > quiet_for and not event:
                return "quiet"
            if waited > hang_guard:
                raise AssertionError("no event within %.0f s" % hang_guard)
            line = self.response.readline()  # the body is chunked: read through http.client
            if not line:
                return None
            line = line.decode("utf-8").rstrip("\n")
            if line == "":
                if event:
                    return event
                continue
            if line.startswith(":"):
                self.comments += 1
                continue
            field, _, value = line.partition(": ")
            event[field] = value

    def close(self):
        self.conn.close()


class GatewayTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.suite = Suite().start()
        try:
            with cls.suite.channel("aggregator", "plan-admin") as ch:
                plans.load(ch, log=lambda *_: None, files=[f for f in plans.plan_files() if "2024" in f])
            with cls.suite.channel("environment", ENV_WRITER) as ch:
                environment_pb2_grpc.EnvironmentServiceStub(ch).SubmitDailyAqi(
                    environment_pb2.SubmitDailyAqiRequest(district=DISTRICT, date=date("2024-09-01"), aqi=42),
                    timeout=10)
            cls.gateway_metrics = "127.0.0.1:%d" % free_port()
            cls.base = cls.suite.start_gateway(
                args=["--cors-origins", ORIGIN, "--heartbeat-ms", "300", "--max-sse-clients", "2",
                      "--metrics-listen", cls.gateway_metrics, "--log-format", "json"])
            # The broken gateway: an aggregator that accepts and never answers, an investment
            # service whose port is closed.
            cls.black_hole = socket.socket()
            cls.black_hole.bind(("127.0.0.1", 0))
            cls.black_hole.listen(16)
            cls.broken = cls.suite.start_gateway(name="gateway-broken", args=[
                "--aggregator-addr", "127.0.0.1:%d" % cls.black_hole.getsockname()[1],
                "--investment-addr", "127.0.0.1:%d" % free_port(), "--deadline-ms", "1500"])
        except Exception:
            cls.suite.stop()
            raise
        cls.token = cls.suite.token(READER)
        cls.channel = cls.suite.channel("aggregator", READER)
        cls.scorecards = scorecard_pb2_grpc.ScorecardServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.black_hole.close()
        cls.suite.stop()

    def json_ok(self, path, message, token=None):
        status, headers, body = get(self.base + path, token or self.token)
        self.assertEqual(status, 200, body)
        self.assertTrue(headers["Content-Type"].startswith("application/json"))
        return json_format.Parse(body, message), headers

    def assertError(self, answer, http_status, status_name, names=None):
        status, headers, body = answer
        self.assertEqual(status, http_status, body)
        error = json.loads(body)["error"]
        self.assertEqual(error["code"], http_status)
        self.assertEqual(error["status"], status_name)
        if names:
            self.assertIn(names, error["message"])
        return error

    # --- the replies are the gRPC replies ------------------------------------------------

    def test_card_json_equals_grpc_card(self):
        for query, areas in [("as_of=" + AS_OF, []),
                             ("as_of=%s&areas=ECOLOGY,livelihood" % AS_OF, [S.AREA_ECOLOGY, S.AREA_LIVELIHOOD])]:
            with self.subTest(query=query):
                card, _ = self.json_ok("/v1/districts/%s/scorecard?%s" % (DISTRICT, query), S.Scorecard())
                want = self.scorecards.GetScorecard(
                    S.GetScorecardRequest(district=DISTRICT, as_of=date(AS_OF), areas=areas), timeout=30)
                self.assertTrue(card.indicators)
                card.ClearField("compute_time")
                want.ClearField("compute_time")
                self.assertEqual(card, want)

    def test_other_reads_equal_grpc(self):
        history, _ = self.json_ok("/v1/districts/%s/indicators/eco.air_good_days/history?year=2024&to_month=9"
                                  % DISTRICT, S.IndicatorHistory())
        self.assertEqual(history, self.scorecards.GetIndicatorHistory(S.GetIndicatorHistoryRequest(
            district=DISTRICT, indicator="eco.air_good_days", year=2024, to_month=9), timeout=30))
        comparison, _ = self.json_ok("/v1/scorecards:compare?as_of=%s&districts=410108,410102" % AS_OF,
                                     S.DistrictComparison())
        want = self.scorecards.CompareDistricts(S.CompareDistrictsRequest(
            as_of=date(AS_OF), districts=["410108", "410102"]), timeout=30)
        self.assertEqual([d.district for d in comparison.districts], [d.district for d in want.districts])
        comparison.ClearField("compute_time")
        want.ClearField("compute_time")
        self.assertEqual(comparison, want)
        calendar, _ = self.json_ok("/v1/districts/%s/aqiCalendar?start_date=2024-09-01&end_date=2024-09-30"
                                   % DISTRICT, environment_pb2.GetAqiCalendarResponse())
        self.assertEqual(len(calendar.days), 30)
        self.assertEqual(calendar.days[0].aqi, 42)
        self.assertEqual(calendar.good_days, 1)
        day, _ = self.json_ok("/v1/districts/%s/airQualityDays/2024-09-01" % DISTRICT, environment_pb2.AirQualityDay())
        self.assertEqual(day.assessment.aqi, 42)
        defs, _ = self.json_ok("/v1/services/environment/metricDefinitions?page_size=1000",
                               common_pb2.ListMetricDefinitionsResponse())
        self.assertIn("environment.air_good_days", [d.key for d in defs.definitions])

    # --- errors: Google's HTTP mapping and body ------------------------------------------

    def test_bad_input_is_400_naming_the_parameter_before_any_call(self):
        card = "/v1/districts/%s/scorecard" % DISTRICT
        cases = [
            (card + "?as_of=2024-13-01", "as_of"),
            (card + "?as_of=2024-02-30", "as_of"),
            (card + "?as_of=20240930", "as_of"),
            (card + "?areas=ECOLOGY,WEATHER", "areas"),
            (card + "?as_of=2024-09-30&colour=red", "colour"),
            (card + "?as_of=2024-09-30&as_of=2024-09-29", "as_of"),
            ("/v1/districts/41010x/scorecard", "district"),
            ("/v1/districts/410108/indicators/eco.air_good_days/history?year=24", "year"),
            ("/v1/districts/410108/indicators/eco.air_good_days/history?to_month=13", "to_month"),
            ("/v1/scorecards:compare?districts=410108,123", "districts"),
            ("/v1/districts/410108/aqiCalendar?start_date=2024-09-01", "end_date"),
            ("/v1/districts/410108/airQualityDays/yesterday", "date"),
            ("/v1/services/environment/metricDefinitions?page_size=-1", "page_size"),
        ]
        for path, name in cases:
            with self.subTest(path=path):
                # No token: a refusal that names the parameter came before any gRPC call
                # (a call would have been UNAUTHENTICATED).
                self.assertError(get(self.base + path), 400, "INVALID_ARGUMENT", name)

    def test_grpc_errors_map_to_http(self):
        card = self.base + "/v1/districts/%s/scorecard?as_of=%s" % (DISTRICT, AS_OF)
        # No token: the gateway lends no identity of its own; the server refuses the call.
        self.assertError(get(card), 401, "UNAUTHENTICATED")
        self.assertError(get(card, "not.a.jwt"), 401, "UNAUTHENTICATED", "bearer token")
        self.assertError(get(card, headers={"Authorization": "Basic YWxhZGRpbjpvcGVu"}), 401,
                         "UNAUTHENTICATED", "Authorization")
        self.assertError(get(self.base + "/v1/districts/410102/scorecard?as_of=" + AS_OF,
                             self.suite.token(CULTURE)), 403, "PERMISSION_DENIED")
        self.assertError(get(self.base + "/v1/districts/410108/scorecard?as_of=2019-06-30", self.token),
                         404, "NOT_FOUND")
        self.assertError(get(self.base + "/v1/services/weather/metricDefinitions", self.token), 404, "NOT_FOUND")
        self.assertError(get(self.base + "/v1/nothing/here", self.token), 404, "NOT_FOUND", "no route")
        self.assertError(get(card, self.token, method="POST"), 405, "UNIMPLEMENTED")
        # The broken gateway: a closed port is UNAVAILABLE, a server that never answers is
        # DEADLINE_EXCEEDED after --deadline-ms.
        self.assertError(get(self.broken + "/v1/services/investment/metricDefinitions", self.token),
                         503, "UNAVAILABLE")
        started = time.monotonic()
        self.assertError(get(self.broken + "/v1/districts/%s/scorecard?as_of=%s" % (DISTRICT, AS_OF), self.token),
                         504, "DEADLINE_EXCEEDED")
        print("DEADLINE_EXCEEDED after %.2f s (--deadline-ms 1500)" % (time.monotonic() - started))

    def test_too_many_header_fields_and_query_parameters(self):
        headers = {"X-Filler-%d" % i: "x" for i in range(80)}
        self.assertError(get(self.base + "/healthz", headers=headers), 431, "INVALID_ARGUMENT", "header fields")
        self.assertError(get(self.base + "/v1/districts/410108/scorecard?as_of=" + "9" * 9000), 414,
                         "INVALID_ARGUMENT", "8192 bytes")
        query = "&".join("p%d=1" % i for i in range(20))
        self.assertError(get(self.base + "/v1/districts/410108/scorecard?" + query, self.token),
                         400, "INVALID_ARGUMENT", "too many query parameters")

    # --- ETag and 304 --------------------------------------------------------------------

    def test_etag_and_not_modified_until_a_write(self):
        path = self.base + "/v1/districts/%s/scorecard?as_of=%s" % (DISTRICT, AS_OF)
        status, headers, body = get(path, self.token)
        self.assertEqual(status, 200)
        etag = headers["ETag"]
        self.assertRegex(etag, r'^"[0-9a-f]{32}"$')
        status, headers, again = get(path, self.token)
        self.assertEqual((status, headers["ETag"], again), (200, etag, body))
        status, headers, empty = get(path, self.token, headers={"If-None-Match": 'W/"other", ' + etag})
        self.assertEqual((status, headers["ETag"], empty), (304, etag, b""))
        self.create_event("gw-etag")
        status, headers, changed = get(path, self.token, headers={"If-None-Match": etag})
        self.assertEqual(status, 200)
        self.assertNotEqual(headers["ETag"], etag)
        self.assertNotEqual(changed, body)

    def test_gzip_for_clients_that_take_it(self):
        path = self.base + "/v1/districts/%s/scorecard?as_of=%s" % (DISTRICT, AS_OF)
        status, plain_headers, plain = get(path, self.token)
        self.assertEqual(status, 200)
        self.assertIsNone(plain_headers["Content-Encoding"])
        self.assertIn("Accept-Encoding", plain_headers.get_all("Vary"))
        status, headers, packed = get(path, self.token, headers={"Accept-Encoding": "br;q=1.0, gzip;q=0.8"})
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Encoding"], "gzip")
        self.assertIn("Accept-Encoding", headers.get_all("Vary"))
        self.assertEqual(gzip.decompress(packed), plain)
        self.assertLess(len(packed), len(plain) / 4)
        # Its own ETag: a cache holding one encoding is not told the other matches.
        self.assertEqual(headers["ETag"], plain_headers["ETag"][:-1] + '-gzip"')
        status, _, empty = get(path, self.token, headers={"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
        self.assertEqual((status, empty), (304, b""))
        status, _, _ = get(path, self.token, headers={"If-None-Match": headers["ETag"]})
        self.assertEqual(status, 200)
        # Refused at weight 0.
        status, headers, body = get(path, self.token, headers={"Accept-Encoding": "gzip;q=0, deflate"})
        self.assertEqual((status, headers["Content-Encoding"], body), (200, None, plain))

    # --- request ids, logs and metrics -----------------------------------------------------

    def log_lines(self, name):
        with open(os.path.join(self.suite.log_dir, name + ".log"), encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()

    def test_request_id_goes_through_to_the_servers_and_back(self):
        path = self.base + "/v1/districts/%s/scorecard?as_of=2024-08-31" % DISTRICT
        status, headers, _ = get(path, self.token, headers={"X-Request-Id": "screen-7f3a.1"})
        self.assertEqual((status, headers["X-Request-Id"]), (200, "screen-7f3a.1"))
        # An id unfit for a log line or a header is replaced by one of the gateway's own.
        status, headers, _ = get(path, self.token, headers={"X-Request-Id": "no spaces\tor tabs"})
        self.assertEqual(status, 200)
        self.assertRegex(headers["X-Request-Id"], r"^[0-9a-f]{16}$")
        # The gateway's own line, as JSON, carries the id; the aggregator's lines of the call do too.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ours = [json.loads(line) for line in self.log_lines("gateway") if "screen-7f3a.1" in line]
            theirs = [line for line in self.log_lines("aggregator") if "screen-7f3a.1" in line]
            if ours and theirs:
                break
            time.sleep(0.1)
        self.assertTrue(ours, "no gateway log line with the request id")
        self.assertEqual(ours[0]["x_request_id"], "screen-7f3a.1")
        self.assertIn("/v1/districts/%s/scorecard 200" % DISTRICT, ours[0]["msg"])
        self.assertTrue(theirs, "the aggregator logged nothing with the request id")

    def test_metrics_count_responses_by_route_and_status_class(self):
        def count(route, status_class):
            _, _, body = get("http://%s/metrics" % self.gateway_metrics)
            for line in body.decode().splitlines():
                if line.startswith('devplan_http_requests_total{route="%s",status_class="%s"}' % (route, status_class)):
                    return float(line.split()[-1])
            return 0.0

        ok_before, bad_before = count("scorecard", "2xx"), count("scorecard", "4xx")
        for _ in range(3):
            self.assertEqual(get(self.base + "/v1/districts/%s/scorecard?as_of=%s" % (DISTRICT, AS_OF),
                                 self.token)[0], 200)
        self.assertEqual(get(self.base + "/v1/districts/41010X/scorecard", self.token)[0], 400)
        self.assertEqual(get(self.base + "/nowhere", self.token)[0], 404)
        # The logger counts a response once it is written: after the client has it.
        deadline = time.monotonic() + 10
        while count("scorecard", "2xx") < ok_before + 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(count("scorecard", "2xx"), ok_before + 3)
        self.assertEqual(count("scorecard", "4xx"), bad_before + 1)
        self.assertGreaterEqual(count("other", "4xx"), 1)
        _, _, body = get("http://%s/metrics" % self.gateway_metrics)
        self.assertIn("devplan_http_request_duration_seconds_bucket{", body.decode())

    # --- CORS ----------------------------------------------------------------------------

    def test_cors_only_for_listed_origins(self):
        path = self.base + "/v1/districts/%s/scorecard?as_of=%s" % (DISTRICT, AS_OF)
        status, headers, _ = get(path, self.token, headers={"Origin": ORIGIN})
        self.assertEqual(status, 200)
        self.assertEqual(headers["Access-Control-Allow-Origin"], ORIGIN)
        self.assertIn("ETag", headers["Access-Control-Expose-Headers"])
        status, headers, _ = get(path, self.token, headers={"Origin": "http://elsewhere.test"})
        self.assertEqual(status, 200)
        self.assertIsNone(headers["Access-Control-Allow-Origin"])
        preflight = {"Origin": ORIGIN, "Access-Control-Request-Method": "GET",
                     "Access-Control-Request-Headers": "authorization"}
        status, headers, _ = get(path, headers=preflight, method="OPTIONS")
        self.assertEqual(status, 204)
        self.assertEqual(headers["Access-Control-Allow-Origin"], ORIGIN)
        self.assertIn("Authorization", headers["Access-Control-Allow-Headers"])
        preflight["Origin"] = "http://elsewhere.test"
        self.assertError(get(path, headers=preflight, method="OPTIONS"), 403, "PERMISSION_DENIED", "Origin")
        status, headers, _ = get(self.broken + "/healthz", headers={"Origin": ORIGIN})
        self.assertIsNone(headers["Access-Control-Allow-Origin"])  # CORS is off by default

    # --- live updates --------------------------------------------------------------------

    def create_event(self, event_id):
        """One cultural event on 410108 (counted on the card as of AS_OF), as its department."""
        with self.suite.channel("social", CULTURE) as ch:
            social_pb2_grpc.SocialServiceStub(ch).CreateEvent(social_pb2.CreateEventRequest(
                event=social_pb2.Event(
                    event_id=event_id, district=DISTRICT, kind=social_pb2.EVENT_KIND_CULTURAL,
                    title_zh="网关测试活动 %s" % event_id, start_date=date("2024-09-01"),
                    cultural_type=social_pb2.CULTURAL_EVENT_TYPE_READING_PROMOTION, organizer="区文化广电和旅游局"),
                request_id="rq-" + event_id), timeout=10)

    def cultural_events(self, card):
        return [i.actual for i in card.indicators if i.id == "soc.cultural_events"]

    def wait_no_streams(self):
        """Until the gateway let go of the streams earlier tests closed (it notices a closed
        one at its next write, a heartbeat at most --heartbeat-ms later)."""
        deadline = time.monotonic() + 20
        while json.loads(get(self.base + "/healthz")[2])["liveStreams"] > 0:
            self.assertLess(time.monotonic(), deadline, "closed streams never released")
            time.sleep(0.05)

    def test_sse_pushes_the_card_a_write_changes(self):
        self.wait_no_streams()
        path = "/v1/districts/%s/scorecard:watch?as_of=%s" % (DISTRICT, AS_OF)
        stream = SseReader(self.base, path, self.token)
        try:
            self.assertEqual(stream.response.status, 200)
            self.assertTrue(stream.response.getheader("Content-Type").startswith("text/event-stream"))
            first = stream.next_event()
            self.assertEqual((first["event"], first["id"]), ("scorecard", "1"))
            before = json_format.Parse(first["data"], S.Scorecard())
            self.assertEqual(before.district, DISTRICT)
            self.create_event("gw-sse")
            written = time.monotonic()
            event = stream.next_event()
            print("SSE event %.3f s after the write" % (time.monotonic() - written))
            self.assertEqual((event["event"], event["id"]), ("scorecard", "2"))
            after = json_format.Parse(event["data"], S.Scorecard())
            self.assertNotEqual(self.cultural_events(after), self.cultural_events(before))
            want = self.scorecards.GetScorecard(S.GetScorecardRequest(district=DISTRICT, as_of=date(AS_OF)),
                                                timeout=30)
            for card in (after, want):
                card.ClearField("compute_time")
            self.assertEqual(after, want)
            # Nothing changes for a while: heartbeats (--heartbeat-ms 300) keep the stream.
            self.assertEqual(stream.next_event(quiet_for=1.5), "quiet")
            self.assertGreater(stream.comments, 0)
        finally:
            stream.close()
        # A reconnect with Last-Event-ID gets the current card at once, its ids going on.
        again = SseReader(self.base, path, self.token, {"Last-Event-ID": "2"})
        try:
            event = again.next_event()
            self.assertEqual((event["event"], event["id"]), ("scorecard", "3"))
            card = json_format.Parse(event["data"], S.Scorecard())
            card.ClearField("compute_time")
            self.assertEqual(card, want)
        finally:
            again.close()

    def test_sse_refusals_and_bound(self):
        self.wait_no_streams()
        path = "/v1/districts/%s/scorecard:watch?as_of=%s" % (DISTRICT, AS_OF)
        self.assertError(get(self.base + path), 401, "UNAUTHENTICATED")
        self.assertError(get(self.base + path, self.token, headers={"Last-Event-ID": "x"}), 400,
                         "INVALID_ARGUMENT", "Last-Event-ID")
        self.assertError(get(self.base + "/v1/districts/410102/scorecard:watch", self.suite.token(CULTURE)),
                         403, "PERMISSION_DENIED")
        streams = [SseReader(self.base, path, self.token) for _ in range(2)]
        try:
            for s in streams:
                self.assertEqual(s.next_event()["event"], "scorecard")
            self.assertError(get(self.base + path, self.token), 429, "RESOURCE_EXHAUSTED", "--max-sse-clients")
        finally:
            for s in streams:
                s.close()
        # A closed stream frees its slot once the gateway notices (its next heartbeat write).
        self.wait_no_streams()
        third = SseReader(self.base, path, self.token)
        try:
            self.assertEqual(third.next_event()["event"], "scorecard")
        finally:
            third.close()

    def test_sigterm_ends_streams_with_an_event_and_exits_0(self):
        base = self.suite.start_gateway(name="gateway-stopping", args=["--lame-duck-ms", "100"])
        stream = SseReader(base, "/v1/districts/%s/scorecard:watch?as_of=%s" % (DISTRICT, AS_OF), self.token)
        try:
            self.assertEqual(stream.next_event()["event"], "scorecard")
            proc = self.suite.procs["gateway-stopping"]
            proc.send_signal(signal.SIGTERM)
            event = stream.next_event()
            self.assertEqual(event["event"], "error")
            self.assertEqual(json.loads(event["data"])["error"]["status"], "UNAVAILABLE")
            self.assertIsNone(stream.next_event())  # the stream ends
            self.assertEqual(proc.wait(timeout=20), 0)
        finally:
            stream.close()

    def test_a_second_gateway_on_a_served_port_does_not_start(self):
        # Without SO_REUSEPORT (httplib's default) it cannot bind the port and share its
        # connections with the first.
        taken = self.base[len("http://"):]
        second = subprocess.run([os.path.join(BUILD_DIR, "services", "gateway", "gateway_server"), "--listen", taken],
                                env=self.suite.env(), capture_output=True, text=True, timeout=60)
        self.assertNotEqual(second.returncode, 0)
        self.assertIn("cannot listen on " + taken, second.stdout + second.stderr)
        with urllib.request.urlopen(self.base + "/healthz", timeout=5) as r:
            self.assertEqual(r.status, 200)


if __name__ == "__main__":
    unittest.main(verbosity=2)
