#!/usr/bin/env bash
# Refreshes docs/dashboard.png, the big screen at 1920 × 1080 shown in README: runs the browser
# test (tests/python/dashboard_browser_test.py: a private suite with the SAMPLE data, the
# gateway, headless chromium), which copies its screenshot there when DEVPLAN_DASHBOARD_PNG is
# set. A plain test run leaves the tree as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
export DEVPLAN_BUILD_DIR="$(pwd)/${DEVPLAN_BUILD_DIR:-build}"
DEVPLAN_DASHBOARD_PNG="$(pwd)/docs/dashboard.png" exec /usr/bin/python3 tests/python/dashboard_browser_test.py
