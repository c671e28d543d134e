#!/usr/bin/python3
"""The main job behind scripts/demo.sh: start the suite, load the plans and the SAMPLE data,
print the Huiji 2024 scorecard, its month-end history, the two SAMPLE districts ranked, and a
partial scorecard while one service is stopped; stop everything (also on Ctrl-C or an error).

--serve keeps the suite running on the default ports until interrupted."""
import argparse
import datetime
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.stubs import grpc, scorecard_pb2, scorecard_pb2_grpc, date  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import investment, environment, social, plans, DISTRICT  # noqa: E402
from devplan_tools.sample import second_district  # noqa: E402
from devplan_tools import scorecard_text  # noqa: E402


def show_partial_outage(suite, stub, district, as_of):
    """Stop the social service, ask for the livelihood area, start it again: the card still
    answers, names the missing source and keeps the last known figures, marked UNAVAILABLE."""
    suite.stop_service("social")
    day = as_of - datetime.timedelta(days=1)  # a date not cached yet, so the card is fetched
    card = stub.GetScorecard(scorecard_pb2.GetScorecardRequest(
        district=district, as_of=date(day), areas=[scorecard_pb2.AREA_LIVELIHOOD]), timeout=10)
    print("\n== 部分源不可用 Partial outage: social_server stopped, livelihood area as of %s\n" % day
          + scorecard_text.render(card), flush=True)
    suite.start_service("social")
    suite.wait_health("social", "SERVING")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--serve", action="store_true", help="keep serving on the default ports")
    ap.add_argument("--as-of", default="2024-09-30", help="scorecard date (default 2024-09-30)")
    ap.add_argument("--district", default=DISTRICT)
    args = ap.parse_args()
    as_of = datetime.date.fromisoformat(args.as_of)

    suite = Suite(default_ports=args.serve)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_signal)
    try:
        suite.start()
        print("suite up: redis %s, %s" % (suite.redis_addr, ", ".join(
            "%s %s" % (s, suite.addr(s)) for s in suite.ports)), flush=True)
        print("loading SAMPLE data (synthetic, deterministic) and plans ...", flush=True)
        investment.load(grpc.insecure_channel(suite.addr("investment")))
        environment.load(grpc.insecure_channel(suite.addr("environment")))
        social.load(grpc.insecure_channel(suite.addr("social")))
        second_district.load({s: grpc.insecure_channel(suite.addr(s))
                              for s in ("investment", "environment", "social")})
        plans.load(grpc.insecure_channel(suite.addr("aggregator")))
        stub = scorecard_pb2_grpc.ScorecardServiceStub(grpc.insecure_channel(suite.addr("aggregator")))
        card = stub.GetScorecard(scorecard_pb2.GetScorecardRequest(district=args.district,
                                                                  as_of=date(as_of)), timeout=10)
        print()
        print(scorecard_text.render(card), flush=True)
        history = stub.GetIndicatorHistory(scorecard_pb2.GetIndicatorHistoryRequest(
            district=args.district, indicator="eco.air_good_days", year=as_of.year,
            to_month=as_of.month), timeout=30)
        print("\n== 月末走势 Month-end history\n" + scorecard_text.render_history(history))
        comparison = stub.CompareDistricts(scorecard_pb2.CompareDistrictsRequest(
            as_of=date(as_of)), timeout=30)
        print("\n== 各区对比 Districts compared (410102 is a synthetic SAMPLE plan)\n"
              + scorecard_text.render_comparison(comparison), flush=True)
        show_partial_outage(suite, stub, args.district, as_of)
        if args.serve:
            print("\nREADY: devplan suite serving on the default ports (Ctrl-C to stop)", flush=True)
            signal.pause()
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted; stopping the suite", file=sys.stderr)
        return 130
    finally:
        suite.stop()


if __name__ == "__main__":
    sys.exit(main())
