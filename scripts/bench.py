#!/usr/bin/python3
"""Starts the suite on free ports, loads the SAMPLE data and the plans, runs scorecard_bench
against it (its flags pass through, e.g. --threads 8 --seconds 10), stops everything. The
suite runs over TLS as deployed; the bench reads as dashboard with a bearer token and writes as
the department that reports new urban jobs. A second suite, started --insecure and loaded the
same way, is what the TLS figures are compared with and where the ratios to the floor server
are measured (scorecard_bench --plain-*-addr); --no-plain skips it. A second aggregator of the
TLS suite, started without --metrics-listen, is what the metrics are priced against
(scorecard_bench --unmetered-aggregator-addr); --no-metrics-cost skips it. A gateway_server in
front of the TLS suite is compared with it (scorecard_bench --gateway-addr)."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.stubs import BUILD_DIR, grpc, health_pb2, health_pb2_grpc  # noqa: E402
from devplan_tools.suite import Suite, free_port  # noqa: E402
from devplan_tools.sample import investment, environment, social, plans, DISTRICT  # noqa: E402


def load(suite):
    quiet = lambda *a, **k: None  # noqa: E731
    reporting = suite.reporting_channels(DISTRICT)
    investment.load(reporting["investment"], log=quiet)
    environment.load(reporting["environment"], log=quiet)
    social.load(reporting["social"], log=quiet)
    plans.load(suite.channel("aggregator", "plan-admin"), log=quiet)


def start_unmetered_aggregator(suite):
    """A second aggregator of `suite` (its Redis, its domain services, its TLS), without
    --metrics-listen; answers its address once it serves."""
    flags = suite.server_args("aggregator", ports=False)
    addr = "127.0.0.1:%d" % free_port()
    binary = os.path.join(BUILD_DIR, "services", "aggregator", "aggregator_server")
    suite._spawn("aggregator-unmetered", [binary, "--listen", addr] + flags)
    deadline = time.time() + 20
    with grpc.secure_channel(addr, suite.credentials()) as ch:
        while time.time() < deadline:
            try:
                status = health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=1).status
                if status == health_pb2.HealthCheckResponse.SERVING:
                    return addr
            except grpc.RpcError:
                pass
            time.sleep(0.1)
    raise RuntimeError("the unmetered aggregator did not start; see %s" % suite.log_dir)


def import_under_watch(suite):
    """A year of hourly readings (43,310 rows, other values than the sample's) streamed into
    410108 while a dashboard watches its card: how many cards the aggregator computed and pushed
    for it. The watch folds the changes within 200 ms of a push into the next (scorecard_watch.h),
    so the count is bounded by the import's duration, not its rows."""
    import datetime
    import random
    import threading
    import time
    from devplan_tools.stubs import date, environment_pb2_grpc, scorecard_pb2, scorecard_pb2_grpc
    pushes = []
    with suite.channel("aggregator", "dashboard") as ch:
        watch = scorecard_pb2_grpc.ScorecardServiceStub(ch).WatchScorecard(
            scorecard_pb2.WatchScorecardRequest(district=DISTRICT, as_of=date(datetime.date(2024, 12, 31))))

        def read():
            try:
                for _ in watch:
                    pushes.append(time.perf_counter())
            except Exception:  # noqa: BLE001 (cancelled at the end)
                pass
        reader = threading.Thread(target=read)
        reader.start()
        while not pushes:  # the first card, pushed when the watch opens
            time.sleep(0.01)
        before = suite.redis("GET", "ver:{%s}" % DISTRICT)
        start = time.perf_counter()
        stub = environment_pb2_grpc.EnvironmentServiceStub(suite.reporting_channels(DISTRICT)["environment"])
        environment.load_air(stub, random.Random(4331), log=lambda *a: None)
        took = time.perf_counter() - start
        time.sleep(1.0)  # the last window's push
        writes = int(suite.redis("GET", "ver:{%s}" % DISTRICT)) - int(before)
        watch.cancel()
        reader.join()
    print("import under a watch: 43,310 hourly readings in %.2f s, %d writes acknowledged, "
          "%d cards pushed (computed) for them" % (took, writes, len(pushes) - 1))


def main():
    args = sys.argv[1:]
    with_plain = "--no-plain" not in args
    metrics_cost = "--no-metrics-cost" not in args
    args = [a for a in args if a not in ("--no-plain", "--no-metrics-cost")]
    suite = Suite()
    plain = Suite(insecure=True) if with_plain else None
    try:
        for s in (suite, plain):
            if s:
                s.start()
                load(s)
        bench = os.path.join(BUILD_DIR, "tests", "aggregator", "bench", "scorecard_bench")
        writer_cert, writer_key = suite.cert_files("hr-social-security-" + DISTRICT)
        token_file = os.path.join(suite.tmp, "dashboard.token")
        with open(token_file, "w", encoding="ascii") as f:
            f.write(suite.token("dashboard"))
        cmd = [bench, "--aggregator-addr", suite.addr("aggregator"), "--social-addr", suite.addr("social"),
               "--token-file", token_file, "--writer-cert", writer_cert, "--writer-key", writer_key]
        # The HTTP/JSON gateway in front of the TLS suite: its cached card and live stream against gRPC's.
        cmd += ["--gateway-addr", suite.start_gateway()[len("http://"):]]
        if metrics_cost:
            cmd += ["--unmetered-aggregator-addr", start_unmetered_aggregator(suite)]
        if plain:
            cmd += ["--plain-aggregator-addr", plain.addr("aggregator")]
            for service in ("investment", "environment", "social"):
                cmd += ["--plain-%s-addr" % service, plain.addr(service)]
        rc = subprocess.call(cmd + args, env=suite.env())
        import_under_watch(plain or suite)
        return rc
    finally:
        for s in (plain, suite):
            if s:
                s.stop()


if __name__ == "__main__":
    sys.exit(main())
