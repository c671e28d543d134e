#!/usr/bin/python3
"""A real Prometheus (Debian's `prometheus`) scrapes the four servers and the HTTP/JSON gateway
of a private suite while
a small workload runs; its HTTP API must show the series the workload touched, moved by
exactly what the workload did (every counter read before and after it; nothing else calls
the suite). Each run has its own Prometheus: a kernel-picked port, a generated configuration
and a private data directory under the suite's temporary directory."""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from devplan_tools.stubs import (grpc, date, common_pb2, environment_pb2, environment_pb2_grpc,  # noqa: E402
                                 investment_pb2, investment_pb2_grpc, scorecard_pb2, scorecard_pb2_grpc)
from devplan_tools.sample import plans  # noqa: E402
from devplan_tools.sample import environment as sample_env  # noqa: E402
from devplan_tools.children import die_with_parent  # noqa: E402
from devplan_tools.suite import Suite, SERVICES, free_port  # noqa: E402

D = "410108"
AS_OF = date(datetime.date(2024, 6, 30))
READER = "dashboard"
SCRAPE_INTERVAL_S = 1
# How long a value may take to show in Prometheus after the workload: a scrape interval plus
# the query's staleness; generous for a loaded CI machine. A wait, not an assertion.
SETTLE_TIMEOUT_S = 30


def prometheus_config(targets, path):
    # One job, a target per server labelled with its service (the deployment's configuration,
    # deploy/prometheus/prometheus.yml, has the same shape).
    lines = ["global:", "  scrape_interval: %ds" % SCRAPE_INTERVAL_S, "  scrape_timeout: %ds" % SCRAPE_INTERVAL_S,
             "  evaluation_interval: %ds" % SCRAPE_INTERVAL_S, "scrape_configs:", "  - job_name: devplan",
             "    static_configs:"]
    for service, addr in targets.items():
        lines += ["      - targets: ['%s']" % addr, "        labels: {service: %s}" % service]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


class PrometheusScrapeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("prometheus") is None:
            raise unittest.SkipTest("Debian's prometheus is not installed (scripts/test.sh installs it)")
        cls.suite = Suite().start()
        # The four servers and the HTTP/JSON gateway, as deploy/prometheus/prometheus.yml has them.
        cls.targets = {s: cls.suite.metrics_addr(s) for s in SERVICES}
        cls.targets["gateway"] = "127.0.0.1:%d" % free_port()
        cls.gateway = cls.suite.start_gateway(args=["--metrics-listen", cls.targets["gateway"]])
        tmp = cls.suite.tmp
        config = os.path.join(tmp, "prometheus.yml")
        prometheus_config(cls.targets, config)
        cls.prom_port = free_port()
        cls.prom_log = open(os.path.join(cls.suite.log_dir, "prometheus.log"), "ab")
        cls.prom = subprocess.Popen(
            ["prometheus", "--config.file=" + config, "--storage.tsdb.path=" + os.path.join(tmp, "prometheus-data"),
             "--web.listen-address=127.0.0.1:%d" % cls.prom_port, "--storage.tsdb.retention.time=1h"],
            stdout=cls.prom_log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=die_with_parent())
        # Every target scraped once (up == 1) before anything is read as a baseline.
        cls.wait_for(lambda: cls.value('count(up{job="devplan"} == 1)') == len(cls.targets),
                     "all five targets up")

    @classmethod
    def tearDownClass(cls):
        cls.prom.terminate()
        try:
            cls.prom.wait(timeout=15)
        except subprocess.TimeoutExpired:
            cls.prom.kill()
            cls.prom.wait()
        cls.prom_log.close()
        cls.suite.stop()

    @classmethod
    def query(cls, expr):
        url = "http://127.0.0.1:%d/api/v1/query?%s" % (cls.prom_port, urllib.parse.urlencode({"query": expr}))
        with urllib.request.urlopen(url, timeout=5) as r:
            body = json.load(r)
        if body["status"] != "success":
            raise AssertionError("%s: %s" % (expr, body))
        return body["data"]["result"]

    @classmethod
    def value(cls, expr):
        """The single value of `expr` (a sum, a count), 0 when it has no series yet."""
        try:
            result = cls.query(expr)
        except OSError:
            return None  # Prometheus not listening yet
        if not result:
            return 0
        return float(result[0]["value"][1])

    @classmethod
    def wait_for(cls, predicate, what):
        deadline = time.time() + SETTLE_TIMEOUT_S + 30
        while time.time() < deadline:
            if predicate():
                return
            if cls.prom.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError("Prometheus never saw %s (log: %s)" % (what, cls.prom_log.name))

    @classmethod
    def scraped_after_now(cls):
        """Waits for a scrape of every server that began after this call, so a baseline read
        next includes everything done before (the previous test's calls too)."""
        now = time.time()
        cls.wait_for(lambda: (cls.value('min(timestamp(up{job="devplan"}))') or 0) > now + 0.05,
                     "a scrape of every server after %.3f" % now)

    def settled(self, expected):
        """Waits until every expression in `expected` shows its value, then answers what each
        shows, for assertEqual (so a counter that moved by another amount fails, naming it)."""
        deadline = time.time() + SETTLE_TIMEOUT_S
        while True:
            got = {expr: self.value(expr) for expr in expected}
            if got == expected or time.time() > deadline:
                return got
            time.sleep(0.2)

    def test_workload_moves_the_counters_by_what_it_did(self):
        counters = {
            # three GetMetrics refused for a malformed district
            'sum(devplan_rpc_requests_total{service="investment",grpc_method="GetMetrics",'
            'grpc_code="INVALID_ARGUMENT"})': 3,
            'sum(devplan_rpc_duration_seconds_count{service="investment",grpc_method="GetMetrics",'
            'grpc_code="INVALID_ARGUMENT"})': 3,
            # two calls without credentials, refused before any handler
            'sum(devplan_auth_refused_total{service="social",grpc_code="UNAUTHENTICATED"})': 2,
            # a station registered, two readings stored and one refused
            'sum(devplan_facts_written_total{service="environment",kind="station"})': 1,
            'sum(devplan_ingest_readings_total{service="environment",result="accepted"})': 2,
            'sum(devplan_ingest_readings_total{service="environment",result="refused"})': 1,
            # the same card twice: computed once (one fan-out call to each service, for the day
            # and, as also_as_of, the month before), then from the cache
            'sum(devplan_rpc_requests_total{service="aggregator",grpc_method="GetScorecard",grpc_code="OK"})': 2,
            'sum(devplan_scorecard_cache_requests_total{service="aggregator",result="miss"})': 1,
            'sum(devplan_scorecard_cache_requests_total{service="aggregator",result="hit"})': 1,
            'sum(devplan_fanout_duration_seconds_count{service="aggregator",source="investment"})': 1,
            'sum(devplan_fanout_duration_seconds_count{service="aggregator",source="environment"})': 1,
            'sum(devplan_fanout_duration_seconds_count{service="aggregator",source="social"})': 1,
            'sum(devplan_rpc_requests_total{service="social",grpc_method="GetMetrics",grpc_code="OK"})': 1,
            'sum(devplan_fanout_failures_total{service="aggregator"})': 0,
            'sum(devplan_scorecards_partial_total{service="aggregator"})': 0,
        }
        self.scraped_after_now()
        before = {expr: self.value(expr) for expr in counters}
        evalsha_before = self.value('sum(devplan_redis_command_duration_seconds_count'
                                    '{service="environment",command="EVALSHA"})')

        inv = investment_pb2_grpc.InvestmentServiceStub(self.suite.channel("investment", READER))
        for _ in range(3):
            with self.assertRaises(grpc.RpcError) as bad:
                inv.GetMetrics(common_pb2.GetMetricsRequest(district="4101", as_of=AS_OF), timeout=5)
            self.assertEqual(bad.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        with self.suite.channel("social") as anonymous:
            for _ in range(2):
                with self.assertRaises(grpc.RpcError) as e:
                    investment_pb2_grpc.InvestmentServiceStub(anonymous).ListProjects(
                        investment_pb2.ListProjectsRequest(district=D), timeout=5)
                # The social server answers (it has no ListProjects), but access comes first.
                self.assertEqual(e.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

        env = environment_pb2_grpc.EnvironmentServiceStub(self.suite.reporting_channel("environment", D))
        sid, zh, en, level, lat, lon = sample_env.STATIONS[0]
        env.CreateStation(environment_pb2.CreateStationRequest(
            station=environment_pb2.Station(station_id=sid, district=D, title_zh=zh, title_en=en, level=level,
                                            latitude=lat, longitude=lon),
            reported_by=sample_env.MONITORING, request_id="metrics-station"), timeout=5)
        day = date(datetime.date(2024, 3, 1))
        conc = environment_pb2.HourlyConcentrations(pm25=35, pm10=60)
        reply = env.SubmitHourlyReadings(environment_pb2.SubmitHourlyReadingsRequest(
            district=D, year=2024, reported_by=sample_env.MONITORING,
            readings=[environment_pb2.HourlyReading(station_id=sid, date=day, hour=1, concentrations=conc),
                      environment_pb2.HourlyReading(station_id=sid, date=day, hour=2, concentrations=conc),
                      environment_pb2.HourlyReading(station_id="NO-SUCH-STATION", date=day, hour=1,
                                                    concentrations=conc)]), timeout=5)
        self.assertEqual((reply.accepted_count, reply.refused_count), (2, 1))

        plans.load(self.suite.channel("aggregator", "plan-admin"), log=lambda _: None)
        sc = scorecard_pb2_grpc.ScorecardServiceStub(self.suite.channel("aggregator", READER))
        for _ in range(2):
            card = sc.GetScorecard(scorecard_pb2.GetScorecardRequest(district=D, as_of=AS_OF), timeout=10)
            self.assertEqual(list(card.failed_sources), [])

        expected = {expr: before[expr] + n for expr, n in counters.items()}
        self.assertEqual(self.settled(expected), expected)
        self.assertGreater(self.value('sum(devplan_redis_command_duration_seconds_count'
                                      '{service="environment",command="EVALSHA"})'), evalsha_before)
        # Every server reports its Redis up, and when it last accepted a write for 410108.
        self.assertEqual(self.value('count(devplan_redis_up == 1)'), len(SERVICES))
        self.assertEqual(self.value('count(devplan_district_last_write_timestamp_seconds'
                                    '{service="environment",district="410108"})'), 1)

    def test_a_watch_is_counted_open_and_its_pushes(self):
        open_expr = 'sum(devplan_watch_streams_open{service="aggregator"})'
        pushes_expr = 'sum(devplan_watch_pushes_total{service="aggregator"})'
        plans.load(self.suite.channel("aggregator", "plan-admin"), log=lambda _: None)
        self.scraped_after_now()
        pushes = self.value(pushes_expr)
        self.assertEqual(self.value(open_expr), 0)
        sc = scorecard_pb2_grpc.ScorecardServiceStub(self.suite.channel("aggregator", READER))
        stream = sc.WatchScorecard(scorecard_pb2.WatchScorecardRequest(district=D, as_of=AS_OF), timeout=60)
        first = next(stream)
        self.assertEqual(first.district, D)
        expected = {open_expr: 1, pushes_expr: pushes + 1}
        self.assertEqual(self.settled(expected), expected)
        stream.cancel()
        self.assertEqual(self.settled({open_expr: 0}), {open_expr: 0})

    def test_gateway_responses_are_counted_by_route_and_class(self):
        self.scraped_after_now()
        ok = 'sum(devplan_http_requests_total{service="gateway",route="healthz",status_class="2xx"})'
        missing = 'sum(devplan_http_requests_total{service="gateway",route="other",status_class="4xx"})'
        before = {expr: self.value(expr) for expr in (ok, missing)}
        for _ in range(3):
            with urllib.request.urlopen(self.gateway + "/healthz", timeout=5) as r:
                self.assertEqual(r.status, 200)
        with self.assertRaises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(self.gateway + "/no/such/route", timeout=5)
        self.assertEqual(err.exception.code, 404)
        self.assertEqual(self.settled({ok: before[ok] + 3, missing: before[missing] + 1}),
                         {ok: before[ok] + 3, missing: before[missing] + 1})

    def test_the_metrics_port_answers_prometheus_text(self):
        with urllib.request.urlopen("http://%s/metrics" % self.suite.metrics_addr("aggregator"), timeout=5) as r:
            text = r.read().decode()
        self.assertIn("# TYPE devplan_rpc_duration_seconds histogram", text)
        self.assertIn("# TYPE devplan_redis_up gauge", text)

    def test_every_dashboard_query_is_valid_promql_over_exported_metrics(self):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "prometheus",
                            "grafana-dashboard.json")
        with open(path) as f:
            dashboard = json.load(f)
        exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
        self.assertGreater(len(exprs), 10)
        exported = self.exported()
        for expr in exprs:
            self.query(expr)  # Prometheus refuses a query that does not parse
            names = {re.sub(r"_(bucket|count|sum)$", "", n) for n in re.findall(r"\b(devplan_\w+)", expr)}
            self.assertEqual(names - exported, set(), expr)

    def exported(self):
        names = set()
        for addr in self.targets.values():
            with urllib.request.urlopen("http://%s/metrics" % addr, timeout=5) as r:
                names |= set(re.findall(r"^# TYPE (devplan_\w+) ", r.read().decode(), re.M))
        return names

    def test_every_metric_the_alerts_use_is_exported(self):
        exported = self.exported()
        rules = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "prometheus",
                             "devplan.rules.yml")
        with open(rules) as f:
            used = set(re.findall(r"\b(devplan_\w+)", f.read()))
        used = {re.sub(r"_(bucket|count|sum)$", "", name) for name in used}
        self.assertTrue(used)
        self.assertEqual(used - exported, set())


if __name__ == "__main__":
    unittest.main(verbosity=2)
