#!/usr/bin/env bash
# All tests: install what is missing, build once, run every test with ctest in parallel.
# Integration tests start their own redis-server on a Unix socket in a private directory and
# real gRPC servers on loopback ports the kernel picks, so they are safe to run side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
BUILD_DIR="${DEVPLAN_BUILD_DIR:-build}"
/usr/bin/python3 scripts/check_plan.py "$BUILD_DIR/python" deploy/plans/*.textproto
cd "$BUILD_DIR"
ctest -j "${DEVPLAN_TEST_JOBS:-$(nproc)}" --output-on-failure --timeout 300
