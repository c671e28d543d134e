#!/usr/bin/python3
"""Redis Cluster against one Redis (issue #16), per number of masters: the same plaintext suite
(four servers, one process each) on one Redis, then on clusters of 1, 2 and 3 masters, each
master with one replica (so every write waits for it: WAIT 1). In each, the same work:
  import      both SAMPLE districts (410108, 410102: their slots on different masters from 2
              masters on) loaded through the services at once, one thread per district:
              acknowledged writes per second (every write bumps its district's ver:);
  cold cards  every card of 2024 of both districts (732), none asked before (each a fan-out
              and a computation), over --threads threads: cards per second;
  cached      GetScorecard of one card per district again and again: cards per second.
Printed as figures and as ratios to the single Redis of the same run; nothing is asserted.
On one machine of 2 cores every node, server and the client share the cores: the ratios show
what the cluster costs (routing, WAIT, more processes), not what more machines would gain.
--long: the cold cards three times (after a bump of the data versions, as a write does) and
the cached ones for 10 s, instead of once and 3 s."""
import argparse
import datetime
import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.stubs import date, grpc, scorecard_pb2, scorecard_pb2_grpc  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import DISTRICT, environment, investment, plans, second_district, social  # noqa: E402

DISTRICTS = (DISTRICT, second_district.CODE)


def quiet(*_args, **_kwargs):
    pass


def load_district(addrs, district):
    """Loads `district`'s SAMPLE data into the plaintext suite at `addrs` (service → address).
    In a process of its own: the SAMPLE loaders of the two districts share module state
    (second_district.py switches it), so they cannot run side by side in one process."""
    reporting = {s: grpc.insecure_channel(a) for s, a in addrs.items()}
    if district == DISTRICT:
        investment.load(reporting["investment"], log=quiet)
        environment.load(reporting["environment"], log=quiet)
        social.load(reporting["social"], log=quiet)
    else:
        second_district.load(reporting, log=quiet, years=(2024,))


def redis_run(suite, command, key, *args):
    """One command on the node serving `key` (Suite.redis asks node 0 only)."""
    if not suite.cluster:
        return suite.redis(command, key, *args)
    node = suite.cluster.master_of(suite.cluster.run(0, "CLUSTER", "KEYSLOT", key))
    return suite.cluster.run(node, command, key, *args)


def import_both(suite):
    """Both districts at once, a process each; answers (writes acknowledged, seconds)."""
    addrs = json.dumps({s: suite.addr(s) for s in ("investment", "environment", "social")})
    start = time.perf_counter()
    loaders = [subprocess.Popen([sys.executable, os.path.abspath(__file__), "--load", d, addrs]) for d in DISTRICTS]
    if any(p.wait() != 0 for p in loaders):
        raise RuntimeError("a SAMPLE load failed (its error is above)")
    took = time.perf_counter() - start
    writes = sum(int(redis_run(suite, "GET", "ver:{%s}" % d) or 0) for d in DISTRICTS)
    return writes, took


def run_threads(threads, call):
    """call(t) in `threads` threads at once; answers the seconds they took."""
    errors = []

    def run(t):
        try:
            call(t)
        except Exception as e:  # noqa: BLE001 (raised below)
            errors.append(e)
    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start


def cold_cards(suite, threads, rounds):
    """Every card of 2024 of both districts (732), none cached by the aggregator, spread over
    `threads`; `rounds` times, each after a bump of both districts' data version (what any
    write does: every card and every service's facts in memory out of date). Cards per second."""
    days = [datetime.date(2024, 1, 1) + datetime.timedelta(days=i) for i in range(366)]
    cards = [(d, day) for day in days for d in DISTRICTS]
    took = 0.0
    for r in range(rounds):
        if r:
            for d in DISTRICTS:
                redis_run(suite, "INCR", "ver:{%s}" % d)

        def call(t):
            with suite.channel("aggregator", "dashboard") as ch:
                stub = scorecard_pb2_grpc.ScorecardServiceStub(ch)
                for d, day in cards[t::threads]:
                    stub.GetScorecard(scorecard_pb2.GetScorecardRequest(district=d, as_of=date(day)), timeout=30)
        took += run_threads(threads, call)
    return rounds * len(cards) / took


def cached_cards(suite, threads, seconds):
    """GetScorecard of one card per district, cached, for `seconds`: cards per second."""
    stop = time.perf_counter() + seconds
    counts = [0] * threads

    def call(t):
        with suite.channel("aggregator", "dashboard") as ch:
            stub = scorecard_pb2_grpc.ScorecardServiceStub(ch)
            while time.perf_counter() < stop:
                stub.GetScorecard(scorecard_pb2.GetScorecardRequest(
                    district=DISTRICTS[counts[t] % 2], as_of=date(datetime.date(2024, 9, 30))), timeout=30)
                counts[t] += 1
    took = run_threads(threads, call)
    return sum(counts) / took


def measure(masters, args):
    suite = Suite(insecure=True, cluster=masters or False)
    try:
        suite.start()
        plans.load(suite.channel("aggregator", "plan-admin"), log=quiet)
        writes, took = import_both(suite)
        return {"import": writes / took, "writes": writes, "import_s": took,
                "cold": cold_cards(suite, args.threads, args.rounds),
                "cached": cached_cards(suite, args.threads, args.seconds)}
    finally:
        suite.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--long", action="store_true",
                        help="cold cards 3 times, cached cards for 10 s (default once, 3 s)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--masters", default="1,2,3", help="cluster sizes to measure")
    parser.add_argument("--load", nargs=2, metavar=("DISTRICT", "ADDRS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        load_district(json.loads(args.load[1]), args.load[0])
        return 0
    args.seconds, args.rounds = (10, 3) if args.long else (3, 1)
    rows = [("one Redis", measure(0, args))]
    for m in (int(x) for x in args.masters.split(",")):
        rows.append(("%d master%s + %d replica%s" % (m, "s" * (m > 1), m, "s" * (m > 1)), measure(m, args)))
    base = rows[0][1]
    print("%-26s %22s %20s %20s" % ("Redis", "import (writes/s)", "cold cards/s", "cached cards/s"))
    for name, r in rows:
        print("%-26s %13.0f (%.2fx) %12.1f (%.2fx) %12.1f (%.2fx)" % (
            name, r["import"], r["import"] / base["import"], r["cold"], r["cold"] / base["cold"],
            r["cached"], r["cached"] / base["cached"]))
    print("(import: both SAMPLE districts at once, %d writes; cards: %d threads, cold: every card of 2024 "
          "of both districts %d time(s), cached: %d s)" % (base["writes"], args.threads, args.rounds, args.seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
