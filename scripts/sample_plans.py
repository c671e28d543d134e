#!/usr/bin/python3
"""Writes or checks the SAMPLE plans derived from another year's (deploy/plans/410102-2025…).

  scripts/sample_plans.py --check   exit 1 if a committed file differs from its generator
  scripts/sample_plans.py --write   rewrite the derived files

Needs the Python stubs of a build (build/, or $DEVPLAN_BUILD_DIR); the rules are in
scripts/devplan_tools/sample/plan_years.py."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.sample import plan_years  # noqa: E402

if __name__ == "__main__":
    sys.exit(plan_years.main(sys.argv))
