#!/usr/bin/python3
"""The main job behind scripts/demo.sh: start the suite, load the plans and the SAMPLE data,
print the Huiji 2024 scorecard, its month-end history, the SAMPLE districts ranked, and a
partial scorecard while one service is stopped; stop everything (also on Ctrl-C or an error).

--district and --year choose another plan (410102 has a 2025 SAMPLE plan and data); the card,
the history and the ranking are of that year, as of --as-of (by default 30 September for
2024, 30 November for a later year). --serve keeps the suite running on the default ports
until interrupted, with the HTTP/JSON gateway on 127.0.0.1:8080, and prints how to call it and
the big screen's URL (a dashboard token in its #fragment).

The suite runs over TLS with the access policy, as deployed (issue #13). Its development
credentials — a CA, the server certificate, a client certificate for every identity of
deploy/auth/policy.textproto and the token-signing key — are made by scripts/dev-certs.sh
into DEVPLAN_BUILD_DIR/dev-certs (build/dev-certs) the first time and kept: a second run, and
the devplanctl or grpcurl commands printed with --serve, use the same ones. The SAMPLE data is
loaded department by department, each write as that department's identity; the plans as
plan-admin; the cards are read as dashboard."""
import argparse
import datetime
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.stubs import BUILD_DIR, ROOT, scorecard_pb2, scorecard_pb2_grpc, date  # noqa: E402
from devplan_tools.suite import DEFAULT_GATEWAY_PORT, Suite  # noqa: E402
from devplan_tools.sample import investment, environment, social, plans, DISTRICT, YEAR  # noqa: E402
from devplan_tools.sample import second_district  # noqa: E402
from devplan_tools import scorecard_text  # noqa: E402

# Kept across runs, with the build they serve; never in the repository.
DEV_CERTS = os.path.join(BUILD_DIR, "dev-certs")


def shown(path):
    """`path` relative to the repository when inside it (the commands are run from there)."""
    rel = os.path.relpath(path, ROOT)
    return path if rel.startswith("..") else rel


def dashboard_url(suite, gateway, district, as_of):
    """The big screen's address with a 12-hour dashboard token in its fragment."""
    token = suite.token("dashboard", "--ttl", str(12 * 3600))
    return "%s/?district=%s&as_of=%s#token=%s" % (gateway, district, as_of, token)


def print_how_to_call(suite, district, as_of, gateway):
    """The commands that reach the suite as one identity or another, and the big screen."""
    certs = shown(suite.certs)
    ctl = shown(os.path.join(BUILD_DIR, "services", "devplanctl", "devplanctl"))

    def ident(name):
        return "--cert %s/%s.pem --key %s/%s.key" % (certs, name, certs, name)
    print("""
== 调用方式 Calling the suite: TLS on every port, an identity on every call
   (development credentials in %(certs)s, made by scripts/dev-certs.sh; the policy is
   deploy/auth/policy.textproto, its departments labelled SAMPLE as this suite's data is)

  export DEVPLAN_TLS_CA=%(certs)s/ca.pem
  # a scheduled job reads (identity scorecard-job)
  %(ctl)s %(job)s scorecard --district %(d)s --as-of %(as_of)s
  # a department writes as itself: reported_by is filled in from its identity
  %(ctl)s %(ndrc)s import projects 重点项目.csv --district %(d)s
  # the auditor reads who wrote what
  %(ctl)s %(auditor)s audit --district %(d)s --limit 20
  # a bearer token instead of a certificate
  scripts/dev-token.py --key %(certs)s/token.key --sub dashboard > /tmp/dashboard.jwt
  %(ctl)s --token-file /tmp/dashboard.jwt plan list
  # grpcurl, if you have it (not a Debian 12 package; server reflection is off: give it the protos)
  grpcurl -cacert %(certs)s/ca.pem %(dash)s -import-path protos \\
    -proto devplan/v1/scorecard.proto \\
    -d '{"district": "%(d)s", "as_of": {"year": %(y)d, "month": %(m)d, "day": %(day)d}}' \\
    %(agg)s devplan.v1.ScorecardService/GetScorecard
  # health needs no identity: on the TLS port, or plaintext on the health port
  grpcurl -plaintext %(health)s grpc.health.v1.Health/Check
  # Prometheus metrics, plaintext: aggregator %(metrics)s, investment, environment, social the next ports
  curl -s http://%(metrics)s/metrics | grep '^devplan_rpc_requests_total'

== HTTP/JSON: the gateway (services/gateway) on %(gw)s passes your bearer token on
  curl -H "Authorization: Bearer $(cat /tmp/dashboard.jwt)" \\
    '%(gw)s/v1/districts/%(d)s/scorecard?as_of=%(as_of)s&areas=ECOLOGY'
  # live: one `event: scorecard` per change (try an import above while it runs)
  curl -N -H "Authorization: Bearer $(cat /tmp/dashboard.jwt)" \\
    '%(gw)s/v1/districts/%(d)s/scorecard:watch?as_of=%(as_of)s'

== 大屏 Big screen: open in a browser on this machine (the token, dashboard's for 12 h, is in
   the #fragment: the browser never sends it to the gateway; the page moves it to the tab's
   sessionStorage and off the address bar). It follows every write live — try an import above.
  %(screen)s
""" % {"certs": certs, "ctl": ctl, "d": district, "as_of": as_of, "job": ident("scorecard-job"),
       "ndrc": ident("dev-reform-%s" % district), "auditor": ident("auditor"),
       "dash": ident("dashboard").replace("--cert ", "-cert ").replace("--key ", "-key "),
       "agg": suite.addr("aggregator"), "health": suite.health_addr("aggregator"),
       "metrics": suite.metrics_addr("aggregator"),
       "y": as_of.year, "m": as_of.month, "day": as_of.day, "gw": gateway,
       "screen": dashboard_url(suite, gateway, district, as_of)}, flush=True)


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


def default_as_of(year):
    """Huiji's 2024 card as the demo always showed it; a later year's (SAMPLE data of the whole
    year) late in the year, when most figures have a time line to be judged against."""
    return datetime.date(year, 9, 30) if year == YEAR else datetime.date(year, 11, 30)


def parse_args():
    """(args, as_of); exits with a usage error when no plan file is for the district and year."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--serve", action="store_true", help="keep serving on the default ports")
    ap.add_argument("--as-of", help="scorecard date (default: see above)")
    ap.add_argument("--district", default=DISTRICT)
    ap.add_argument("--year", type=int, help="plan year (default: that of --as-of, else %d)" % YEAR)
    args = ap.parse_args()
    try:
        as_of = datetime.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        ap.error("--as-of %s is not a date YYYY-MM-DD" % args.as_of)
    year = args.year or (as_of.year if as_of else YEAR)
    as_of = as_of or default_as_of(year)
    if as_of.year != year:
        ap.error("--as-of %s is not in --year %d" % (as_of, year))
    plan_file = "%s-%d.textproto" % (args.district, year)
    known = sorted(os.path.basename(p) for p in plans.plan_files())
    if plan_file not in known:
        ap.error("no plan deploy/plans/%s; the plans are %s" % (plan_file, ", ".join(known)))
    return args, as_of


def main():
    args, as_of = parse_args()

    suite = Suite(default_ports=args.serve, certs_dir=DEV_CERTS)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_signal)
    try:
        # Every identity of the policy, so that any of them can be used from the command line.
        suite.make_credentials(suite.identities())
        suite.start()
        print("suite up (TLS, credentials in %s): redis %s, %s" % (shown(suite.certs), suite.redis_addr, ", ".join(
            "%s %s" % (s, suite.addr(s)) for s in suite.ports)), flush=True)
        print("loading SAMPLE data (synthetic, deterministic), each department as its own identity, "
              "and plans ...", flush=True)
        reporting = suite.reporting_channels(DISTRICT)
        investment.load(reporting["investment"])
        environment.load(reporting["environment"])
        social.load(reporting["social"])
        second_district.load(suite.reporting_channels(second_district.CODE))
        plans.load(suite.channel("aggregator", "plan-admin"))
        stub = scorecard_pb2_grpc.ScorecardServiceStub(suite.channel("aggregator", "dashboard"))
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
            gateway = suite.start_gateway(port=DEFAULT_GATEWAY_PORT)
            print_how_to_call(suite, args.district, as_of, gateway)
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
