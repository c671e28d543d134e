#!/usr/bin/python3
"""Starts the suite on free ports, loads the SAMPLE data and the plans, runs scorecard_bench
against it (its flags pass through, e.g. --threads 8 --seconds 10), stops everything."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.stubs import BUILD_DIR, grpc  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import investment, environment, social, plans  # noqa: E402


def main():
    suite = Suite()
    try:
        suite.start()
        quiet = lambda *a, **k: None  # noqa: E731
        investment.load(grpc.insecure_channel(suite.addr("investment")), log=quiet)
        environment.load(grpc.insecure_channel(suite.addr("environment")), log=quiet)
        social.load(grpc.insecure_channel(suite.addr("social")), log=quiet)
        plans.load(grpc.insecure_channel(suite.addr("aggregator")), log=quiet)
        bench = os.path.join(BUILD_DIR, "tests", "aggregator", "bench", "scorecard_bench")
        return subprocess.call([bench, "--aggregator-addr", suite.addr("aggregator"),
                                "--social-addr", suite.addr("social")] + sys.argv[1:])
    finally:
        suite.stop()


if __name__ == "__main__":
    sys.exit(main())
