#!/usr/bin/env bash
# Writes the sample report shown in docs/devplanctl.md: starts a private suite with the
# Huiji 2024 plan and SAMPLE data, runs `devplanctl report` (HTML, as of 30 September 2024)
# into docs/report-410108-2024-09-30.html, and renders it with headless chromium into
# docs/report-410108.png. Stops everything it started.
#   scripts/report_screenshot.sh [--as-of 2024-09-30] [--district 410108]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
export DEVPLAN_BUILD_DIR="$(pwd)/${DEVPLAN_BUILD_DIR:-build}"
cd scripts
exec /usr/bin/python3 -m devplan_tools.report_job --out-dir ../docs \
  --screenshot ../docs/report-410108.png "$@"
