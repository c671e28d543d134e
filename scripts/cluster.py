#!/usr/bin/python3
"""The suite on a Redis Cluster, behind scripts/cluster.sh (issue #16): a private
3-master/3-replica cluster on loopback (cluster-node-timeout 1000 ms), two replicas of each
of the four servers on it (--redis cluster://…; each client gets both replicas of a service),
the SAMPLE data of both districts (their slots on different masters) and the plans; the two
scorecards, as scripts/demo.sh prints them; then kill -9 of the master holding 410108, how long
until its scorecard is served again (the same card), what a write gets while the promoted
master has no replica (UNAVAILABLE: not acknowledged undurably), and after the old master is
back as its replica (written); last kill -9 of one replica of every service, and the cards
still complete. Stops everything it started, also on Ctrl-C or an error."""
import datetime
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.stubs import date, grpc, scorecard_pb2, scorecard_pb2_grpc, social_pb2, social_pb2_grpc  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import environment, investment, plans, second_district, social, DISTRICT  # noqa: E402
from devplan_tools import scorecard_text  # noqa: E402

AS_OF = datetime.date(2024, 9, 30)


def key_slot(cluster, district):
    return cluster.run(0, "CLUSTER", "KEYSLOT", "{%s}" % district)


def main():
    suite = Suite(cluster=True, replicas=2)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_signal)
    try:
        suite.start()
        cluster = suite.cluster
        print("suite up on a Redis Cluster of %d nodes (%s), two replicas of each server"
              % (cluster.n, cluster.address()), flush=True)
        for d in (DISTRICT, second_district.CODE):
            slot = key_slot(cluster, d)
            print("  district %s: slot %d, master node %d" % (d, slot, cluster.master_of(slot)))
        print("loading SAMPLE data of both districts and the plans ...", flush=True)
        reporting = suite.reporting_channels(DISTRICT)
        investment.load(reporting["investment"])
        environment.load(reporting["environment"])
        social.load(reporting["social"])
        second_district.load(suite.reporting_channels(second_district.CODE), years=(2024,))
        plans.load(suite.channel("aggregator", "plan-admin"))
        stub = scorecard_pb2_grpc.ScorecardServiceStub(suite.channel("aggregator", "dashboard", balanced=True))

        def card(district):
            return stub.GetScorecard(scorecard_pb2.GetScorecardRequest(district=district, as_of=date(AS_OF)),
                                     timeout=10)
        before = card(DISTRICT)
        for d in (DISTRICT, second_district.CODE):
            print()
            print(scorecard_text.render(card(d)), flush=True)

        slot = key_slot(cluster, DISTRICT)
        master = cluster.master_of(slot)
        print("\n== kill -9 of Redis master node %d (port %d), which holds %s" %
              (master, cluster.ports[master], DISTRICT), flush=True)
        # A read of 410108's facts in Redis (the social service's monthly figures, never kept in
        # memory), as its department would send it, until the slot has a master again.
        writer = social_pb2_grpc.SocialServiceStub(suite.reporting_channel("social", DISTRICT))
        listing = social_pb2.ListMonthlyFiguresRequest(district=DISTRICT, year=AS_OF.year, page_size=1)
        figure = writer.ListMonthlyFigures(listing, timeout=10).figures[0]
        killed = time.time()
        cluster.kill(master)
        served, failures, last = False, 0, None
        while not served and time.time() - killed < 60:
            try:
                writer.ListMonthlyFigures(listing, timeout=10)
                served = True
            except grpc.RpcError as e:
                failures += 1
                last = e.code().name
                time.sleep(0.1)
        if not served:
            print("  %s's data not served within 60 s (last: %s)" % (DISTRICT, last))
            return 1
        print("  %s's data served again %.1f s after the kill (%d calls failed meanwhile; each "
              "waits up to 5 s for the failover); node %d is its master now" %
              (DISTRICT, time.time() - killed, failures, cluster.master_of(slot)), flush=True)
        after = card(DISTRICT)
        same = after.overall_score == before.overall_score and len(after.indicators) == len(before.indicators)
        print("  its scorecard: %s" % ("the same as before the kill" if same else "DIFFERENT"), flush=True)

        def report(value):
            try:
                writer.ReportMonthlyFigure(social_pb2.ReportMonthlyFigureRequest(
                    district=DISTRICT, indicator=figure.indicator, month=figure.month, value=value,
                    reported_by=figure.reported_by, note="scripts/cluster.sh: a revision"), timeout=10)
                return "OK"
            except grpc.RpcError as e:
                return "%s (%s)" % (e.code().name, e.details())
        print("  a write to %s now, while its new master has no replica: %s" %
              (DISTRICT, report(figure.value + 1)), flush=True)
        with open(os.path.join(suite.log_dir, "redis.log"), "ab") as log:
            start = time.time()
            cluster.restart(master, log)
            cluster.wait_healthy()
        print("  node %d restarted: back as a replica of node %d after %.1f s" %
              (master, cluster.master_of(slot), time.time() - start), flush=True)
        print("  the same write now: %s" % report(figure.value + 1), flush=True)

        victims = ["aggregator", "investment-2", "environment-2", "social-2"]
        print("\n== kill -9 of one replica of every service: %s" % ", ".join(victims), flush=True)
        districts = (DISTRICT, second_district.CODE)
        before = [card(d) for d in districts]
        killed = time.time()
        for name in victims:
            p = suite.procs.pop(name)
            p.kill()
            p.wait()
        # A date no one asked before: every card computed now, by a fan-out to the replicas left.
        fresh = [stub.GetScorecard(scorecard_pb2.GetScorecardRequest(
            district=d, as_of=date(AS_OF + datetime.timedelta(days=31))), timeout=10) for d in districts]
        took = time.time() - killed
        same = all(a.overall_score == b.overall_score for a, b in zip([card(d) for d in districts], before))
        complete = all(not c.failed_sources for c in fresh)
        print("  %.1f s after the kill: cards of a new date %s; the cards of %s %s" % (
            took, "complete" if complete else "PARTIAL", AS_OF, "the same" if same else "DIFFERENT"), flush=True)
        return 0 if complete and same else 1
    except KeyboardInterrupt:
        print("\ninterrupted; stopping the suite", file=sys.stderr)
        return 130
    finally:
        suite.stop()


if __name__ == "__main__":
    sys.exit(main())
