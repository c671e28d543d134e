#!/usr/bin/env bash
# Speed figures of the suite on this machine, printed (never asserted): a streamed year of
# hourly air readings (env_stream_bench, its own private Redis), what one SAMPLE district's
# facts cost each domain service's memory (facts_memory_bench, a suite of its own), then the
# ScorecardService against a suite loaded with the SAMPLE data (cold and cached GetScorecard,
# GetMetrics, watch push latency, a 43k-row import under a watch), and last CompareDistricts
# over 1, 100 and 1,000 SAMPLE districts (many_districts_bench: about 3 minutes and 5 GB of
# Redis memory; DEVPLAN_BENCH_DISTRICTS=1,100 for less). Between them, Redis Cluster of 1, 2
# and 3 masters against one Redis (cluster_bench.py: import and GetScorecard throughput as
# ratios; about 2 minutes, --cluster-long for longer runs, --no-cluster to skip). Other
# arguments go to bench.py.
# Installs what is missing and builds first, like the README's other commands.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
BUILD_DIR="${DEVPLAN_BUILD_DIR:-build}"
cluster=()
args=()
for a in "$@"; do
  case $a in
    --cluster-long) cluster=(--long) ;;
    --no-cluster) cluster=(no) ;;
    *) args+=("$a") ;;
  esac
done
echo "== environment: streaming a year of hourly readings"
"$BUILD_DIR/tests/environment/bench/env_stream_bench"
echo "== domain services: one SAMPLE district's facts in memory"
/usr/bin/python3 scripts/facts_memory_bench.py
echo "== aggregator: scorecards against the SAMPLE suite"
/usr/bin/python3 scripts/bench.py ${args[@]+"${args[@]}"}
if [ "${cluster[*]}" != no ]; then
  echo "== Redis Cluster: 1, 2 and 3 masters against one Redis"
  /usr/bin/python3 scripts/cluster_bench.py ${cluster[@]+"${cluster[@]}"}
fi
echo "== aggregator: ranking many districts"
exec /usr/bin/python3 scripts/many_districts_bench.py --counts "${DEVPLAN_BENCH_DISTRICTS:-1,100,1000}"
