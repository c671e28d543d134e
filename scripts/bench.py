#!/usr/bin/python3
"""Starts the suite on free ports, loads the SAMPLE data and the plans, runs scorecard_bench
against it (its flags pass through, e.g. --threads 8 --seconds 10), stops everything. The
suite runs over TLS as deployed; the bench reads as dashboard and writes as the department
that reports new urban jobs."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.stubs import BUILD_DIR  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import investment, environment, social, plans, DISTRICT  # noqa: E402


def main():
    suite = Suite()
    try:
        suite.start()
        quiet = lambda *a, **k: None  # noqa: E731
        reporting = suite.reporting_channels(DISTRICT)
        investment.load(reporting["investment"], log=quiet)
        environment.load(reporting["environment"], log=quiet)
        social.load(reporting["social"], log=quiet)
        plans.load(suite.channel("aggregator", "plan-admin"), log=quiet)
        bench = os.path.join(BUILD_DIR, "tests", "aggregator", "bench", "scorecard_bench")
        writer_cert, writer_key = suite.cert_files("hr-social-security-" + DISTRICT)
        return subprocess.call([bench, "--aggregator-addr", suite.addr("aggregator"),
                                "--social-addr", suite.addr("social"),
                                "--writer-cert", writer_cert, "--writer-key", writer_key] + sys.argv[1:],
                               env=suite.env("dashboard"))
    finally:
        suite.stop()


if __name__ == "__main__":
    sys.exit(main())
