#!/usr/bin/python3
"""Many districts: CompareDistricts over 1, 100 and 1,000 SAMPLE districts (--counts), cold and
warm, and what each district costs in memory. Prints figures, asserts nothing.

A plaintext suite of its own (like the floor rows of scripts/bench.py) is loaded with the two
SAMPLE districts through the services, then grown to each count with synthetic copies
(devplan_tools/sample/many_districts.py). At each count:
  cold   every district's data version is bumped first (INCR ver:{d}, what any write does), so
         no card and no service's facts in memory may be used: every card is computed, every
         service reloads what it needs from Redis;
  warm   the same call again, p50 of --warm-calls;
  memory RSS of each server after the calls, and Redis's used_memory; the growth per district
         is the difference between two counts over the districts added.
The round trip (one empty HealthCheck, p50) is printed beside them as the floor of this run."""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.stubs import scorecard_pb2, scorecard_pb2_grpc, health_pb2, health_pb2_grpc  # noqa: E402
from devplan_tools.suite import Suite, SERVICES  # noqa: E402
from devplan_tools.sample import investment, environment, social, plans, many_districts  # noqa: E402
from devplan_tools.sample import second_district  # noqa: E402

AS_OF = (2024, 9, 30)


def rss_kib(pid):
    with open("/proc/%d/status" % pid, encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    with open("/proc/%d/stat" % pid, encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def redis_used_memory(suite):
    info = suite.redis("INFO", "memory")
    info = info if isinstance(info, str) else info.decode()
    for line in info.split("\r\n"):
        if line.startswith("used_memory:"):
            return int(line.split(":")[1])
    return 0


def compare(stub, districts):
    request = scorecard_pb2.CompareDistrictsRequest(districts=districts)
    request.as_of.year, request.as_of.month, request.as_of.day = AS_OF
    start = time.perf_counter()
    answer = stub.CompareDistricts(request, timeout=600)
    elapsed = time.perf_counter() - start
    if len(answer.districts) != len(districts):
        raise RuntimeError("asked %d districts, ranked %d" % (len(districts), len(answer.districts)))
    return elapsed, answer


def round_trip_ms(suite):
    with suite.channel("aggregator") as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        times = []
        for _ in range(300):
            t = time.perf_counter()
            stub.Check(health_pb2.HealthCheckRequest(), timeout=5)
            times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", default="1,100,1000",
                        help="district counts, ascending (at most %d)" % many_districts.MAX_DISTRICTS)
    parser.add_argument("--warm-calls", type=int, default=5)
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    if counts != sorted(counts) or counts[0] < 1 or counts[-1] > many_districts.MAX_DISTRICTS:
        parser.error("--counts: ascending, 1 to %d" % many_districts.MAX_DISTRICTS)

    quiet = lambda *a, **k: None  # noqa: E731
    suite = Suite(insecure=True)
    try:
        suite.start()
        t = time.perf_counter()
        reporting = suite.reporting_channels("410108")
        investment.load(reporting["investment"], log=quiet)
        environment.load(reporting["environment"], log=quiet)
        social.load(reporting["social"], log=quiet)
        second_district.load(suite.reporting_channels(second_district.CODE), log=quiet, years=(2024,))
        with suite.channel("aggregator", "plan-admin") as ch:
            plans.load(ch, log=quiet)
        # deploy/redis/redis.conf's maxmemory (2 GB) holds about 400 SAMPLE districts (5 MiB
        # each, mostly hourly readings): a deployment for more sets it higher, as here.
        suite.redis("CONFIG", "SET", "maxmemory", str(max(2 << 30, counts[-1] * 8 << 20)))
        print("two SAMPLE districts loaded through the services in %.1f s" % (time.perf_counter() - t))
        floor_ms = round_trip_ms(suite)
        print("round trip (HealthCheck p50): %.3f ms" % floor_ms)

        # The districts in the order they are added: 410108, 410102, then the copies.
        synthetic = many_districts.synthetic_codes(max(0, counts[-1] - 2))
        order = ["410108", "410102"] + synthetic
        present = 2
        rows = []
        with suite.channel("aggregator", "plan-admin") as admin, suite.channel("aggregator", "dashboard") as ch:
            stub = scorecard_pb2_grpc.ScorecardServiceStub(ch)
            for n in counts:
                if n > present:
                    t = time.perf_counter()
                    keys = many_districts.load(suite.redis, admin, order[present:n], first_index=present,
                                               log=quiet)
                    print("%d districts copied (%d keys) in %.1f s" % (n - present, keys,
                                                                        time.perf_counter() - t))
                    present = n
                districts = order[:n]
                for d in districts:
                    suite.redis("INCR", "ver:{%s}" % d)
                procs = {s: suite.procs[s].pid for s in SERVICES + ["redis"]}
                before = {s: cpu_seconds(pid) for s, pid in procs.items()}
                cold, answer = compare(stub, districts)
                cold_cpu = {s: cpu_seconds(pid) - before[s] for s, pid in procs.items()}
                print("N=%d cold: CPU seconds %s" % (n, ", ".join("%s %.2f" % kv for kv in cold_cpu.items())))
                warm = statistics.median(compare(stub, districts)[0] for _ in range(args.warm_calls))
                rss = {s: rss_kib(suite.procs[s].pid) for s in SERVICES}
                rows.append((n, cold, warm, rss, redis_used_memory(suite)))
                best = answer.districts[0]
                print("N=%d: cold %.2f s, warm %.3f s; first: %s %s %.1f" % (
                    n, cold, warm, best.district, best.district_name_zh, best.overall_score))
    finally:
        suite.stop()

    print()
    print("| districts | CompareDistricts cold | per district | warm (p50) | per district, ÷ round trip |"
          " RSS aggregator / investment / environment / social | Redis used_memory |")
    print("|---|---|---|---|---|---|---|")
    for n, cold, warm, rss, used in rows:
        print("| %d | %.2f s | %.1f ms | %.3f s | %.2f ms, %.0f× | %s MiB | %.0f MiB |" % (
            n, cold, cold / n * 1000, warm, warm / n * 1000, warm / n * 1000 / floor_ms,
            " / ".join("%.0f" % (rss[s] / 1024) for s in ("aggregator", "investment", "environment", "social")),
            used / 2**20))
    if len(rows) >= 2:
        (n0, _, _, rss0, used0), (n1, _, _, rss1, used1) = rows[-2], rows[-1]
        added = n1 - n0
        print("per district added (%d → %d): Redis %.1f MiB; RSS %s KiB" % (
            n0, n1, (used1 - used0) / added / 2**20,
            ", ".join("%s %.0f" % (s, (rss1[s] - rss0[s]) / added) for s in SERVICES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
