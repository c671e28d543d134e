#!/usr/bin/env bash
# Speed figures of the suite on this machine, printed (never asserted): a streamed year of
# hourly air readings (env_stream_bench, its own private Redis), GetMetrics of each domain
# service against a suite loaded with the SAMPLE data (metrics_bench), then the
# ScorecardService against another (cold and cached GetScorecard, watch push latency).
# Installs what is missing and builds first, like the README's other commands.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
BUILD_DIR="${DEVPLAN_BUILD_DIR:-build}"
echo "== environment: streaming a year of hourly readings"
"$BUILD_DIR/tests/environment/bench/env_stream_bench"
echo "== domain services: GetMetrics against the SAMPLE suite"
/usr/bin/python3 scripts/metrics_bench.py
echo "== aggregator: scorecards against the SAMPLE suite"
exec /usr/bin/python3 scripts/bench.py "$@"
