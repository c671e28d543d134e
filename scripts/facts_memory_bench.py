#!/usr/bin/python3
"""Starts the suite on free ports, loads the SAMPLE data, runs facts_memory_bench against the
three domain services (its flags pass through, e.g. --as-of 2024-06-30), stops everything. The
bench reads as dashboard with a bearer token over TLS, as deployed (with --insecure: a suite
started --insecure), is given the servers' process ids to print their resident memory, and
the suite's Redis (its environment) to size the facts."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench import load  # noqa: E402
from devplan_tools.stubs import BUILD_DIR  # noqa: E402
from devplan_tools.suite import DOMAIN_SERVICES, Suite  # noqa: E402


def main():
    args = sys.argv[1:]
    suite = Suite(insecure="--insecure" in args)
    try:
        suite.start()
        load(suite)
        bench = os.path.join(BUILD_DIR, "tests", "common", "bench", "facts_memory_bench")
        cmd = [bench]
        if not suite.insecure:
            token_file = os.path.join(suite.tmp, "dashboard.token")
            with open(token_file, "w", encoding="ascii") as f:
                f.write(suite.token("dashboard"))
            cmd += ["--token-file", token_file]
        for s in DOMAIN_SERVICES:
            cmd += ["--%s-addr" % s, suite.addr(s), "--pid", "%s=%d" % (s, suite.procs[s].pid)]
        return subprocess.call(cmd + args, env=suite.env())
    finally:
        suite.stop()


if __name__ == "__main__":
    sys.exit(main())
