#!/usr/bin/env bash
# The suite on a Redis Cluster (issue #16): install what is missing, build, start a private
# 3-master/3-replica Redis Cluster on loopback and the four servers on it, load the SAMPLE data
# of both districts (their slots on different masters), print both scorecards, kill -9 the
# Redis master holding 410108 and show the suite answering after the failover (and how long it
# took), a write refused while the promoted master has no replica and accepted once the old
# master is back as its replica; then stop everything it started (also on Ctrl-C or an error).
# Two replicas of every server; last, kill -9 of one replica of each, the cards still complete.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
export DEVPLAN_BUILD_DIR="$(pwd)/${DEVPLAN_BUILD_DIR:-build}"
# Debian's /usr/bin/python3 sees python3-grpcio; another python3 on PATH may not.
exec /usr/bin/python3 scripts/cluster.py "$@"
