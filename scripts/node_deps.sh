#!/usr/bin/env bash
# Installs the Node.js check's packages (tests/node/package-lock.json: @grpc/grpc-js,
# @grpc/proto-loader and what they need, versions and hashes pinned) from the npm registry
# into <build dir>/node, outside the source tree. Does nothing when that directory already
# holds this lock file's packages. Install scripts are not run: none of them is needed.
#   scripts/node_deps.sh [build dir]     (default: $DEVPLAN_BUILD_DIR or build)
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-${DEVPLAN_BUILD_DIR:-build}}/node"
if ! command -v npm >/dev/null; then
  echo "node_deps: npm is missing (scripts/bootstrap.sh installs it)" >&2
  exit 1
fi
if [ -d "$dest/node_modules" ] && cmp -s tests/node/package-lock.json "$dest/package-lock.json"; then
  exit 0
fi
mkdir -p "$dest"
cp tests/node/package.json tests/node/package-lock.json "$dest/"
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
echo "node_deps: packages of tests/node/package-lock.json in $dest/node_modules"
