#!/usr/bin/python3
"""Starts the suite on free ports, loads the SAMPLE data and the plans, runs scorecard_bench
against it (its flags pass through, e.g. --threads 8 --seconds 10), stops everything. The
suite runs over TLS as deployed; the bench reads as dashboard with a bearer token and writes as
the department that reports new urban jobs. A second suite, started --insecure and loaded the
same way, is what the TLS figures are compared with and where the ratios to the floor server
are measured (scorecard_bench --plain-*-addr); --no-plain skips it."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.stubs import BUILD_DIR  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import investment, environment, social, plans, DISTRICT  # noqa: E402


def load(suite):
    quiet = lambda *a, **k: None  # noqa: E731
    reporting = suite.reporting_channels(DISTRICT)
    investment.load(reporting["investment"], log=quiet)
    environment.load(reporting["environment"], log=quiet)
    social.load(reporting["social"], log=quiet)
    plans.load(suite.channel("aggregator", "plan-admin"), log=quiet)


def main():
    args = sys.argv[1:]
    with_plain = "--no-plain" not in args
    args = [a for a in args if a != "--no-plain"]
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
        if plain:
            cmd += ["--plain-aggregator-addr", plain.addr("aggregator")]
            for service in ("investment", "environment", "social"):
                cmd += ["--plain-%s-addr" % service, plain.addr(service)]
        return subprocess.call(cmd + args, env=suite.env())
    finally:
        for s in (plain, suite):
            if s:
                s.stop()


if __name__ == "__main__":
    sys.exit(main())
